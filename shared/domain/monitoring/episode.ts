/**
 * Monitoring episodes (一人一档): one person in home isolation, home observation or health monitoring
 * for a period, with the grid members who follow them, the reason, and every change (extend, end
 * early, transfer, restart on re-exposure) with who, when and why. Schemas in and out. Pure.
 */
import * as z from 'zod';
import { ResidentUlid } from '../residents/household';
import { TagCode } from './rules';
import { UserId } from '../user';
import { eachOnce } from '../../errors';

export const EpisodeId = ResidentUlid;
const Instant = z.iso.datetime({ offset: true, message: 'an ISO date-time' });
const Why = z.string().trim().min(2).max(200);

export const EPISODE_REASONS = ['pushed-list', 'contact', 'risk-area-arrival', 'self-report', 'other'] as const;
export const EpisodeReason = z.enum(EPISODE_REASONS);

export const EpisodeInput = z.strictObject({
  id: EpisodeId,
  householdId: ResidentUlid,
  personId: ResidentUlid,
  /** An episode type code of the tenant's rules. */
  type: TagCode,
  /** Default: now. Not in the future. */
  startedAt: Instant.optional(),
  /** Default: the type's days. */
  days: z.number().int().min(1).max(60).optional(),
  reason: EpisodeReason,
  note: z.string().trim().max(200).optional(),
  /** Grid members who take the readings. */
  assignees: z.array(UserId).max(5).refine((a) => new Set(a).size === a.length, eachOnce('user')).default([]),
});
export type EpisodeInput = z.infer<typeof EpisodeInput>;

export const EpisodeExtend = z.strictObject({ version: z.number().int().min(1), days: z.number().int().min(1).max(30), why: Why });
export const EpisodeRestart = z.strictObject({ version: z.number().int().min(1), exposedAt: Instant, why: Why });
export const EpisodeEnd = z
  .strictObject({
    version: z.number().int().min(1),
    outcome: z.enum(['ended-early', 'transferred']),
    /** Where a transferred person went (e.g. the designated hospital). */
    destination: z.string().trim().min(1).max(100).optional(),
    at: Instant.optional(),
    why: Why,
  })
  .refine((e) => e.outcome !== 'transferred' || e.destination !== undefined, { message: 'say where the person was transferred to', path: ['destination'] });
export const EpisodeAssign = z.strictObject({ version: z.number().int().min(1), assignees: EpisodeInput.shape.assignees, why: Why });
export type EpisodeEnd = z.infer<typeof EpisodeEnd>;

export const EpisodeStatus = z.enum(['active', 'completed', 'ended-early', 'transferred']);

export const EpisodeEvent = z.object({
  at: z.string(),
  by: z.string(),
  action: z.enum(['started', 'extended', 'restarted', 'ended-early', 'transferred', 'completed', 'assigned']),
  why: z.string().optional(),
  changes: z.array(z.object({ field: z.string(), from: z.unknown().optional(), to: z.unknown().optional() })),
});
export type EpisodeEvent = z.infer<typeof EpisodeEvent>;

export const Episode = z.object({
  id: z.string(),
  personId: z.string(),
  householdId: z.string(),
  gridId: z.string(),
  gridPath: z.string(),
  /** The person's masked name and the household's building and room, copied at the start (the daily list groups by building). */
  nameMasked: z.string(),
  building: z.string(),
  room: z.string(),
  type: z.string(),
  reason: EpisodeReason,
  note: z.string().optional(),
  assignees: z.array(z.string()),
  startedAt: z.string(),
  /** Tenant-local last day of the period, inclusive. */
  lastDay: z.string(),
  endedAt: z.string().optional(),
  destination: z.string().optional(),
  /** Ended because the person moved out or died (the registry's end). */
  endReason: z.enum(['moved-out', 'deceased']).optional(),
  status: EpisodeStatus,
  restarts: z.number(),
  windows: z.array(z.string()),
  /** Window keys (`date#window`) with a reading taken in them, and those the sweep found missed. */
  windowsDone: z.array(z.string()),
  windowsMissed: z.array(z.string()),
  lastReadingAt: z.string().optional(),
  version: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type Episode = z.infer<typeof Episode>;

/** A supplies delivery (物资配送) or a door-to-door test (上门检测) recorded on the episode, from the outbox. */
export const EpisodeActionInput = z
  .strictObject({
    id: ResidentUlid,
    kind: z.enum(['supplies', 'door-test']),
    at: Instant,
    /** Supplies: what was delivered. */
    note: z.string().trim().max(200).optional(),
    /** Door test: the result when known (health data: encrypted). */
    result: z.enum(['pending', 'negative', 'positive']).optional(),
  })
  .refine((a) => a.kind === 'door-test' || a.result === undefined, { message: 'only a door test has a result', path: ['result'] });
export type EpisodeActionInput = z.infer<typeof EpisodeActionInput>;

export const EpisodeAction = z.object({
  id: z.string(),
  episodeId: z.string(),
  kind: z.enum(['supplies', 'door-test']),
  at: z.string(),
  note: z.string().optional(),
  result: z.enum(['pending', 'negative', 'positive']).optional(),
  by: z.string(),
  receivedAt: z.string(),
});
export type EpisodeAction = z.infer<typeof EpisodeAction>;
