/**
 * The enforcement ladder (执法阶梯) as pure state machines, no I/O:
 * - a problem's rectification workflow: open → notice issued (整改通知书) → rectification reported →
 *   re-checked: passed → closed (销号), failed → open again with one more escalation and a new deadline;
 *   a closed problem that recurs (回头看) is reopened; overdue is derived (deadline passed, not closed);
 * - a venue's black card (挂黑牌 / 摘牌), suspension (停业整顿) and closure by a tenant-wide notice.
 * The data layer reads, calls these, and writes the result with its history event in one transaction.
 * docs/enforcement.md draws both machines and says who may do what.
 */
import * as z from 'zod';
import { badRequest, because, DomainError, type ErrorParams, type ErrorReason, forbidden } from '../../errors';
import { type Actor, hasRole, type Role } from '../actor';
import { InspectionId, PhotoId } from './inspection';
import { addDays, CalendarDate } from '../local-day';
import { type Problem, ProblemStatus } from './problem';
import { followUpDate, problemDeadline, type TenantRules } from '../rules';
import { inScope, type Scope } from '../scope';
import { SystemReason } from './system-reason';
import type { Venue, VenueStatus } from './venue';

/** An illegal transition: the action does not apply to the thing's current state. */
export const illegal = (message: string, details?: Record<string, unknown>) => new DomainError(409, 'illegal_transition', message, details);

// ————————————————————————————————————————————————————————————— problems

export const ProblemEventType = z.enum([
  'opened',
  'notice-issued',
  'rectification-reported',
  'recheck-passed',
  'recheck-failed',
  'reopened',
  'marked-overdue',
  'failed-again',
]);
export type ProblemEventType = z.infer<typeof ProblemEventType>;

/** One step of a problem's history: who, when, why, and the inspection it rests on. */
export const ProblemEvent = z.object({
  id: z.string(),
  problemId: z.string(),
  type: ProblemEventType,
  from: ProblemStatus.nullable(),
  to: ProblemStatus,
  at: z.string(),
  /** The tenant-local date of `at`. */
  date: z.string(),
  /** A user id, or 'system' for the scheduled escalation. */
  by: z.string(),
  reason: z.string().optional(),
  note: z.string().optional(),
  inspectionId: z.string().optional(),
  /** The deadline after this step (absent on 'opened' once later steps changed it). */
  deadline: z.string().optional(),
  noticeNumber: z.string().optional(),
  photoIds: z.array(z.string()).optional(),
  escalations: z.number(),
  /** The problem's version after this step. */
  version: z.number(),
});
export type ProblemEvent = z.infer<typeof ProblemEvent>;

export type ProblemAction =
  | { type: 'issue-notice'; number: string; deadline?: string; requirements?: string }
  | { type: 'report-rectification'; note: string; photoIds: string[] }
  | { type: 'recheck'; passed: boolean; note?: string; inspectionId?: string }
  | { type: 'reopen'; reason: string; inspectionId?: string }
  | { type: 'mark-overdue' };
export type ProblemActionType = ProblemAction['type'];

export interface LadderContext {
  /** User id, or 'system'. */
  by: string;
  /** ISO time of the action. */
  at: string;
  /** The tenant-local date of `at`. */
  today: string;
  rules: Pick<TenantRules, 'problemDeadlineDays' | 'followUp'>;
}

export interface ProblemTransition {
  next: Problem;
  event: Omit<ProblemEvent, 'id'>;
  /** Change of the venue's openProblems counter: -1 on close, +1 on reopen. */
  openDelta: -1 | 0 | 1;
}

/** Overdue is derived, never stored as a status: the deadline has passed and it is not closed. */
export const isOverdue = (p: Pick<Problem, 'status' | 'deadline'>, today: string) => p.status !== 'closed' && p.deadline < today;

/** The states each action starts from. */
export const PROBLEM_ACTION_FROM: Record<ProblemActionType, readonly ProblemStatus[]> = {
  'issue-notice': ['open'],
  'report-rectification': ['notice-issued'],
  recheck: ['rectification-reported'],
  reopen: ['closed'],
  'mark-overdue': ['open', 'notice-issued', 'rectification-reported'],
};

