/**
 * The API's routes, in groups by path prefix. A group's module — its schemas, handlers and the
 * repositories they use — is loaded on the first request under its prefix, not when the app starts:
 * a Lambda cold start compiles and runs only what the request in hand needs (in a bundle every
 * group is a chunk of its own, infra/bundling.ts). Each group runs as a Hono app of its own
 * (`groupApp`): the request middleware (request id, headers, CORS, body limit, log), then
 * authentication, then the group's routes; its response is the answer as it is.
 *
 * This module is the mechanism; the groups are listed apart, one list per Lambda function, because
 * esbuild makes a chunk of every `import()` it sees: api-route-groups.ts (the HTTP API function),
 * file-route-groups.ts (the files function, functions/api-stream.ts), and all-route-groups.ts, both
 * in one app (the local server, the tests) and in the OpenAPI document (openapi-document.ts).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { type Handler, Hono } from 'hono';
import { onFirstUse } from '../../shared/lazy';
import type { AppEnv, Deps } from './context';
import { onError, onNotFound } from './errors';
import { useRequestMiddleware } from './middleware/request';

/** Route modules export OpenAPIHono sub-apps; a group mounts one or more under sub-paths. */
// biome-ignore lint/suspicious/noExplicitAny: sub-apps of any route schema
export type Routes = OpenAPIHono<AppEnv, any, any>;
type Mount = readonly [subPath: string, routes: Routes];

export interface RouteGroup {
  /** Where its route modules are mounted. */
  prefix: string;
  /**
   * The paths it answers, under the prefix (Hono patterns). By default the prefix and everything
   * under it; the file groups name their few paths, so that they share a prefix with another group.
   */
  paths?: readonly string[];
  load(): Promise<readonly Mount[]>;
}

export const only = (routes: Routes): readonly Mount[] => [['', routes]];

/** Groups mounted on one app, eagerly (the OpenAPI document's registry sees every route). */
export async function mountGroups(app: Routes, groups: readonly RouteGroup[]): Promise<Routes> {
  for (const group of groups) for (const [subPath, routes] of await group.load()) app.route(group.prefix + subPath, routes);
  return app;
}

/**
 * Serve groups on an app, each loaded on its first request. In list order: Hono runs the first
 * handler whose pattern matches, so a group with named paths must come before a group that takes
 * all of its prefix (/api/problems/export.csv before /api/problems/*).
 */
export function serveGroups(app: Hono<AppEnv>, groups: readonly RouteGroup[], deps: Deps): void {
  for (const group of groups) {
    const serve = lazyGroup(group, deps);
    for (const path of group.paths ?? ['', '/*']) app.all(group.prefix + path, serve);
  }
}

async function groupApp(group: RouteGroup, deps: Deps): Promise<Hono<AppEnv>> {
  const [mounts, { tenantData }, { authenticate }, { rateLimit }] = await Promise.all([
    group.load(),
    import('../../shared/data/tenant-data'),
    import('./middleware/auth'),
    import('./middleware/rate-limit'),
  ]);
  const app = new Hono<AppEnv>();
  useRequestMiddleware(app, deps);
  app.use('*', authenticate);
  // Per user and per tenant, before any work (docs/infra.md "Rate limits").
  app.use('*', rateLimit);
  app.use('*', async (c, next) => {
    const { actor } = c.var;
    // The caller's tenant's repositories, from the verified actor's tenant and nothing else.
    if (actor) c.set('data', tenantData(deps.tables.tenant(actor.tenantId), actor.tenantId, { identity: deps.identity, personalData: deps.personalData }));
    await next();
  });
  for (const [subPath, routes] of mounts) app.route(group.prefix + subPath, routes);
  app.notFound(onNotFound);
  app.onError(onError);
  return app;
}

/** The handler that serves a group: loads it on first use (again after a failed load). */
function lazyGroup(group: RouteGroup, deps: Deps): Handler<AppEnv> {
  const app = onFirstUse(() => groupApp(group, deps));
  // The Lambda event and context (c.env) go along.
  return async (c) => (await app()).fetch(c.req.raw, c.env);
}
