/**
 * Limits of the public endpoints (self-registration form, venue check-ins), as token buckets: each
 * client address, and each code (a poster, a venue), has a bucket of `capacity` requests refilled at
 * `refillPerSecond`. A busy poster or market entrance is shared by many phones, so a code's bucket is
 * large; one address gets a handful (a family on one phone, a retry or two), then waits.
 */
import type { TokenBucketLimit } from './token-bucket';

export type BucketLimit = TokenBucketLimit;

export const PUBLIC_LIMITS = {
  /** One client address, across every code and tenant: 20 at once, then one every 3 s. */
  address: { capacity: 20, refillPerSecond: 1 / 3 },
  /**
   * One address scanning venue codes: more, since a market's visitors may share one carrier address
   * (carrier-grade NAT); the venue's own bucket still holds.
   */
  checkInAddress: { capacity: 120, refillPerSecond: 2 },
  /** One registration code (a poster): 300 at once, then 5 a second. */
  registrationCode: { capacity: 300, refillPerSecond: 5 },
  /** One venue's code (场所码): a market at opening time, 100 a second. */
  venueCode: { capacity: 1000, refillPerSecond: 100 },
} as const satisfies Record<string, BucketLimit>;