const CLOSED = 'the problem is closed (已销号)';
const WHY_NOT: Record<ProblemActionType, Partial<Record<ProblemStatus, string>>> = {
  'issue-notice': {
    'notice-issued': 'a rectification notice (整改通知书) has already been issued; the venue reports its rectification next',
    'rectification-reported': 'the venue has already reported its rectification; re-check it',
    closed: `${CLOSED}; reopen it first if the problem came back`,
  },
  'report-rectification': {
    open: 'no rectification notice (整改通知书) has been issued yet; issue one first',
    'rectification-reported': 'the rectification has already been reported and awaits a re-check (复查)',
    closed: CLOSED,
  },
  recheck: {
    open: 'a problem cannot be closed without a passed re-check of a reported rectification; issue a notice and record the rectification first',
    'notice-issued': 'the venue has not reported its rectification yet; record it before the re-check',
    closed: `${CLOSED}; nothing to re-check`,
  },
  reopen: {
    open: 'only a closed problem can be reopened; this one is still open',
    'notice-issued': 'only a closed problem can be reopened; this one is still being rectified',
    'rectification-reported': 'only a closed problem can be reopened; this one awaits a re-check',
  },
  'mark-overdue': { closed: 'a closed problem is never overdue' },
};

/**
 * May this actor act on this problem? Admins anywhere in the tenant; supervisors and inspectors in
 * their grid scope; industry authorities read the ledger of their kinds but do not record steps.
 */
export function authorizeProblemAction(actor: Actor, scope: Scope, problem: Pick<Problem, 'gridPath'>): void {
  if (hasRole(actor, 'tenant-admin')) return;
  if (!hasRole(actor, 'supervisor', 'inspector')) {
    throw forbidden('only inspectors, supervisors and admins record notices, rectifications and re-checks; industry authorities read the ledger', because('role.authority.readsOnly'));
  }
  if (!inScope(scope, problem.gridPath)) throw forbidden('this problem is outside your grids', because('scope.problem'));
}

const MAX_DEADLINE_DAYS = 365;

/**
 * A re-check by an inspection that found the item fixed on site closes the problem from any open
 * state (shared/domain/venues/recheck.ts says when an inspection re-checks a problem).
 */
const passedOnSite = (p: Problem, action: ProblemAction) => action.type === 'recheck' && action.passed && !!action.inspectionId && p.status !== 'closed';

