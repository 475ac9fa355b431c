/**
 * People (人): who they are (name, gender, birth date, identity document, phone), their category and
 * tags, relation to the householder, and when they moved in or out. Moving out or death is a soft end
 * with a reason, never a delete. Schemas in and out, and the masked view. Pure.
 */
import * as z from 'zod';
import { IdType, idNumberProblem, idNumberProblemKind, normaliseIdNumber, normalisePhone, phoneProblem, residentIdBirthDate, residentIdGender } from './id-number';
import { eachOnce } from '../../errors';
import { ResidentUlid } from './household';
import { TagCode } from './rules';

export const PersonId = ResidentUlid;
const LocalDate = z.iso.date();

export const RELATIONSHIPS = ['householder', 'spouse', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'in-law', 'tenant', 'other'] as const;
export const Relationship = z.enum(RELATIONSHIPS);
export const Gender = z.enum(['male', 'female', 'unknown']);
export const PersonStatus = z.enum(['active', 'moved-out', 'deceased', 'tombstone']);
export type PersonStatus = z.infer<typeof PersonStatus>;
export const EndReason = z.enum(['moved-out', 'deceased']);

const Name = z.string().trim().min(1).max(40);
const PhoneText = z.string().max(30);
const IdText = z.string().max(40);
const Tags = z.array(TagCode).max(20).refine((t) => new Set(t).size === t.length, eachOnce('tag'));

/** Check a document number against its type (and a phone), on the normalised values; issues name the field. */
function checkIdentity(value: { idType?: IdType; idNumber?: string; phone?: string | null }, ctx: z.RefinementCtx) {
  if (value.idNumber !== undefined) {
    const problem = idNumberProblem(value.idType ?? 'resident-id', normaliseIdNumber(value.idNumber));
    if (problem) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: problem, params: { reason: `idNumber.${idNumberProblemKind(problem)}` } });
  }
  if (value.phone) {
    const problem = phoneProblem(normalisePhone(value.phone));
    if (problem) ctx.addIssue({ code: 'custom', path: ['phone'], message: problem, params: { reason: 'phone.format' } });
  }
}

const personFields = {
  name: Name,
  gender: Gender.optional(),
  birthDate: LocalDate.optional(),
  idType: IdType.default('resident-id'),
  idNumber: IdText,
  phone: PhoneText.optional(),
  category: TagCode,
  relationship: Relationship,
  tags: Tags.default([]),
  movedInOn: LocalDate.optional(),
};

export const PersonInput = z.strictObject({ id: PersonId, ...personFields }).superRefine(checkIdentity);
export type PersonInput = z.infer<typeof PersonInput>;

export const PersonPatch = z
  .strictObject({
    version: z.number().int().min(1),
    name: Name.optional(),
    gender: Gender.optional(),
    birthDate: LocalDate.optional(),
    idType: IdType.optional(),
    idNumber: IdText.optional(),
    phone: PhoneText.nullable().optional(),
    category: TagCode.optional(),
    relationship: Relationship.optional(),
    tags: Tags.optional(),
    movedInOn: LocalDate.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.idType !== undefined && p.idNumber === undefined) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: 'give the number with its type' });
    // Without a type the number is checked against the stored type (by the repository).
    checkIdentity({ ...p, idNumber: p.idType ? p.idNumber : undefined }, ctx);
  });
export type PersonPatch = z.infer<typeof PersonPatch>;

export const PersonEnd = z.strictObject({
  version: z.number().int().min(1),
  reason: EndReason,
  endedOn: LocalDate,
  note: z.string().trim().max(200).optional(),
});
export type PersonEnd = z.infer<typeof PersonEnd>;

/** Why someone unmasks: said in words, kept in the audit log. */
export const UnmaskReason = z.strictObject({ reason: z.string().trim().min(4).max(200) });

/** The personal fields in the clear: what is encrypted at rest. */
export interface PersonalFields {
  name: string;
  idNumber: string;
  phone?: string;
  birthDate?: string;
}

/** Normalised personal fields of an input, with what a resident ID says filled in. */
export function personalFieldsOf(input: { idType: IdType; idNumber: string; name: string; phone?: string | null; birthDate?: string }): PersonalFields {
  const idNumber = normaliseIdNumber(input.idNumber);
  const birthDate = input.birthDate ?? (input.idType === 'resident-id' ? residentIdBirthDate(idNumber) : undefined);
  return { name: input.name.trim(), idNumber, phone: input.phone ? normalisePhone(input.phone) : undefined, birthDate };
}

export const genderOf = (input: { idType: IdType; idNumber: string; gender?: 'male' | 'female' | 'unknown' }) =>
  input.gender ?? (input.idType === 'resident-id' ? residentIdGender(normaliseIdNumber(input.idNumber)) : 'unknown');

const personView = {
  id: z.string(),
  householdId: z.string(),
  gridId: z.string(),
  gender: Gender,
  birthYear: z.number().optional(),
  idType: IdType,
  category: z.string(),
  relationship: Relationship,
  tags: z.array(z.string()),
  movedInOn: z.string().optional(),
  status: PersonStatus,
  endedOn: z.string().optional(),
  endReason: EndReason.optional(),
  /** Moves between households, oldest first (POST …/move). */
  moves: z.array(z.object({ id: z.string(), at: z.string(), by: z.string(), fromHouseholdId: z.string(), toHouseholdId: z.string(), fromGridId: z.string(), toGridId: z.string(), reason: z.string().optional() })).optional(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

/** A person as every list and file shows them: personal fields masked. */
export const MaskedPerson = z.object({
  ...personView,
  masked: z.literal(true),
  name: z.string(),
  idNumber: z.string(),
  phone: z.string().optional(),
});
export type MaskedPerson = z.infer<typeof MaskedPerson>;

/** A person unmasked (with a reason, audited). */
export const UnmaskedPerson = z.object({
  ...personView,
  masked: z.literal(false),
  name: z.string(),
  idNumber: z.string(),
  phone: z.string().optional(),
  birthDate: z.string().optional(),
});
export type UnmaskedPerson = z.infer<typeof UnmaskedPerson>;
