/**
 * Follow-up of one episode (WHO contact follow-up words): which due windows were missed, how many in a
 * row at the end (lost to follow-up at the rules' N), whether every day of the period was followed,
 * today's due and done, and the changes to a period (extend, end early, transfer, restart on
 * re-exposure). Pure.
 */
import { addDays, localDate } from '../local-day';
import type { MonitoringRules } from './rules';
import { closedDueWindows, dueWindowsOn, type EpisodePeriod } from './windows';

export interface FollowUp {
  /** Due windows that have closed. */
  closed: number;
  /** …of which a reading was taken in the window. */
  done: number;
  /** Keys of closed due windows without a reading, oldest first. */
  missed: string[];
  /** Missed windows at the end, with no reading since. */
  missedInRow: number;
  lost: boolean;
  /** No due window missed so far (over the whole period once it is over). */
  followedAllDays: boolean;
  /** The period is over: ended early, transferred, or past its last day. */
  over: boolean;
  today: { due: number; closed: number; done: number; missed: number };
}

export function followUp(period: EpisodePeriod, done: ReadonlySet<string>, rules: Pick<MonitoringRules, 'windows' | 'lostAfterMissed'>, timeZone: string, now: Date): FollowUp {
  const closed = closedDueWindows(period, rules, timeZone, now);
  const missed = closed.filter((w) => !done.has(w.key)).map((w) => w.key);
  let missedInRow = 0;
  for (let i = closed.length - 1; i >= 0 && !done.has(closed[i]!.key); i--) missedInRow++;
  const todayDate = localDate(now, timeZone);
  const todayDue = dueWindowsOn(period, rules, timeZone, todayDate);
  const todayClosed = todayDue.filter((w) => w.closesAt.getTime() <= now.getTime());
  const over = Boolean(period.endedAt && Date.parse(period.endedAt) <= now.getTime()) || period.lastDay < todayDate;
  return {
    closed: closed.length,
    done: closed.length - missed.length,
    missed,
    missedInRow,
    lost: missedInRow >= rules.lostAfterMissed,
    followedAllDays: missed.length === 0,
    over,
    today: { due: todayDue.length, closed: todayClosed.length, done: todayDue.filter((w) => done.has(w.key)).length, missed: todayClosed.filter((w) => !done.has(w.key)).length },
  };
}

/** The last day of a period of `days` days starting on the tenant-local day of `at`. */
export const lastDayFrom = (at: Date, days: number, timeZone: string) => addDays(localDate(at, timeZone), days - 1);

/** Restart on re-exposure: the period counts again, `days` days from the re-exposure's day; windows already due stay due. */
export function restartPeriod(period: EpisodePeriod, exposedAt: Date, days: number, timeZone: string): EpisodePeriod {
  if (period.endedAt) throw new Error('an ended episode is not restarted; start a new one');
  return { ...period, lastDay: lastDayFrom(exposedAt, days, timeZone) };
}

/** Extend by `days` days (the new last day is later). */
export function extendPeriod(period: EpisodePeriod, days: number): EpisodePeriod {
  return { ...period, lastDay: addDays(period.lastDay, days) };
}

/** Is the temperature a fever under the rules? (at or above the threshold; both have one decimal) */
export const isFever = (temperature: number, rules: Pick<MonitoringRules, 'feverThreshold'>) => Math.round(temperature * 10) >= Math.round(rules.feverThreshold * 10);

/** An open alert escalates once it has been unresolved for the rules' hours. */
export function escalationDue(alert: { raisedAt: string; status: string }, rules: Pick<MonitoringRules, 'escalateAfterHours'>, now: Date): boolean {
  return alert.status !== 'resolved' && now.getTime() - Date.parse(alert.raisedAt) >= rules.escalateAfterHours * 3_600_000;
}
