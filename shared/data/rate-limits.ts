/**
 * Token buckets held in the table (shared/domain/token-bucket.ts), so a limit holds across every
 * Lambda instance: one item per bucket (`keys.rateLimitBucket`), its state one number, `fullAt`.
 *
 * A take is one conditional UpdateItem:
 * - bucket full (no item, or `fullAt` passed): `SET fullAt = now + n·interval` if it still is;
 * - bucket partly used: `SET fullAt = fullAt + n·interval` if n tokens are still there. Concurrent
 *   takers of a busy bucket add to the stored number, so they do not conflict with each other.
 * The condition is the whole rule, so no two instances can grant the same token. A failed condition
 * returns the stored item (ReturnValuesOnConditionCheckFailure), the rule decides again with it: a
 * refusal costs no second call, a wrong guess about full/partly used costs one. Which case to try first
 * comes from the last state this instance saw of the bucket (a hint only).
 *
 * Items expire (TTL) after the bucket would be full again; an absent item is a full bucket.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../clock';
import { assertTake, latestFullAtForTake, refillSpan, type TokenBucketLimit, takeTokens, tokenInterval, tokensAt } from '../domain/token-bucket';
import type { Db } from './db';
import { tenantKeys } from './keys';
import { TTL_ATTRIBUTE } from './table';

export interface BucketTake {
  allowed: boolean;
  /** Whole tokens left after this take (allowed) or now (refused). */
  remaining: number;
  /** Refused: milliseconds until the tokens asked for are there. */
  retryAfterMs: number;
  /** UpdateItem calls this take made (its cost: usually 1, 0 when the hint already says empty). */
  calls: number;
}

/**
 * Conditional updates one take may try before it gives up (refused, a token's wait). Each lost race
 * means another take was granted, and one screen sends about a dozen requests at once into the same
 * tenant bucket: with 4, the demo's 三色管理图 met 429s with the bucket nearly full.
 */
const MAX_ATTEMPTS = 16;
/** Seconds an item outlives its refill: TTL deletes late anyway, and an early delete would only mean full. */
const TTL_MARGIN_SECONDS = 60;
/** Buckets whose last state an instance remembers (the hint); beyond, it starts again. */
const HINTS_KEPT = 10_000;

export type BucketHints = Map<string, number>;
const instanceHints: BucketHints = new Map();

export function rateLimitRepository(db: Db, tenantId: string, clock: Clock, options: { hints?: BucketHints } = {}) {
  const keys = tenantKeys(tenantId);
  const hints = options.hints ?? instanceHints;

  function remember(pk: string, fullAt: number) {
    if (hints.size >= HINTS_KEPT) hints.clear();
    hints.set(pk, fullAt);
  }

  /** One conditional UpdateItem; the stored `fullAt` after it, or `{ stored }` when the condition failed. */
  async function tryTake(key: { pk: string; sk: string }, limit: TokenBucketLimit, n: number, now: number, full: boolean): Promise<{ granted: true; fullAt: number } | { granted: false; stored: number | undefined }> {
    const inc = n * tokenInterval(limit);
    const common = {
      TableName: db.table,
      Key: key,
      ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
      ReturnValues: 'UPDATED_NEW' as const,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
    const ttl = Math.ceil((now + refillSpan(limit)) / 1000) + TTL_MARGIN_SECONDS;
    const command = full
      ? new UpdateCommand({
          ...common,
          UpdateExpression: 'SET fullAt = :next, #ttl = :ttl, entity = :entity',
          ConditionExpression: 'attribute_not_exists(fullAt) OR fullAt <= :now',
          ExpressionAttributeValues: { ':next': now + inc, ':now': now, ':ttl': ttl, ':entity': 'rate-limit-bucket' },
        })
      : new UpdateCommand({
          ...common,
          UpdateExpression: 'SET fullAt = fullAt + :inc, #ttl = :ttl',
          ConditionExpression: 'fullAt > :now AND fullAt <= :latest',
          ExpressionAttributeValues: { ':inc': inc, ':now': now, ':latest': latestFullAtForTake(limit, n, now), ':ttl': ttl },
        });
    try {
      const out = await db.doc.send(command);
      return { granted: true, fullAt: Number(out.Attributes?.fullAt) };
    } catch (error) {
      const failed = error as { name?: string; Item?: { fullAt?: { N?: string } } };
      if (failed.name !== 'ConditionalCheckFailedException') throw error;
      // The stored item comes back as the low-level client has it: { fullAt: { N: '…' } }.
      const stored = failed.Item?.fullAt?.N;
      return { granted: false, stored: stored === undefined ? undefined : Number(stored) };
    }
  }

  return {
    /** Take `n` tokens from the tenant's bucket `bucketKey` (a key part: letters, digits, `.`, `_`, `-`). */
    async take(bucketKey: string, limit: TokenBucketLimit, n = 1): Promise<BucketTake> {
      assertTake(limit, n);
      const key = keys.rateLimitBucket(bucketKey);
      let known = hints.get(key.pk);
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const now = clock.now().getTime();
        const outcome = takeTokens(known, limit, n, now);
        if (!outcome.allowed) return { allowed: false, remaining: outcome.remaining, retryAfterMs: outcome.retryAfterMs, calls: attempt };
        const result = await tryTake(key, limit, n, now, known === undefined || known <= now);
        if (result.granted) {
          remember(key.pk, result.fullAt);
          return { allowed: true, remaining: tokensAt(result.fullAt, limit, now), retryAfterMs: 0, calls: attempt + 1 };
        }
        known = result.stored;
        if (known === undefined) hints.delete(key.pk);
        else remember(key.pk, known);
      }
      // Still losing races after a few tries: refuse for a token's time rather than grant unchecked.
      return { allowed: false, remaining: 0, retryAfterMs: tokenInterval(limit), calls: MAX_ATTEMPTS };
    },
  };
}
export type RateLimitRepository = ReturnType<typeof rateLimitRepository>;
