import { describe, expect, it } from 'vitest';
import { type JointDayItem, summariseJointDay } from '../../shared/domain/venues/joint-day';
import { defaultJointEnforcementRules } from '../../shared/domain/venues/joint-enforcement';

const step = (over: Partial<JointDayItem>): JointDayItem => ({
  step: 'referred',
  referralId: 'r1',
  problemId: 'p1',
  venueId: 'v1',
  venueName: '和顺棋牌室',
  venueKind: 'chess-room',
  gridPath: '/n/',
  at: '2026-11-25T02:00:00.000Z',
  by: 'u1',
  agencies: ['police'],
  ...over,
});

describe('a day of joint enforcement (联合执法)', () => {
  const agencies = defaultJointEnforcementRules().agencies;

  it('counts referrals and outcomes in all and per agency, in the rules order, and lists them in time order', () => {
    const day = summariseJointDay('2026-11-25', null, [
      step({ referralId: 'r2', at: '2026-11-25T05:00:00.000Z', agencies: ['police', 'market-regulation'] }),
      step({ referralId: 'r1', step: 'concluded', outcome: 'penalised' }),
    ], agencies);
    expect(day).toMatchObject({ date: '2026-11-25', gridId: null, referred: 1, concluded: 1 });
    expect(day.byAgency.map((a) => [a.code, a.referred, a.concluded])).toEqual([
      ['police', 1, 1],
      ['health', 0, 0],
      ['market-regulation', 1, 0],
    ]);
    expect(day.items.map((i) => i.referralId)).toEqual(['r1', 'r2']);
  });

  it('keeps an agency no longer in the rules, named by its code', () => {
    const day = summariseJointDay('2026-11-25', 'n', [step({ agencies: ['fire'] })], agencies);
    expect(day.byAgency.at(-1)).toEqual({ code: 'fire', nameZh: 'fire', nameEn: 'fire', referred: 1, concluded: 0 });
  });

  it('is empty on a day without any', () => {
    expect(summariseJointDay('2026-11-25', null, [], agencies)).toMatchObject({ referred: 0, concluded: 0, items: [] });
  });
});
