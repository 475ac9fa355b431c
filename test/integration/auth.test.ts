import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { claimsFromActor } from '../../shared/auth/claims';
import { type Api, testApi } from '../support/api';
import { TEST_AUDIENCE, TEST_ISSUER } from '../support/constants';
import { createTestTenant, TEST_PASSWORD, type TestTenant } from '../support/tenant';

let api: Api;
let tenant: TestTenant;
beforeAll(async () => {
  api = await testApi();
  tenant = await createTestTenant(api, 'auth');
});

const login = (body: unknown) => api.call('POST', '/api/auth/login', { body });

describe('password sign-in (dev issuer)', () => {
  it('returns a token that the API accepts, carrying tenant, roles and grids', async () => {
    const res = await login({ tenant: tenant.id, username: tenant.users.inspector, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.user.passwordHash).toBeUndefined();
    const me = await api.call('GET', '/api/me', { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ userId: tenant.users.inspector, tenantId: tenant.id, roles: ['inspector'], gridIds: [tenant.grids.northGroup1], venueKinds: [] });
  });

  it('answers the same 401 for a wrong password, an unknown user and an unknown tenant', async () => {
    const wrong = await login({ tenant: tenant.id, username: tenant.users.supervisor, password: 'nope-nope' });
    const unknownUser = await login({ tenant: tenant.id, username: 'ghost', password: TEST_PASSWORD });
    const unknownTenant = await login({ tenant: 'no-such-town', username: tenant.users.supervisor, password: TEST_PASSWORD });
    for (const res of [wrong, unknownUser, unknownTenant]) {
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('wrong tenant, user name or password');
    }
  });

  it('refuses a disabled user', async () => {
    const admin = tenant.tokens.admin;
    const user = await api.call('GET', `/api/users/${tenant.users.northSupervisor}`, { token: admin });
    await api.call('PATCH', `/api/users/${tenant.users.northSupervisor}`, { token: admin, body: { version: user.body.version, status: 'disabled' } });
    expect((await login({ tenant: tenant.id, username: tenant.users.northSupervisor, password: TEST_PASSWORD })).status).toBe(401);
  });

  it('locks a user name for 15 minutes after 5 failed attempts', async () => {
    for (let i = 0; i < 5; i++) expect((await login({ tenant: tenant.id, username: tenant.users.industry, password: 'wrong-pass' })).status).toBe(401);
    expect((await login({ tenant: tenant.id, username: tenant.users.industry, password: TEST_PASSWORD })).status).toBe(429);
    api.clock.advance(16 * 60_000);
    expect((await login({ tenant: tenant.id, username: tenant.users.industry, password: TEST_PASSWORD })).status).toBe(200);
    api.clock.advance(-16 * 60_000);
  });

  it('validates the body and names the field', async () => {
    const res = await login({ tenant: tenant.id, username: tenant.users.supervisor });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe('body.password');
  });
});

describe('token verification', () => {
  const actorClaims = () =>
    claimsFromActor({ userId: tenant.users.admin, tenantId: tenant.id, roles: ['tenant-admin'], gridIds: [], venueKinds: [] });
  const me = (token: string) => api.call('GET', '/api/me', { token });
  const now = () => Math.floor(api.clock.now().getTime() / 1000);

  it('accepts a token from the issuer', async () => {
    expect((await me(tenant.tokens.admin)).status).toBe(200);
  });

  it('rejects an unsigned token (alg: none)', async () => {
    const token = new UnsecuredJWT({ ...actorClaims(), token_use: 'id' }).setIssuer(TEST_ISSUER).setAudience(TEST_AUDIENCE).setIssuedAt(now()).setExpirationTime(now() + 600).encode();
    expect((await me(token)).status).toBe(401);
  });

  it('rejects a token signed with another key, even with the same kid', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const kid = api.issuer.jwks.keys[0].kid;
    const token = await new SignJWT({ ...actorClaims(), token_use: 'id' })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setIssuedAt(now())
      .setExpirationTime(now() + 600)
      .sign(privateKey);
    expect((await me(token)).status).toBe(401);
  });

  it('rejects an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const publicJwk = api.issuer.jwks.keys[0];
    const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
    const token = await new SignJWT({ ...actorClaims(), token_use: 'id' })
      .setProtectedHeader({ alg: 'HS256', kid: publicJwk.kid })
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setIssuedAt(now())
      .setExpirationTime(now() + 600)
      .sign(secret);
    expect((await me(token)).status).toBe(401);
  });

  it('rejects expired tokens, wrong audience and wrong issuer', async () => {
    const token = await api.tokenFor({ tenantId: tenant.id, roles: ['tenant-admin'] });
    api.clock.advance(9 * 3600_000);
    expect((await me(token)).status).toBe(401);
    api.clock.advance(-9 * 3600_000);

    const claims = { ...actorClaims(), token_use: 'id' };
    // Same key, so only the checked claim differs from a good token.
    expect((await me(await api.issuer.signClaims(claims))).status).toBe(200);
    expect((await me(await api.issuer.signClaims(claims, { audience: 'another-app' }))).status).toBe(401);
    expect((await me(await api.issuer.signClaims(claims, { issuer: 'https://evil.test' }))).status).toBe(401);
    expect((await me(await api.issuer.signClaims(claims, { lifetimeSeconds: -120 }))).status).toBe(401);
    // A Cognito access token is not an ID token.
    expect((await me(await api.issuer.signClaims({ ...claims, token_use: 'access' }))).status).toBe(401);
  });

  it('rejects a token whose tenant claim was tampered with', async () => {
    const [header, payload, signature] = tenant.tokens.admin.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims['custom:tenant'] = 'someone-else';
    const forged = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    expect((await me(forged)).status).toBe(401);
  });

  it('rejects a malformed Authorization header and garbage tokens', async () => {
    expect((await api.call('GET', '/api/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
    expect((await me('not.a.jwt')).status).toBe(401);
    expect((await me('')).status).toBe(401);
  });

  it('asks for a token when there is none', async () => {
    const res = await api.call('GET', '/api/me');
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('unauthorized');
  });
});
