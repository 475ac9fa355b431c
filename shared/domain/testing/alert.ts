/**
 * A positive result's alert (阳性预警), for the supervisor chain of the person's grid, with the
 * monitoring episode it proposes (the supervisor starts it through home monitoring, or resolves the
 * alert with a note). Schemas. Pure.
 */
import * as z from 'zod';
import { ResidentUlid } from '../residents/household';

export const PositiveAlert = z.object({
  id: z.string(),
  kind: z.literal('positive-test'),
  roundId: z.string(),
  sampleId: z.string(),
  personId: z.string(),
  householdId: z.string(),
  gridId: z.string(),
  gridPath: z.string(),
  nameMasked: z.string(),
  raisedAt: z.string(),
  status: z.enum(['open', 'resolved']),
  /** What home monitoring should start (POST /api/monitoring/episodes with these). */
  proposedEpisode: z.object({ householdId: z.string(), personId: z.string(), type: z.string(), reason: z.string() }),
  resolvedAt: z.string().optional(),
  resolvedBy: z.string().optional(),
  resolutionNote: z.string().optional(),
  episodeId: z.string().optional(),
  version: z.number(),
});
export type PositiveAlert = z.infer<typeof PositiveAlert>;

export const positiveAlertId = (roundId: string, sampleId: string) => `positive-${roundId}-${sampleId}`;
export const PositiveAlertId = z.string().regex(/^positive-[0-9A-HJKMNP-TV-Z]{26}-[A-Za-z0-9._-]{1,40}$/, 'a positive-result alert id');

export const PositiveAlertResolve = z.strictObject({
  version: z.number().int().min(1),
  note: z.string().trim().min(2).max(200),
  /** The monitoring episode started for it, if any. */
  episodeId: ResidentUlid.optional(),
});
export type PositiveAlertResolve = z.infer<typeof PositiveAlertResolve>;

/** The episode type a positive result proposes (a tenant's rules have it by default). */
export const PROPOSED_EPISODE_TYPE = 'home-isolation';
