/**
 * A tenant's personal-data cipher: one data key per tenant (envelope encryption), from which two keys
 * are derived (HKDF-SHA256): one encrypts fields (AES-256-GCM), one computes blind indexes (HMAC-SHA256
 * of a normalised value, for exact lookup and de-duplication without decrypting). The data key is
 * stored only wrapped by the key provider, in the tenant's partition (T#<t>#DATAKEY); it is unwrapped
 * once per process and tenant and kept in memory for a while.
 *
 * Ciphertexts are `k<version>.<iv>.<ciphertext+tag>` (base64url), bound to their tenant, field and record
 * by the GCM additional data, so a ciphertext copied to another record or tenant does not decrypt.
 *
 * Rotation: a tenant's data key has versions (`V#000001`, `V#000002` …; the first item keeps `newest`).
 * Every version in use is loaded, so any ciphertext opens; new values are sealed with the newest version
 * that is active — a new version becomes active only after every process's cache has expired
 * (`activeFrom`, CACHE_MS after it was made), so no process meets a ciphertext of a key it has not loaded.
 * The blind-index key is always derived from version 1: rotating it would mean re-indexing every person.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
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
  /** The key version a ciphertext was sealed with (undefined: not a ciphertext). */
  versionOf(ciphertext: string): number | undefined;
  /** The newest key version this cipher knows (what a re-seal moves values to). */
  readonly newest: number;
  /** The value opened and sealed again with the newest version (a re-seal). */
  reseal(ciphertext: string, context: string): string;
}

/** One loaded version of a tenant's data key. */
export interface DataKeyVersion {
  version: number;
  key: Buffer;
  /** When new values may be sealed with it (ISO): after every process's cache has expired. */
  activeFrom: string;
}

const versionOf = (ciphertext: string) => {
  const m = /^k([1-9][0-9]*)\./.exec(ciphertext);
  return m ? Number(m[1]) : undefined;
};

export function cipherOf(tenantId: string, versions: readonly DataKeyVersion[], now: () => number = Date.now): TenantCipher {
  const derive = (dataKey: Buffer, info: string) => Buffer.from(hkdfSync('sha256', dataKey, Buffer.from(`gridwatch/${tenantId}`), Buffer.from(info), 32));
  const encKeys = new Map(versions.map((v) => [v.version, derive(v.key, 'field-encryption/v1')]));
  const first = versions.find((v) => v.version === 1);
  // The blind-index key stays version 1's: lookups and the unique indexes keep working across rotations.
  const indexKey = first ? derive(first.key, 'blind-index/v1') : undefined;
  const newest = Math.max(...versions.map((v) => v.version));
  const aad = (context: string) => Buffer.from(`${tenantId}/${context}`);
  const sealWith = (version: number, plaintext: string, context: string) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', encKeys.get(version)!, iv).setAAD(aad(context));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `k${version}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
  };
  const self: TenantCipher = {
    newest,
    versionOf,
    encrypt(plaintext, context) {
      const at = new Date(now()).toISOString();
      const active = Math.max(...versions.filter((v) => v.activeFrom <= at || v.version === 1).map((v) => v.version));
      return sealWith(active, plaintext, context);
    },
    reseal(ciphertext, context) {
      return sealWith(newest, self.decrypt(ciphertext, context), context);
    },
    decrypt(ciphertext, context) {
      const [, iv, sealed] = ciphertext.split('.');
      const encKey = encKeys.get(versionOf(ciphertext) ?? 0);
      if (!encKey || !iv || !sealed) throw new Error('not a personal-data ciphertext of a key version this tenant has');
      const bytes = Buffer.from(sealed, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url')).setAAD(aad(context));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
    },
    blind(kind, normalised) {
      if (!indexKey) throw new Error('the blind-index key is derived from data key version 1, which is not loaded');
      return createHmac('sha256', indexKey).update(`${kind}:${normalised}`).digest('base64url');
    },
  };
  return self;
}

/** How long an unwrapped data key is kept in memory (a KMS Decrypt per tenant and process at most this often). */
export const CACHE_MS = 15 * 60_000;
const CACHE_SIZE = 500;

export interface PersonalDataKeys {
  readonly provider: KeyProvider['name'];
  /**
   * The tenant's cipher. `create`: make the tenant's data key if it has none yet (writes); without it,
   * a tenant that never stored personal data gets undefined (reads need no key: nothing is there).
   */
  cipherFor(tenantId: string, options?: { create?: boolean; onlyVersions?: number[] }): Promise<TenantCipher | undefined>;
  /** A new data key version (not active until every cache has expired); undefined: the tenant has no key yet. */
  rotate(tenantId: string): Promise<{ version: number; activeFrom: string } | undefined>;
  /** The tenant's key versions (no key material). */
  versions(tenantId: string): Promise<{ version: number; createdAt: string; activeFrom: string }[]>;
}

