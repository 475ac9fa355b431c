/**
 * A flood on the public form: 10,000 submissions from one address are throttled (429 with
 * Retry-After) while another address still gets through with the same code — and nothing answers 5xx.
 * Bounded: a fixed number of requests, a few in flight at a time, on the app itself (addresses as the
 * local server gives them, 127.0.0.x).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_LIMITS } from '../../shared/domain/public-limits';
import { type Api, testApi } from '../support/api';
import { makeRegistrationCode, registrationForm } from '../support/self-registration';
import { createTestTenant, type TestTenant } from '../support/tenant';

const FLOOD = 10_000;
/** Loopback addresses of this run's own (the test run shares one table, and its clocks are fixed: a drained bucket stays drained). */
const net = `127.${1 + Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
const IN_FLIGHT = 16;

let api: Api;
let t: TestTenant;
let code: { token: string };

const from = (address: string, body: unknown) =>
  api.app.request('/api/public/registrations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, { incoming: { socket: { remoteAddress: address } } });

beforeAll(async () => {
  api = await testApi();
  t = await createTestTenant(api, 'fl');
  code = await makeRegistrationCode(api, t.tokens.supervisor, { gridId: t.grids.northGroup1 });
});

describe('a flood from one address', () => {
  it('is throttled while another address still passes, with no 5xx', { timeout: 300_000 }, async () => {
    const statuses = new Map<number, number>();
    let retryAfterMissing = 0;
    let sent = 0;
    const worker = async () => {
      while (sent < FLOOD) {
        sent++;
        const res = await from(`${net}.1`, registrationForm(code.token));
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 429 && !res.headers.get('retry-after')) retryAfterMissing++;
        await res.arrayBuffer();
        if (sent % 2500 === 0) {
          // Meanwhile, a neighbour with the same poster.
          const other = await from(`${net}.2`, registrationForm(code.token));
          expect(other.status).toBe(202);
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const fiveHundreds = [...statuses].filter(([s]) => s >= 500);
    expect(fiveHundreds).toEqual([]);
    // The clock is fixed: the address's bucket gives its capacity and no refill.
    expect(statuses.get(202)).toBe(PUBLIC_LIMITS.address.capacity);
    expect(statuses.get(429)).toBe(FLOOD - PUBLIC_LIMITS.address.capacity);
    expect(retryAfterMissing).toBe(0);
    expect((await from(`${net}.3`, registrationForm(code.token))).status).toBe(202);
  });
});
