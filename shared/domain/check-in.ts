/**
 * Visitors' check-ins at venues (场所码 scans by the public): the form a scanned venue code opens
 * (the visitor's phone, or a person code), write sharding for bursts, and the "who was here" window. Pure.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { ResidentUlid } from './residents/household';
import { normalisePhone, phoneProblem } from './residents/id-number';

/**
 * Shards of a venue's day of check-ins and of its counters: a market at opening time (100 check-ins a
 * second) writes 100/16 ≈ 6 a second to each check-in partition and counter item.
 */
export const CHECK_IN_SHARDS = 16;
/** The longest "who was here" window: a traced case asks about a visit, not a venue's month. */
export const VISITORS_MAX_HOURS = 24;
/** Check-ins are kept this long (TTL), then gone: long enough to trace a case. */
export const CHECK_IN_RETENTION_DAYS = 28;

export const CheckInInput = z
  .strictObject({
    /** The venue's code as printed (GW2.…), scanned by the visitor's phone. */
    code: z.string().min(10).max(200),
    /** Client ULID: a resend is the same check-in. */
    id: ResidentUlid,
    phone: z.string().max(30).optional(),
    /** A person code (健康码 / 个人码 number) instead of a phone. */
    personCode: z.string().trim().regex(/^[A-Za-z0-9-]{6,40}$/, '6–40 letters, digits, dashes').optional(),
  })
  .superRefine((c, ctx) => {
    if ((c.phone === undefined) === (c.personCode === undefined)) ctx.addIssue({ code: 'custom', path: ['phone'], message: 'give exactly one of phone and personCode' });
    if (c.phone !== undefined) {
      const problem = phoneProblem(normalisePhone(c.phone));
      if (problem) ctx.addIssue({ code: 'custom', path: ['phone'], message: problem });
    }
  });
export type CheckInInput = z.infer<typeof CheckInInput>;

export const VisitorsQuery = z
  .strictObject({ from: z.iso.datetime(), to: z.iso.datetime(), reason: z.string().trim().min(4).max(200) })
  .refine((q) => q.from < q.to && Date.parse(q.to) - Date.parse(q.from) <= VISITORS_MAX_HOURS * 3_600_000, { message: `from before to, at most ${VISITORS_MAX_HOURS} hours apart`, path: ['to'] });

/** The shard of a check-in: from its id, so a resend lands on the same item. */
export function checkInShard(id: string): number {
  return createHash('sha256').update(id).digest()[0] % CHECK_IN_SHARDS;
}

/** Instants an hour apart across a window, and its end: their tenant-local days are the days it touches. */
export function hoursOfWindow(from: string, to: string): Date[] {
  const hours: Date[] = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += 3_600_000) hours.push(new Date(t));
  return [...hours, new Date(to)];
}

/** How far a phone's clock may be from ours for its check-in id's time to be the check-in's time. */
export const CLIENT_CLOCK_TOLERANCE_MS = 10 * 60_000;

/**
 * When a check-in happened: the time in its client ULID if that is within the tolerance of now (so a
 * resend is the same item, dated the same), else now (a phone with a wrong clock: no dedup, still counted).
 */
export function checkInTime(idTime: number, now: Date): Date {
  return Math.abs(idTime - now.getTime()) <= CLIENT_CLOCK_TOLERANCE_MS ? new Date(idTime) : now;
}
