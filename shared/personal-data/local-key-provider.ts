/**
 * The key provider of `npm start` and the tests: a 32-byte key-encryption key in a file under the data
 * directory (created on first use, mode 0600), or in memory when there is no data directory (tests).
 * Data keys are wrapped with AES-256-GCM, the tenant id as additional authenticated data, so a key
 * wrapped for one tenant cannot be unwrapped as another's.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KeyProvider, WrappedDataKey } from './key-provider';

function keyEncryptionKey(file: string | undefined): Buffer {
  if (!file) return randomBytes(32);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file}: not a 32-byte key (base64)`);
  return key;
}

export function localKeyProvider(options: { file?: string } = {}): KeyProvider {
  const kek = keyEncryptionKey(options.file);
  // Names the key (not secret): a data key wrapped by another key file is refused with a clear message.
  const keyId = `local:${createHash('sha256').update(kek).digest('hex').slice(0, 16)}`;
  const aad = (tenantId: string) => Buffer.from(`gridwatch/data-key/${tenantId}`);

  return {
    name: 'local',
    async generateDataKey(tenantId) {
      const plaintext = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', kek, iv).setAAD(aad(tenantId));
      const sealed = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      return { plaintext, wrapped: { provider: 'local', keyId, wrapped: sealed.toString('base64') } };
    },
    async unwrap(tenantId, wrapped: WrappedDataKey) {
      if (wrapped.provider !== 'local' || wrapped.keyId !== keyId) throw new Error(`the tenant's data key was wrapped by ${wrapped.provider} ${wrapped.keyId}, not by this key file`);
      const sealed = Buffer.from(wrapped.wrapped, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', kek, sealed.subarray(0, 12)).setAAD(aad(tenantId));
      decipher.setAuthTag(sealed.subarray(sealed.length - 16));
      return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
    },
  };
}
