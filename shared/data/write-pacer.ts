/**
 * Paces a job's writes into one partition under DynamoDB's 1,000 WCU a second per partition
 * (docs/scheduling.md "2,500 districts at half past midnight"): an in-process token bucket
 * (shared/domain/token-bucket.ts) of write units, estimated from the items' sizes (1 WRU per KB
 * started). A batch that finds too few units waits until they are there. Burst + rate stay under
 * the limit, so no second of writes exceeds it.
 */
import { takeTokens, type TokenBucketLimit } from '../domain/token-bucket';
import type { WriteRequest } from './bulk';

export interface WritePacer {
  /** Wait until `units` write units may be spent (more than the burst waits for a full bucket). */
  take(units: number): Promise<void>;
}

/** The day plan's partition: a burst of 200 and 700 a second — at most ~900 in any second. */
export const PLAN_PARTITION_WRITES: TokenBucketLimit = { capacity: 200, refillPerSecond: 700 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function writePacer(limit: TokenBucketLimit, now: () => number = () => performance.now(), wait: (ms: number) => Promise<void> = sleep): WritePacer {
  let fullAt: number | undefined;
  return {
    async take(units) {
      const n = Math.max(1, Math.min(Math.ceil(units), limit.capacity));
      for (;;) {
        const outcome = takeTokens(fullAt, limit, n, now());
        if (outcome.allowed) {
          fullAt = outcome.fullAt;
          return;
        }
        await wait(outcome.retryAfterMs);
      }
    },
  };
}

/** Write units a request bills, estimated: 1 per KB started of the item (a delete: 1). */
export const writeUnitsOf = (request: WriteRequest) => ('PutRequest' in request ? Math.max(1, Math.ceil(JSON.stringify(request.PutRequest.Item).length / 1024)) : 1);
