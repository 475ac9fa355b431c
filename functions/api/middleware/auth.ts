/**
 * Authentication and authorisation, in one place.
 *
 * `authenticate` runs first on every request to a route group (functions/api/route-groups.ts): a
 * Bearer token, if present, must verify (else 401); the verified claims become the actor, whose
 * tenant selects the repositories. `requireRoles` is attached to each route by `defineRoute`, so
 * every route states who may call it.
 */
import type { MiddlewareHandler } from 'hono';
import { hasRole, type Role } from '../../../shared/domain/actor';
import { forbidden, unauthorized } from '../../../shared/errors';
import type { AppEnv } from '../context';

export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization');
  if (header !== undefined) {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (!match) throw unauthorized('the Authorization header must be "Bearer <token>"');
    const actor = await c.var.deps.verifyToken(match[1]);
    if (!actor) throw unauthorized('invalid or expired token');
    c.set('actor', actor);
  }
  await next();
};

export function requireRoles(roles: readonly Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (!actor) throw unauthorized();
    if (!hasRole(actor, ...roles)) throw forbidden(`this needs one of the roles: ${roles.join(', ')}`);
    await next();
  };
}
