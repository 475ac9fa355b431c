/**
 * The public endpoints' rate limits: token buckets in DynamoDB (shared/data/rate-limits.ts), so that
 * they hold across Lambda instances. An address belongs to no tenant: its bucket is kept under the
 * platform tenant (like sign-in's address counters), hashed; a code's bucket under the code's tenant.
 * Each with that tenant's credentials (test/unit/tenant-credentials.test.ts lists this file).
 *
 * A small local pre-filter: once a bucket has refused, this instance refuses it without asking
 * DynamoDB until the bucket's retry time — a flood from one address costs one UpdateItem per
 * refill period per instance, not one per request.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import { PLATFORM_TENANT } from '../domain/actor';
import type { BucketLimit } from '../domain/public-limits';
import { DomainError } from '../errors';
import type { TenantTables } from './tenant-tables';

export interface PublicAdmission {
  address: string;
  addressLimit: BucketLimit;
  tenantId: string;
  /** The code's bucket: `code-<id>` or `venue-<id>`. */
  bucket: string;
  limit: BucketLimit;
}

const addressHash = (address: string) => createHash('sha256').update(`public|${address}`).digest('base64url').slice(0, 32);
const tooMany = (retryAfterSeconds: number, what: string) =>
  new DomainError(429, 'rate_limited', `too many requests from this ${what}; try again in ${retryAfterSeconds} s`, { retryAfterSeconds, limit: what });

/** How many refused buckets an instance remembers (a flood from many addresses must not grow it without bound). */
const DENIED_MAX = 10_000;

export function publicThrottle(tables: Pick<TenantTables, 'tenant'>, clock: Clock) {
  const denied = new Map<string, number>();
  const takeToken = bucketTaker(tables, clock);

  async function take(tenantId: string, bucket: string, limit: BucketLimit, what: string): Promise<void> {
    const key = `${tenantId}|${bucket}`;
    const now = clock.now().getTime();
    const until = denied.get(key);
    if (until !== undefined && until > now) throw tooMany(Math.max(1, Math.ceil((until - now) / 1000)), what);
    const result = await takeToken(tenantId, bucket, limit);
    if (result.allowed) return;
    if (denied.size >= DENIED_MAX) denied.clear();
    denied.set(key, now + result.retryAfterSeconds * 1000);
    throw tooMany(Math.max(1, Math.ceil(result.retryAfterSeconds)), what);
  }

  return {
    async admit(a: PublicAdmission): Promise<void> {
      await take(PLATFORM_TENANT, `public-${addressHash(a.address)}`, a.addressLimit, 'address');
      await take(a.tenantId, a.bucket, a.limit, 'code');
    },
  };
}
export type PublicThrottle = ReturnType<typeof publicThrottle>;

/** One token from a bucket: shared/data/rate-limits.ts. */
function bucketTaker(_tables: Pick<TenantTables, 'tenant'>, _clock: Clock) {
  // PLACEHOLDER until the token bucket of issue 18 is merged (branch i18-sim).
  return async (_tenantId: string, _bucket: string, _limit: BucketLimit): Promise<{ allowed: boolean; retryAfterSeconds: number }> => ({ allowed: true, retryAfterSeconds: 0 });
}
