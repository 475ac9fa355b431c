import { describe, expect, it } from 'vitest';
import { InvalidBucketError, retryAfterSeconds, takeTokens, tokensAt } from '../../shared/domain/token-bucket';
import { DEFAULT_RATE_LIMITS, parseRateLimits } from '../../shared/domain/rate-limits';
import { PLAN_PARTITION_WRITES, writePacer, writeUnitsOf } from '../../shared/data/write-pacer';

const limit = { capacity: 5, refillPerSecond: 1 }; // a token a second, 5 at once
const T0 = Date.parse('2026-12-06T00:30:00Z');

/** Take one token at each of these times, threading the state; the outcomes. */
function takeAt(times: number[], start?: number) {
  let fullAt = start;
  return times.map((now) => {
    const out = takeTokens(fullAt, limit, 1, now);
    if (out.allowed) fullAt = out.fullAt;
    return out;
  });
}

describe('the token bucket', () => {
  it('grants the capacity at once after a quiet spell, then one token per refill interval', () => {
    const burst = takeAt([T0, T0, T0, T0, T0, T0]);
    expect(burst.map((o) => o.allowed)).toEqual([true, true, true, true, true, false]);
    expect(burst[4]).toMatchObject({ remaining: 0 });
    expect(burst[5]).toMatchObject({ allowed: false, retryAfterMs: 1000 });
    // Half a second later still empty; a second later one token.
    const fullAt = T0 + 5000;
    expect(takeTokens(fullAt, limit, 1, T0 + 500)).toMatchObject({ allowed: false, retryAfterMs: 500 });
    expect(takeTokens(fullAt, limit, 1, T0 + 1000)).toMatchObject({ allowed: true, fullAt: T0 + 6000, remaining: 0 });
  });

  it('never holds more than its capacity, however long it was idle', () => {
    expect(tokensAt(T0, limit, T0 + 3_600_000)).toBe(5);
    expect(tokensAt(undefined, limit, T0)).toBe(5);
    expect(takeTokens(T0 - 86_400_000, limit, 5, T0)).toMatchObject({ allowed: true, fullAt: T0 + 5000, remaining: 0 });
  });

  it('takes several tokens at once, or none: a refused take leaves the tokens there', () => {
    expect(takeTokens(T0 + 2000, limit, 3, T0)).toMatchObject({ allowed: true, remaining: 0 });
    const refused = takeTokens(T0 + 3000, limit, 3, T0);
    expect(refused).toMatchObject({ allowed: false, remaining: 2, retryAfterMs: 1000 });
  });

  it('refill rates that are not whole milliseconds add up exactly enough', () => {
    const third = { capacity: 3, refillPerSecond: 3 };
    let fullAt: number | undefined;
    const outcomes = [0, 0, 0, 0].map(() => {
      const out = takeTokens(fullAt, third, 1, T0);
      if (out.allowed) fullAt = out.fullAt;
      return out.allowed;
    });
    expect(outcomes).toEqual([true, true, true, false]);
    expect(takeTokens(fullAt, third, 1, T0 + 334).allowed).toBe(true);
  });

  it('time going backwards (a clock behind the last writer) sees fewer tokens, never more', () => {
    const fullAt = T0 + 2000; // 3 tokens at T0
    for (const back of [0, 1, 500, 1000, 5000, 60_000]) {
      expect(tokensAt(fullAt, limit, T0 - back)).toBeLessThanOrEqual(3);
    }
    // The whole sequence with the clock jumping back grants no more than the capacity plus the real refill.
    const jumpy = takeAt([T0, T0 + 1000, T0 - 2000, T0 - 2000, T0 + 500, T0 - 10_000, T0 + 1000, T0 + 1000, T0 + 1000]);
    expect(jumpy.filter((o) => o.allowed).length).toBeLessThanOrEqual(5 + 1);
  });

  it('a state written by a clock far ahead counts as an empty bucket: it never holds a bucket longer than the skew', () => {
    const skewed = T0 + 3_600_000; // a writer an hour ahead
    const out = takeTokens(skewed, limit, 1, T0);
    expect(out).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 1000 });
    expect(tokensAt(skewed, limit, T0)).toBe(0);
  });

  it('refuses what cannot be a take: no tokens, more than the capacity, no refill', () => {
    expect(() => takeTokens(undefined, limit, 0, T0)).toThrow(InvalidBucketError);
    expect(() => takeTokens(undefined, limit, 6, T0)).toThrow(InvalidBucketError);
    expect(() => takeTokens(undefined, limit, 1.5, T0)).toThrow(InvalidBucketError);
    expect(() => takeTokens(undefined, { capacity: 5, refillPerSecond: 0 }, 1, T0)).toThrow(InvalidBucketError);
    expect(() => takeTokens(undefined, { capacity: 0, refillPerSecond: 1 }, 1, T0)).toThrow(InvalidBucketError);
  });

  it('Retry-After is whole seconds, at least one', () => {
    expect([1, 999, 1000, 1001, 0].map(retryAfterSeconds)).toEqual([1, 1, 1, 2, 1]);
  });
});

