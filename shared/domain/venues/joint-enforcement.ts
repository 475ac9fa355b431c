/**
 * 联合执法 (joint enforcement), pure: a hard case in the problem ledger is referred to the agencies
 * that can act on it (police, health, market regulation: the tenant's rules list them), and their
 * outcome is recorded when they report back. While a referral is open the venue carries it
 * (`jointReferral`); both steps are events of the venue's enforcement history and are counted in the
 * daily report (jointReferrals). docs/enforcement.md.
 */
import * as z from 'zod';
import { badRequest, conflict, DomainError, eachOnce, forbidden } from '../../errors';
import type { Actor } from '../actor';
import { hasRole } from '../actor';
import { InspectionId } from './inspection';
import { ProblemId, type Problem } from './problem';
import type { Venue } from './venue';

const Code = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'lower-case letters, digits, - (1–32)');

export const JointAgency = z.strictObject({ code: Code, nameZh: z.string().trim().min(1).max(40), nameEn: z.string().trim().min(1).max(60) });
export type JointAgency = z.infer<typeof JointAgency>;

/** The tenant's rules for joint enforcement: the agencies a case can be referred to. */
export const JointEnforcementRules = z.strictObject({
  agencies: z
    .array(JointAgency)
    .min(1)
    .max(20)
    .refine((a) => new Set(a.map((x) => x.code)).size === a.length, eachOnce('agency code')),
});
export type JointEnforcementRules = z.infer<typeof JointEnforcementRules>;

export const defaultJointEnforcementRules = (): JointEnforcementRules => ({
  agencies: [
    { code: 'police', nameZh: '公安', nameEn: 'Police' },
    { code: 'health', nameZh: '卫生健康', nameEn: 'Health' },
    { code: 'market-regulation', nameZh: '市场监管', nameEn: 'Market regulation' },
  ],
});

/** Who refers a case and records what the agencies did. */
export const JOINT_ROLES = ['supervisor', 'tenant-admin'] as const;

export const ReferralInput = z.strictObject({
  /** Client-generated: a resend is the same referral. */
  id: InspectionId,
  problemId: ProblemId,
  agencies: z
    .array(Code)
    .min(1)
    .max(20)
    .refine((a) => new Set(a).size === a.length, eachOnce('agency')),
  reason: z.string().trim().min(1).max(1000),
});
export type ReferralInput = z.infer<typeof ReferralInput>;

export const JointOutcome = z.enum(['rectified', 'penalised', 'closed-down', 'no-violation']);
export type JointOutcome = z.infer<typeof JointOutcome>;

export const OutcomeInput = z.strictObject({
  version: z.number().int().min(1),
  outcome: JointOutcome,
  note: z.string().trim().min(1).max(1000),
});
export type OutcomeInput = z.infer<typeof OutcomeInput>;

export const Referral = z.object({
  id: z.string(),
  problemId: z.string(),
  venueId: z.string(),
  venueName: z.string(),
  venueKind: z.string(),
  gridPath: z.string(),
  itemLabelZh: z.string(),
  agencies: z.array(JointAgency),
  reason: z.string(),
  status: z.enum(['referred', 'concluded']),
  referredAt: z.string(),
  /** Tenant-local date of the referral. */
  referredDate: z.string(),
  referredBy: z.string(),
  outcome: JointOutcome.optional(),
  outcomeNote: z.string().optional(),
  concludedAt: z.string().optional(),
  concludedDate: z.string().optional(),
  concludedBy: z.string().optional(),
  version: z.number(),
});
export type Referral = z.infer<typeof Referral>;

/** What the venue carries while a referral is open. */
export const VenueJointReferral = z.object({ referralId: z.string(), agencies: z.array(z.string()), since: z.string() });

const refused = (message: string, details?: Record<string, unknown>) => new DomainError(409, 'illegal_transition', message, details);

/** A new referral of a problem of the venue, or why not. */
export function referCase(
  venue: Venue,
  problem: Problem,
  input: ReferralInput,
  rules: JointEnforcementRules,
  ctx: { actor: Actor; at: string; date: string },
): Referral {
  if (!hasRole(ctx.actor, ...JOINT_ROLES)) throw forbidden(`only ${JOINT_ROLES.join(' or ')} may refer a case to joint enforcement`);
  if (problem.venueId !== venue.id) throw badRequest('body.problemId', 'the problem is not of this venue');
  if (problem.status === 'closed') throw refused('the problem is closed (已销号): nothing to refer');
  if (venue.jointReferral) throw refused('the venue already has an open joint-enforcement referral; record its outcome first', { referralId: venue.jointReferral.referralId });
  const byCode = new Map(rules.agencies.map((a) => [a.code, a]));
  const unknown = input.agencies.filter((c) => !byCode.has(c));
  if (unknown.length) throw badRequest('body.agencies', `unknown agencies: ${unknown.join(', ')} (the tenant's rules list ${[...byCode.keys()].join(', ')})`);
  return {
    id: input.id,
    problemId: problem.id,
    venueId: venue.id,
    venueName: venue.name,
    venueKind: venue.kind,
    gridPath: venue.gridPath,
    itemLabelZh: problem.itemLabelZh,
    agencies: input.agencies.map((c) => byCode.get(c)!),
    reason: input.reason,
    status: 'referred',
    referredAt: ctx.at,
    referredDate: ctx.date,
    referredBy: ctx.actor.userId,
    version: 1,
  };
}

/** The referral with the agencies' outcome, or why not. */
export function concludeCase(referral: Referral, input: OutcomeInput, ctx: { actor: Actor; at: string; date: string }): Referral {
  if (!hasRole(ctx.actor, ...JOINT_ROLES)) throw forbidden(`only ${JOINT_ROLES.join(' or ')} may record a joint-enforcement outcome`);
  if (referral.status === 'concluded') throw refused('the outcome of this referral is already recorded');
  if (referral.version !== input.version) throw conflict('the referral was changed by someone else; reload and try again', { currentVersion: referral.version });
  return {
    ...referral,
    status: 'concluded',
    outcome: input.outcome,
    outcomeNote: input.note,
    concludedAt: ctx.at,
    concludedDate: ctx.date,
    concludedBy: ctx.actor.userId,
    version: referral.version + 1,
  };
}

/** Is a stored referral the same as a resend of this input by this actor? (Same id, other content: 409.) */
export function sameReferral(stored: Referral, input: ReferralInput, actor: Actor): boolean {
  return stored.referredBy === actor.userId && stored.problemId === input.problemId && stored.reason === input.reason && stored.agencies.map((a) => a.code).join() === input.agencies.join();
}
