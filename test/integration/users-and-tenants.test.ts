import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { tenantKeys } from '../../shared/data/keys';
import { type Api, testApi } from '../support/api';
import { uniqueTenantId } from '../support/db';
import { createTestTenant, TEST_PASSWORD, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
let platform: string;
beforeAll(async () => {
  api = await testApi();
  t = await createTestTenant(api, 'usr');
  platform = await api.tokenFor({ tenantId: 'platform', roles: ['platform-admin'] });
});

describe('users', () => {
  it('creates a user with roles and grids, who can then sign in; lists never show password hashes', async () => {
    const res = await api.call('POST', '/api/users', {
      token: t.tokens.admin,
      body: { id: 'wang.wu', displayName: '王五', roles: ['inspector'], gridIds: [t.grids.southVillage], password: 'a-long-password' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: 'wang.wu', roles: ['inspector'], gridIds: [t.grids.southVillage], status: 'active', onLeave: false });
    const login = await api.call('POST', '/api/auth/login', { body: { tenant: t.id, username: 'Wang.Wu', password: 'a-long-password' } });
    expect(login.status).toBe(200);
    const list = await api.call('GET', '/api/users?limit=100', { token: t.tokens.supervisor });
    expect(list.body.items.map((u: { id: string }) => u.id)).toContain('wang.wu');
    expect(JSON.stringify(list.body)).not.toContain('scrypt');
  });

  it('refuses unknown grids, duplicate ids and weak passwords, writing nothing', async () => {
    const unknownGrid = await api.call('POST', '/api/users', { token: t.tokens.admin, body: { id: 'ghost', displayName: 'x', roles: ['inspector'], gridIds: ['nowhere'], password: 'a-long-password' } });
    expect(unknownGrid.status).toBe(400);
    expect(unknownGrid.body.issues[0].path).toBe('gridIds');
    // A kind not in the tenant's catalogue is refused, naming it, on create and on edit.
    const unknownKind = await api.call('POST', '/api/users', { token: t.tokens.admin, body: { id: 'ghost', displayName: 'x', roles: ['industry-authority'], venueKinds: ['shop', 'no-such-kind'], password: 'a-long-password' } });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.body.issues[0].path).toBe('venueKinds.1');
    const industry = await api.call('GET', `/api/users/${t.users.industry}`, { token: t.tokens.admin });
    const edit = await api.call('PATCH', `/api/users/${t.users.industry}`, { token: t.tokens.admin, body: { version: industry.body.version, venueKinds: ['made-up'] } });
    expect(edit.status).toBe(400);
    expect(edit.body.issues[0].path).toBe('venueKinds.0');
    const notice = await api.call('POST', '/api/notices', { token: t.tokens.admin, body: { id: '01KBB5Y000000000000000000B', action: 'pause', venueKinds: ['made-up'], reason: '暂停' } });
    expect(notice.status).toBe(400);
    expect(notice.body.issues[0].path).toBe('venueKinds.0');
    const weak = await api.call('POST', '/api/users', { token: t.tokens.admin, body: { id: 'ghost', displayName: 'x', roles: ['inspector'], password: 'short' } });
    expect(weak.status).toBe(400);
    expect(weak.body.issues[0].path).toBe('body.password');
    const platformRole = await api.call('POST', '/api/users', { token: t.tokens.admin, body: { id: 'ghost', displayName: 'x', roles: ['platform-admin'], password: 'a-long-password' } });
    expect(platformRole.status).toBe(400);
    expect((await api.call('GET', '/api/users/ghost', { token: t.tokens.admin })).status).toBe(404);
    const dup = await api.call('POST', '/api/users', { token: t.tokens.admin, body: { id: t.users.inspector, displayName: 'x', roles: ['inspector'], password: 'a-long-password' } });
    expect(dup.status).toBe(409);
  });

  it('changes roles, grids, leave and password with a version check', async () => {
    const u = (await api.call('GET', `/api/users/${t.users.inspector}`, { token: t.tokens.admin })).body;
    const changed = await api.call('PATCH', `/api/users/${u.id}`, { token: t.tokens.admin, body: { version: u.version, onLeave: true, gridIds: [t.grids.northGroup2], password: 'new-password-1' } });
    expect(changed.body).toMatchObject({ onLeave: true, gridIds: [t.grids.northGroup2], version: u.version + 1 });
    expect((await api.call('PATCH', `/api/users/${u.id}`, { token: t.tokens.admin, body: { version: u.version, onLeave: false } })).status).toBe(409);
    expect((await api.call('POST', '/api/auth/login', { body: { tenant: t.id, username: u.id, password: TEST_PASSWORD } })).status).toBe(401);
    expect((await api.call('POST', '/api/auth/login', { body: { tenant: t.id, username: u.id, password: 'new-password-1' } })).status).toBe(200);
  });
});

describe('tenants (platform admin)', () => {
  it('creates a tenant and its first admin in one transaction', async () => {
    const id = uniqueTenantId('new');
    const res = await api.call('POST', '/api/platform/tenants', {
      token: platform,
      body: { id, nameZh: '某某街道', nameEn: 'Some Subdistrict', timezone: 'Asia/Shanghai', gridLevelNames: ['社区', '网格'], admin: { id: 'boss', displayName: '主任', password: 'first-admin-pw' } },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id, status: 'active', version: 1, gridLevelNames: ['社区', '网格'] });
    const login = await api.call('POST', '/api/auth/login', { body: { tenant: id, username: 'boss', password: 'first-admin-pw' } });
    expect(login.status).toBe(200);
    expect((await api.call('GET', '/api/me', { token: login.body.token })).body.roles).toEqual(['tenant-admin']);
    const again = await api.call('POST', '/api/platform/tenants', { token: platform, body: { id, nameZh: 'x', nameEn: 'x', admin: { id: 'other', displayName: 'x', password: 'first-admin-pw' } } });
    expect(again.status).toBe(409);
    // The refused second create left no stray admin behind.
    const stray = await api.db.doc.send(new QueryCommand({ TableName: api.db.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': tenantKeys(id).user('other').pk } }));
    expect(stray.Items).toEqual([]);
  });

  it('validates ids, time zones and reserved names', async () => {
    for (const [body, field] of [
      [{ id: 'Bad Id', nameZh: 'x', nameEn: 'x' }, 'body.id'],
      [{ id: 'platform', nameZh: 'x', nameEn: 'x' }, 'body.id'],
      [{ id: uniqueTenantId('tz'), nameZh: 'x', nameEn: 'x', timezone: 'Mars/Olympus' }, 'body.timezone'],
      [{ id: uniqueTenantId('x'), nameZh: '', nameEn: 'x' }, 'body.nameZh'],
    ] as const) {
      const res = await api.call('POST', '/api/platform/tenants', { token: platform, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.issues[0].path).toBe(field);
    }
  });

  it('lists, reads and suspends tenants; a suspended tenant cannot sign in', async () => {
    const list = await api.call('GET', '/api/platform/tenants?limit=200', { token: platform });
    expect(list.status).toBe(200);
    const one = await api.call('GET', `/api/platform/tenants/${t.id}`, { token: platform });
    expect(one.body.id).toBe(t.id);
    const suspended = await api.call('PATCH', `/api/platform/tenants/${t.id}`, { token: platform, body: { version: one.body.version, status: 'suspended' } });
    expect(suspended.body.status).toBe('suspended');
    expect((await api.call('POST', '/api/auth/login', { body: { tenant: t.id, username: t.users.supervisor, password: TEST_PASSWORD } })).status).toBe(401);
    await api.call('PATCH', `/api/platform/tenants/${t.id}`, { token: platform, body: { version: suspended.body.version, status: 'active' } });
    expect((await api.call('GET', '/api/platform/tenants/no-such-tenant', { token: platform })).status).toBe(404);
  });
});
