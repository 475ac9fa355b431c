/**
 * Where the key-encryption key lives (envelope encryption). Each tenant has one data key, generated
 * by the provider and stored only wrapped (in the table, shared/personal-data/tenant-cipher.ts); the
 * provider unwraps it. In AWS the provider is KMS (kms-key-provider.ts: the data key is wrapped by a
 * KMS key, with the tenant as encryption context); locally and in tests it is a key file under the
 * data directory (local-key-provider.ts). Which one is configuration: the code path is the same.
 */
export interface WrappedDataKey {
  /** Which provider wrapped it ('kms' or 'local'), and with which key (a KMS key ARN, a file's key id). */
  provider: 'kms' | 'local';
  keyId: string;
  /** The wrapped data key, base64. */
  wrapped: string;
}

export interface KeyProvider {
  readonly name: 'kms' | 'local';
  /** A new 32-byte data key for the tenant: in the clear (kept in memory only) and wrapped (stored). */
  generateDataKey(tenantId: string): Promise<{ plaintext: Buffer; wrapped: WrappedDataKey }>;
  /** The data key in the clear; refuses a key wrapped for another tenant. */
  unwrap(tenantId: string, wrapped: WrappedDataKey): Promise<Buffer>;
}
