/**
 * Self-registration (扫码登记): what a resident sends from the public form, the registration codes
 * and the tenant's purpose statement, and the review of a submission (confirm, merge, reject). Pure
 * schemas and rules; the public body is strict and small (it comes from anyone).
 */
import * as z from 'zod';
import { GridId } from '../grid';
import { Address, HouseholdNumber, ResidentUlid } from '../residents/household';
import { idNumberProblem, normaliseIdNumber, normalisePhone, phoneProblem } from '../residents/id-number';
import { Relationship } from '../residents/person';
import { TagCode } from '../residents/rules';

const LocalDate = z.iso.date();
/** A code token: GR1.<key id>.<tenant>.<code id>.<signature> (checked by verifyRegistrationCode). */
export const CodeToken = z.string().min(10).max(200);

export const SubmissionInput = z
  .strictObject({
    code: CodeToken,
    /** Client ULID: a resend of the same form is stored once. */
    id: ResidentUlid,
    name: z.string().trim().min(1).max(40),
    /** Resident ID (居民身份证) only: its GB 11643 check digit is checked. */
    idNumber: z.string().max(40),
    phone: z.string().max(30),
    category: TagCode,
    address: Address.optional(),
    householdNumber: HouseholdNumber.optional(),
    arrivedFrom: z.string().trim().max(60).optional(),
    arrivedOn: LocalDate,
    consent: z.literal(true, { error: 'consent to the purpose statement is needed' }),
    /** The version of the purpose statement the resident was shown. */
    purposeVersion: z.number().int().min(1),
  })
  .superRefine((s, ctx) => {
    const idProblem = idNumberProblem('resident-id', normaliseIdNumber(s.idNumber));
    if (idProblem) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: idProblem });
    const phone = phoneProblem(normalisePhone(s.phone));
    if (phone) ctx.addIssue({ code: 'custom', path: ['phone'], message: phone });
    if (!s.address && !s.householdNumber) ctx.addIssue({ code: 'custom', path: ['address'], message: 'give the address or the household number' });
  });
export type SubmissionInput = z.infer<typeof SubmissionInput>;

/** The only answer the public form gets: the same whether or not the person is known (no enumeration). */
export const Receipt = z.object({ receipt: z.string(), receivedAt: z.string() });

export const SUBMISSION_STATUSES = ['pending', 'confirmed', 'merged', 'rejected'] as const;
export const SubmissionStatus = z.enum(SUBMISSION_STATUSES);
export type SubmissionStatus = z.infer<typeof SubmissionStatus>;

/** A submission as the review queue shows it: personal fields masked, and an existing person it matches. */
export const SubmissionView = z.object({
  id: z.string(),
  codeId: z.string(),
  gridId: z.string().optional(),
  status: SubmissionStatus,
  name: z.string(),
  idNumber: z.string(),
  phone: z.string(),
  category: z.string(),
  address: Address.optional(),
  householdNumber: z.string().optional(),
  arrivedFrom: z.string().optional(),
  arrivedOn: z.string(),
  submittedAt: z.string(),
  version: z.number(),
  /** The person already registered with this ID number (blind index), offered for a merge. */
  match: z.object({ personId: z.string(), householdId: z.string(), name: z.string(), gridId: z.string() }).optional(),
  decidedAt: z.string().optional(),
  decidedBy: z.string().optional(),
  personId: z.string().optional(),
  householdId: z.string().optional(),
  rejectReason: z.string().optional(),
});
export type SubmissionView = z.infer<typeof SubmissionView>;

export const Decision = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('confirm'),
    version: z.number().int().min(1),
    /** The new person's id (client ULID: a resent confirm is the same person). */
    personId: ResidentUlid,
    /** Into an existing household; or a new one under `newHouseholdId` with the submission's address. */
    householdId: ResidentUlid.optional(),
    newHouseholdId: ResidentUlid.optional(),
    /** The grid of a new household when the code named none (a tenant-wide poster). */
    gridId: GridId.optional(),
    relationship: Relationship.default('householder'),
  }),
  z.strictObject({ action: z.literal('merge'), version: z.number().int().min(1), householdId: ResidentUlid, personId: ResidentUlid }),
  z.strictObject({ action: z.literal('reject'), version: z.number().int().min(1), reason: z.string().trim().min(2).max(200) }),
]);
export type Decision = z.infer<typeof Decision>;

/** Which household a confirm goes to: exactly one of an existing one and a new one. */
export function confirmTargetProblem(d: Extract<Decision, { action: 'confirm' }>): string | undefined {
  if ((d.householdId === undefined) === (d.newHouseholdId === undefined)) return 'give exactly one of householdId and newHouseholdId';
  return undefined;
}

export const CodeInput = z
  .strictObject({
    id: ResidentUlid,
    /** A grid's poster; without it the code is tenant-wide (submissions wait in the tenant's queue). */
    gridId: GridId.optional(),
    /** A compound's poster (小区): pre-fills the address; needs the grid. */
    compound: z.string().trim().min(1).max(40).optional(),
    label: z.string().trim().min(1).max(60),
  })
  .refine((c) => c.compound === undefined || c.gridId !== undefined, { message: 'a compound code needs its grid', path: ['gridId'] });
export type CodeInput = z.infer<typeof CodeInput>;

export const RegistrationCode = z.object({
  id: z.string(),
  label: z.string(),
  gridId: z.string().optional(),
  compound: z.string().optional(),
  status: z.enum(['active', 'retired']),
  createdAt: z.string(),
  createdBy: z.string(),
  retiredAt: z.string().optional(),
});
export type RegistrationCode = z.infer<typeof RegistrationCode>;

/** The tenant's purpose statement (告知): what the form collects and why; shown before consent. */
export const PurposeInput = z.strictObject({
  version: z.number().int().min(1),
  purposeZh: z.string().trim().min(10).max(2000),
  purposeEn: z.string().trim().max(2000).optional(),
});
export const Purpose = z.object({ version: z.number(), purposeZh: z.string(), purposeEn: z.string().optional(), updatedAt: z.string().optional() });
export type Purpose = z.infer<typeof Purpose>;

export const DEFAULT_PURPOSE: Purpose = {
  version: 1,
  purposeZh: '本表用于社区网格员核实辖区常住、暂住人员信息，仅用于社区管理与服务，不用于其他用途。信息加密保存，经网格员核实后录入居民档案，未通过核实的登记在30天后删除。',
  purposeEn: 'This form lets the grid workers verify who lives in the community; it is used for community management and services only. Data is stored encrypted; a registration that is not confirmed is deleted after 30 days.',
};

/** How long a submission's personal data is kept: waiting for review, and after a decision. */
export const SUBMISSION_RETENTION = { pendingDays: 90, decidedDays: 30 } as const;
