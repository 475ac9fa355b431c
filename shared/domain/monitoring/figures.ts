/**
 * Follow-up figures (WHO contact-follow-up style) from the episodes running in a range of days: per
 * episode what it adds to a grid's figures today, and a day's due / done / missed for the 14-day
 * trend. Rolled up the grid tree by the registry's `rollUp`. Pure.
 */
import { addDays, localDate } from '../local-day';
import type { Counts } from '../residents/counts';
import { followUp } from './follow-up';
import type { MonitoringRules } from './rules';
import { dueWindowsOn, type EpisodePeriod } from './windows';

export type FigureEpisode = EpisodePeriod & { done: ReadonlySet<string> };

/** Is the episode's period running on a tenant-local day? */
export function runsOn(e: EpisodePeriod, timeZone: string, date: string): boolean {
  const last = e.endedAt ? localDate(new Date(e.endedAt), timeZone) : e.lastDay;
  return localDate(new Date(e.startedAt), timeZone) <= date && date <= [last, e.lastDay].sort()[0]!;
}

/** What one episode adds to its grid's figures at `now`. */
export function todayCounts(e: FigureEpisode, rules: Pick<MonitoringRules, 'windows' | 'lostAfterMissed'>, timeZone: string, now: Date): Counts {
  const today = localDate(now, timeZone);
  const f = followUp(e, e.done, rules, timeZone, now);
  const counts: Counts = {};
  if (runsOn(e, timeZone, today) && !(e.endedAt && Date.parse(e.endedAt) <= now.getTime())) {
    counts.underMonitoring = 1;
    // Due: every window due today; done: those with a reading; missed: closed without one.
    counts.due = f.today.due;
    counts.done = f.today.done;
    counts.missed = f.today.missed;
    if (f.today.missed === 0) counts.followedToday = 1;
    if (f.lost) counts.lost = 1;
  }
  if (f.over) {
    counts.finished = 1;
    if (f.followedAllDays) counts.followedAllDays = 1;
  }
  return counts;
}

export interface TrendDay {
  date: string;
  underMonitoring: number;
  due: number;
  done: number;
  missed: number;
}

/** Due (closed by `now`), done and missed windows per day, the last `days` days up to today. */
export function trend(episodes: Iterable<FigureEpisode>, rules: Pick<MonitoringRules, 'windows'>, timeZone: string, now: Date, days = 14): TrendDay[] {
  const today = localDate(now, timeZone);
  const out = Array.from({ length: days }, (_, i): TrendDay => ({ date: addDays(today, i - days + 1), underMonitoring: 0, due: 0, done: 0, missed: 0 }));
  for (const e of episodes) {
    for (const day of out) {
      const due = dueWindowsOn(e, rules, timeZone, day.date);
      if (!due.length && !runsOn(e, timeZone, day.date)) continue;
      day.underMonitoring++;
      for (const w of due) {
        if (w.closesAt.getTime() > now.getTime()) continue;
        day.due++;
        if (e.done.has(w.key)) day.done++;
        else day.missed++;
      }
    }
  }
  return out;
}

/** Percentages of a grid's (or the tenant's) counts, one decimal; undefined without a denominator. */
export function followUpRates(c: Counts) {
  const pct = (n: number | undefined, d: number | undefined) => (d ? Math.round(((n ?? 0) / d) * 1000) / 10 : undefined);
  return { followedToday: pct(c.followedToday, c.underMonitoring), followedAllDays: pct(c.followedAllDays, c.finished), lost: pct(c.lost, c.underMonitoring) };
}
