import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/domain/actor';
import {
  applyProblemAction,
  applyVenueAction,
  authorizeProblemAction,
  authorizeVenueAction,
  bulletinNumber,
  isOverdue,
  noticeNumber,
  PROBLEM_ACTION_FROM,
  type ProblemAction,
  passedSince,
  type InspectionEvidence,
  type VenueAction,
} from '../../shared/domain/venues/ladder';
import type { Problem, ProblemStatus } from '../../shared/domain/venues/problem';
import { defaultRules } from '../../shared/domain/rules';
import type { Scope } from '../../shared/domain/scope';
import type { Venue } from '../../shared/domain/venues/venue';
import { DomainError } from '../../shared/errors';

const rules = defaultRules(); // deadlines critical 1 / major 3 / minor 7 days; follow-up after 7 days
const ctx = { by: 'insp-1', at: '2026-11-25T02:00:00.000Z', today: '2026-11-25', rules };

const problem = (over: Partial<Problem> = {}): Problem => ({
  id: '01KAAAAAAAAAAAAAAAAAAAAAAA-masks',
  venueId: 'v1',
  venueName: '好又多超市',
  venueKind: 'supermarket',
  gridId: 'g1',
  gridPath: '/north/v1/g1/',
  inspectionId: '01KAAAAAAAAAAAAAAAAAAAAAAA',
  itemCode: 'masks',
  itemLabelZh: '佩戴口罩',
  severity: 'major',
  status: 'open',
  deadline: '2026-11-27',
  openedAt: '2026-11-24T02:00:00.000Z',
  openedBy: 'insp-1',
  escalations: 0,
  version: 1,
  updatedAt: '2026-11-24T02:00:00.000Z',
  ...over,
});

const STATUSES: ProblemStatus[] = ['open', 'notice-issued', 'rectification-reported', 'closed'];
const ACTIONS: Record<ProblemAction['type'], ProblemAction> = {
  'issue-notice': { type: 'issue-notice', number: '2026-第1号' },
  'report-rectification': { type: 'report-rectification', note: '已配发口罩', photoIds: [] },
  recheck: { type: 'recheck', passed: true, note: '复查合格' },
  reopen: { type: 'reopen', reason: '回头看发现问题复发' },
  'mark-overdue': { type: 'mark-overdue' },
};

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the problem state machine: which action applies in which state', () => {
  // Every action × every state: legal ones move on, illegal ones are a 409 with a message.
  for (const [type, action] of Object.entries(ACTIONS) as [ProblemAction['type'], ProblemAction][]) {
    for (const status of STATUSES) {
      const legal = PROBLEM_ACTION_FROM[type].includes(status);
      // mark-overdue also needs a passed deadline: give every state one.
      const p = problem({ status, deadline: type === 'mark-overdue' ? '2026-11-20' : '2026-11-27' });
      it(`${type} from ${status} is ${legal ? 'allowed' : 'refused with 409'}`, () => {
        if (legal) {
          const t = applyProblemAction(p, action, ctx);
          expect(t.next.version).toBe(2);
          expect(t.event).toMatchObject({ from: status, to: t.next.status, by: 'insp-1', at: ctx.at, date: '2026-11-25', version: 2 });
        } else {
          const error = refusal(() => applyProblemAction(p, action, ctx));
          expect(error.status).toBe(409);
          expect(error.code).toBe('illegal_transition');
          expect(error.message).toMatch(new RegExp(`^cannot ${type.replace('-', ' ')}: .{20,}`));
          expect(error.details).toMatchObject({ status, action: type });
        }
      });
    }
  }

  it('says why closing an open problem is refused', () => {
    const error = refusal(() => applyProblemAction(problem(), ACTIONS.recheck, ctx));
    expect(error.message).toContain('cannot be closed without a passed re-check');
  });
});

