import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/domain/actor';
import { concludeCase, defaultJointEnforcementRules, referCase, sameReferral } from '../../shared/domain/venues/joint-enforcement';
import type { Problem } from '../../shared/domain/venues/problem';
import type { Venue } from '../../shared/domain/venues/venue';
import type { DomainError } from '../../shared/errors';

const supervisor: Actor = { tenantId: 't', userId: 'duban', roles: ['supervisor'], gridIds: [], venueKinds: [] } as unknown as Actor;
const inspector = { ...supervisor, userId: 'zhang', roles: ['inspector'] } as Actor;
const venue = { id: 'v1', name: '和顺棋牌室', kind: 'chess-room', gridPath: '/a/b/', status: 'open', version: 4 } as Venue;
const problem = { id: '01JAAAAAAAAAAAAAAAAAAAAAAA-masks', venueId: 'v1', status: 'notice-issued', itemLabelZh: '佩戴口罩' } as Problem;
const input = { id: '01JBBBBBBBBBBBBBBBBBBBBBBB', problemId: problem.id, agencies: ['police', 'health'], reason: '屡查屡犯' };
const ctx = { actor: supervisor, at: '2026-12-06T02:00:00.000Z', date: '2026-12-06' };

const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('no error');
};

describe('joint enforcement (联合执法)', () => {
  it('refers an open problem to the agencies the rules list, by name', () => {
    const r = referCase(venue, problem, input, defaultJointEnforcementRules(), ctx);
    expect(r).toMatchObject({ status: 'referred', venueId: 'v1', referredBy: 'duban', referredDate: '2026-12-06', version: 1, itemLabelZh: '佩戴口罩' });
    expect(r.agencies.map((a) => a.nameZh)).toEqual(['公安', '卫生健康']);
    expect(sameReferral(r, input, supervisor)).toBe(true);
    expect(sameReferral(r, { ...input, reason: '别的' }, supervisor)).toBe(false);
  });

  it('refuses what cannot be referred, saying why', () => {
    const rules = defaultJointEnforcementRules();
    expect(failure(() => referCase(venue, problem, input, rules, { ...ctx, actor: inspector })).status).toBe(403);
    expect(failure(() => referCase(venue, { ...problem, status: 'closed' }, input, rules, ctx))).toMatchObject({ status: 409, code: 'illegal_transition' });
    expect(failure(() => referCase({ ...venue, jointReferral: { referralId: 'x', agencies: ['police'], since: ctx.at } }, problem, input, rules, ctx)).status).toBe(409);
    const unknown = failure(() => referCase(venue, problem, { ...input, agencies: ['army'] }, rules, ctx));
    expect(unknown.status).toBe(400);
    expect(unknown.message).toContain('army');
    expect(failure(() => referCase(venue, { ...problem, venueId: 'v2' }, input, rules, ctx)).status).toBe(400);
  });

  it("records the agencies' outcome once, with the referral's version", () => {
    const r = referCase(venue, problem, input, defaultJointEnforcementRules(), ctx);
    const done = concludeCase(r, { version: 1, outcome: 'penalised', note: '公安机关依法处罚' }, { ...ctx, at: '2026-12-08T03:00:00.000Z', date: '2026-12-08' });
    expect(done).toMatchObject({ status: 'concluded', outcome: 'penalised', concludedDate: '2026-12-08', version: 2 });
    expect(failure(() => concludeCase(done, { version: 2, outcome: 'rectified', note: 'x' }, ctx)).status).toBe(409);
    expect(failure(() => concludeCase(r, { version: 3, outcome: 'rectified', note: 'x' }, ctx)).details).toMatchObject({ currentVersion: 1 });
  });
});
