/** Checkpoints, pure: plate formats (standard, new energy, free text) and the triage by travel-code colour. */
import { describe, expect, it } from 'vitest';
import { normalisePlate, plateKind } from '../../shared/domain/checkpoints/plate';
import { certificateValid, triage } from '../../shared/domain/checkpoints/triage';

describe('plates', () => {
  it('knows standard plates, with the special last characters', () => {
    for (const p of ['京A12345', '豫AB1234', '粤Z1234港', '京A1234学', '沪C0001挂', '川A1B2C3']) expect(plateKind(p), p).toBe('standard');
  });

  it('knows 8-character new-energy plates, small and large', () => {
    for (const p of ['京AD12345', '粤BFA1234', '沪A12345D', '苏E54321F']) expect(plateKind(p), p).toBe('new-energy');
  });

  it('keeps anything else as free text: no province, I or O, wrong length, a new-energy letter misplaced', () => {
    for (const p of ['A12345', '京I12345', '京AO1234', '京A1234', '京A1234567', '京AX12345', 'WJ01234', '使123456']) expect(plateKind(p), p).toBe('other');
  });

  it('reads a plate written with spaces, dots or lower case', () => {
    expect(normalisePlate('京 a·12345')).toBe('京A12345');
    expect(plateKind('豫a-d12345')).toBe('new-energy');
  });
});

describe('triage', () => {
  const at = new Date('2026-11-25T10:00:00Z');
  it('passes green, holds red whatever the certificate', () => {
    expect(triage('green', undefined, at)).toBe('passed');
    expect(triage('red', { testedAt: '2026-11-25T08:00:00Z', negative: true }, at)).toBe('held');
  });

  it('passes yellow with a negative certificate of the last 48 hours, else turns it back', () => {
    expect(triage('yellow', { testedAt: '2026-11-23T10:00:00Z', negative: true }, at)).toBe('passed');
    expect(triage('yellow', { testedAt: '2026-11-23T09:59:00Z', negative: true }, at)).toBe('turned-back');
    expect(triage('yellow', { testedAt: '2026-11-25T08:00:00Z', negative: false }, at)).toBe('turned-back');
    expect(triage('yellow', undefined, at)).toBe('turned-back');
    // Taken after the vehicle arrived: not a certificate it could show.
    expect(certificateValid({ testedAt: '2026-11-25T11:00:00Z', negative: true }, at)).toBe(false);
  });
});
