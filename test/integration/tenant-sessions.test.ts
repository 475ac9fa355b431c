/**
 * Tenant isolation's price in a warm container (docs/infra.md "Tenant isolation"): the API with
 * STS-backed tenant credentials (a fake STS; DynamoDB Local ignores credentials) pays one AssumeRole
 * for a tenant's first requests, however many arrive together, and none after; sign-in and the
 * platform's directory use the tenant being signed into and the function's own role.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Api, testApi } from '../support/api';
import { createTestTenant, TEST_PASSWORD, type TestTenant } from '../support/tenant';
import { fakeSts } from '../support/fake-sts';

let setup: Api;
let a: TestTenant;
let b: TestTenant;
beforeAll(async () => {
  setup = await testApi();
  [a, b] = await Promise.all([createTestTenant(setup, 'sa'), createTestTenant(setup, 'sb')]);
});

describe('tenant sessions in a warm container', () => {
  it('cost the first requests of a tenant one STS call, later requests none', async () => {
    const sts = fakeSts();
    // A fresh container: its own API and credential cache, the same table.
    const api = await testApi({ db: setup.db, credentials: sts.credentials });
    const tokenA = await api.tokenFor({ tenantId: a.id, roles: ['tenant-admin'] });
    const tokenB = await api.tokenFor({ tenantId: b.id, roles: ['tenant-admin'] });

    const first = await Promise.all(Array.from({ length: 8 }, () => api.call('GET', '/api/grids', { token: tokenA })));
    expect(first.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(sts.calls.map((c) => c.tenant)).toEqual([a.id]);

    for (let i = 0; i < 5; i++) expect((await api.call('GET', '/api/venues', { token: tokenA })).status).toBe(200);
    expect(sts.calls).toHaveLength(1);

    expect((await api.call('GET', '/api/grids', { token: tokenB })).status).toBe(200);
    expect(sts.calls.map((c) => c.tenant)).toEqual([a.id, b.id]);
  });

  it('sign-in reaches the tenant signed into only; the health check needs no session', async () => {
    const sts = fakeSts();
    const api = await testApi({ db: setup.db, credentials: sts.credentials });
    expect((await api.call('GET', '/api/health')).status).toBe(200);
    expect(sts.calls).toHaveLength(0);
    const res = await api.call('POST', '/api/auth/login', { body: { tenant: a.id, username: a.users.inspector, password: TEST_PASSWORD } });
    expect(res.status).toBe(200);
    expect(sts.calls.map((c) => c.tenant)).toEqual([a.id]);
  });

  it('a tenant whose session is refused gets no data: an internal error with the request id', async () => {
    const sts = fakeSts({ fail: () => true });
    const api = await testApi({ db: setup.db, credentials: sts.credentials });
    const token = await api.tokenFor({ tenantId: a.id, roles: ['tenant-admin'] });
    const res = await api.call('GET', '/api/grids', { token });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ error: 'internal' });
  });
});
