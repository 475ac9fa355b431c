import { describe, expect, it } from 'vitest';
import { addDays, localDate, localInstant, localMinutes, weekday } from '../../shared/domain/local-day';

describe('tenant-local days', () => {
  it('uses the tenant time zone, not UTC', () => {
    const at = new Date('2026-11-25T17:30:00Z'); // 01:30 on the 26th in Shanghai
    expect(localDate(at, 'Asia/Shanghai')).toBe('2026-11-26');
    expect(localDate(at, 'UTC')).toBe('2026-11-25');
    expect(localMinutes(at, 'Asia/Shanghai')).toBe(90);
  });

  it('adds days across months and years, and knows weekdays', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(weekday('2026-11-23')).toBe(1);
    expect(weekday('2026-11-29')).toBe(7);
  });

  it('finds the instant of a local time of day, also across a DST change', () => {
    expect(localInstant('2026-11-26', 90, 'Asia/Shanghai').toISOString()).toBe('2026-11-25T17:30:00.000Z');
    expect(localInstant('2026-11-26', 8 * 60, 'UTC').toISOString()).toBe('2026-11-26T08:00:00.000Z');
    // Berlin: CET (+1) before 29 March 2026, CEST (+2) from it.
    expect(localInstant('2026-03-28', 9 * 60, 'Europe/Berlin').toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(localInstant('2026-03-29', 9 * 60, 'Europe/Berlin').toISOString()).toBe('2026-03-29T07:00:00.000Z');
  });
});
