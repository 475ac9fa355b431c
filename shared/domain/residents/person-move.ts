/**
 * Moving a person from one household to another (and so, perhaps, to another grid): a grid member's
 * act with a reason, once per client ULID (a resend is the same move), against the person's version.
 * The target is a household that exists, or a new one registered in the same call. Pure schemas.
 */
import * as z from 'zod';
import { HouseholdId, HouseholdInput, ResidentUlid } from './household';
import { Relationship } from './person';

export const PersonMoveInput = z
  .strictObject({
    /** The move's client ULID: a resend is answered with the stored move, another body with it is a 409. */
    id: ResidentUlid,
    version: z.number().int().min(1),
    reason: z.string().trim().min(2).max(200),
    /** An existing household … */
    toHouseholdId: HouseholdId.optional(),
    /** … or a new one, registered in the same transaction. */
    newHousehold: HouseholdInput.optional(),
    /** Their relation to the new householder (default: as before). */
    relationship: Relationship.optional(),
  })
  .refine((m) => (m.toHouseholdId === undefined) !== (m.newHousehold === undefined), { message: 'give exactly one of toHouseholdId and newHousehold', path: ['toHouseholdId'] });
export type PersonMoveInput = z.infer<typeof PersonMoveInput>;

/** One move as the person's file keeps it (their history across households). */
export const PersonMoveRecord = z.object({
  id: z.string(),
  at: z.string(),
  by: z.string(),
  fromHouseholdId: z.string(),
  toHouseholdId: z.string(),
  fromGridId: z.string(),
  toGridId: z.string(),
  reason: z.string().optional(),
});
export type PersonMoveRecord = z.infer<typeof PersonMoveRecord>;

/** A person's file keeps their last moves; older ones live on in the households' histories. */
export const KEPT_MOVES = 20;

/** The target household id of a move input. */
export const moveTarget = (m: PersonMoveInput): string => m.toHouseholdId ?? m.newHousehold!.id;

/** A tombstone on request (PIPL deletion, or an admin's decision): a reason, said in words, audited. */
export const TombstoneRequest = z.strictObject({ reason: z.string().trim().min(4).max(200) });
