/**
 * When a tenant's missed-reading sweep is due (the dispatcher's question, from the tenant's
 * monitoring schedule item alone): someone is monitored until yesterday or later, and a window of
 * yesterday or today has closed since the last sweep. Pure.
 */
import { addDays, localDate } from '../local-day';
import { zonedInstant } from './windows';

export function sweepDue(state: Record<string, unknown> | undefined, timeZone: string, now: Date): boolean {
  if (!state || typeof state.activeUntil !== 'string' || !Array.isArray(state.windows)) return false;
  const today = localDate(now, timeZone);
  const yesterday = addDays(today, -1);
  if (state.activeUntil < yesterday) return false;
  const swept = typeof state.sweptThrough === 'string' ? state.sweptThrough : '';
  const nowIso = now.toISOString();
  return [yesterday, today].some((d) =>
    (state.windows as { end: string }[]).some((w) => {
      const closes = zonedInstant(d, w.end, timeZone).toISOString();
      return closes <= nowIso && closes > swept;
    }),
  );
}
