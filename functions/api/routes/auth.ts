/**
 * Sign-in through the local dev issuer (in AWS, Cognito's hosted sign-in issues the tokens and
 * these routes answer 404), the issuer's JWKS, and who the caller is.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { decoyHash, verifyPassword } from '../../../shared/auth/password';
import { TOKEN_LIFETIME_SECONDS } from '../../../shared/auth/dev-issuer';
import { loginThrottle } from '../../../shared/data/login-throttle';
import { tenantDirectory } from '../../../shared/data/tenants';
import { tenantData } from '../../../shared/data/tenant-data';
import { isTenantId } from '../../../shared/data/keys';
import { type Actor, PLATFORM_TENANT, ROLES } from '../../../shared/domain/actor';
import { User } from '../../../shared/domain/user';
import { DomainError, notFound, unauthorized } from '../../../shared/errors';
import type { AppEnv } from '../context';
import { defineRoute } from '../route';
import { errorResponses, jsonBody, jsonContent } from '../schemas';

const Login = z.strictObject({
  tenant: z.string().min(1).max(40),
  username: z.string().min(1).max(40),
  password: z.string().min(1).max(200),
});

const LoginResult = z.object({ token: z.string(), expiresIn: z.number(), user: User, tenant: z.string() });
const badLogin = () => unauthorized('wrong tenant, user name or password');

export const auth = new OpenAPIHono<AppEnv>()
  .openapi(
    defineRoute('public', {
      method: 'post',
      path: '/login',
      tags: ['auth'],
      summary: 'Password sign-in (local dev issuer)',
      request: { body: jsonBody(Login) },
      responses: { 200: jsonContent(LoginResult, 'Signed in'), ...errorResponses, 429: errorResponses[401] },
    }),
    async (c) => {
      const { devIssuer, db, clock } = c.var.deps;
      if (!devIssuer) throw notFound('password sign-in (use the Cognito sign-in page)');
      const { tenant, username, password } = c.req.valid('json');
      const userId = username.trim().toLowerCase();
      if (!isTenantId(tenant) || !/^[a-z0-9][a-z0-9._-]{1,39}$/.test(userId)) {
        await verifyPassword(password, await decoyHash());
        throw badLogin();
      }
      const throttle = loginThrottle(db, tenant, userId, clock);
      if (await throttle.isLocked()) throw new DomainError(429, 'too_many_attempts', 'too many failed sign-ins; wait 15 minutes');

      const tenantProfile = tenant === PLATFORM_TENANT ? undefined : await tenantDirectory(db).find(tenant);
      const stored = await tenantData(db, tenant).users.credentials(userId);
      const tenantOk = tenant === PLATFORM_TENANT || tenantProfile?.status === 'active';
      const passwordOk = await verifyPassword(password, stored?.passwordHash ?? (await decoyHash()));
      if (!stored || !tenantOk || !passwordOk || stored.status !== 'active') {
        await throttle.recordFailure();
        throw badLogin();
      }
      const { passwordHash: _hidden, ...user } = stored;
      const actor: Actor = { userId: user.id, tenantId: tenant, roles: user.roles, gridIds: user.gridIds, venueKinds: user.venueKinds };
      const token = await devIssuer.sign(actor);
      return c.json({ token, expiresIn: TOKEN_LIFETIME_SECONDS, user, tenant }, 200);
    },
  )
  .openapi(
    defineRoute('public', {
      method: 'get',
      path: '/jwks.json',
      tags: ['auth'],
      summary: "The local issuer's public keys",
      responses: { 200: jsonContent(z.object({ keys: z.array(z.record(z.string(), z.unknown())) }), 'JWKS'), 404: errorResponses[404] },
    }),
    (c) => {
      const { devIssuer } = c.var.deps;
      if (!devIssuer) throw notFound('JWKS (Cognito publishes it)');
      return c.json(devIssuer.jwks as { keys: Record<string, unknown>[] }, 200);
    },
  );

const Me = z.object({
  userId: z.string(),
  tenantId: z.string(),
  roles: z.array(z.enum(ROLES)),
  gridIds: z.array(z.string()),
  venueKinds: z.array(z.string()),
});

export const me = new OpenAPIHono<AppEnv>().openapi(
  defineRoute(ROLES, {
    method: 'get',
    path: '/',
    tags: ['auth'],
    summary: 'The caller, as the verified token says',
    responses: { 200: jsonContent(Me, 'The actor'), ...errorResponses },
  }),
  (c) => c.json(c.var.actor, 200),
);
