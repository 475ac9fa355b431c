import { describe, expect, it } from 'vitest';
import { EntryInput, OFF_SHIFT, shiftAt } from '../../shared/domain/checkpoints/checkpoint';

const SHIFTS = [
  { id: 'day', name: '白班', starts: '08:00', ends: '20:00' },
  { id: 'night', name: '夜班', starts: '20:00', ends: '08:00' },
];
const at = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

describe('the shift of an entry', () => {
  it('is the shift covering the local minute; a night shift crosses midnight; the end belongs to the next', () => {
    expect(shiftAt(SHIFTS, at('08:00'))).toBe('day');
    expect(shiftAt(SHIFTS, at('19:59'))).toBe('day');
    expect(shiftAt(SHIFTS, at('20:00'))).toBe('night');
    expect(shiftAt(SHIFTS, at('23:30'))).toBe('night');
    expect(shiftAt(SHIFTS, at('07:59'))).toBe('night');
  });
  it('is off-shift when no shift covers it', () => {
    expect(shiftAt([SHIFTS[0]], at('21:00'))).toBe(OFF_SHIFT);
  });
});

describe('an entry', () => {
  const base = { id: '01JDQ7M8Y1S5W9QK3T4B6C8D0E', checkpointId: '01JDQ7M8Y1S5W9QK3T4B6C8D0F', at: '2026-11-25T02:00:00Z', plate: '豫A12345', vehicleType: 'car', occupants: 2, from: '郑州' };
  it('carries a certificate for a yellow code only', () => {
    const certificate = { testedAt: '2026-11-24T02:00:00Z', negative: true };
    expect(EntryInput.safeParse({ ...base, colour: 'yellow', certificate }).success).toBe(true);
    expect(EntryInput.safeParse({ ...base, colour: 'green', certificate }).success).toBe(false);
    expect(EntryInput.safeParse({ ...base, colour: 'red', occupants: 0 }).success).toBe(false);
  });
});