describe('each legal transition', () => {
  it('issue-notice: keeps a deadline still ahead, records the notice, numbers it', () => {
    const t = applyProblemAction(problem(), { type: 'issue-notice', number: '2026-第7号', requirements: '立即整改' }, ctx);
    expect(t.next).toMatchObject({ status: 'notice-issued', deadline: '2026-11-27', notice: { number: '2026-第7号', deadline: '2026-11-27', issuedBy: 'insp-1', requirements: '立即整改' } });
    expect(t.event).toMatchObject({ type: 'notice-issued', noticeNumber: '2026-第7号', deadline: '2026-11-27', reason: '立即整改' });
    expect(t.openDelta).toBe(0);
  });

  it('issue-notice: takes an explicit deadline; a passed one gets a fresh deadline from the rules and is counted as missed', () => {
    expect(applyProblemAction(problem(), { type: 'issue-notice', number: 'n', deadline: '2026-12-01' }, ctx).next.deadline).toBe('2026-12-01');
    const late = applyProblemAction(problem({ deadline: '2026-11-20', overdueSince: '2026-11-21' }), { type: 'issue-notice', number: 'n' }, ctx);
    expect(late.next.deadline).toBe('2026-11-28'); // major: today + 3
    expect(late.next.missedDeadlines).toEqual(['2026-11-20']);
    expect(late.next.overdueSince).toBeUndefined();
  });

  it('issue-notice: refuses a deadline in the past or more than a year ahead (400)', () => {
    expect(refusal(() => applyProblemAction(problem(), { type: 'issue-notice', number: 'n', deadline: '2026-11-24' }, ctx)).status).toBe(400);
    expect(refusal(() => applyProblemAction(problem(), { type: 'issue-notice', number: 'n', deadline: '2027-12-01' }, ctx)).status).toBe(400);
  });

  it('report-rectification: records note and photos', () => {
    const t = applyProblemAction(problem({ status: 'notice-issued' }), { type: 'report-rectification', note: '已整改', photoIds: ['01KBBBBBBBBBBBBBBBBBBBBBBB'] }, ctx);
    expect(t.next).toMatchObject({ status: 'rectification-reported', rectification: { note: '已整改', reportedBy: 'insp-1', photoIds: ['01KBBBBBBBBBBBBBBBBBBBBBBB'] } });
    expect(t.event).toMatchObject({ type: 'rectification-reported', note: '已整改' });
  });

  it('recheck passed: closes (销号), schedules the follow-up, decrements the venue counter', () => {
    const t = applyProblemAction(problem({ status: 'rectification-reported' }), { type: 'recheck', passed: true, inspectionId: 'I1' }, ctx);
    expect(t.next).toMatchObject({ status: 'closed', closedAt: ctx.at, closedBy: 'insp-1', followUpDue: '2026-12-02', recheck: { passed: true, inspectionId: 'I1' } });
    expect(t.openDelta).toBe(-1);
    expect(t.event).toMatchObject({ type: 'recheck-passed', inspectionId: 'I1', to: 'closed' });
  });

  it('recheck passed late: the missed deadline is kept', () => {
    const t = applyProblemAction(problem({ status: 'rectification-reported', deadline: '2026-11-22' }), ACTIONS.recheck, ctx);
    expect(t.next.missedDeadlines).toEqual(['2026-11-22']);
  });

  it('recheck failed: back to open, one more escalation, a new deadline', () => {
    const t = applyProblemAction(problem({ status: 'rectification-reported', escalations: 1 }), { type: 'recheck', passed: false, note: '仍未佩戴' }, ctx);
    expect(t.next).toMatchObject({ status: 'open', escalations: 2, deadline: '2026-11-28', recheck: { passed: false } });
    expect(t.openDelta).toBe(0);
    expect(t.event).toMatchObject({ type: 'recheck-failed', escalations: 2, deadline: '2026-11-28' });
  });

  it('reopen: a closed problem comes back, counted on the venue again', () => {
    const t = applyProblemAction(problem({ status: 'closed', closedAt: 'x', closedBy: 'y' }), ACTIONS.reopen, ctx);
    expect(t.next).toMatchObject({ status: 'open', escalations: 1, deadline: '2026-11-28' });
    expect(t.next.closedAt).toBeUndefined();
    expect(t.openDelta).toBe(1);
    expect(t.event).toMatchObject({ type: 'reopened', reason: '回头看发现问题复发' });
  });

  it('mark-overdue: once per deadline, only when the deadline has passed', () => {
    const t = applyProblemAction(problem({ deadline: '2026-11-24' }), ACTIONS['mark-overdue'], { ...ctx, by: 'system' });
    expect(t.next).toMatchObject({ status: 'open', overdueSince: '2026-11-25' });
    expect(t.event).toMatchObject({ type: 'marked-overdue', by: 'system', from: 'open', to: 'open' });
    expect(refusal(() => applyProblemAction(t.next, ACTIONS['mark-overdue'], ctx)).message).toContain('already marked overdue');
    expect(refusal(() => applyProblemAction(problem({ deadline: '2026-11-25' }), ACTIONS['mark-overdue'], ctx)).message).toContain('has not passed');
  });

  it('derives overdue at read time: deadline before today and not closed', () => {
    expect(isOverdue({ status: 'open', deadline: '2026-11-24' }, '2026-11-25')).toBe(true);
    expect(isOverdue({ status: 'notice-issued', deadline: '2026-11-25' }, '2026-11-25')).toBe(false);
    expect(isOverdue({ status: 'closed', deadline: '2026-11-01' }, '2026-11-25')).toBe(false);
  });

  it('numbers notices and bulletins per year', () => {
    expect(noticeNumber('2026', 7)).toBe('2026-第7号');
    expect(bulletinNumber('2026', 15)).toBe('2026-第15期');
  });
});

