/**
 * Venues (场所): the places grid leaders inspect. Each belongs to one grid and one kind.
 */
import * as z from 'zod';
import { GridId } from '../grid';
import { VenueKindCode } from './venue-kind';
import { SystemReason } from './system-reason';

/** Venue ids: ULIDs for venues created by hand, `x-…` derived from the external id for imported ones. */
export const VenueId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ - (1–64)');
export const Risk = z.enum(['red', 'yellow', 'green']);
export type Risk = z.infer<typeof Risk>;
export const VenueStatus = z.enum(['open', 'suspended', 'closed']);
export type VenueStatus = z.infer<typeof VenueStatus>;

export const Coordinates = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});
export type Coordinates = z.infer<typeof Coordinates>;

const editable = {
  name: z.string().trim().min(1).max(100),
  kind: VenueKindCode,
  gridId: GridId,
  address: z.string().trim().min(1).max(200),
  coordinates: Coordinates.optional(),
  contactName: z.string().trim().max(40).optional(),
  contactPhone: z.string().regex(/^\+?[0-9 -]{5,20}$/, 'digits, spaces, dashes, optional +').optional(),
  risk: Risk.default('green'),
  /** An id from the tenant's own register (工商注册号, 统一社会信用代码 …): re-imports update by it. */
  externalId: z.string().trim().min(1).max(64).optional(),
};

export const VenueInput = z.strictObject({ id: VenueId.optional(), ...editable });
export type VenueInput = z.input<typeof VenueInput>;

export const VenuePatch = z.strictObject({
  version: z.number().int().min(1),
  name: editable.name.optional(),
  kind: editable.kind.optional(),
  gridId: editable.gridId.optional(),
  address: editable.address.optional(),
  coordinates: Coordinates.nullable().optional(),
  contactName: editable.contactName,
  contactPhone: editable.contactPhone,
  risk: Risk.optional(),
});
export type VenuePatch = z.infer<typeof VenuePatch>;

export const BlackCard = z.object({
  since: z.string(),
  reason: z.string(),
  /** Written by the system (a rule, a bulletin): codes worded per reader; `reason` is their English wording. */
  reasonCodes: z.array(SystemReason).optional(),
  problemId: z.string().optional(),
  // Set by the enforcement ladder (docs/enforcement.md):
  /** Who issued it: the tenant's trigger rules, a supervisor, or naming the venue in a bulletin. */
  source: z.enum(['rules', 'supervisor', 'bulletin']).optional(),
  triggers: z.array(z.string()).optional(),
  by: z.string().optional(),
  bulletinId: z.string().optional(),
});

/** 停业整顿: recommended by an inspector (or an inspection's outcome), approved or rejected by a supervisor. */
export const Suspension = z.object({
  state: z.enum(['recommended', 'approved']),
  reason: z.string(),
  /** Written by the system (an inspection's outcome): codes worded per reader. */
  reasonCodes: z.array(SystemReason).optional(),
  recommendedAt: z.string(),
  recommendedBy: z.string(),
  inspectionId: z.string().optional(),
  decidedAt: z.string().optional(),
  decidedBy: z.string().optional(),
});

/** Closed or paused by a tenant-wide notice (POST /api/notices) until a reopening notice. */
export const Closure = z.object({ noticeId: z.string(), action: z.enum(['close', 'pause']), since: z.string(), reason: z.string() });

export const Venue = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  gridId: z.string(),
  gridPath: z.string(),
  address: z.string(),
  coordinates: Coordinates.optional(),
  contactName: z.string().optional(),
  contactPhone: z.string().optional(),
  risk: Risk,
  status: VenueStatus,
  externalId: z.string().optional(),
  /** 挂黑牌: present while the venue is black-carded. */
  blackCard: BlackCard.optional(),
  /** 停业整顿: present from a recommendation until it is rejected or the venue reopens. */
  suspension: Suspension.optional(),
  /** Present while closed or paused by a tenant-wide notice (status 'closed'). */
  closure: Closure.optional(),
  /** 联合执法: present while a referral to joint enforcement is open (shared/domain/venues/joint-enforcement.ts). */
  jointReferral: z.object({ referralId: z.string(), agencies: z.array(z.string()), since: z.string() }).optional(),
  /** 回头看: tenant-local date a follow-up visit is due (set when one of its problems closes). */
  followUpDue: z.string().optional(),
  /** The latest passed re-check of one of its problems (ISO time). */
  lastRecheckPassedAt: z.string().optional(),
  /** Version of the venue code (场所码); rotating it invalidates printed codes. */
  codeVersion: z.number(),
  lastInspectedAt: z.string().optional(),
  lastOutcome: z.string().optional(),
  openProblems: z.number(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Venue = z.infer<typeof Venue>;
