/**
 * Password sign-in (the dev issuer locally, Cognito in AWS — see shared/auth/sign-in.ts), the local
 * issuer's JWKS, and who the caller is.
 */
import * as z from 'zod';
import type { Context } from 'hono';
import { decoyHash, verifyPassword } from '../../../shared/auth/password';
import { deviceTokens } from '../../../shared/auth/device-token';
import { badSignIn, type SignInResult } from '../../../shared/auth/sign-in';
import { throttledSignIn } from '../../../shared/auth/throttled-sign-in';
import { signInThrottle } from '../../../shared/data/login-throttle';
import { isTenantId } from '../../../shared/data/keys';
import { tenantData } from '../../../shared/data/tenant-data';
import { ROLES } from '../../../shared/domain/actor';
import { Password, User } from '../../../shared/domain/user';
import { notFound } from '../../../shared/errors';
import type { AppEnv } from '../context';
import { apiRoutes, defineRoute } from '../route';
import { clientAddress } from '../client-address';
import { ErrorBody, errorResponses, jsonBody, jsonContent, PageQuery, pageOf } from '../schemas';

const Login = z.strictObject({
  tenant: z.string().min(1).max(40),
  username: z.string().min(1).max(40),
  password: z.string().min(1).max(200),
  /** The device token an earlier sign-in of this account returned: its failures do not hold this device back. */
  device: z.string().max(200).optional(),
});

const LoginResult = z.object({
  token: z.string(),
  expiresIn: z.number(),
  user: User,
  tenant: z.string(),
  /** Keep it and send it with the next sign-in of this account (docs/conventions.md, sign-in throttling). */
  device: z.string().optional(),
});
const Lockout = z.object({ userId: z.string(), at: z.string(), failures: z.number(), address: z.string().optional() });
const Challenge = z.object({ error: z.literal('new_password_required'), message: z.string(), session: z.string() });
const NewPassword = z.strictObject({
  tenant: z.string().min(1).max(40),
  username: z.string().min(1).max(40),
  session: z.string().min(1).max(4000),
  newPassword: Password,
});

/** Names that cannot be a tenant or user never reach the store; the answer is the same as a wrong password. */
async function signInTarget(tenant: string, username: string, password: string) {
  const userId = username.trim().toLowerCase();
  if (!isTenantId(tenant) || !/^[a-z0-9][a-z0-9._-]{1,39}$/.test(userId)) {
    await verifyPassword(password, await decoyHash());
    throw badSignIn();
  }
  return userId;
}

type SignInContext = Context<AppEnv>;
async function answer(c: SignInContext, tenant: string, userId: string, result: SignInResult & { device?: string }) {
  if (result.kind === 'new-password-required') {
    return c.json({ error: 'new_password_required' as const, message: 'choose a new password to finish signing in', session: result.session }, 401);
  }
  const user = await tenantData(c.var.deps.tables.tenant(tenant), tenant).users.get(userId);
  return c.json({ token: result.token, expiresIn: result.expiresIn, user, tenant, ...(result.device && { device: result.device }) }, 200);
}

export const auth = apiRoutes()
  .openapi(
    defineRoute('public', {
      method: 'post',
      path: '/login',
      tags: ['auth'],
      summary: 'Password sign-in (the dev issuer locally, Cognito in AWS), throttled: 429 with Retry-After while a delay runs',
      request: { body: jsonBody(Login) },
      responses: { 200: jsonContent(LoginResult, 'Signed in'), ...errorResponses, 401: jsonContent(Challenge.or(ErrorBody), 'Wrong credentials, or a new password is needed'), 429: errorResponses[401] },
    }),
    async (c) => {
      const { tenant, username, password, device } = c.req.valid('json');
      const userId = await signInTarget(tenant, username, password);
      const { deps } = c.var;
      const request = { tenantId: tenant, userId, password, device, address: clientAddress(c) };
      // Device tokens are keyed from the deployment's current venue-code master secret (a rotation only
      // forgets known devices: they sign in as strangers once).
      const ring = await deps.venueCodeKeys();
      return answer(c, tenant, userId, await throttledSignIn({ ...deps, devices: deviceTokens(ring.keys[ring.current]) }, request));
    },
  )
  .openapi(
    defineRoute('public', {
      method: 'post',
      path: '/new-password',
      tags: ['auth'],
      summary: 'Finish a first sign-in by choosing a new password (Cognito challenge)',
      request: { body: jsonBody(NewPassword) },
      responses: { 200: jsonContent(LoginResult, 'Signed in'), ...errorResponses },
    }),
    async (c) => {
      const { tenant, username, session, newPassword } = c.req.valid('json');
      const userId = await signInTarget(tenant, username, newPassword);
      return answer(c, tenant, userId, await c.var.deps.signIn.setNewPassword(tenant, userId, session, newPassword));
    },
  )
  .openapi(
    defineRoute(['tenant-admin'], {
      method: 'get',
      path: '/lockouts',
      tags: ['auth', 'users'],
      summary: "Sign-in lockouts of the tenant's user names (the moments delays started), newest first",
      request: { query: PageQuery },
      responses: { 200: jsonContent(pageOf(Lockout), 'A page of lockouts'), ...errorResponses },
    }),
    async (c) => c.json(await signInThrottle(c.var.deps.tables, c.var.deps.clock).lockouts(c.var.actor.tenantId, c.req.valid('query')), 200),
  )
  .openapi(
    defineRoute('public', {
      method: 'get',
      path: '/jwks.json',
      tags: ['auth'],
      summary: "The API's own issuer's public keys (the dev issuer locally, the KMS key in own-issuer mode)",
      responses: { 200: jsonContent(z.object({ keys: z.array(z.record(z.string(), z.unknown())) }), 'JWKS'), 404: errorResponses[404] },
    }),
    async (c) => {
      const { devIssuer, issuerKeys } = c.var.deps;
      const jwks = devIssuer?.jwks ?? (await issuerKeys?.());
      if (!jwks) throw notFound('JWKS (Cognito publishes it)');
      return c.json(jwks as { keys: Record<string, unknown>[] }, 200);
    },
  );

const Me = z.object({
  userId: z.string(),
  tenantId: z.string(),
  roles: z.array(z.enum(ROLES)),
  gridIds: z.array(z.string()),
  venueKinds: z.array(z.string()),
});

export const me = apiRoutes().openapi(
  defineRoute(ROLES, {
    method: 'get',
    path: '/',
    tags: ['auth'],
    summary: 'The caller, as the verified token says',
    responses: { 200: jsonContent(Me, 'The actor'), ...errorResponses },
  }),
  (c) => c.json(c.var.actor, 200),
);