/** Apply one action to a problem, or refuse it (409 illegal_transition, 400 for a bad deadline). */
export function applyProblemAction(p: Problem, action: ProblemAction, ctx: LadderContext): ProblemTransition {
  if (!PROBLEM_ACTION_FROM[action.type].includes(p.status) && !passedOnSite(p, action)) {
    const why = WHY_NOT[action.type][p.status] ?? `not allowed while the problem is ${p.status}`;
    throw illegal(`cannot ${action.type.replace('-', ' ')}: ${why}`, { status: p.status, action: action.type, ...because('problem.step', { action: action.type, status: p.status }) });
  }
  const base: Problem = { ...p, version: p.version + 1, updatedAt: ctx.at };
  /** The current deadline joins the missed ones if it has passed. */
  const missed = () => (p.deadline < ctx.today ? [...new Set([...(p.missedDeadlines ?? []), p.deadline])] : p.missedDeadlines);
  const freshDeadline = () => problemDeadline(ctx.rules, p.severity, ctx.today);
  const event = (type: ProblemEventType, next: Problem, extra: Partial<ProblemEvent> = {}): Omit<ProblemEvent, 'id'> => ({
    problemId: p.id,
    type,
    from: p.status,
    to: next.status,
    at: ctx.at,
    date: ctx.today,
    by: ctx.by,
    deadline: next.deadline,
    escalations: next.escalations,
    version: next.version,
    ...extra,
  });

  switch (action.type) {
    case 'issue-notice': {
      const deadline = action.deadline ?? (p.deadline >= ctx.today ? p.deadline : freshDeadline());
      if (deadline < ctx.today) throw badRequest('deadline', 'must not be before today', 'deadline.past');
      if (deadline > addDays(ctx.today, MAX_DEADLINE_DAYS)) throw badRequest('deadline', `must be within ${MAX_DEADLINE_DAYS} days`, 'deadline.tooFar', { days: MAX_DEADLINE_DAYS });
      const moved = deadline !== p.deadline;
      const next: Problem = {
        ...base,
        status: 'notice-issued',
        deadline,
        notice: { number: action.number, issuedAt: ctx.at, issuedBy: ctx.by, deadline, requirements: action.requirements },
        missedDeadlines: moved ? missed() : p.missedDeadlines,
        overdueSince: moved ? undefined : p.overdueSince,
      };
      return { next, openDelta: 0, event: event('notice-issued', next, { noticeNumber: action.number, reason: action.requirements }) };
    }
    case 'report-rectification': {
      const next: Problem = {
        ...base,
        status: 'rectification-reported',
        rectification: { reportedAt: ctx.at, reportedBy: ctx.by, note: action.note, photoIds: action.photoIds },
      };
      return { next, openDelta: 0, event: event('rectification-reported', next, { note: action.note, photoIds: action.photoIds }) };
    }
    case 'recheck': {
      const recheck = { at: ctx.at, by: ctx.by, passed: action.passed, note: action.note, inspectionId: action.inspectionId };
      const extra = { note: action.note, inspectionId: action.inspectionId };
      if (action.passed) {
        const next: Problem = {
          ...base,
          status: 'closed',
          recheck,
          closedAt: ctx.at,
          closedBy: ctx.by,
          followUpDue: followUpDate(ctx.rules, ctx.today),
          missedDeadlines: missed(),
          overdueSince: undefined,
        };
        return { next, openDelta: -1, event: event('recheck-passed', next, extra) };
      }
      const next: Problem = {
        ...base,
        status: 'open',
        recheck,
        escalations: p.escalations + 1,
        deadline: freshDeadline(),
        missedDeadlines: missed(),
        overdueSince: undefined,
      };
      return { next, openDelta: 0, event: event('recheck-failed', next, extra) };
    }
    case 'reopen': {
      const next: Problem = {
        ...base,
        status: 'open',
        escalations: p.escalations + 1,
        deadline: freshDeadline(),
        closedAt: undefined,
        closedBy: undefined,
        overdueSince: undefined,
      };
      return { next, openDelta: 1, event: event('reopened', next, { reason: action.reason, inspectionId: action.inspectionId }) };
    }
    case 'mark-overdue': {
      if (!isOverdue(p, ctx.today)) throw illegal(`cannot mark overdue: the deadline ${p.deadline} has not passed`, { status: p.status, action: action.type, ...because('problem.notOverdue', { deadline: p.deadline }) });
      if (p.overdueSince) throw illegal(`already marked overdue on ${p.overdueSince}`, { status: p.status, action: action.type, ...because('problem.alreadyOverdue', { since: p.overdueSince }) });
      const next: Problem = { ...base, overdueSince: ctx.today };
      return { next, openDelta: 0, event: event('marked-overdue', next) };
    }
  }
}

/** Official numbers: rectification notices `2026-第7号`, bulletins `2026-第15期`. */
export const noticeNumber = (year: string, seq: number) => `${year}-第${seq}号`;
export const bulletinNumber = (year: string, seq: number) => `${year}-第${seq}期`;

// ————————————————————————————————————————————————————————————— venues

export const VenueEventType = z.enum([
  'black-card-issued',
  'black-card-removed',
  'suspension-recommended',
  'suspension-approved',
  'suspension-rejected',
  'reopened',
  'closed-by-notice',
  'reopened-by-notice',
  // 联合执法 (shared/domain/venues/joint-enforcement.ts): referred to the agencies, their outcome recorded.
  'joint-referred',
  'joint-concluded',
]);
export type VenueEventType = z.infer<typeof VenueEventType>;