describe('who may act on a problem', () => {
  const actor = (roles: Actor['roles']): Actor => ({ userId: 'u', tenantId: 't', roles, gridIds: [], venueKinds: ['supermarket'] });
  const north: Scope = { kind: 'subtrees', roots: ['/north/'] };
  const south: Scope = { kind: 'subtrees', roots: ['/south/'] };
  const p = problem();

  it('lets admins act anywhere and inspectors and supervisors in their scope', () => {
    expect(() => authorizeProblemAction(actor(['tenant-admin']), { kind: 'tenant' }, p)).not.toThrow();
    expect(() => authorizeProblemAction(actor(['inspector']), north, p)).not.toThrow();
    expect(() => authorizeProblemAction(actor(['supervisor']), { kind: 'tenant' }, p)).not.toThrow();
  });

  it('refuses out of scope and industry authorities with 403', () => {
    expect(refusal(() => authorizeProblemAction(actor(['inspector']), south, p)).status).toBe(403);
    expect(refusal(() => authorizeProblemAction(actor(['supervisor']), south, p)).status).toBe(403);
    expect(refusal(() => authorizeProblemAction(actor(['industry-authority']), { kind: 'tenant' }, p)).status).toBe(403);
  });
});

describe('the venue state machine', () => {
  const at = '2026-11-25T02:00:00.000Z';
  const venue = (over: Partial<Venue> = {}): Venue => ({
    id: 'v1',
    name: '星空网吧',
    kind: 'internet-cafe',
    gridId: 'g1',
    gridPath: '/north/v1/g1/',
    address: '北村',
    risk: 'green',
    status: 'open',
    codeVersion: 1,
    openProblems: 0,
    version: 3,
    createdAt: at,
    updatedAt: at,
    ...over,
  });
  const apply = (v: Venue, a: VenueAction) => applyVenueAction(v, a, { by: 'boss', at });
  const card = { since: '2026-11-20T00:00:00.000Z', reason: 'x', source: 'supervisor' as const };
  const recommended = { state: 'recommended' as const, reason: 'r', recommendedAt: '2026-11-20T00:00:00.000Z', recommendedBy: 'insp' };
  const approved = { ...recommended, state: 'approved' as const, decidedAt: '2026-11-21T00:00:00.000Z', decidedBy: 'boss' };

  it('issues a black card once, with its source, and registers it', () => {
    const change = apply(venue(), { type: 'issue-black-card', source: 'rules', reason: '规则', triggers: ['failed-inspections'] })!;
    expect(change.set.blackCard).toMatchObject({ since: at, source: 'rules', triggers: ['failed-inspections'], by: 'boss' });
    expect(change.registers).toEqual({ BLACKCARD: 'put' });
    expect(change.event).toMatchObject({ type: 'black-card-issued', statusAfter: 'open', source: 'rules' });
    expect(refusal(() => apply(venue({ blackCard: card }), { type: 'issue-black-card', source: 'supervisor', reason: 'x' })).status).toBe(409);
  });

  it('removes a black card (摘牌) only after a passed re-check since it was issued', () => {
    const remove = (inspections: InspectionEvidence[] = []): VenueAction => ({ type: 'remove-black-card', reason: '整改到位', inspections });
    const passed = { endedAt: '2026-11-22T00:00:00.000Z', outcome: 'pass' };
    expect(refusal(() => apply(venue(), remove())).message).toContain('not black-carded');
    expect(refusal(() => apply(venue({ blackCard: card, lastRecheckPassedAt: '2026-11-19T00:00:00.000Z' }), remove())).message).toContain('needs a passed re-check');
    expect(apply(venue({ blackCard: card, lastRecheckPassedAt: '2026-11-22T00:00:00.000Z' }), remove())).toMatchObject({ remove: ['blackCard'], registers: { BLACKCARD: 'delete' } });
    expect(apply(venue({ blackCard: card }), remove([passed]))?.event.type).toBe('black-card-removed');
    // An inspection from before the card is no evidence.
    expect(refusal(() => apply(venue({ blackCard: card }), remove([{ endedAt: '2026-11-19T00:00:00.000Z', outcome: 'pass' }]))).status).toBe(409);
  });

  it('judges 摘牌 by the newest evidence among the inspections themselves, not by the venue summary', () => {
    const since = card.since;
    const pass = (endedAt: string) => ({ endedAt, outcome: 'pass' });
    const fail = (endedAt: string) => ({ endedAt, outcome: 'rectification-required' });
    // The newest inspection after the card failed: older passes do not count, whatever the summary says.
    expect(passedSince({ lastOutcome: 'pass', lastInspectedAt: '2026-11-22T00:00:09.000Z' }, since, [pass('2026-11-22T00:00:01.000Z'), pass('2026-11-22T00:00:05.000Z'), fail('2026-11-22T00:00:10.000Z')])).toBe(false);
    expect(passedSince({}, since, [fail('2026-11-22T00:00:01.000Z'), pass('2026-11-22T00:00:05.000Z')])).toBe(true);
    // A summary alone is never evidence of a pass, but a failing summary the history has not shown yet holds it back.
    expect(passedSince({ lastOutcome: 'pass', lastInspectedAt: '2026-11-22T00:00:00.000Z' }, since, [])).toBe(false);
    expect(passedSince({ lastOutcome: 'rectification-required', lastInspectedAt: '2026-11-23T00:00:00.000Z' }, since, [pass('2026-11-22T00:00:00.000Z')])).toBe(false);
    // A passed re-check after the newest failure is evidence; one before it is not.
    expect(passedSince({ lastRecheckPassedAt: '2026-11-23T00:00:00.000Z' }, since, [fail('2026-11-22T00:00:00.000Z')])).toBe(true);
    expect(passedSince({ lastRecheckPassedAt: '2026-11-21T00:00:00.000Z' }, since, [fail('2026-11-22T00:00:00.000Z')])).toBe(false);
  });

  it('recommends a suspension only for an open venue without one', () => {
    const recommend: VenueAction = { type: 'recommend-suspension', reason: '多次不合格', inspectionId: 'I1' };
    expect(apply(venue(), recommend)).toMatchObject({ set: { suspension: { state: 'recommended', recommendedBy: 'boss', inspectionId: 'I1' } }, registers: { SUSPENSION: 'put' } });
    expect(refusal(() => apply(venue({ suspension: recommended }), recommend)).message).toContain('awaits a supervisor');
    expect(refusal(() => apply(venue({ status: 'suspended', suspension: approved }), recommend)).message).toContain('already suspended');
    expect(refusal(() => apply(venue({ status: 'closed' }), recommend)).message).toContain('closed by a notice');
  });

  it('approves (→ suspended) or rejects a pending recommendation, nothing else', () => {
    expect(apply(venue({ suspension: recommended }), { type: 'approve-suspension', reason: '同意' })).toMatchObject({
      set: { status: 'suspended', suspension: { state: 'approved', decidedBy: 'boss', decidedAt: at } },
    });
    expect(apply(venue({ suspension: recommended }), { type: 'reject-suspension', reason: '不予批准' })).toMatchObject({ set: {}, remove: ['suspension'], registers: { SUSPENSION: 'delete' } });
    for (const type of ['approve-suspension', 'reject-suspension'] as const) {
      expect(refusal(() => apply(venue(), { type, reason: 'x' })).message).toContain('no suspension recommendation');
      expect(refusal(() => apply(venue({ status: 'suspended', suspension: approved }), { type, reason: 'x' })).message).toContain('already approved');
    }
    // A venue closed by a notice stays closed when its suspension is approved.
    expect(apply(venue({ status: 'closed', suspension: recommended }), { type: 'approve-suspension', reason: 'x' })?.set.status).toBe('closed');
  });

  it('reopens a suspended venue only after a passed re-check since the decision', () => {
    const reopen: VenueAction = { type: 'reopen', reason: '复查合格', inspections: [] };
    expect(refusal(() => apply(venue(), reopen)).message).toContain('not suspended');
    expect(refusal(() => apply(venue({ status: 'closed', closure: { noticeId: 'N1', action: 'close', since: at, reason: 'x' } }), reopen)).message).toContain('notice N1');
    expect(refusal(() => apply(venue({ status: 'suspended', suspension: approved }), reopen)).message).toContain('needs a passed re-check');
    const ok = apply(venue({ status: 'suspended', suspension: approved, lastRecheckPassedAt: '2026-11-24T00:00:00.000Z' }), reopen);
    expect(ok).toMatchObject({ set: { status: 'open' }, remove: ['suspension'], registers: { SUSPENSION: 'delete' } });
  });

  it('closes and reopens by notice, harmlessly when run again', () => {
    const close: VenueAction = { type: 'notice-close', noticeId: 'N1', action: 'pause', reason: '暂停营业' };
    const closed = apply(venue(), close)!;
    expect(closed.set).toMatchObject({ status: 'closed', closure: { noticeId: 'N1', action: 'pause' } });
    const v = venue({ status: 'closed', closure: closed.set.closure });
    expect(apply(v, close)).toBeNull();
    expect(apply(v, { type: 'notice-reopen', noticeId: 'N2', reason: '恢复营业' })).toMatchObject({ set: { status: 'open' }, remove: ['closure'] });
    expect(apply(venue(), { type: 'notice-reopen', noticeId: 'N2', reason: 'x' })).toBeNull();
    // A venue suspended before the notice goes back to suspended.
    expect(apply({ ...v, suspension: approved }, { type: 'notice-reopen', noticeId: 'N2', reason: 'x' })?.set.status).toBe('suspended');
  });

  it('lets only supervisors in scope black-card, decide and reopen; inspectors may recommend', () => {
    const who = (roles: Actor['roles']): Actor => ({ userId: 'u', tenantId: 't', roles, gridIds: [], venueKinds: [] });
    const north: Scope = { kind: 'subtrees', roots: ['/north/'] };
    const south: Scope = { kind: 'subtrees', roots: ['/south/'] };
    const v = venue();
    expect(() => authorizeVenueAction(who(['supervisor']), north, v, 'issue-black-card')).not.toThrow();
    expect(refusal(() => authorizeVenueAction(who(['supervisor']), south, v, 'issue-black-card')).status).toBe(403);
    expect(refusal(() => authorizeVenueAction(who(['inspector']), north, v, 'approve-suspension')).status).toBe(403);
    expect(refusal(() => authorizeVenueAction(who(['tenant-admin']), { kind: 'tenant' }, v, 'remove-black-card')).status).toBe(403);
    expect(() => authorizeVenueAction(who(['inspector']), north, v, 'recommend-suspension')).not.toThrow();
    expect(() => authorizeVenueAction(who(['tenant-admin']), { kind: 'tenant' }, v, 'recommend-suspension')).not.toThrow();
  });
});
