import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../shared/auth/password';

describe('password hashing', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('网格员-密码-123');
    const b = await hashPassword('网格员-密码-123');
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyPassword('网格员-密码-123', a)).toBe(true);
    expect(await verifyPassword('网格员-密码-124', a)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });
});
