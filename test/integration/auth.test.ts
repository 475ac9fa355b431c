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

  it('slows a user name down with doubling delays instead of locking it: the right password passes after the delay, and every 429 says when', async () => {
    const who = { tenant: tenant.id, username: tenant.users.industry };
    // Three failures are free.
    for (let i = 0; i < 3; i++) expect((await login({ ...who, password: 'wrong-pass' })).status).toBe(401);
    // The fourth starts the delays: 1 s, even against the right password.
    expect((await login({ ...who, password: 'wrong-pass' })).status).toBe(401);
    const waiting = await login({ ...who, password: TEST_PASSWORD });
    expect(waiting.status).toBe(429);
    expect(waiting.headers.get('retry-after')).toBe('1');
    expect(waiting.body).toMatchObject({ error: 'too_many_attempts', retryAfterSeconds: 1 });
    // Each failure after a delay doubles the next one: 2 s, 4 s, 8 s; within a delay nothing is tried.
    for (const seconds of [2, 4, 8]) {
      api.clock.advance(seconds * 500);
      expect((await login({ ...who, password: 'wrong-pass' })).status).toBe(401);
      const next = await login({ ...who, password: TEST_PASSWORD });
      expect(next.status).toBe(429);
      expect(next.headers.get('retry-after')).toBe(String(seconds));
      api.clock.advance(seconds * 500);
      const halfway = await login({ ...who, password: 'wrong-pass' });
      expect(halfway.status).toBe(429);
      expect(halfway.headers.get('retry-after')).toBe(String(seconds / 2));
    }
    // After the delay, the right password signs in — and clears the count.
    api.clock.advance(4_000);
    expect((await login({ ...who, password: TEST_PASSWORD })).status).toBe(200);
    expect((await login({ ...who, password: 'wrong-pass' })).status).toBe(401);
    expect((await login({ ...who, password: TEST_PASSWORD })).status).toBe(200);
  });

  it('never makes anyone wait more than 15 minutes, and records the lockout for the tenant admin', async () => {
    const who = { tenant: tenant.id, username: tenant.users.northSupervisor };
    for (let i = 0; i < 20; i++) {
      await login({ ...who, password: 'wrong-pass' });
      api.clock.advance(15 * 60_000);
    }
    expect((await login({ ...who, password: 'wrong-pass' })).status).toBe(401);
    const capped = await login({ ...who, password: 'wrong-pass' });
    expect(capped.status).toBe(429);
    expect(capped.headers.get('retry-after')).toBe('900');
    const lockouts = await api.call('GET', '/api/auth/lockouts', { token: tenant.tokens.admin });
    expect(lockouts.status).toBe(200);
    expect(lockouts.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ userId: tenant.users.northSupervisor, failures: 4 })]));
    expect((await api.call('GET', '/api/auth/lockouts', { token: tenant.tokens.supervisor })).status).toBe(403);
    api.clock.advance(-20 * 15 * 60_000);
  });

  it('lets the right password from a known device through while a stranger keeps failing', async () => {
    const who = { tenant: tenant.id, username: tenant.users.supervisor };
    const first = await login({ ...who, password: TEST_PASSWORD });
    expect(first.status).toBe(200);
    const device = first.body.device as string;
    expect(device).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    for (let i = 0; i < 6; i++) await login({ ...who, password: 'guess-guess' });
    expect((await login({ ...who, password: TEST_PASSWORD })).status).toBe(429);
    // The device that signed in before is not held back by the stranger's failures; it keeps its token.
    const known = await login({ ...who, password: TEST_PASSWORD, device });
    expect(known.status).toBe(200);
    expect(known.body.device).toBe(device);
    // A device token of another account, or a forged one, is no known device here.
    const other = (await login({ tenant: tenant.id, username: tenant.users.inspector, password: TEST_PASSWORD })).body.device;
    expect((await login({ ...who, password: TEST_PASSWORD, device: other })).status).toBe(429);
    expect((await login({ ...who, password: TEST_PASSWORD, device: `${device.split('.')[0]}.${'A'.repeat(43)}` })).status).toBe(429);
  });

  it('slows one client address trying many user names, across accounts, and not a known device behind it', async () => {
    const address = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    const from = (body: Record<string, unknown>) =>
      api.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, { incoming: { socket: { remoteAddress: address } } });
    const device = (await login({ tenant: tenant.id, username: tenant.users.admin, password: TEST_PASSWORD })).body.device;
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await from({ tenant: tenant.id, username: `guess-${i}`, password: 'password-1' })).status);
    // Ten free failures, then the address waits, whatever name it tries next.
    expect(statuses.slice(0, 11)).toEqual(Array(11).fill(401));
    expect(statuses.slice(11).every((s) => s === 429)).toBe(true);
    const blocked = await from({ tenant: tenant.id, username: tenant.users.admin, password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The admin's own device behind the same address still signs in.
    expect((await from({ tenant: tenant.id, username: tenant.users.admin, password: TEST_PASSWORD, device })).status).toBe(200);
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
