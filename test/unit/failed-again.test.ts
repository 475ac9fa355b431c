/** One open problem per venue and item: which failed items open a problem and which record a failure on one. */
import { describe, expect, it } from 'vitest';
import { failedAgain, splitFailures } from '../../shared/domain/venues/failed-again';

const item = (code: string) => ({ code });
const problem = (id: string, itemCode: string, status: 'open' | 'notice-issued' | 'rectification-reported' | 'closed', openedAt = '2026-11-20T02:00:00Z') => ({ id, itemCode, status, version: 3, openedAt });

describe('splitFailures', () => {
  it('opens a problem only for an item with no open problem', () => {
    const split = splitFailures([item('masks'), item('temperature'), item('ventilation'), item('register')], [
      problem('p-masks', 'masks', 'open'),
      problem('p-temp', 'temperature', 'notice-issued'),
      problem('p-vent', 'ventilation', 'rectification-reported'),
      problem('p-reg', 'register', 'closed'),
    ]);
    expect(split.toOpen.map((i) => i.code)).toEqual(['register']);
    expect(split.again.map((a) => [a.item.code, a.problem.id])).toEqual([
      ['masks', 'p-masks'],
      ['temperature', 'p-temp'],
    ]);
    // A reported rectification is re-checked after the submit (recheck.ts): a failed re-check, recorded there.
    expect(split.awaitingRecheck.map((a) => a.problem.id)).toEqual(['p-vent']);
  });

  it('records on the oldest of duplicates stored before this rule, and opens all with no open problems', () => {
    const split = splitFailures([item('masks')], [problem('new', 'masks', 'open', '2026-11-22T02:00:00Z'), problem('old', 'masks', 'open', '2026-11-21T02:00:00Z')]);
    expect(split.again.map((a) => a.problem.id)).toEqual(['old']);
    expect(splitFailures([item('masks'), item('temperature')], []).toOpen.map((i) => i.code)).toEqual(['masks', 'temperature']);
  });
});

describe('failedAgain', () => {
  it('counts the failure and bumps the version, keeping status, deadline and escalations', () => {
    const p = { id: 'p1', status: 'notice-issued' as const, version: 3, deadline: '2026-11-28', escalations: 1, failedAgain: 2 };
    const { set, event } = failedAgain(p, { inspectionId: 'I2', by: 'u1', at: '2026-11-25T06:00:00Z', today: '2026-11-25' });
    expect(set).toEqual({ failedAgain: 3, lastFailedAt: '2026-11-25T06:00:00Z', lastFailedInspectionId: 'I2', version: 4, updatedAt: '2026-11-25T06:00:00Z' });
    expect(event).toMatchObject({ type: 'failed-again', from: 'notice-issued', to: 'notice-issued', inspectionId: 'I2', deadline: '2026-11-28', escalations: 1, version: 4, date: '2026-11-25' });
    expect(failedAgain({ ...p, failedAgain: undefined }, { inspectionId: 'I2', by: 'u1', at: 'x', today: 'y' }).set.failedAgain).toBe(1);
  });
});
