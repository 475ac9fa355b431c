import { describe, expect, it } from 'vitest';
import { applyProblemAction } from '../../shared/domain/venues/ladder';
import type { Problem } from '../../shared/domain/venues/problem';
import { recheckVerdict } from '../../shared/domain/venues/recheck';
import { defaultRules } from '../../shared/domain/rules';

const problem = (over: Partial<Problem> = {}): Problem => ({
  id: '01JDX0000000000000000000AA-masks',
  venueId: 'v1',
  venueName: '超市',
  venueKind: 'supermarket',
  gridId: 'g',
  gridPath: '/g/',
  inspectionId: '01JDX0000000000000000000AA',
  itemCode: 'masks',
  itemLabelZh: '佩戴口罩',
  severity: 'major',
  status: 'open',
  deadline: '2026-11-28',
  openedAt: '2026-11-25T02:00:00.000Z',
  openedBy: 'zhang',
  escalations: 0,
  version: 1,
  updatedAt: '2026-11-25T02:00:00.000Z',
  ...over,
});
const inspection = (result: 'pass' | 'fail' | 'na', endedAt = '2026-11-26T02:00:00.000Z', id = '01JDX0000000000000000000BB') => ({ id, endedAt, results: [{ itemCode: 'masks', result }] });
const ctx = { by: 'zhang', at: '2026-11-26T02:01:00.000Z', today: '2026-11-26', rules: defaultRules() };

describe('re-check by inspection (复查)', () => {
  it('passes an open problem whose item a later inspection found fixed, from any open state', () => {
    for (const status of ['open', 'notice-issued', 'rectification-reported'] as const) {
      const p = problem({ status, ...(status === 'rectification-reported' && { rectification: { reportedAt: '2026-11-25T08:00:00.000Z', reportedBy: 'x', note: '已整改', photoIds: [] } }) });
      expect(recheckVerdict(p, inspection('pass'))).toEqual({ passed: true });
      const t = applyProblemAction(p, { type: 'recheck', passed: true, inspectionId: '01JDX0000000000000000000BB' }, ctx);
      expect(t.next.status).toBe('closed');
      expect(t.event).toMatchObject({ type: 'recheck-passed', from: status });
      expect(t.openDelta).toBe(-1);
    }
  });

  it('fails only a reported rectification; a repeat failure before it is the ladder’s to refuse', () => {
    const reported = problem({ status: 'rectification-reported', rectification: { reportedAt: '2026-11-25T08:00:00.000Z', reportedBy: 'x', note: '', photoIds: [] } });
    expect(recheckVerdict(reported, inspection('fail'))).toEqual({ passed: false });
    expect(recheckVerdict(problem(), inspection('fail'))).toMatchObject({ refusedBy: 'ladder' });
    expect(() => applyProblemAction(problem(), { type: 'recheck', passed: false, inspectionId: 'x' }, ctx)).toThrow(/cannot recheck/);
    // A re-check by hand (no inspection) still needs a reported rectification.
    expect(() => applyProblemAction(problem(), { type: 'recheck', passed: true }, ctx)).toThrow(/cannot recheck/);
  });

  it('refuses the finding inspection, an item not answered, an inspection from before, and closed problems', () => {
    expect(recheckVerdict(problem(), inspection('pass', undefined, '01JDX0000000000000000000AA'))).toMatchObject({ refusedBy: 'reference' });
    expect(recheckVerdict(problem(), inspection('na'))).toMatchObject({ refusedBy: 'reference' });
    expect(recheckVerdict(problem(), inspection('pass', '2026-11-25T01:00:00.000Z'))).toMatchObject({ refusedBy: 'reference' });
    const reported = problem({ status: 'rectification-reported', rectification: { reportedAt: '2026-11-26T03:00:00.000Z', reportedBy: 'x', note: '', photoIds: [] } });
    expect(recheckVerdict(reported, inspection('pass'))).toMatchObject({ refusedBy: 'reference', why: expect.stringContaining('before the rectification') });
    expect(recheckVerdict(problem({ status: 'closed' }), inspection('pass'))).toMatchObject({ refusedBy: 'ladder' });
    expect(() => applyProblemAction(problem({ status: 'closed' }), { type: 'recheck', passed: true, inspectionId: 'x' }, ctx)).toThrow(/cannot recheck/);
  });
});
