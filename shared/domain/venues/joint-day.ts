/**
 * A day's joint enforcement (联合执法) for the daily report and the dashboard, pure: the referrals made
 * and the outcomes recorded that tenant-local day in a grid's subtree (or the tenant), counted in all
 * and per agency, and listed in time order. Read from the day's enforcement events
 * (shared/data/venues/joint-day.ts).
 */
import * as z from 'zod';
import type { JointAgency } from './joint-enforcement';
import { JointOutcome } from './joint-enforcement';

export const JointDayItem = z.object({
  /** 'referred': the case went to the agencies that day; 'concluded': their outcome was recorded that day. */
  step: z.enum(['referred', 'concluded']),
  referralId: z.string(),
  problemId: z.string(),
  venueId: z.string(),
  venueName: z.string(),
  venueKind: z.string(),
  gridPath: z.string(),
  at: z.string(),
  by: z.string(),
  agencies: z.array(z.string()),
  outcome: JointOutcome.optional(),
});
export type JointDayItem = z.infer<typeof JointDayItem>;

export const JointDayAgency = z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), referred: z.number(), concluded: z.number() });

/** GET /api/joint-enforcement/day/{date}. */
export const JointDay = z.object({
  date: z.string(),
  /** The grid asked for; null for everything the caller may see. */
  gridId: z.string().nullable(),
  referred: z.number(),
  concluded: z.number(),
  /** The tenant's agencies in their rules' order, then any no longer listed; a case sent to two agencies counts for each. */
  byAgency: z.array(JointDayAgency),
  items: z.array(JointDayItem),
});
export type JointDay = z.infer<typeof JointDay>;

/** The day's joint-enforcement steps (already limited to the grid and the caller's view) summed up. */
export function summariseJointDay(date: string, gridId: string | null, steps: readonly JointDayItem[], agencies: readonly JointAgency[]): JointDay {
  const rows = new Map(agencies.map((a) => [a.code, { ...a, referred: 0, concluded: 0 }]));
  for (const s of steps)
    for (const code of s.agencies) {
      let row = rows.get(code);
      // An agency removed from the rules since keeps its row, named by its code.
      if (!row) rows.set(code, (row = { code, nameZh: code, nameEn: code, referred: 0, concluded: 0 }));
      row[s.step]++;
    }
  // Time order; at one instant a referral before an outcome.
  const items = [...steps].sort((a, b) => a.at.localeCompare(b.at) || (a.step === b.step ? 0 : a.step === 'referred' ? -1 : 1) || a.referralId.localeCompare(b.referralId));
  return {
    date,
    gridId,
    referred: steps.filter((s) => s.step === 'referred').length,
    concluded: steps.filter((s) => s.step === 'concluded').length,
    byAgency: [...rows.values()],
    items,
  };
}
