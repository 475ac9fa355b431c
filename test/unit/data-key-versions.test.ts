/**
 * A tenant cipher over several data key versions (pure, no DynamoDB): new values are sealed with the
 * newest active version, any loaded version opens, a re-seal moves a value to the newest, and the
 * blind index stays version 1's.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cipherOf } from '../../shared/personal-data/tenant-cipher';

const v1 = { version: 1, key: randomBytes(32), activeFrom: '2026-11-25T00:00:00.000Z' };
const v2 = { version: 2, key: randomBytes(32), activeFrom: '2026-11-25T02:15:00.000Z' };

describe('data key versions', () => {
  it('seals with the newest active version, opens any, re-seals to the newest, keeps the blind index', () => {
    let now = Date.parse('2026-11-25T02:00:00Z');
    const both = cipherOf('longhu', [v1, v2], () => now);
    const old = both.encrypt('410184198001011234', 'person/A/idNumber');
    expect(both.versionOf(old)).toBe(1);
    now = Date.parse('2026-11-25T02:16:00Z');
    const fresh = both.encrypt('410184198001011234', 'person/A/idNumber');
    expect(both.versionOf(fresh)).toBe(2);
    expect(both.decrypt(old, 'person/A/idNumber')).toBe(both.decrypt(fresh, 'person/A/idNumber'));
    const moved = both.reseal(old, 'person/A/idNumber');
    expect(moved).toMatch(/^k2\./);
    const only2 = cipherOf('longhu', [v2]);
    expect(only2.decrypt(moved, 'person/A/idNumber')).toBe('410184198001011234');
    expect(() => only2.decrypt(old, 'person/A/idNumber')).toThrow(/key version/);
    expect(() => both.reseal(old, 'person/B/idNumber')).toThrow();
    expect(both.blind('id', 'x')).toBe(cipherOf('longhu', [v1]).blind('id', 'x'));
    expect(() => only2.blind('id', 'x')).toThrow(/version 1/);
    expect(both.versionOf('plain text')).toBeUndefined();
  });
});
