/**
 * A test record (采样记录): one sample of one person in a round, taken at a site (the person's code
 * scanned, or looked up by ID number) or door to door by household (bedridden, isolated), sent by the
 * phone's outbox with a client ULID so a resend is stored once. Person-times count every record;
 * distinct people count a person's first record of the round. Person codes. Pure.
 */
import * as z from 'zod';
import { IdType } from '../residents/id-number';
import { HouseholdId, ResidentUlid } from '../residents/household';
import { PersonId } from '../residents/person';
import { RoundId, SiteId } from './round';

/** A sample tube's number (试管编号), as printed: it goes into keys. */
export const SampleId = z.string().trim().regex(/^[A-Za-z0-9._-]{1,40}$/, 'letters, digits, . _ - (1–40)');

/**
 * A person's code (人员码): on the household card printed for every member and behind the QR a
 * self-registered resident shows. It names the household and the person, nothing personal.
 */
const PERSON_CODE = /^GW1-([0-9A-HJKMNP-TV-Z]{26})-([0-9A-HJKMNP-TV-Z]{26})$/;
export const personCode = (householdId: string, personId: string) => `GW1-${householdId}-${personId}`;
export function parsePersonCode(code: string): { householdId: string; personId: string } | undefined {
  const m = PERSON_CODE.exec(code.trim().toUpperCase());
  return m ? { householdId: m[1], personId: m[2] } : undefined;
}
export const PersonCode = z.string().max(80).refine((c) => parsePersonCode(c) !== undefined, 'a person code (GW1-…)');

/** Who was sampled: by code, by identity document, or (door to door) the household's member. */
export const WhoInput = z.union([
  z.strictObject({ code: PersonCode }),
  z.strictObject({ idType: IdType.default('resident-id'), idNumber: z.string().min(1).max(40) }),
  z.strictObject({ householdId: HouseholdId, personId: PersonId }),
]);
export type WhoInput = z.infer<typeof WhoInput>;

export const RecordInput = z
  .strictObject({
    id: ResidentUlid,
    roundId: RoundId,
    via: z.enum(['site', 'door']),
    siteId: SiteId.optional(),
    who: WhoInput,
    sampleId: SampleId,
    /** The phone's clock when the swab was taken. */
    takenAt: z.iso.datetime({ offset: true, message: 'an ISO date-time' }),
  })
  .refine((r) => r.via !== 'site' || r.siteId !== undefined, { message: 'the site where it was taken', path: ['siteId'] })
  .refine((r) => r.via !== 'door' || r.siteId === undefined, { message: 'a door-to-door record has no site', path: ['siteId'] });
export type RecordInput = z.infer<typeof RecordInput>;

export const TestRecord = z.object({
  id: z.string(),
  roundId: z.string(),
  via: z.enum(['site', 'door']),
  siteId: z.string().optional(),
  personId: z.string(),
  householdId: z.string(),
  gridId: z.string(),
  nameMasked: z.string(),
  sampleId: z.string(),
  takenAt: z.string(),
  /** The person's first record in this round (counted among distinct people). */
  first: z.boolean(),
  recordedBy: z.string(),
  receivedAt: z.string(),
});
export type TestRecord = z.infer<typeof TestRecord>;
