/**
 * Times typed in a tenant's time zone, whatever the device's: the value of a datetime-local input
 * ('YYYY-MM-DDTHH:mm') read and written as the tenant's wall clock. A supervisor on a laptop set to
 * another zone still asks "who was here 08:00–10:00" in the district's hours. Pure.
 */
import { localDate, localInstant, localMinutes } from './local-day';

const two = (n: number) => String(n).padStart(2, '0');

/** The datetime-local value of an instant on the tenant's clock. */
export function localInputValue(at: Date, timeZone: string): string {
  const minutes = localMinutes(at, timeZone);
  return `${localDate(at, timeZone)}T${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
}

/** The instant a datetime-local value names on the tenant's clock; undefined for anything else (an empty field). */
export function instantOfLocalInput(value: string, timeZone: string): Date | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return undefined;
  return new Date(localInstant(m[1]!, Number(m[2]) * 60 + Number(m[3]), timeZone).getTime() + Number(m[4] ?? 0) * 1000);
}

/** How the zone is named on screen: its IANA name and offset at that instant ('Asia/Shanghai, GMT+8'). */
export function zoneLabel(timeZone: string, at: Date): string {
  const offset = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
  return offset ? `${timeZone}, ${offset}` : timeZone;
}