/** One step of a venue's enforcement history (black cards, suspensions, closures). */
export const VenueEvent = z.object({
  id: z.string(),
  venueId: z.string(),
  venueName: z.string(),
  venueKind: z.string(),
  gridPath: z.string(),
  type: VenueEventType,
  at: z.string(),
  date: z.string(),
  by: z.string(),
  reason: z.string(),
  /** A reason the system wrote, as codes (shared/domain/venues/system-reason.ts); `reason` is then its English wording. */
  reasonCodes: z.array(SystemReason).optional(),
  statusAfter: z.string(),
  source: z.string().optional(),
  triggers: z.array(z.string()).optional(),
  inspectionId: z.string().optional(),
  bulletinId: z.string().optional(),
  noticeId: z.string().optional(),
  problemId: z.string().optional(),
  /** 联合执法: the referral, the agencies (codes) and, when concluded, their outcome. */
  referralId: z.string().optional(),
  agencies: z.array(z.string()).optional(),
  outcome: z.string().optional(),
});
export type VenueEvent = z.infer<typeof VenueEvent>;

export type VenueAction =
  | { type: 'issue-black-card'; source: 'rules' | 'supervisor' | 'bulletin'; reason: string; reasonCodes?: SystemReason[]; triggers?: string[]; bulletinId?: string; problemId?: string }
  | { type: 'remove-black-card'; reason: string; inspections: readonly InspectionEvidence[] }
  | { type: 'recommend-suspension'; reason: string; reasonCodes?: SystemReason[]; inspectionId?: string }
  | { type: 'approve-suspension'; reason: string }
  | { type: 'reject-suspension'; reason: string }
  | { type: 'reopen'; reason: string; inspections: readonly InspectionEvidence[] }
  | { type: 'notice-close'; noticeId: string; action: 'close' | 'pause'; reason: string }
  | { type: 'notice-reopen'; noticeId: string; reason: string };
export type VenueActionType = VenueAction['type'];

/** Registers: small tenant-wide lists kept with the venue in the same transaction. */
export type RegisterName = 'BLACKCARD' | 'SUSPENSION';

export interface VenueChange {
  set: Partial<Venue>;
  remove: ('blackCard' | 'suspension' | 'closure')[];
  event: Omit<VenueEvent, 'id' | 'date'>;
  registers: Partial<Record<RegisterName, 'put' | 'delete'>>;
}

/** An inspection of the venue as the evidence for 摘牌 and reopening reads it (from its history). */
export interface InspectionEvidence {
  endedAt: string;
  outcome: string;
}

const latest = (times: (string | undefined)[]) => times.reduce<string | undefined>((a, b) => (b !== undefined && (a === undefined || b > a) ? b : a), undefined);

/**
 * Has the venue passed since `since`, judged by its inspections themselves: the newest evidence after
 * `since` — a passing inspection, or one of its problems closed by a passed re-check — is newer than
 * every failed inspection after `since`. The venue's own summary (lastInspectedAt/lastOutcome) can
 * only hold it back: the history index may lag an inspection stored a moment ago, but a summary is
 * never evidence of a pass on its own.
 */
export function passedSince(
  venue: Pick<Venue, 'lastRecheckPassedAt' | 'lastOutcome' | 'lastInspectedAt'>,
  since: string,
  inspections: readonly InspectionEvidence[],
): boolean {
  const after = inspections.filter((i) => i.endedAt >= since);
  if (venue.lastInspectedAt && venue.lastInspectedAt >= since && venue.lastOutcome && venue.lastOutcome !== 'pass') {
    after.push({ endedAt: venue.lastInspectedAt, outcome: venue.lastOutcome });
  }
  const lastFailure = latest(after.filter((i) => i.outcome !== 'pass').map((i) => i.endedAt));
  const recheck = venue.lastRecheckPassedAt && venue.lastRecheckPassedAt >= since ? venue.lastRecheckPassedAt : undefined;
  const evidence = latest([...after.filter((i) => i.outcome === 'pass').map((i) => i.endedAt), recheck]);
  return evidence !== undefined && (lastFailure === undefined || evidence > lastFailure);
}

/** From when a step's evidence counts: the black card's issue (摘牌), the suspension's decision (reopen). */
export function evidenceSince(venue: Pick<Venue, 'blackCard' | 'suspension'>, type: 'remove-black-card' | 'reopen'): string | undefined {
  if (type === 'remove-black-card') return venue.blackCard?.since;
  return venue.suspension && (venue.suspension.decidedAt ?? venue.suspension.recommendedAt);
}

