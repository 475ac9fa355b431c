/**
 * Rate limits in the API (functions/api/middleware/rate-limit.ts) with small buckets and a clock the
 * test moves: a user, then a tenant, exhausting its bucket gets 429s with Retry-After and a body
 * naming the limit, while another tenant still gets 200s; nothing is ever a 5xx.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RateLimits } from '../../shared/domain/rate-limits';
import { type Api, testApi } from '../support/api';
import { createTestTenant, type TestTenant } from '../support/tenant';

const LIMITS: RateLimits = {
  user: { capacity: 4, refillPerSecond: 1 },
  tenant: { capacity: 10, refillPerSecond: 2 },
  identity: { capacity: 2, refillPerSecond: 0.1 },
};

let api: Api;
let a: TestTenant;
let b: TestTenant;
beforeAll(async () => {
  api = await testApi({ now: '2026-12-06T00:30:00Z', rateLimits: LIMITS });
  [a, b] = await Promise.all([createTestTenant(api, 'rla'), createTestTenant(api, 'rlb')]);
});

/** n requests side by side; their statuses (never a 5xx). */
async function burst(token: string, n: number, path = '/api/grids') {
  const answers = await Promise.all(Array.from({ length: n }, () => api.call('GET', path, { token })));
  for (const r of answers) expect(r.status).toBeLessThan(500);
  return answers;
}

describe('rate limits per user and per tenant', () => {
  it('refuses a user past their bucket with 429, Retry-After and the limit named; another tenant is not touched', async () => {
    const answers = await burst(a.tokens.supervisor, 7);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(4);
    const refused = answers.filter((r) => r.status === 429);
    expect(refused).toHaveLength(3);
    for (const r of refused) {
      expect(r.headers.get('retry-after')).toBe('1');
      expect(r.body).toMatchObject({ error: 'rate_limited', limit: 'user', capacity: 4, refillPerSecond: 1, retryAfterSeconds: 1 });
      expect(r.body.message).toMatch(/too many requests from this user: 4 at once, 1 a second/);
    }
    // The same tenant's other users still have their own buckets (and the tenant's tokens).
    expect((await api.call('GET', '/api/grids', { token: a.tokens.inspector })).status).toBe(200);
    expect((await burst(b.tokens.supervisor, 3)).every((r) => r.status === 200)).toBe(true);
    // A second later the user has a token again.
    api.clock.advance(1000);
    expect((await api.call('GET', '/api/grids', { token: a.tokens.supervisor })).status).toBe(200);
  });

  it('refuses every user of a tenant that has used up its bucket, while another tenant still gets 200', async () => {
    api.clock.advance(60_000); // every bucket full again
    const users = [a.tokens.admin, a.tokens.supervisor, a.tokens.northSupervisor, a.tokens.inspector];
    const answers = (await Promise.all(users.map((token) => burst(token, 4)))).flat();
    expect(answers.filter((r) => r.status === 200)).toHaveLength(10);
    const refused = answers.filter((r) => r.status === 429);
    expect(refused).toHaveLength(6);
    for (const r of refused) expect(r.body).toMatchObject({ limit: 'tenant', capacity: 10 });
    // The industry user has not asked for anything yet, and still waits for the tenant.
    expect((await api.call('GET', '/api/grids', { token: a.tokens.industry })).body).toMatchObject({ error: 'rate_limited', limit: 'tenant' });
    const other = await burst(b.tokens.admin, 4);
    expect(other.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  it('limits changes to sign-in accounts per tenant apart from reads', async () => {
    api.clock.advance(60_000);
    const create = (n: number) =>
      api.call('POST', '/api/users', { token: a.tokens.admin, body: { id: `rl-${n}-${a.id.slice(-4)}`, displayName: `限流${n}`, roles: ['inspector'], gridIds: [], venueKinds: [], password: 'correct-horse-42' } });
    expect((await create(1)).status).toBe(201);
    expect((await create(2)).status).toBe(201);
    const third = await create(3);
    expect(third.status).toBe(429);
    expect(third.body).toMatchObject({ limit: 'identity', capacity: 2 });
    expect(Number(third.headers.get('retry-after'))).toBe(10);
    expect((await api.call('GET', '/api/users', { token: a.tokens.admin })).status).toBe(200);
  });

  it('lets public requests through without a bucket', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => api.call('GET', '/api/health')));
    expect(answers.every((r) => r.status === 200)).toBe(true);
  });
});
