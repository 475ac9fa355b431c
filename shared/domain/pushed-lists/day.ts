/**
 * The pushed lists' section of a daily report (日报): what a day did with verification tasks, per grid
 * rolled up the tree — tasks received (rows stored that day; those no grid took count in the tenant's
 * figures only), verified, escalated to the supervisor (unreachable or overdue) and, of those,
 * overdue. Counted as the tasks change, per tenant-local day. Pure.
 */
import * as z from 'zod';
import type { Progress } from './task';

export const DAY_COUNTERS = ['received', 'verified', 'escalated', 'overdue'] as const;
export type DayCounter = (typeof DAY_COUNTERS)[number];
export type DayCounts = Record<DayCounter, number>;

export const PushedListDaySection = z.object({ received: z.number(), verified: z.number(), escalated: z.number(), overdue: z.number() });
export type PushedListDaySection = z.infer<typeof PushedListDaySection>;

/** A section from stored or summed counts (missing counters are 0). */
export const daySection = (counts: Partial<Record<string, number>> = {}): PushedListDaySection => ({
  received: counts.received ?? 0,
  verified: counts.verified ?? 0,
  escalated: counts.escalated ?? 0,
  overdue: counts.overdue ?? 0,
});

/** A section that counted something, else null (the report shows no section). */
export const sectionOrNull = (s: PushedListDaySection | undefined): PushedListDaySection | null => (s && DAY_COUNTERS.some((c) => s[c]) ? s : null);

/** Sections of several subtrees (a combined report) as one; null when none has one. */
export function sumSections(list: readonly (PushedListDaySection | null)[]): PushedListDaySection | null {
  const present = list.filter((s): s is PushedListDaySection => s !== null);
  if (!present.length) return null;
  const sum = daySection();
  for (const s of present) for (const c of DAY_COUNTERS) sum[c] += s[c];
  return sum;
}

/** What a task's change adds to its day: from the list counters it moves, and whether it went to the supervisor. */
export function dayDelta(progress: Partial<Progress>, escalated: boolean): Partial<DayCounts> {
  const delta: Partial<DayCounts> = {};
  if (progress.received) delta.received = progress.received;
  if (progress.verified) delta.verified = progress.verified;
  if (progress.overdue) delta.overdue = progress.overdue;
  if (escalated) delta.escalated = 1;
  return delta;
}
