/**
 * The Hono app around some route groups: the middleware every request passes, then the groups, each
 * loaded on its first request (route-groups.ts). Middleware order: request id → secure headers →
 * CORS → body limit → access log → the route group, which authenticates the caller; its routes
 * check roles, then validate their input.
 *
 * Built with every group by createApp (app.ts: the local server, the tests), and with its own
 * groups by each Lambda function: functions/api.ts (API_ROUTE_GROUPS) and functions/api-stream.ts
 * (FILE_ROUTE_GROUPS). The lists are passed in, not imported here, so that a bundle holds the
 * chunks of its own groups only.
 */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv, Deps } from './context';
import { onError, onNotFound } from './errors';
import { accessLog } from './middleware/access-log';
import { bodyLimits } from './middleware/body-limit';
import { type RouteGroup, serveGroups } from './route-groups';

export function buildApp(deps: Deps, groups: readonly RouteGroup[]): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', requestId());
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('*', secureHeaders());
  app.use('/api/*', cors({ origin: deps.webOrigin, allowHeaders: ['Authorization', 'Content-Type'], maxAge: 600 }));
  // 1 MiB, except the file routes (venue import, photo content) listed in middleware/body-limit.ts.
  app.use('/api/*', bodyLimits);
  app.use('/api/*', accessLog);

  serveGroups(app, groups);

  app.notFound(onNotFound);
  app.onError(onError);
  return app;
}
