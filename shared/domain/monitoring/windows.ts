/**
 * Reading windows in tenant-local time: when a window opens and closes as instants, which windows of
 * a day are due for an episode, which window a reading was taken in (by when it was taken, not when it
 * reached the server: a late sync still counts for its window), and whether a reading is inside the
 * episode's period. Pure; no clock (callers pass `now`).
 */
import { addDays, localDate, localMinutes } from '../local-day';
import type { MonitoringRules, ReadingWindow } from './rules';

/** What the window rules need of an episode. `lastDay` is the tenant-local last day of the period (inclusive). */
export interface EpisodePeriod {
  startedAt: string;
  lastDay: string;
  /** Set when the episode was ended early or transferred: nothing is due after it. */
  endedAt?: string;
  /** The type's windows, by id, as they were when the episode started. */
  windows: string[];
}

/** A window on a tenant-local day: `2026-03-02#am`. The key of readings done and missed. */
export const windowKey = (date: string, windowId: string) => `${date}#${windowId}`;
export const parseWindowKey = (key: string) => ({ date: key.slice(0, 10), windowId: key.slice(11) });

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The instant of a tenant-local wall time (e.g. 2026-03-02 10:00 in Asia/Shanghai → 02:00Z). */
export function zonedInstant(date: string, hhmm: string, timeZone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutesOf(hhmm) * 60_000;
  // The offset at the guess, twice: once is enough except next to a DST change.
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const at = new Date(guess);
    const localWall = Date.parse(`${localDate(at, timeZone)}T00:00:00Z`) + localMinutes(at, timeZone) * 60_000;
    guess = wall - (localWall - Math.floor(guess / 60_000) * 60_000);
  }
  return new Date(guess);
}

export interface WindowInstance {
  date: string;
  window: ReadingWindow;
  key: string;
  opensAt: Date;
  closesAt: Date;
}

export function windowInstance(date: string, window: ReadingWindow, timeZone: string): WindowInstance {
  return { date, window, key: windowKey(date, window.id), opensAt: zonedInstant(date, window.start, timeZone), closesAt: zonedInstant(date, window.end, timeZone) };
}

/** The windows (of the rules) that are due for an episode on a tenant-local day, in time order. */
export function dueWindowsOn(period: EpisodePeriod, rules: Pick<MonitoringRules, 'windows'>, timeZone: string, date: string): WindowInstance[] {
  const firstDay = localDate(new Date(period.startedAt), timeZone);
  if (date < firstDay || date > period.lastDay) return [];
  const started = Date.parse(period.startedAt);
  const ended = period.endedAt ? Date.parse(period.endedAt) : Number.POSITIVE_INFINITY;
  return rules.windows
    .filter((w) => period.windows.includes(w.id))
    .map((w) => windowInstance(date, w, timeZone))
    // Due once the episode ran when the window opened, and only if it still ran when the window closed.
    .filter((w) => w.opensAt.getTime() >= started && w.closesAt.getTime() <= ended)
    .sort((a, b) => a.opensAt.getTime() - b.opensAt.getTime());
}

/** Every due window of the episode that has closed by `now`, oldest first. */
export function closedDueWindows(period: EpisodePeriod, rules: Pick<MonitoringRules, 'windows'>, timeZone: string, now: Date): WindowInstance[] {
  const out: WindowInstance[] = [];
  const today = localDate(now, timeZone);
  const last = [period.lastDay, today].sort()[0]!;
  for (let d = localDate(new Date(period.startedAt), timeZone); d <= last; d = addDays(d, 1)) {
    for (const w of dueWindowsOn(period, rules, timeZone, d)) if (w.closesAt.getTime() <= now.getTime()) out.push(w);
  }
  return out;
}

/** The window a reading taken at `takenAt` falls in, if any (by the rules' windows, tenant-local). */
export function windowAt(rules: Pick<MonitoringRules, 'windows'>, timeZone: string, takenAt: Date): { date: string; windowId: string; key: string } | undefined {
  const date = localDate(takenAt, timeZone);
  const minutes = localMinutes(takenAt, timeZone);
  const w = rules.windows.find((x) => minutes >= minutesOf(x.start) && minutes < minutesOf(x.end));
  return w ? { date, windowId: w.id, key: windowKey(date, w.id) } : undefined;
}

/** When the period ends: the end (early end, transfer), else the end of its last day. */
export function periodEndsAt(period: EpisodePeriod, timeZone: string): Date {
  return period.endedAt ? new Date(period.endedAt) : zonedInstant(addDays(period.lastDay, 1), '00:00', timeZone);
}

/** Is an instant inside the episode's period? Readings outside it are kept, marked as such. */
export function inPeriod(period: EpisodePeriod, timeZone: string, at: Date): boolean {
  return at.getTime() >= Date.parse(period.startedAt) && at.getTime() < periodEndsAt(period, timeZone).getTime();
}

/**
 * The window key a reading counts for: the window it was taken in, if that window is due for the
 * episode (a reading between windows, or in a window that was not due, counts for none).
 */
export function dueWindowOfReading(period: EpisodePeriod, rules: Pick<MonitoringRules, 'windows'>, timeZone: string, takenAt: Date): string | undefined {
  const w = windowAt(rules, timeZone, takenAt);
  if (!w) return undefined;
  return dueWindowsOn(period, rules, timeZone, w.date).some((d) => d.key === w.key) ? w.key : undefined;
}
