/** Pushed lists in the daily report and the export: day deltas, sections summed, export rows masked or not (pure). */
import { describe, expect, it } from 'vitest';
import { dayDelta, daySection, sectionOrNull, sumSections } from '../../shared/domain/pushed-lists/day';
import { progressRow, taskRow } from '../../shared/export/pushed-list-columns';

describe('the day section', () => {
  it('counts what a change does on its day: received, verified, escalated (unreachable or overdue), overdue', () => {
    expect(dayDelta({ received: 1, matched: 1, assigned: 1 }, false)).toEqual({ received: 1 });
    expect(dayDelta({ verified: 1 }, false)).toEqual({ verified: 1 });
    expect(dayDelta({}, true)).toEqual({ escalated: 1 });
    expect(dayDelta({ overdue: 1 }, true)).toEqual({ overdue: 1, escalated: 1 });
    expect(dayDelta({ assigned: 1 }, false)).toEqual({});
  });

  it('sums sections of several subtrees, and shows none when nothing was counted', () => {
    expect(sumSections([daySection({ received: 2, verified: 1 }), null, daySection({ received: 1, escalated: 1, overdue: 1 })])).toEqual({ received: 3, verified: 1, escalated: 1, overdue: 1 });
    expect(sumSections([null, null])).toBeNull();
    expect(sectionOrNull(daySection())).toBeNull();
    expect(sectionOrNull(undefined)).toBeNull();
    expect(sectionOrNull(daySection({ overdue: 1 }))).toEqual({ received: 0, verified: 0, escalated: 0, overdue: 1 });
  });
});

describe('the export rows', () => {
  const task = { line: 4, gridId: 'g1', status: 'verified' as const, nameMasked: '王**', idNumberMasked: '4101**********1234', phoneMasked: '139****1111', addressMasked: '幸福路**', riskLevel: 'high', checks: 2, outcome: 'not-in-area', whereTo: '外省', receivedAt: '2026-12-06T01:00:00Z' };

  it('masks by default, in Chinese words, with the grid by name', () => {
    const row = taskRow(task, new Map([['g1', '北村一组']]));
    expect(row.slice(0, 7)).toEqual([4, '北村一组', '已核实', '王**', '4101**********1234', '139****1111', '幸福路**']);
    expect(row).toContain('高');
    expect(row).toContain('不在辖区');
  });

  it('shows the unsealed fields only when given them', () => {
    const row = taskRow(task, new Map(), { name: '王建国', idNumber: '410184196505051010', phone: '13900001111' });
    expect(row.slice(1, 7)).toEqual(['g1', '已核实', '王建国', '410184196505051010', '13900001111', undefined]);
  });

  it('puts a grid’s progress in the counters’ order', () => {
    expect(progressRow('北村', '/n/', { received: 5, matched: 4, assigned: 4, verified: 2, overdue: 1 })).toEqual(['北村', '/n/', 5, 4, 4, 2, 1]);
  });
});
