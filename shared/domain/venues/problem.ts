/**
 * Problems (问题) in the dynamic ledger (动态问题台账). An inspection opens one per failed item that
 * requires rectification; the enforcement ladder (notice, rectification, re-check, close) moves it on.
 */
import * as z from 'zod';
import { Severity } from './checklist';

export const ProblemStatus = z.enum(['open', 'notice-issued', 'rectification-reported', 'closed']);
export type ProblemStatus = z.infer<typeof ProblemStatus>;

export const Problem = z.object({
  id: z.string(),
  venueId: z.string(),
  venueName: z.string(),
  venueKind: z.string(),
  gridId: z.string(),
  gridPath: z.string(),
  inspectionId: z.string(),
  itemCode: z.string(),
  itemLabelZh: z.string(),
  /** The checklist item's English name (problems found before it was kept have only the Chinese). */
  itemLabelEn: z.string().optional(),
  /** 问题说明: what the inspector noted on the failed item (absent on problems opened before it was kept). */
  note: z.string().optional(),
  severity: Severity,
  status: ProblemStatus,
  /** Tenant-local date by which it must be rectified. */
  deadline: z.string(),
  openedAt: z.string(),
  openedBy: z.string(),
  /** Failed re-checks so far. */
  escalations: z.number(),
  version: z.number(),
  updatedAt: z.string(),
  // The enforcement ladder (shared/domain/venues/ladder.ts, docs/enforcement.md) fills these in.
  /** The rectification notice (整改通知书) issued for it, the latest one if re-issued. */
  notice: z.object({ number: z.string(), issuedAt: z.string(), issuedBy: z.string(), deadline: z.string(), requirements: z.string().optional() }).optional(),
  /** What the venue reported as rectified (整改上报). */
  rectification: z.object({ reportedAt: z.string(), reportedBy: z.string(), note: z.string(), photoIds: z.array(z.string()) }).optional(),
  /** The latest re-check (复查). */
  recheck: z.object({ at: z.string(), by: z.string(), passed: z.boolean(), note: z.string().optional(), inspectionId: z.string().optional() }).optional(),
  closedAt: z.string().optional(),
  closedBy: z.string().optional(),
  /** 回头看: tenant-local date of the follow-up visit scheduled when it was closed. */
  followUpDue: z.string().optional(),
  /** Tenant-local date the scheduled escalation marked it overdue (for its current deadline). */
  overdueSince: z.string().optional(),
  /** Deadlines it missed before they were replaced (a failed re-check sets a new one) or it closed late. */
  missedDeadlines: z.array(z.string()).optional(),
  /** Later inspections that failed its item again while it was open (shared/domain/venues/failed-again.ts): no second problem is opened. */
  failedAgain: z.number().optional(),
  lastFailedAt: z.string().optional(),
  lastFailedInspectionId: z.string().optional(),
});
export type Problem = z.infer<typeof Problem>;

/** Problem ids: `<inspection ULID>-<item code>`. */
export const ProblemId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}-[a-z][a-z0-9-]{1,39}$/, 'a problem id: <inspection id>-<item code>');

/** One problem per inspection and item: the id is derived, so a resent inspection opens nothing twice. */
export const problemIdFor = (inspectionId: string, itemCode: string) => `${inspectionId}-${itemCode}`;
