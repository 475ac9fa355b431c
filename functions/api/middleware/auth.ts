/**
 * Authentication and authorisation, in one place.
 *
 * `authenticate` runs on every /api request: a Bearer token, if present, must verify (else 401);
 * the verified claims become the actor, and the actor's tenant selects the repositories.
 * `requireRoles` is attached to each route by `defineRoute`, so every route states who may call it.
 */
import type { MiddlewareHandler } from 'hono';
import { tenantData } from '../../../shared/data/tenant-data';
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
    c.set('data', tenantData(c.var.deps.db, actor.tenantId, { identity: c.var.deps.identity }));
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
