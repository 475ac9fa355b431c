/**
 * The API's routes, in groups by path prefix. A group's module — its schemas, handlers and the
 * repositories they use — is loaded on the first request under its prefix, not when the app starts:
 * a Lambda cold start compiles and runs only what the request in hand needs (in a bundle every
 * group is a chunk of its own, infra/bundling.ts). Each group runs as a Hono app of its own
 * (`groupApp`), handed the request after the app's middleware (request id, headers, CORS, body
 * limit, log) has run, with the same variables; it authenticates the caller first.
 *
 * The OpenAPI document mounts every group at once (functions/api/openapi-document.ts), so it lists
 * the same routes that are served here.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { type Context, type Handler, Hono } from 'hono';
import { onFirstUse } from '../../shared/lazy';
import type { AppEnv } from './context';
import { onError, onNotFound } from './errors';

/** Route modules export OpenAPIHono sub-apps; a group mounts one or more under sub-paths. */
// biome-ignore lint/suspicious/noExplicitAny: sub-apps of any route schema
type Routes = OpenAPIHono<AppEnv, any, any>;
type Mount = readonly [subPath: string, routes: Routes];

interface RouteGroup {
  prefix: string;
  load(): Promise<readonly Mount[]>;
}

const only = (routes: Routes): readonly Mount[] => [['', routes]];

export const ROUTE_GROUPS: readonly RouteGroup[] = [
  { prefix: '/api/health', load: async () => only((await import('./routes/health')).health) },
  { prefix: '/api/auth', load: async () => only((await import('./routes/auth')).auth) },
  { prefix: '/api/me', load: async () => only((await import('./routes/auth')).me) },
  { prefix: '/api/platform', load: async () => only((await import('./routes/platform')).platform) },
  { prefix: '/api/tenant', load: async () => only((await import('./routes/tenant')).tenant) },
  { prefix: '/api/grids', load: async () => only((await import('./routes/grids')).grids) },
  { prefix: '/api/rules', load: async () => only((await import('./routes/rules')).rules) },
  { prefix: '/api/users', load: async () => only((await import('./routes/users')).users) },
  { prefix: '/api/venue-kinds', load: async () => only((await import('./routes/checklists')).venueKinds) },
  { prefix: '/api/checklists', load: async () => only((await import('./routes/checklists')).checklists) },
  {
    prefix: '/api/venues',
    load: async () => {
      const [imports, venues, enforcement] = await Promise.all([import('./routes/venue-imports'), import('./routes/venues'), import('./routes/venue-enforcement')]);
      // Imports first: the venues' /{venueId} would otherwise take 'imports'.
      return [
        ['/imports', imports.venueImports],
        ['', venues.venues],
        ['', enforcement.venueEnforcement],
      ];
    },
  },
  { prefix: '/api/photos', load: async () => only((await import('./routes/photos')).photos) },
  { prefix: '/api/inspections', load: async () => only((await import('./routes/inspections')).inspections) },
  { prefix: '/api/problems', load: async () => only((await import('./routes/problems')).problems) },
  { prefix: '/api/enforcement', load: async () => only((await import('./routes/venue-enforcement')).enforcementRegisters) },
  { prefix: '/api/bulletins', load: async () => only((await import('./routes/bulletins')).bulletins) },
  { prefix: '/api/notices', load: async () => only((await import('./routes/notices')).notices) },
  { prefix: '/api/plans', load: async () => only((await import('./routes/plans')).plans) },
  { prefix: '/api/reports', load: async () => only((await import('./routes/reports')).reports) },
];

/** Every group mounted on one app, eagerly (the OpenAPI document's registry sees every route). */
export async function mountAll(app: Routes): Promise<Routes> {
  for (const group of ROUTE_GROUPS) for (const [subPath, routes] of await group.load()) app.route(group.prefix + subPath, routes);
  return app;
}

/** Where a group app finds the context of the request it serves (its `env`). */
const OUTER = Symbol('gridwatch.outer-context');
type Outer = { [OUTER]: Context<AppEnv> };

async function groupApp(group: RouteGroup): Promise<Hono<AppEnv>> {
  const [mounts, { tenantData }, { authenticate }] = await Promise.all([group.load(), import('../../shared/data/tenant-data'), import('./middleware/auth')]);
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    const outer = (c.env as Outer)[OUTER];
    c.set('deps', outer.var.deps);
    c.set('requestId', outer.var.requestId);
    try {
      await next();
    } finally {
      // For the access log: who called (tenant), and the route pattern that answered.
      if (c.var.actor) outer.set('actor', c.var.actor);
      outer.set('route', c.req.routePath);
    }
  });
  app.use('*', authenticate);
  app.use('*', async (c, next) => {
    const { actor, deps } = c.var;
    // The caller's tenant's repositories, from the verified actor's tenant and nothing else.
    if (actor) c.set('data', tenantData(deps.db, actor.tenantId, { identity: deps.identity }));
    await next();
  });
  for (const [subPath, routes] of mounts) app.route(group.prefix + subPath, routes);
  app.notFound(onNotFound);
  app.onError(onError);
  return app;
}

/** The handler that serves a group: loads it on first use (again after a failed load). */
export function lazyGroup(group: RouteGroup): Handler<AppEnv> {
  const app = onFirstUse(() => groupApp(group));
  return async (c) => {
    const response = await (await app()).fetch(c.req.raw, { ...(c.env as object), [OUTER]: c } satisfies Outer);
    // As this context's response, so that the headers set before it (X-Request-Id) are on it too.
    return c.newResponse(response.body, response);
  };
}
