/**
 * `defineRoute` wraps @hono/zod-openapi's createRoute so that every route must say who may call it:
 * a list of roles, or 'public'. The declarations are also collected for the access-matrix tests.
 */
import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { Role } from '../../shared/domain/actor';
import { requireRoles } from './middleware/auth';

export interface DeclaredRoute {
  method: string;
  path: string;
  roles: readonly Role[] | 'public';
}

export const declaredRoutes: DeclaredRoute[] = [];

export function defineRoute<const R extends Omit<RouteConfig, 'middleware'>>(roles: readonly Role[] | 'public', config: R) {
  declaredRoutes.push({ method: config.method.toUpperCase(), path: config.path, roles });
  return createRoute({
    ...config,
    // Who may call it, in the OpenAPI document too (an x- extension).
    'x-roles': roles,
    ...(roles === 'public' ? {} : { middleware: [requireRoles(roles)] as const, security: [{ bearer: [] }] }),
  });
}

/** Every tenant role (not the platform admin). */
export const TENANT_ROLES = ['tenant-admin', 'supervisor', 'inspector', 'industry-authority'] as const satisfies readonly Role[];
