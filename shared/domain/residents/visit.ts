/** Door-to-door visits (走访): logged on the phone, offline, sent through the outbox; idempotent by client ULID. */
import * as z from 'zod';
import { HouseholdId, ResidentUlid } from './household';

export const VisitInput = z.strictObject({
  id: ResidentUlid,
  householdId: HouseholdId,
  visitedAt: z.iso.datetime({ offset: true }),
  method: z.enum(['door', 'phone', 'other']).default('door'),
  note: z.string().trim().max(500).optional(),
});
export type VisitInput = z.infer<typeof VisitInput>;

export const Visit = z.object({
  id: z.string(),
  householdId: z.string(),
  gridId: z.string(),
  visitedAt: z.string(),
  /** The tenant-local day of the visit. */
  date: z.string(),
  method: z.enum(['door', 'phone', 'other']),
  note: z.string().optional(),
  visitorId: z.string(),
  receivedAt: z.string(),
});
export type Visit = z.infer<typeof Visit>;
