/**
 * Token buckets in DynamoDB Local (shared/data/rate-limits.ts): concurrent takers, each as a separate
 * Lambda instance (its own client and its own hints), never get more tokens than the bucket holds.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock';
import { PLATFORM_TENANT } from '../../shared/domain/actor';
import { tenantKeys } from '../../shared/data/keys';
import { type BucketHints, rateLimitRepository } from '../../shared/data/rate-limits';
import { TTL_ATTRIBUTE } from '../../shared/data/table';
import { testDb, testTables, uniqueTenantId } from '../support/db';

const T0 = '2026-12-06T00:30:00.000Z';
const tables = testTables();

/** `instances` takers of one bucket, each with its own client and hints, as separate Lambdas would be. */
function instances(tenantId: string, count: number, clock = fixedClock(T0)) {
  return Array.from({ length: count }, () => rateLimitRepository(testDb(), tenantId, clock, { hints: new Map() as BucketHints }));
}

describe('token buckets in the table', () => {
  it('grants exactly the capacity to 40 concurrent takers from 8 instances, and says how long to wait', async () => {
    const tenantId = uniqueTenantId('rl');
    const takers = instances(tenantId, 8);
    const limit = { capacity: 15, refillPerSecond: 0.5 };
    const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => takers[i % 8]!.take('tenant', limit)));
    expect(outcomes.filter((o) => o.allowed)).toHaveLength(15);
    const refused = outcomes.filter((o) => !o.allowed);
    expect(refused).toHaveLength(25);
    for (const o of refused) expect(o.retryAfterMs).toBeGreaterThan(0);
    for (const o of refused) expect(o.retryAfterMs).toBeLessThanOrEqual(2000);
    // Each take is one or two conditional writes (a wrong guess full/partly used costs the second).
    for (const o of outcomes) expect(o.calls).toBeLessThanOrEqual(2);
  });

  it('refills with time, across instances whose hints are stale', async () => {
    const tenantId = uniqueTenantId('rl');
    const clock = fixedClock(T0);
    const [a, b] = instances(tenantId, 2, clock);
    const limit = { capacity: 3, refillPerSecond: 1 };
    expect((await Promise.all([a!.take('user.alice', limit), a!.take('user.alice', limit), a!.take('user.alice', limit)])).every((o) => o.allowed)).toBe(true);
    // b has never seen the bucket and guesses it full: the stored item corrects it without a grant.
    expect(await b!.take('user.alice', limit)).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 1000, calls: 1 });
    // Now b knows the bucket is empty: the next refusal costs no call at all.
    expect(await b!.take('user.alice', limit)).toMatchObject({ allowed: false, calls: 0 });
    clock.advance(2000);
    expect(await b!.take('user.alice', limit, 2)).toMatchObject({ allowed: true, remaining: 0 });
    expect((await a!.take('user.alice', limit)).allowed).toBe(false); // a's hint (empty) is stale in the other direction
    clock.advance(10_000);
    expect(await a!.take('user.alice', limit)).toMatchObject({ allowed: true, remaining: 2, calls: 1 });
    // Another user's bucket is untouched by all this.
    expect(await a!.take('user.bob', limit)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('concurrent takes of several tokens never over-grant; a clock ahead by 5 s gains at most its 5 s of refill', async () => {
    const limit = { capacity: 10, refillPerSecond: 1 };
    const mixed = async (clocks: [ReturnType<typeof fixedClock>, ReturnType<typeof fixedClock>]) => {
      const tenantId = uniqueTenantId('rl');
      const [threes, twos] = clocks.map((clock) => rateLimitRepository(testDb(), tenantId, clock, { hints: new Map() }));
      const outcomes = await Promise.all([...Array.from({ length: 6 }, () => threes!.take('tenant', limit, 3)), ...Array.from({ length: 6 }, () => twos!.take('tenant', limit, 2))]);
      return outcomes.reduce((sum, o, i) => sum + (o.allowed ? (i < 6 ? 3 : 2) : 0), 0);
    };
    const sameTime = await mixed([fixedClock(T0), fixedClock(T0)]);
    expect(sameTime).toBeLessThanOrEqual(10);
    expect(sameTime).toBeGreaterThanOrEqual(9); // what is left is less than any take
    const skewed = await mixed([fixedClock('2026-12-06T00:30:05.000Z'), fixedClock(T0)]);
    expect(skewed).toBeLessThanOrEqual(10 + 5);
  });

  it('keeps a bucket as one item that expires after its refill; a client address lives under the platform tenant', async () => {
    const platform = rateLimitRepository(tables.tenant(PLATFORM_TENANT), PLATFORM_TENANT, fixedClock(T0), { hints: new Map() });
    const bucket = `ip.${uniqueTenantId('addr')}`;
    expect((await platform.take(bucket, { capacity: 60, refillPerSecond: 1 })).allowed).toBe(true);
    const db = testDb();
    const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: tenantKeys(PLATFORM_TENANT).rateLimitBucket(bucket), ConsistentRead: true }));
    expect(Item?.pk).toBe(`T#platform#RATE#${bucket}`);
    const t0 = Date.parse(T0);
    expect(Item?.fullAt).toBeCloseTo(t0 + 1000, 6);
    // Expires a minute after the bucket would be full again (60 s refill), never before it.
    expect(Item?.[TTL_ATTRIBUTE]).toBe(Math.ceil((t0 + 60_000) / 1000) + 60);
  });

  it('refuses a bucket key that could break a key apart, and a take larger than the bucket', async () => {
    const [a] = instances(uniqueTenantId('rl'), 1);
    await expect(a!.take('user#x', { capacity: 1, refillPerSecond: 1 })).rejects.toThrow(/bucket key/);
    await expect(a!.take('tenant', { capacity: 1, refillPerSecond: 1 }, 2)).rejects.toThrow(/a take is/);
  });
});
