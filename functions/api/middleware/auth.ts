/**
 * Authentication and authorisation, in one place.
 *
 * `authenticate` runs first on every request to a route group (functions/api/route-groups.ts): a
 * Bearer token, if present, must verify and its user and tenant still be active (else 401); the
 * verified claims become the actor, whose tenant selects the repositories. `requireRoles` is attached to each route by `defineRoute`, so
 * every route states who may call it.
 */
import type { MiddlewareHandler } from 'hono';
import type { AccessVerdict } from '../../../shared/auth/access';
import { hasRole, type Role } from '../../../shared/domain/actor';
import { because, forbidden, unauthorized } from '../../../shared/errors';
import type { AppEnv } from '../context';

const WITHDRAWN: Record<Exclude<AccessVerdict, 'ok'>, string> = {
  'user-unknown': 'this token is for a user that does not exist; sign in again',
  'user-inactive': 'this user has been disabled or removed',
  'tenant-unknown': 'this token is for a tenant that does not exist',
  'tenant-inactive': 'this tenant has been suspended',
};

export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization');
  if (header !== undefined) {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (!match) throw unauthorized('the Authorization header must be "Bearer <token>"');
    const actor = await c.var.deps.verifyToken(match[1]);
    if (!actor) throw unauthorized('invalid or expired token');
    // A valid signature is not enough: access ends when the user is disabled or removed, or the tenant suspended.
    const verdict = await c.var.deps.access.verdict(actor);
    if (verdict !== 'ok') throw unauthorized(WITHDRAWN[verdict]);
    c.set('actor', actor);
  }
  await next();
};

export function requireRoles(roles: readonly Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (!actor) throw unauthorized();
    if (!hasRole(actor, ...roles)) throw forbidden(`this needs one of the roles: ${roles.join(', ')}`, because('role.needed', { roles: roles.join(',') }));
    await next();
  };
}
