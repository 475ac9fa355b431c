/** Keys of rate limits (token buckets, shared/data/rate-limits.ts). Built only through `tenantKeys` (shared/data/keys.ts), which passes the tenant prefix. */
import { part } from './parts';

export function rateLimitKeys(t: string) {
  return {
    /**
     * One token bucket of the tenant (`tenant`, `user.<user id>`, `route.<name>.<user id>` …), an item of
     * its own so buckets never share a partition's write rate. A bucket that belongs to no tenant (a
     * client address on a public route) is kept under the platform tenant, as the sign-in address
     * counters are. Items expire (TTL) once the bucket would be full again: absent means full.
     */
    rateLimitBucket: (bucketKey: string) => ({ pk: `${t}#RATE#${part(bucketKey, 'bucket key')}`, sk: 'BUCKET' }),
  };
}
