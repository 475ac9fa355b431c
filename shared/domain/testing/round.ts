/**
 * Mass testing rounds (全员核酸检测): a round's number, name, scope (the tenant or a grid subtree),
 * start and end, and the person categories it exempts; sampling sites (采样点) of a level-2 grid with
 * their layout (zones and channels), hours, staff and capacity. Schemas in and out. Pure.
 */
import * as z from 'zod';
import { GridId } from '../grid';
import { ResidentUlid } from '../residents/household';
import { TagCode } from '../residents/rules';
import { UserId } from '../user';

export const RoundId = ResidentUlid;
export const SiteId = ResidentUlid;
const Instant = z.iso.datetime({ offset: true, message: 'an ISO date-time' });
const Name = z.string().trim().min(1).max(60);

export const RoundInput = z
  .strictObject({
    id: RoundId,
    /** 第几轮 (round 5 …). */
    number: z.number().int().min(1).max(999),
    name: Name,
    /** The subtree the round covers; absent: the whole tenant. */
    scopeGridId: GridId.optional(),
    startsAt: Instant,
    endsAt: Instant,
    /** Person categories the round does not count in its target (e.g. people away). */
    exemptCategories: z.array(TagCode).max(20).refine((c) => new Set(c).size === c.length, 'each category once').default([]),
  })
  .refine((r) => Date.parse(r.endsAt) > Date.parse(r.startsAt), { message: 'after the start', path: ['endsAt'] })
  .refine((r) => Date.parse(r.endsAt) - Date.parse(r.startsAt) <= 14 * 86_400_000, { message: 'a round lasts at most 14 days', path: ['endsAt'] });
export type RoundInput = z.infer<typeof RoundInput>;

export const Round = z.object({
  id: z.string(),
  number: z.number(),
  name: z.string(),
  scopeGridId: z.string().optional(),
  /** '/' for the whole tenant. */
  scopePath: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  exemptCategories: z.array(z.string()),
  status: z.enum(['planned', 'running', 'ended']),
  version: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Round = z.infer<typeof Round>;
export type StoredRound = Omit<Round, 'status'>;

/** Planned before its start, running until its end, ended after. */
export const roundStatus = (r: Pick<Round, 'startsAt' | 'endsAt'>, now: Date): Round['status'] =>
  now.getTime() < Date.parse(r.startsAt) ? 'planned' : now.getTime() <= Date.parse(r.endsAt) ? 'running' : 'ended';

/** A sample may be taken this long before the start or after the end (clocks, a late queue). */
export const ROUND_GRACE_MS = 60 * 60_000;
export const takenInRound = (r: Pick<Round, 'startsAt' | 'endsAt'>, takenAt: Date) =>
  takenAt.getTime() >= Date.parse(r.startsAt) - ROUND_GRACE_MS && takenAt.getTime() <= Date.parse(r.endsAt) + ROUND_GRACE_MS;

export const ZONE_PURPOSES = ['waiting', 'registration', 'sampling', 'buffer', 'observation', 'other'] as const;
export const CHANNEL_KINDS = ['general', 'priority', 'vehicle', 'other'] as const;
const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

export const SiteInput = z.strictObject({
  id: SiteId,
  /** A level-2 grid (a village or community). */
  gridId: GridId,
  name: Name,
  place: z.string().trim().min(1).max(100),
  /** 四区两通道: zones and channels as structured fields. */
  layout: z.strictObject({
    zones: z.array(z.strictObject({ name: z.string().trim().min(1).max(30), purpose: z.enum(ZONE_PURPOSES) })).min(1).max(10),
    channels: z.array(z.strictObject({ name: z.string().trim().min(1).max(30), kind: z.enum(CHANNEL_KINDS) })).min(1).max(6),
  }),
  hours: z
    .array(z.strictObject({ opens: Clock, closes: Clock }).refine((h) => h.closes > h.opens, { message: 'closes after it opens', path: ['closes'] }))
    .min(1)
    .max(4),
  staff: z.array(UserId).max(50).refine((u) => new Set(u).size === u.length, 'each user once').default([]),
  /** People sampled per hour at most. */
  capacityPerHour: z.number().int().min(1).max(10_000),
});
export type SiteInput = z.infer<typeof SiteInput>;

export const Site = z.object({
  id: z.string(),
  gridId: z.string(),
  gridPath: z.string(),
  name: z.string(),
  place: z.string(),
  layout: z.object({ zones: z.array(z.object({ name: z.string(), purpose: z.enum(ZONE_PURPOSES) })), channels: z.array(z.object({ name: z.string(), kind: z.enum(CHANNEL_KINDS) })) }),
  hours: z.array(z.object({ opens: z.string(), closes: z.string() })),
  staff: z.array(z.string()),
  capacityPerHour: z.number(),
  version: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Site = z.infer<typeof Site>;
