import { describe, expect, it } from 'vitest';
import { isResentStep } from '../../shared/domain/venues/problem-resend';

const by = 'wang';

describe('a resent ladder step', () => {
  it('is the step of the current version by the same person with the same content', () => {
    const reported = { type: 'rectification-reported' as const, by, note: '已整改', photoIds: ['P2', 'P1'] };
    expect(isResentStep({ type: 'report-rectification', note: '已整改', photoIds: ['P1', 'P2'] }, by, reported)).toBe(true);
    expect(isResentStep({ type: 'report-rectification', note: '已整改', photoIds: ['P1'] }, by, reported)).toBe(false);
    expect(isResentStep({ type: 'report-rectification', note: '另一说明', photoIds: ['P1', 'P2'] }, by, reported)).toBe(false);
    expect(isResentStep({ type: 'report-rectification', note: '已整改', photoIds: ['P1', 'P2'] }, 'li', reported)).toBe(false);
  });

  it('matches each kind of step only to its own event', () => {
    const notice = { type: 'notice-issued' as const, by, reason: '戴口罩', deadline: '2026-12-09' };
    expect(isResentStep({ type: 'issue-notice', requirements: '戴口罩' }, by, notice)).toBe(true);
    expect(isResentStep({ type: 'issue-notice', requirements: '戴口罩', deadline: '2026-12-10' }, by, notice)).toBe(false);
    expect(isResentStep({ type: 'reopen', reason: '戴口罩' }, by, notice)).toBe(false);
    const recheck = { type: 'recheck-failed' as const, by, inspectionId: 'I1', note: '仍未整改' };
    expect(isResentStep({ type: 'recheck', inspectionId: 'I1' }, by, recheck)).toBe(true);
    expect(isResentStep({ type: 'recheck', inspectionId: 'I2' }, by, recheck)).toBe(false);
    expect(isResentStep({ type: 'recheck', passed: false, note: '仍未整改' }, by, recheck)).toBe(false);
    const byHand = { type: 'recheck-passed' as const, by, note: '现场复查合格' };
    expect(isResentStep({ type: 'recheck', passed: true, note: '现场复查合格' }, by, byHand)).toBe(true);
    expect(isResentStep({ type: 'recheck', passed: false, note: '现场复查合格' }, by, byHand)).toBe(false);
    expect(isResentStep({ type: 'reopen', reason: '回头看发现反弹' }, by, { type: 'reopened', by, reason: '回头看发现反弹' })).toBe(true);
  });
});
