/**
 * How access ends (docs/conventions.md, "How access ends"): a token's user and tenant are checked on
 * every request, so disabling or removing a user and suspending a tenant end their tokens at once on
 * this instance and within ACCESS_TTL_MS on any other; tokens for users or tenants that do not exist,
 * or issued in the future, are refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_TTL_MS } from '../../shared/auth/access';
import { type Api, testApi } from '../support/api';
import { checklistFor, createVenue, inspectionBody } from '../support/field';
import { createTestTenant, TEST_PASSWORD, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
let platform: string;
beforeAll(async () => {
  api = await testApi();
  t = await createTestTenant(api, 'rv');
  platform = await api.tokenFor({ userId: 'root', tenantId: 'platform', roles: ['platform-admin'] });
});

const versionOf = async (path: string, token: string) => (await api.call('GET', path, { token })).body.version as number;

describe('access ends when it is withdrawn', () => {
  it("ends a disabled user's tokens at once (reads and writes), and gives them back when enabled again", async () => {
    const venue = await createVenue(api, t);
    const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
    const token = t.tokens.inspector;
    expect((await api.call('GET', '/api/plans/today', { token })).status).toBe(200);

    const user = `/api/users/${t.users.inspector}`;
    expect((await api.call('PATCH', user, { token: t.tokens.admin, body: { version: await versionOf(user, t.tokens.admin), status: 'disabled' } })).status).toBe(200);
    const read = await api.call('GET', '/api/plans/today', { token });
    expect(read.status).toBe(401);
    expect(read.body).toMatchObject({ error: 'unauthorized', message: 'this user has been disabled or removed' });
    expect((await api.call('POST', '/api/inspections', { token, body: inspectionBody(venue.id, checklist) })).status).toBe(401);

    expect((await api.call('PATCH', user, { token: t.tokens.admin, body: { version: await versionOf(user, t.tokens.admin), status: 'active' } })).status).toBe(200);
    expect((await api.call('POST', '/api/inspections', { token, body: inspectionBody(venue.id, checklist) })).status).toBe(201);
  });

  it("ends a suspended tenant's tokens at once, and gives them back when it is active again", async () => {
    const tenant = `/api/platform/tenants/${t.id}`;
    expect((await api.call('PATCH', tenant, { token: platform, body: { version: await versionOf(tenant, platform), status: 'suspended' } })).status).toBe(200);
    const read = await api.call('GET', '/api/tenant', { token: t.tokens.admin });
    expect(read.status).toBe(401);
    expect(read.body.message).toBe('this tenant has been suspended');
    expect((await api.call('POST', '/api/grids', { token: t.tokens.admin, body: { id: 'after-suspension', name: '停用后', parentId: null } })).status).toBe(401);
    expect((await api.call('GET', '/api/plans/today', { token: t.tokens.inspector })).status).toBe(401);

    expect((await api.call('PATCH', tenant, { token: platform, body: { version: await versionOf(tenant, platform), status: 'active' } })).status).toBe(200);
    expect((await api.call('GET', '/api/tenant', { token: t.tokens.admin })).status).toBe(200);
  });

  it('removes a user for good: tokens and sign-in end, the user stays in the history and cannot be changed', async () => {
    const id = t.users.industry;
    const token = t.tokens.industry;
    expect((await api.call('GET', '/api/me', { token })).status).toBe(200);
    const removed = await api.call('DELETE', `/api/users/${id}`, { token: t.tokens.admin });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ id, status: 'removed', removedAt: api.clock.now().toISOString(), removedBy: t.users.admin });
    expect((await api.call('GET', '/api/me', { token })).status).toBe(401);
    expect((await api.call('POST', '/api/auth/login', { body: { tenant: t.id, username: id, password: TEST_PASSWORD } })).status).toBe(401);
    // Still there for the history; a second removal changes nothing; no edit brings it back.
    expect((await api.call('GET', `/api/users/${id}`, { token: t.tokens.admin })).body).toMatchObject({ status: 'removed', version: removed.body.version });
    expect((await api.call('DELETE', `/api/users/${id}`, { token: t.tokens.admin })).body.version).toBe(removed.body.version);
    const revive = await api.call('PATCH', `/api/users/${id}`, { token: t.tokens.admin, body: { version: removed.body.version, status: 'active' } });
    expect(revive.status).toBe(409);
    expect((await api.call('POST', '/api/users', { token: t.tokens.admin, body: { id, displayName: 'again', roles: ['inspector'], password: TEST_PASSWORD } })).status).toBe(409);
    expect((await api.call('GET', '/api/me', { token })).status).toBe(401);
    // An admin cannot remove themselves (someone must be left to manage the tenant).
    expect((await api.call('DELETE', `/api/users/${t.users.admin}`, { token: t.tokens.admin })).status).toBe(409);
    expect((await api.call('DELETE', '/api/users/nobody-here', { token: t.tokens.admin })).status).toBe(404);
  });

  it('refuses tokens of the issuer for a user or a tenant that does not exist', async () => {
    const ghost = await api.issuer.sign({ userId: 'ghost-user', tenantId: t.id, roles: ['tenant-admin'], gridIds: [], venueKinds: [] });
    const res = await api.call('GET', '/api/tenant', { token: ghost });
    expect(res.status).toBe(401);
    expect(res.body.message).toContain('does not exist');
    const nowhere = await api.issuer.sign({ userId: t.users.admin, tenantId: 'no-such-town', roles: ['tenant-admin'], gridIds: [], venueKinds: [] });
    expect((await api.call('GET', '/api/tenant', { token: nowhere })).status).toBe(401);
    const platformGhost = await api.issuer.sign({ userId: 'ghost-root', tenantId: 'platform', roles: ['platform-admin'], gridIds: [], venueKinds: [] });
    expect((await api.call('GET', '/api/platform/tenants', { token: platformGhost })).status).toBe(401);
  });

  it('refuses a token issued in the future', async () => {
    api.clock.advance(3600_000);
    const future = await api.issuer.sign({ userId: t.users.supervisor, tenantId: t.id, roles: ['supervisor'], gridIds: [], venueKinds: [] });
    api.clock.advance(-3600_000);
    expect((await api.call('GET', '/api/me', { token: future })).status).toBe(401);
    // Within the clock tolerance (30 s) it is a skewed clock, not a forgery.
    api.clock.advance(20_000);
    const skewed = await api.issuer.sign({ userId: t.users.supervisor, tenantId: t.id, roles: ['supervisor'], gridIds: [], venueKinds: [] });
    api.clock.advance(-20_000);
    expect((await api.call('GET', '/api/me', { token: skewed })).status).toBe(200);
  });

  it(`ends access on another instance within ${ACCESS_TTL_MS / 1000} s (its own short cache), not at the token's expiry`, async () => {
    const other = await testApi({ db: api.db });
    const token = await other.tokenFor({ userId: t.users.northSupervisor, tenantId: t.id, roles: ['supervisor'], gridIds: [t.grids.north] });
    expect((await other.call('GET', '/api/me', { token })).status).toBe(200);
    const user = `/api/users/${t.users.northSupervisor}`;
    expect((await api.call('PATCH', user, { token: t.tokens.admin, body: { version: await versionOf(user, t.tokens.admin), status: 'disabled' } })).status).toBe(200);
    // The other instance trusts what it checked a moment ago, for at most ACCESS_TTL_MS.
    expect((await other.call('GET', '/api/me', { token })).status).toBe(200);
    other.clock.advance(ACCESS_TTL_MS + 1000);
    expect((await other.call('GET', '/api/me', { token })).status).toBe(401);
  });
});
