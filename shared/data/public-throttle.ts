/**
 * The public endpoints' rate limits: token buckets in DynamoDB (shared/data/rate-limits.ts), so that
 * they hold across Lambda instances. An address belongs to no tenant: its bucket is kept under the
 * platform tenant (like sign-in's address counters), hashed; a code's bucket under the code's tenant.
 * Each with that tenant's credentials (test/unit/tenant-credentials.test.ts lists this file).
 *
 * A flood from one address costs little: the bucket's last state is remembered by the instance
 * (rate-limits.ts), so once it is empty a refusal costs no DynamoDB call until a token is due.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import { PLATFORM_TENANT } from '../domain/actor';
import type { BucketLimit } from '../domain/public-limits';
import { DomainError } from '../errors';
import { rateLimitRepository } from './rate-limits';
import type { TenantTables } from './tenant-tables';

export interface PublicAdmission {
  /** The client's address when the runtime says (always in AWS and on the local server); else only the code's limit. */
  address?: string;
  addressLimit: BucketLimit;
  tenantId: string;
  /** The code's bucket: `code-<id>` or `venue-<id>`. */
  bucket: string;
  limit: BucketLimit;
}

const addressHash = (address: string) => createHash('sha256').update(`public|${address}`).digest('base64url').slice(0, 32);
const tooMany = (retryAfterSeconds: number, what: string) =>
  new DomainError(429, 'rate_limited', `too many requests from this ${what}; try again in ${retryAfterSeconds} s`, { retryAfterSeconds, limit: what });

export function publicThrottle(tables: Pick<TenantTables, 'tenant'>, clock: Clock) {
  async function take(tenantId: string, bucket: string, limit: BucketLimit, what: string): Promise<void> {
    const result = await rateLimitRepository(tables.tenant(tenantId), tenantId, clock).take(bucket, limit);
    if (!result.allowed) throw tooMany(Math.max(1, Math.ceil(result.retryAfterMs / 1000)), what);
  }

  return {
    /** The address's bucket first: a flood from one address never reaches the code's bucket that others share. */
    async admit(a: PublicAdmission): Promise<void> {
      if (a.address !== undefined) await take(PLATFORM_TENANT, `public-${addressHash(a.address)}`, a.addressLimit, 'address');
      await take(a.tenantId, a.bucket, a.limit, 'code');
    },
  };
}
export type PublicThrottle = ReturnType<typeof publicThrottle>;

