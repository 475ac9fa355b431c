/**
 * The Hono app around some route groups. Each group is loaded on its first request and answers it
 * as an app of its own, which runs the request middleware (middleware/request.ts), authenticates
 * the caller, and routes (route-groups.ts). This app runs the same middleware for what is not a
 * group's: the docs routes (docs-routes.ts) and the 404 of an unknown path.
 *
 * Built with every group by createApp (app.ts: the local server, the tests), and with its own
 * groups by each Lambda function: functions/api.ts (API_ROUTE_GROUPS) and functions/api-stream.ts
 * (FILE_ROUTE_GROUPS). The lists are passed in, not imported here, so that a bundle holds the
 * chunks of its own groups only.
 */
import { Hono } from 'hono';
import type { AppEnv, Deps } from './context';
import { onError, onNotFound } from './errors';
import { useRequestMiddleware } from './middleware/request';
import { type RouteGroup, serveGroups } from './route-groups';

export function buildApp(deps: Deps, groups: readonly RouteGroup[]): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // The groups before the middleware: Hono runs matching handlers in the order they were added, and
  // a group answers alone. Its response is then this app's as it is — with middleware in front, Hono
  // would copy it into a new response and turn its body into a stream (chunked, and slower).
  serveGroups(app, groups, deps);
  useRequestMiddleware(app, deps);
  app.notFound(onNotFound);
  app.onError(onError);
  return app;
}

/**
 * Every /api path is the API's: one it does not know answers 404 JSON here, added after the app's
 * last route. Without it, an app mounted in a bigger one (the local server, local/system.ts) lets
 * the request fall through to the next handler — the web app's page for a GET, a text 404 else.
 */
export function claimApiPaths(app: Hono<AppEnv>): Hono<AppEnv> {
  app.all('/api/*', onNotFound);
  return app;
}
