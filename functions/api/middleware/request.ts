/**
 * The middleware every request passes, in this order: request id → the app's dependencies → secure
 * headers → CORS → body limit → access log. A route group's app (route-groups.ts) runs it before
 * its routes; the app around the groups (build-app.ts) runs it for its own routes and its 404s.
 */
import type { Hono } from 'hono';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv, Deps } from '../context';
import { accessLog } from './access-log';
import { bodyLimits } from './body-limit';

export function useRequestMiddleware(app: Hono<AppEnv>, deps: Deps): void {
  app.use('*', requestId());
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('*', secureHeaders());
  app.use('/api/*', cors({ origin: deps.webOrigin, allowHeaders: ['Authorization', 'Content-Type'], maxAge: 600 }));
  // 1 MiB, except the file routes (venue import, photo content) listed in body-limit.ts.
  app.use('/api/*', bodyLimits);
  app.use('/api/*', accessLog);
}
