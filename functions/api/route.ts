/**
 * `defineRoute` wraps @hono/zod-openapi's createRoute so that every route must say who may call it:
 * a list of roles, or 'public' (published as `x-roles`; the access-matrix test reads them there).
 */
import { createRoute, OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { AppEnv } from './context';
import { validationHook } from './errors';
import type { Role } from '../../shared/domain/actor';
import { requireRoles } from './middleware/auth';

export function defineRoute<const R extends Omit<RouteConfig, 'middleware'>>(roles: readonly Role[] | 'public', config: R) {
  return createRoute({
    ...config,
    // Who may call it, in the OpenAPI document too (an x- extension).
    'x-roles': roles,
    ...(roles === 'public' ? {} : { middleware: [requireRoles(roles)] as const, security: [{ bearer: [] }] }),
  });
}

/** Every tenant role (not the platform admin). */
export const TENANT_ROLES = ['tenant-admin', 'supervisor', 'inspector', 'industry-authority'] as const satisfies readonly Role[];

/**
 * A route module's app. Each carries the validation hook itself (400 naming the field): it is
 * mounted on more than one parent (its group's app, the OpenAPI document's), and @hono/zod-openapi
 * would otherwise take the hook from whichever parent came first.
 */
export const apiRoutes = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