interface StoredDataKey {
  wrappedKey: WrappedDataKey;
  createdAt: string;
  /** Version 1 (made before rotation existed) has none: active from the start. */
  activeFrom?: string;
  /** On version 1's item only: the newest version made. */
  newest?: number;
}

export function personalDataKeys(tables: Pick<TenantTables, 'tenant'>, provider: KeyProvider, options: { now?: () => number } = {}): PersonalDataKeys {
  const now = options.now ?? Date.now;
  const cache = new Map<string, { cipher: TenantCipher; until: number }>();
  const keyOf = (tenantId: string, version: number) => tenantKeys(tenantId).dataKeyVersion(version);

  /** Every version's item, version 1 first (its `newest` says how many there are). */
  async function storedVersions(tenantId: string): Promise<(StoredDataKey & { version: number })[]> {
    const db = tables.tenant(tenantId);
    const first = (await getRaw(db, tenantKeys(tenantId).dataKey(), true)) as StoredDataKey | undefined;
    if (!first) return [];
    const more = await Promise.all(Array.from({ length: (first.newest ?? 1) - 1 }, (_, i) => getRaw(db, keyOf(tenantId, i + 2), true)));
    return [{ ...first, version: 1 }, ...more.map((item, i) => ({ ...(item as unknown as StoredDataKey), version: i + 2 }))];
  }

  async function load(tenantId: string, create: boolean, only?: number[]): Promise<TenantCipher | undefined> {
    const key = tenantKeys(tenantId).dataKey();
    const db = tables.tenant(tenantId);
    const stored = (await storedVersions(tenantId)).filter((v) => !only || only.includes(v.version));
    if (stored.length) {
      const versions = await Promise.all(stored.map(async (v) => ({ version: v.version, key: await provider.unwrap(tenantId, v.wrappedKey), activeFrom: v.activeFrom ?? v.createdAt })));
      return cipherOf(tenantId, versions, now);
    }
    if (!create) return undefined;
    const { plaintext, wrapped } = await provider.generateDataKey(tenantId);
    const createdAt = new Date(now()).toISOString();
    try {
      await db.doc.send(
        new PutCommand({
          TableName: db.table,
          Item: { ...key, entity: 'data-key', schemaVersion: 1, wrappedKey: wrapped, createdAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return cipherOf(tenantId, [{ version: 1, key: plaintext, activeFrom: createdAt }], now);
    } catch (error) {
      // Another request made the tenant's key first: use that one.
      if (error instanceof ConditionalCheckFailedException) return load(tenantId, false);
      throw error;
    }
  }

  async function cipherFor(tenantId: string, { create = false, onlyVersions }: { create?: boolean; onlyVersions?: number[] } = {}) {
    // Some versions only (can the values be read without the others? — before retiring one): never cached.
    if (onlyVersions) return load(tenantId, false, onlyVersions);
    const hit = cache.get(tenantId);
    if (hit && hit.until > now()) return hit.cipher;
    const cipher = await load(tenantId, create);
    if (cipher) {
      if (cache.size >= CACHE_SIZE) cache.clear();
      cache.set(tenantId, { cipher, until: now() + CACHE_MS });
    }
    return cipher;
  }

  return {
    provider: provider.name,
    cipherFor,
    async versions(tenantId) {
      return (await storedVersions(tenantId)).map((v) => ({ version: v.version, createdAt: v.createdAt, activeFrom: v.activeFrom ?? v.createdAt }));
    },
    async rotate(tenantId) {
      const stored = await storedVersions(tenantId);
      if (!stored.length) return undefined;
      const db = tables.tenant(tenantId);
      const newest = stored.length;
      const version = newest + 1;
      const { wrapped } = await provider.generateDataKey(tenantId);
      const createdAt = new Date(now()).toISOString();
      const activeFrom = new Date(now() + CACHE_MS).toISOString();
      // Two rotations at once: the second finds `newest` moved and fails (a 409 for its caller).
      await db.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: db.table, Item: { ...keyOf(tenantId, version), entity: 'data-key', schemaVersion: 1, wrappedKey: wrapped, createdAt, activeFrom }, ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Update: {
                TableName: db.table,
                Key: tenantKeys(tenantId).dataKey(),
                UpdateExpression: 'SET newest = :v',
                ConditionExpression: newest === 1 ? 'attribute_not_exists(newest) OR newest = :one' : 'newest = :n',
                ExpressionAttributeValues: { ':v': version, ...(newest === 1 ? { ':one': 1 } : { ':n': newest }) },
              },
            },
          ],
        }),
      );
      // This process knows the new version at once (it opens its values; it seals with it once active).
      cache.delete(tenantId);
      return { version, activeFrom };
    },
  };
}