describe('the rate-limit settings (GRIDWATCH_RATE_LIMITS)', () => {
  it('are the defaults when unset, off when asked, and JSON overrides some limits', () => {
    expect(parseRateLimits(undefined)).toEqual(DEFAULT_RATE_LIMITS);
    expect(parseRateLimits(' off ')).toBe('off');
    expect(parseRateLimits('{"tenant":{"capacity":400,"refillPerSecond":80}}')).toEqual({ ...DEFAULT_RATE_LIMITS, tenant: { capacity: 400, refillPerSecond: 80 } });
  });

  it('refuse a bad value at start-up, naming it', () => {
    expect(() => parseRateLimits('{"tenant":{"capacity":0,"refillPerSecond":80}}')).toThrow(/tenant\.capacity/);
    expect(() => parseRateLimits('{"everyone":{"capacity":1,"refillPerSecond":1}}')).toThrow(/GRIDWATCH_RATE_LIMITS/);
    expect(() => parseRateLimits('fast')).toThrow(/"off" or JSON/);
  });
});

describe('the write pacer of a hot partition (shared/data/write-pacer.ts)', () => {
  it('keeps every second of writes under the partition limit, waiting as long as needed and no longer', async () => {
    let now = 0;
    const spent: [number, number][] = [];
    const pacer = writePacer(PLAN_PARTITION_WRITES, () => now, async (ms) => {
      now += ms;
    });
    for (let i = 0; i < 40; i++) {
      await pacer.take(125); // a BatchWrite of 25 parts of ~5 KB
      spent.push([now, 125]);
    }
    // The busiest one-second window, sliding.
    const busiest = Math.max(...spent.map(([t]) => spent.filter(([u]) => u >= t && u < t + 1000).reduce((n, [, units]) => n + units, 0)));
    expect(busiest).toBeLessThanOrEqual(1000);
    expect(busiest).toBeGreaterThanOrEqual(700);
    // 5,000 units at 700 a second after a burst of 200: ~6.9 s.
    expect(now / 1000).toBeCloseTo((40 * 125 - 200) / 700, 0);
  });

  it('lets a batch larger than the burst through once the bucket is full, and estimates units by item size', async () => {
    let now = 0;
    const pacer = writePacer(PLAN_PARTITION_WRITES, () => now, async (ms) => {
      now += ms;
    });
    await pacer.take(5000);
    await pacer.take(5000);
    expect(now).toBeCloseTo((200 / 700) * 1000, 0);
    expect(writeUnitsOf({ PutRequest: { Item: { pk: 'x', sk: 'y', big: 'a'.repeat(3000) } } })).toBe(3);
    expect(writeUnitsOf({ DeleteRequest: { Key: { pk: 'x', sk: 'y' } } })).toBe(1);
  });
});
