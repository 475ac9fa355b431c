/**
 * The home-monitoring section of a day's report (日报): per grid, what the episodes running that day
 * and the alerts open at its end add up to, as the day stood when it ended — under monitoring, windows
 * due / done / missed, people with a fever reading, open alerts, followed today, followed for all days
 * (of the periods that ended that day) and lost to follow-up. Plain inputs the close job reads from
 * monitoring (episodes whose last day is the date or later, open alerts); rolled up by the caller with
 * the registry's `rollUp`. Pure, no clock.
 */
import { followUpRates } from '../domain/monitoring/figures';
import { followUp } from '../domain/monitoring/follow-up';
import type { MonitoringRules } from '../domain/monitoring/rules';
import { dueWindowsOn, type EpisodePeriod, zonedInstant } from '../domain/monitoring/windows';
import { addDays, localDate } from '../domain/local-day';
import { addCounts, type Counts } from '../domain/residents/counts';

export type DayEpisode = EpisodePeriod & { gridId: string; done: ReadonlySet<string>; feverDays: ReadonlySet<string> };
export interface DayAlert {
  gridId: string;
  raisedAt: string;
}

/** The counts a report stores, in display order. */
export const MONITORING_DAY_FIGURES = ['underMonitoring', 'due', 'done', 'missed', 'fevers', 'openAlerts', 'followedToday', 'finished', 'followedAllDays', 'lost'] as const;

/** The last instant of a tenant-local day: every window of it has closed. */
export const endOfDay = (date: string, timeZone: string) => new Date(zonedInstant(addDays(date, 1), '00:00', timeZone).getTime() - 1);

/** What one episode adds to its grid's figures of `date`. */
export function dayCounts(e: DayEpisode, rules: Pick<MonitoringRules, 'windows' | 'lostAfterMissed'>, timeZone: string, date: string): Counts {
  const end = endOfDay(date, timeZone);
  if (localDate(new Date(e.startedAt), timeZone) > date || e.lastDay < date) return {};
  if (e.endedAt && localDate(new Date(e.endedAt), timeZone) < date) return {};
  const due = dueWindowsOn(e, rules, timeZone, date);
  const done = due.filter((w) => e.done.has(w.key)).length;
  const f = followUp(e, e.done, rules, timeZone, end);
  const counts: Counts = { underMonitoring: 1, due: due.length, done, missed: due.length - done };
  if (due.length === done) counts.followedToday = 1;
  if (e.feverDays.has(date)) counts.fevers = 1;
  if (f.lost) counts.lost = 1;
  // The period ended that day (early, transferred, or its last day): was every due window followed?
  if (e.lastDay === date || (e.endedAt && localDate(new Date(e.endedAt), timeZone) === date)) {
    counts.finished = 1;
    if (f.followedAllDays) counts.followedAllDays = 1;
  }
  return counts;
}

/** Own counts per grid id: the episodes running that day and the alerts raised by its end and still open. */
export function monitoringDay(input: { date: string; timeZone: string; rules: Pick<MonitoringRules, 'windows' | 'lostAfterMissed'>; episodes: Iterable<DayEpisode>; openAlerts: Iterable<DayAlert> }): Map<string, Counts> {
  const own = new Map<string, Counts>();
  const add = (gridId: string, c: Counts) => own.set(gridId, addCounts(own.get(gridId) ?? {}, c));
  for (const e of input.episodes) {
    const c = dayCounts(e, input.rules, input.timeZone, input.date);
    if (Object.keys(c).length) add(e.gridId, c);
  }
  const end = endOfDay(input.date, input.timeZone).toISOString();
  for (const a of input.openAlerts) if (a.raisedAt <= end) add(a.gridId, { openAlerts: 1 });
  return own;
}

/** The section as a report shows it: every count (0 when none) and the three rates. */
export function monitoringSection(c: Counts | undefined) {
  const counts = Object.fromEntries(MONITORING_DAY_FIGURES.map((k) => [k, c?.[k] ?? 0])) as Record<(typeof MONITORING_DAY_FIGURES)[number], number>;
  return { ...counts, rates: followUpRates(counts) };
}
