/**
 * A tenant's personal-data cipher: one data key per tenant (envelope encryption), from which two keys
 * are derived (HKDF-SHA256): one encrypts fields (AES-256-GCM), one computes blind indexes (HMAC-SHA256
 * of a normalised value, for exact lookup and de-duplication without decrypting). The data key is
 * stored only wrapped by the key provider, in the tenant's partition (T#<t>#DATAKEY); it is unwrapped
 * once per process and tenant and kept in memory for a while.
 *
 * Ciphertexts are `k1.<iv>.<ciphertext+tag>` (base64url), bound to their tenant, field and record by the
 * GCM additional data, so a ciphertext copied to another record or tenant does not decrypt.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TenantTables } from '../data/tenant-tables';
import { tenantKeys } from '../data/keys';
import { getRaw } from '../data/write';
import type { KeyProvider, WrappedDataKey } from './key-provider';

export type BlindKind = 'id' | 'phone' | 'body' | 'pushed-row';

export interface TenantCipher {
  /** `context` names the field and record (e.g. `person/<id>/name`): a ciphertext only decrypts there. */
  encrypt(plaintext: string, context: string): string;
  decrypt(ciphertext: string, context: string): string;
  /** HMAC of a normalised value: equal values give equal indexes, within this tenant only. */
  blind(kind: BlindKind, normalised: string): string;
}

const VERSION = 'k1';

function cipherOf(tenantId: string, dataKey: Buffer): TenantCipher {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', dataKey, Buffer.from(`gridwatch/${tenantId}`), Buffer.from(info), 32));
  const encKey = derive('field-encryption/v1');
  const indexKey = derive('blind-index/v1');
  const aad = (context: string) => Buffer.from(`${tenantId}/${context}`);
  return {
    encrypt(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv).setAAD(aad(context));
      const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
    },
    decrypt(ciphertext, context) {
      const [version, iv, sealed] = ciphertext.split('.');
      if (version !== VERSION || !iv || !sealed) throw new Error('not a personal-data ciphertext of this version');
      const bytes = Buffer.from(sealed, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url')).setAAD(aad(context));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
    },
    blind(kind, normalised) {
      return createHmac('sha256', indexKey).update(`${kind}:${normalised}`).digest('base64url');
    },
  };
}

/** How long an unwrapped data key is kept in memory (a KMS Decrypt per tenant and process at most this often). */
const CACHE_MS = 15 * 60_000;
const CACHE_SIZE = 500;

export interface PersonalDataKeys {
  readonly provider: KeyProvider['name'];
  /**
   * The tenant's cipher. `create`: make the tenant's data key if it has none yet (writes); without it,
   * a tenant that never stored personal data gets undefined (reads need no key: nothing is there).
   */
  cipherFor(tenantId: string, options?: { create?: boolean }): Promise<TenantCipher | undefined>;
}

export function personalDataKeys(tables: Pick<TenantTables, 'tenant'>, provider: KeyProvider, options: { now?: () => number } = {}): PersonalDataKeys {
  const now = options.now ?? Date.now;
  const cache = new Map<string, { cipher: TenantCipher; until: number }>();

  async function load(tenantId: string, create: boolean): Promise<TenantCipher | undefined> {
    const key = tenantKeys(tenantId).dataKey();
    const db = tables.tenant(tenantId);
    const stored = await getRaw(db, key, true);
    if (stored) return cipherOf(tenantId, await provider.unwrap(tenantId, stored.wrappedKey as WrappedDataKey));
    if (!create) return undefined;
    const { plaintext, wrapped } = await provider.generateDataKey(tenantId);
    try {
      await db.doc.send(
        new PutCommand({
          TableName: db.table,
          Item: { ...key, entity: 'data-key', schemaVersion: 1, wrappedKey: wrapped, createdAt: new Date(now()).toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return cipherOf(tenantId, plaintext);
    } catch (error) {
      // Another request made the tenant's key first: use that one.
      if (error instanceof ConditionalCheckFailedException) return load(tenantId, false);
      throw error;
    }
  }

  return {
    provider: provider.name,
    async cipherFor(tenantId, { create = false } = {}) {
      const hit = cache.get(tenantId);
      if (hit && hit.until > now()) return hit.cipher;
      const cipher = await load(tenantId, create);
      if (cipher) {
        if (cache.size >= CACHE_SIZE) cache.clear();
        cache.set(tenantId, { cipher, until: now() + CACHE_MS });
      }
      return cipher;
    },
  };
}