/** Who may do each venue action from the API (notices are tenant-wide: see the notice route). */
export const VENUE_ACTION_ROLES: Record<Exclude<VenueActionType, 'notice-close' | 'notice-reopen'>, readonly Role[]> = {
  'issue-black-card': ['supervisor'],
  'remove-black-card': ['supervisor'],
  'recommend-suspension': ['tenant-admin', 'supervisor', 'inspector'],
  'approve-suspension': ['supervisor'],
  'reject-suspension': ['supervisor'],
  reopen: ['supervisor'],
};

export function authorizeVenueAction(actor: Actor, scope: Scope, venue: Pick<Venue, 'gridPath'>, type: keyof typeof VENUE_ACTION_ROLES): void {
  const roles = VENUE_ACTION_ROLES[type];
  if (!hasRole(actor, ...roles)) throw forbidden(`only ${roles.join(' or ')} may ${type.replace(/-/g, ' ')}`, because('role.needed', { roles: roles.join(',') }));
  if (hasRole(actor, 'tenant-admin') && roles.includes('tenant-admin')) return;
  if (!inScope(scope, venue.gridPath)) throw forbidden('this venue is outside your grids', because('scope.venue'));
}

/**
 * Apply one action to a venue's enforcement state. Returns null when a notice finds the venue
 * already as it wants it (re-runs of a notice are harmless); refuses anything else that does not
 * apply with 409 illegal_transition.
 */
export function applyVenueAction(venue: Venue, action: VenueAction, ctx: { by: string; at: string }): VenueChange | null {
  const fail = (message: string, reason: ErrorReason, params?: ErrorParams) => illegal(message, { status: venue.status, action: action.type, ...because(reason, params) });
  const change = (set: Partial<Venue>, remove: VenueChange['remove'], type: VenueEventType, registers: VenueChange['registers'], extra: Partial<VenueEvent> = {}): VenueChange => {
    const statusAfter: VenueStatus = set.status ?? venue.status;
    return {
      set,
      remove,
      registers,
      event: {
        venueId: venue.id,
        venueName: venue.name,
        venueKind: venue.kind,
        gridPath: venue.gridPath,
        type,
        at: ctx.at,
        by: ctx.by,
        reason: 'reason' in action ? action.reason : '',
        ...('reasonCodes' in action && action.reasonCodes && { reasonCodes: action.reasonCodes }),
        statusAfter,
        ...extra,
      },
    };
  };

  switch (action.type) {
    case 'issue-black-card': {
      if (venue.blackCard) throw fail(`the venue is already black-carded (挂黑牌) since ${venue.blackCard.since}`, 'venue.blackCarded', { since: venue.blackCard.since });
      const blackCard = {
        since: ctx.at,
        reason: action.reason,
        ...(action.reasonCodes && { reasonCodes: action.reasonCodes }),
        source: action.source,
        by: ctx.by,
        ...(action.triggers && { triggers: action.triggers }),
        ...(action.bulletinId && { bulletinId: action.bulletinId }),
        ...(action.problemId && { problemId: action.problemId }),
      };
      return change({ blackCard }, [], 'black-card-issued', { BLACKCARD: 'put' }, {
        source: action.source,
        triggers: action.triggers,
        bulletinId: action.bulletinId,
        problemId: action.problemId,
      });
    }
    case 'remove-black-card': {
      if (!venue.blackCard) throw fail('the venue is not black-carded', 'venue.notBlackCarded');
      if (!passedSince(venue, venue.blackCard.since, action.inspections)) {
        throw fail(
          `removing the black card (摘牌) needs a passed re-check after it was issued (${venue.blackCard.since}), newer than any failed inspection since: close one of its problems with a passed re-check, or record a passing inspection`,
          'venue.blackCardNeedsRecheck',
          { since: venue.blackCard.since },
        );
      }
      return change({}, ['blackCard'], 'black-card-removed', { BLACKCARD: 'delete' });
    }
    case 'recommend-suspension': {
      if (venue.status === 'closed') throw fail('the venue is closed by a notice', 'venue.closedByNotice');
      if (venue.status === 'suspended') throw fail('the venue is already suspended (停业整顿)', 'venue.suspended');
      if (venue.suspension) throw fail(`suspension was already recommended on ${venue.suspension.recommendedAt} and awaits a supervisor's decision`, 'venue.suspensionPending', { since: venue.suspension.recommendedAt });
      const suspension = {
        state: 'recommended' as const,
        reason: action.reason,
        ...(action.reasonCodes && { reasonCodes: action.reasonCodes }),
        recommendedAt: ctx.at,
        recommendedBy: ctx.by,
        ...(action.inspectionId && { inspectionId: action.inspectionId }),
      };
      return change({ suspension }, [], 'suspension-recommended', { SUSPENSION: 'put' }, { inspectionId: action.inspectionId });
    }
    case 'approve-suspension':
    case 'reject-suspension': {
      if (venue.suspension?.state !== 'recommended') {
        throw fail(venue.suspension ? 'the suspension was already approved' : 'there is no suspension recommendation to decide', venue.suspension ? 'venue.suspensionDecided' : 'venue.noSuspension');
      }
      if (action.type === 'reject-suspension') return change({}, ['suspension'], 'suspension-rejected', { SUSPENSION: 'delete' });
      const suspension = { ...venue.suspension, state: 'approved' as const, decidedAt: ctx.at, decidedBy: ctx.by };
      // A venue closed by a notice stays closed; reopening it by notice then leaves it suspended.
      const status: VenueStatus = venue.status === 'closed' ? 'closed' : 'suspended';
      return change({ suspension, status }, [], 'suspension-approved', { SUSPENSION: 'put' });
    }
    case 'reopen': {
      if (venue.status === 'closed') throw fail(`the venue is closed by notice ${venue.closure?.noticeId ?? ''}; a reopening notice reopens it`.trim(), 'venue.closedByNotice');
      if (venue.status !== 'suspended' || !venue.suspension) throw fail('the venue is not suspended', 'venue.notSuspended');
      const since = evidenceSince(venue, 'reopen')!;
      if (!passedSince(venue, since, action.inspections)) {
        throw fail(`reopening needs a passed re-check after the suspension (${since}), newer than any failed inspection since: close a problem with a passed re-check, or record a passing inspection`, 'venue.reopenNeedsRecheck', { since });
      }
      return change({ status: 'open' }, ['suspension'], 'reopened', { SUSPENSION: 'delete' });
    }
    case 'notice-close': {
      if (venue.closure) return null;
      const closure = { noticeId: action.noticeId, action: action.action, since: ctx.at, reason: action.reason };
      return change({ status: 'closed', closure }, [], 'closed-by-notice', {}, { noticeId: action.noticeId });
    }
    case 'notice-reopen': {
      if (!venue.closure) return null;
      const status: VenueStatus = venue.suspension?.state === 'approved' ? 'suspended' : 'open';
      return change({ status }, ['closure'], 'reopened-by-notice', {}, { noticeId: action.noticeId });
    }
  }
}

