/**
 * Problems (问题) in the dynamic ledger (动态问题台账). An inspection opens one per failed item that
 * requires rectification; the enforcement ladder (notice, rectification, re-check, close) moves it on.
 */
import { z } from 'zod';
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
});
export type Problem = z.infer<typeof Problem>;

/** One problem per inspection and item: the id is derived, so a resent inspection opens nothing twice. */
export const problemIdFor = (inspectionId: string, itemCode: string) => `${inspectionId}-${itemCode}`;
