/**
 * In AWS the API keeps Cognito in step with its users. The pool's endpoint is faked at the HTTP
 * level (no AWS here: test/support/fake-cognito.ts); the table is real, so the test sees that a user
 * whose identity could not be created is not left behind.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cognitoIdentity } from '../../shared/auth/identity';
import { actorFromClaims } from '../../shared/auth/claims';
import { cognitoSignIn } from '../../shared/auth/sign-in';
import { type Api, testApi } from '../support/api';
import { uniqueTenantId } from '../support/db';
import { fakeCognito } from '../support/fake-cognito';
import { createTestTenant, type TestTenant } from '../support/tenant';

const cognito = fakeCognito();
const input = (operation: string, n = 0) => cognito.calls.filter((c) => c.operation === operation)[n]?.input;
let api: Api;
let t: TestTenant;
beforeAll(async () => {
  api = await testApi({ identity: cognitoIdentity(cognito.call, 'pool-1') });
  t = await createTestTenant(api, 'idp');
});
beforeEach(() => cognito.reset());

describe('Cognito identity directory', () => {
  it('creates the pool user as <tenant>:<user> with the claims as custom attributes', async () => {
    cognito.on('AdminCreateUser', { User: { Username: 'x' } });
    const res = await api.call('POST', '/api/users', { token: t.tokens.admin, body: { id: 'li.si', displayName: '李四', roles: ['inspector'], gridIds: [t.grids.north], password: 'temporary-pw-1' } });
    expect(res.status).toBe(201);
    // A signed AWS JSON 1.1 request to the regional user-pool endpoint.
    const sent = cognito.calls[0];
    expect(sent.url).toBe('https://cognito-idp.cn-north-1.amazonaws.com.cn/');
    expect(sent.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(sent.headers.get('authorization')).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/cn-north-1\/cognito-idp\/aws4_request, SignedHeaders=.*x-amz-target.*, Signature=[0-9a-f]{64}$/);
    const call = input('AdminCreateUser');
    expect(call).toMatchObject({ UserPoolId: 'pool-1', Username: `${t.id}:li.si`, TemporaryPassword: 'temporary-pw-1', MessageAction: 'SUPPRESS' });
    expect(call.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'custom:tenant', Value: t.id },
        { Name: 'custom:roles', Value: 'inspector' },
        { Name: 'custom:grids', Value: t.grids.north },
      ]),
    );
  });

  it('removes the user again when the pool refuses it, so nothing half-made remains', async () => {
    cognito.fail('AdminCreateUser', 'InvalidPasswordException', 'password does not conform');
    const res = await api.call('POST', '/api/users', { token: t.tokens.admin, body: { id: 'wrong.one', displayName: 'x', roles: ['inspector'], password: 'temporary-pw-1' } });
    expect(res.status).toBe(500);
    expect((await api.call('GET', '/api/users/wrong.one', { token: t.tokens.admin })).status).toBe(404);
  });

  it('sends every attribute on update, and disables and resets passwords in the pool', async () => {
    cognito.on('AdminUpdateUserAttributes', {});
    cognito.on('AdminDisableUser', {});
    cognito.on('AdminSetUserPassword', {});
    const u = (await api.call('GET', `/api/users/${t.users.inspector}`, { token: t.tokens.admin })).body;
    const res = await api.call('PATCH', `/api/users/${u.id}`, { token: t.tokens.admin, body: { version: u.version, status: 'disabled', password: 'reset-password-1', roles: ['inspector', 'supervisor'] } });
    expect(res.status).toBe(200);
    expect(input('AdminUpdateUserAttributes').UserAttributes).toContainEqual({ Name: 'custom:roles', Value: 'inspector,supervisor' });
    expect(cognito.calls.filter((c) => c.operation === 'AdminDisableUser')).toHaveLength(1);
    expect(input('AdminSetUserPassword')).toMatchObject({ Username: `${t.id}:${u.id}`, Permanent: false });
  });

  it("creates a tenant's first admin in the pool, and no tenant when that fails", async () => {
    const platform = await api.tokenFor({ tenantId: 'platform', roles: ['platform-admin'] });
    cognito.fail('AdminCreateUser', 'InternalErrorException', 'pool unavailable', 500);
    const id = uniqueTenantId('idp');
    const res = await api.call('POST', '/api/platform/tenants', { token: platform, body: { id, nameZh: '某镇', nameEn: 'Some Town', admin: { id: 'admin', displayName: '管理员', password: 'first-admin-pw' } } });
    expect(res.status).toBe(500);
    expect((await api.call('GET', `/api/platform/tenants/${id}`, { token: platform })).status).toBe(404);
  });
});

describe('Cognito sign-in behind /api/auth/login', () => {
  let cognitoApi: Api;
  beforeAll(async () => {
    cognitoApi = await testApi({ identity: cognitoIdentity(cognito.call, 'pool-1'), signIn: cognitoSignIn(cognito.call, 'pool-1', 'client-1', api.deps.tables) });
  });

  it("returns the pool's ID token and the user's profile", async () => {
    cognito.on('AdminInitiateAuth', { AuthenticationResult: { IdToken: 'id.token.from-pool', ExpiresIn: 3600 } });
    const res = await cognitoApi.call('POST', '/api/auth/login', { body: { tenant: t.id, username: t.users.supervisor, password: 'whatever-1' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token: 'id.token.from-pool', expiresIn: 3600, tenant: t.id, user: { id: t.users.supervisor } });
    expect(input('AdminInitiateAuth')).toMatchObject({
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      ClientId: 'client-1',
      AuthParameters: { USERNAME: `${t.id}:${t.users.supervisor}`, PASSWORD: 'whatever-1' },
    });
  });

  it('answers a wrong password like the dev issuer does, and asks a new user for a new password', async () => {
    cognito.fail('AdminInitiateAuth', 'NotAuthorizedException', 'Incorrect username or password.');
    const wrong = await cognitoApi.call('POST', '/api/auth/login', { body: { tenant: t.id, username: t.users.supervisor, password: 'nope-nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('wrong tenant, user name or password');

    cognito.reset();
    cognito.on('AdminInitiateAuth', { ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 'session-1' });
    cognito.on('AdminRespondToAuthChallenge', { AuthenticationResult: { IdToken: 'fresh.id.token', ExpiresIn: 3600 } });
    const first = await cognitoApi.call('POST', '/api/auth/login', { body: { tenant: t.id, username: t.users.inspector, password: 'temporary-1' } });
    expect(first.status).toBe(401);
    expect(first.body).toMatchObject({ error: 'new_password_required', session: 'session-1' });
    const done = await cognitoApi.call('POST', '/api/auth/new-password', { body: { tenant: t.id, username: t.users.inspector, session: 'session-1', newPassword: 'my-own-password-1' } });
    expect(done.status).toBe(200);
    expect(done.body.token).toBe('fresh.id.token');
    expect(input('AdminRespondToAuthChallenge').ChallengeResponses).toEqual({ USERNAME: `${t.id}:${t.users.inspector}`, NEW_PASSWORD: 'my-own-password-1' });
  });
});

describe('claims', () => {
  const claims = (username: string) => ({ sub: 'x', 'cognito:username': username, 'custom:tenant': 'longhu', 'custom:roles': 'inspector' });
  it('takes the user id from the pool user name and refuses one of another tenant', () => {
    expect(actorFromClaims(claims('longhu:zhang'))?.userId).toBe('zhang');
    expect(actorFromClaims(claims('tianhe:zhang'))).toBeUndefined();
    expect(actorFromClaims(claims('zhang'))).toBeUndefined();
    expect(actorFromClaims(claims('longhu:'))).toBeUndefined();
    expect(actorFromClaims({ ...claims('longhu:zhang'), 'custom:roles': 'inspector,wizard' })).toBeUndefined();
  });
});
