/**
 * Households (户): one grid, an address (小区 / 楼栋 / 单元 / 室), a household number (户号), status
 * tags, and their members. Schemas of what comes in and what goes out. Pure.
 */
import * as z from 'zod';
import { GridId } from '../grid';
import { TagCode } from './rules';
import { eachOnce } from '../../errors';

/** Client-generated ULID: a resent create is stored once. */
export const ResidentUlid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'a ULID (26 characters, Crockford base32)');
export const HouseholdId = ResidentUlid;

const Part = z.string().trim().min(1).max(40);
export const Address = z.strictObject({
  /** 小区 / 村组 */
  compound: Part.optional(),
  /** 楼栋 */
  building: Part.optional(),
  /** 单元 */
  unit: Part.optional(),
  /** 室 / 门牌号 */
  room: Part,
});
export type Address = z.infer<typeof Address>;

/** 户号: letters, digits and - . _ (it is part of a uniqueness key). */
export const HouseholdNumber = z.string().trim().regex(/^[A-Za-z0-9._-]{1,30}$/, 'letters, digits, . _ - (1–30)');
const Tags = z.array(TagCode).max(20).refine((t) => new Set(t).size === t.length, eachOnce('tag'));

export const HouseholdInput = z.strictObject({
  id: HouseholdId,
  gridId: GridId,
  number: HouseholdNumber.optional(),
  address: Address,
  tags: Tags.default([]),
});
export type HouseholdInput = z.infer<typeof HouseholdInput>;

export const HouseholdPatch = z.strictObject({
  version: z.number().int().min(1),
  /** Moving the household to another grid moves its members and its counts with it. */
  gridId: GridId.optional(),
  number: HouseholdNumber.nullable().optional(),
  address: Address.optional(),
  tags: Tags.optional(),
});
export type HouseholdPatch = z.infer<typeof HouseholdPatch>;

export const Household = z.object({
  id: z.string(),
  gridId: z.string(),
  gridPath: z.string(),
  number: z.string().optional(),
  address: z.object({ compound: z.string().optional(), building: z.string().optional(), unit: z.string().optional(), room: z.string() }),
  tags: z.array(z.string()),
  /** Members who live here now (not moved out, not deceased). */
  members: z.number(),
  lastVisitedAt: z.string().optional(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  createdBy: z.string(),
});
export type Household = z.infer<typeof Household>;

/** One entry of a household's change history: who, when, what (field names; personal values never). */
export const HouseholdEvent = z.object({
  at: z.string(),
  by: z.string(),
  action: z.enum(['household-created', 'household-changed', 'person-added', 'person-changed', 'person-ended', 'person-tombstoned', 'person-moved-out', 'person-moved-in']),
  personId: z.string().optional(),
  /** Changed fields. Values only for non-personal fields (grid, tags, category …). */
  changes: z.array(z.object({ field: z.string(), from: z.unknown().optional(), to: z.unknown().optional() })),
});
export type HouseholdEvent = z.infer<typeof HouseholdEvent>;