// ————————————————————————————————————————————————————————————— API inputs

const Version = z.number().int().min(1);
const Reason = z.string().trim().min(1).max(500);

export const NoticeInput = z.strictObject({
  version: Version,
  /** Tenant-local date; default: the problem's deadline if still ahead, else one from the rules. */
  deadline: CalendarDate.optional(),
  /** 整改要求: what the venue must do, printed on the notice. */
  requirements: z.string().trim().min(1).max(1000).optional(),
});
export const RectificationInput = z.strictObject({
  version: Version,
  note: z.string().trim().min(1).max(2000),
  photoIds: z.array(PhotoId).max(10).default([]),
});
/**
 * A re-check either links an inspection of the venue whose result for the problem's item decides it,
 * or is recorded inline by the caller with `passed` and a note.
 */
export const RecheckInput = z.union([
  z.strictObject({ version: Version, inspectionId: InspectionId, note: z.string().trim().max(2000).optional() }),
  z.strictObject({ version: Version, passed: z.boolean(), note: z.string().trim().min(1).max(2000) }),
]);
export const ReopenInput = z.strictObject({ version: Version, reason: Reason, inspectionId: InspectionId.optional() });

export const VenueActionInput = z.strictObject({ version: Version, reason: Reason });
export const SuspensionInput = z.strictObject({ version: Version, reason: Reason, inspectionId: InspectionId.optional() });
