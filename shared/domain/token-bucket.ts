/**
 * A token bucket (rate limits, docs/infra.md "Rate limits"): `capacity` tokens at most, refilled at
 * `refillPerSecond`; a take of n tokens goes ahead only if n are there.
 *
 * The state is one number, the instant the bucket will be full again (`fullAt`, epoch ms; absent or in
 * the past: full) — the "generic cell rate algorithm" form of a token bucket. Tokens now are
 * `(now + span − fullAt) / interval`, and a granted take moves `fullAt` forward by `n × interval`.
 * That is an addition, so concurrent takers of one bucket add to the same stored number without
 * conflicting (shared/data/rate-limits.ts), and time appears only in comparisons:
 * - a clock behind the writer's (time going backwards) sees fewer tokens, never more;
 * - a clock ahead by X sees X of refill more, as any clock-based limit would (Lambda clocks are
 *   NTP-synchronised: milliseconds);
 * - a stored `fullAt` further ahead than one full refill can only come from a clock that ran ahead:
 *   it counts as an empty bucket, so a skewed writer never holds a bucket for longer than the skew.
 */

export interface TokenBucketLimit {
  /** Most tokens the bucket holds: the burst allowed after a quiet spell. */
  capacity: number;
  /** Tokens added per second: the rate sustained. */
  refillPerSecond: number;
}

export type TakeOutcome =
  | { allowed: true; fullAt: number; remaining: number }
  | { allowed: false; retryAfterMs: number; remaining: number };

export class InvalidBucketError extends Error {}

/** A microsecond of tolerance: refill rates like 3/s make intervals that floats cannot add exactly. */
const EPSILON_MS = 1e-3;

/** Milliseconds per token. */
export const tokenInterval = (limit: TokenBucketLimit) => 1000 / limit.refillPerSecond;
/** Milliseconds an empty bucket takes to fill. */
export const refillSpan = (limit: TokenBucketLimit) => limit.capacity * tokenInterval(limit);

export function assertTake(limit: TokenBucketLimit, n: number): void {
  if (!(Number.isFinite(limit.capacity) && limit.capacity >= 1)) throw new InvalidBucketError(`capacity must be at least 1, got ${limit.capacity}`);
  if (!(Number.isFinite(limit.refillPerSecond) && limit.refillPerSecond > 0)) throw new InvalidBucketError(`refillPerSecond must be positive, got ${limit.refillPerSecond}`);
  if (!Number.isInteger(n) || n < 1 || n > limit.capacity) throw new InvalidBucketError(`a take is 1 to ${limit.capacity} tokens, got ${n}`);
}

/** Where `fullAt` stands for a take at `now`: not before now (full), not beyond one full refill (clock skew). */
export function effectiveFullAt(fullAt: number | undefined, limit: TokenBucketLimit, now: number): number {
  if (fullAt === undefined || !Number.isFinite(fullAt) || fullAt <= now) return now;
  return Math.min(fullAt, now + refillSpan(limit));
}

/** Whole tokens in the bucket at `now`. */
export function tokensAt(fullAt: number | undefined, limit: TokenBucketLimit, now: number): number {
  const f = effectiveFullAt(fullAt, limit, now);
  return Math.floor((now + refillSpan(limit) - f) / tokenInterval(limit) + 1e-9);
}

/**
 * Take `n` tokens at `now` from a bucket whose state is `fullAt`: the new state if allowed, else how
 * long until n tokens are there (`retryAfterMs`, at most n intervals).
 */
export function takeTokens(fullAt: number | undefined, limit: TokenBucketLimit, n: number, now: number): TakeOutcome {
  assertTake(limit, n);
  const f = effectiveFullAt(fullAt, limit, now);
  const next = f + n * tokenInterval(limit);
  const latest = now + refillSpan(limit);
  if (next <= latest + EPSILON_MS) return { allowed: true, fullAt: next, remaining: tokensAt(next, limit, now) };
  return { allowed: false, retryAfterMs: next - latest, remaining: tokensAt(f, limit, now) };
}

/** The latest stored `fullAt` from which n tokens can still be taken at `now` (the store's condition). */
export const latestFullAtForTake = (limit: TokenBucketLimit, n: number, now: number) => now + refillSpan(limit) - n * tokenInterval(limit) + EPSILON_MS;

/** Whole seconds for a `Retry-After` header: at least 1. */
export const retryAfterSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
