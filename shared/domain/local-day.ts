/**
 * Tenant-local calendar days. All of China is Asia/Shanghai, but a tenant's day is always computed
 * in its own IANA time zone, never the server's.
 */
import * as z from 'zod';

/** A calendar day, YYYY-MM-DD, that exists (no 2026-02-30): the one schema for every date input. */
export const CalendarDate = z.iso.date('a calendar date, YYYY-MM-DD');

/**
 * Making an Intl.DateTimeFormat costs far more than using one (tens of µs against ~1 µs), and these
 * run per request and per inspection in jobs: one formatter per kind and time zone, kept.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'date' | 'time', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind} ${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f =
      kind === 'date'
        ? // en-CA formats as YYYY-MM-DD.
          new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
        : new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    if (formatters.size >= 500) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

/** The tenant-local date (YYYY-MM-DD) of an instant. */
export function localDate(at: Date, timeZone: string): string {
  return formatter('date', timeZone).format(at);
}

/** Minutes since local midnight of an instant in a time zone. */
export function localMinutes(at: Date, timeZone: string): number {
  const parts = formatter('time', timeZone).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/** The date `days` after a YYYY-MM-DD date (negative for before). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday of a YYYY-MM-DD date: 1 = Monday … 7 = Sunday. */
export function weekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * The instant at which a tenant-local date reaches `minutes` after midnight (e.g. 8 × 60 for 08:00).
 * Starts from the UTC reading and corrects by the zone's offset; a second pass settles DST days.
 */
export function localInstant(date: string, minutes: number, timeZone: string): Date {
  const wanted = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  let at = wanted;
  for (let pass = 0; pass < 2; pass++) {
    const d = new Date(at);
    const seen = Date.parse(`${localDate(d, timeZone)}T00:00:00Z`) + localMinutes(d, timeZone) * 60_000;
    at += wanted - seen;
  }
  return new Date(at);
}
