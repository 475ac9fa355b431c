/**
 * Times typed in the tenant's time zone (shared/domain/local-time-input.ts): the "who was here"
 * form shows and reads its times on the district's clock, not the device's.
 */
import { describe, expect, it } from 'vitest';
import { instantOfLocalInput, localInputValue, zoneLabel } from '../../shared/domain/local-time-input';

describe('times typed in the tenant’s zone', () => {
  it('writes an instant as the tenant’s wall clock', () => {
    const at = new Date('2026-11-25T02:05:00Z');
    expect(localInputValue(at, 'Asia/Shanghai')).toBe('2026-11-25T10:05');
    expect(localInputValue(at, 'Asia/Urumqi')).toBe('2026-11-25T08:05');
    expect(localInputValue(new Date('2026-11-24T17:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-25T01:30');
  });

  it('reads a typed time on the tenant’s clock, back to the same instant', () => {
    expect(instantOfLocalInput('2026-11-25T10:00', 'Asia/Shanghai')?.toISOString()).toBe('2026-11-25T02:00:00.000Z');
    expect(instantOfLocalInput('2026-11-25T00:30', 'Asia/Shanghai')?.toISOString()).toBe('2026-11-24T16:30:00.000Z');
    expect(instantOfLocalInput('2026-11-25T10:00:30', 'Asia/Urumqi')?.toISOString()).toBe('2026-11-25T04:00:30.000Z');
    // A zone with summer time: each side of the change.
    expect(instantOfLocalInput('2026-07-01T12:00', 'Europe/Berlin')?.toISOString()).toBe('2026-07-01T10:00:00.000Z');
    expect(instantOfLocalInput('2026-12-01T12:00', 'Europe/Berlin')?.toISOString()).toBe('2026-12-01T11:00:00.000Z');
    for (const zone of ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York']) {
      const at = new Date('2026-11-25T02:05:00Z');
      expect(instantOfLocalInput(localInputValue(at, zone), zone)?.toISOString(), zone).toBe(at.toISOString());
    }
    expect(instantOfLocalInput('', 'Asia/Shanghai')).toBeUndefined();
    expect(instantOfLocalInput('2026-11-25 10:00', 'Asia/Shanghai')).toBeUndefined();
  });

  it('names the zone with its offset', () => {
    expect(zoneLabel('Asia/Shanghai', new Date('2026-11-25T02:00:00Z'))).toBe('Asia/Shanghai, GMT+8');
  });
});
