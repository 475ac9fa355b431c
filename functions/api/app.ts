/**
 * The Gridwatch API: one Hono app, served by Lambda (functions/api.ts) and by the local server
 * (local/server.ts) alike. Middleware order: request id → secure headers → CORS → body limit →
 * access log → the route group (loaded on its first request, functions/api/route-groups.ts), which
 * authenticates the caller; its routes check roles, then validate their input.
 */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { onFirstUse } from '../../shared/lazy';
import type { AppEnv, Deps } from './context';
import { onError, onNotFound } from './errors';
import { accessLog } from './middleware/access-log';
import { bodyLimits } from './middleware/body-limit';
import { lazyGroup, ROUTE_GROUPS } from './route-groups';

export const OPENAPI_CONFIG = {
  openapi: '3.1.0',
  info: { title: 'Gridwatch API', version: '0.1.0', description: '网格化管理 — grid-based community management' },
};

export function createApp(deps: Deps) {
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

  for (const group of ROUTE_GROUPS) {
    const serve = lazyGroup(group);
    app.all(group.prefix, serve);
    app.all(`${group.prefix}/*`, serve);
  }

  // The document is generated on the first request for it (not at start-up) and kept; it and the
  // HTML page come from modules loaded only by these routes (off every other route's cold path).
  const openApiDocument = onFirstUse(async () => (await import('./openapi-document')).generateOpenApiDocument());
  const docsPage = onFirstUse(async () => (await import('./docs-page')).renderDocsPage(await openApiDocument()));
  app.get('/api/openapi.json', async (c) => c.json(await openApiDocument()));
  app.get('/api/docs', async (c) => {
    c.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    return c.html(await docsPage());
  });

  app.notFound(onNotFound);
  app.onError(onError);
  return app as unknown as AppType;
}

/**
 * The API's type for hono/client (web/src/api/client.ts): every group's routes mounted under its
 * prefix, as ROUTE_GROUPS serves them. Types only: at run time the groups load on demand.
 */
declare const typed: {
  app: Hono<AppEnv>;
  routes: {
    health: typeof import('./routes/health').health;
    auth: typeof import('./routes/auth').auth;
    me: typeof import('./routes/auth').me;
    platform: typeof import('./routes/platform').platform;
    tenant: typeof import('./routes/tenant').tenant;
    grids: typeof import('./routes/grids').grids;
    rules: typeof import('./routes/rules').rules;
    users: typeof import('./routes/users').users;
    venueKinds: typeof import('./routes/checklists').venueKinds;
    checklists: typeof import('./routes/checklists').checklists;
    venueImports: typeof import('./routes/venue-imports').venueImports;
    venues: typeof import('./routes/venues').venues;
    photos: typeof import('./routes/photos').photos;
    inspections: typeof import('./routes/inspections').inspections;
    venueEnforcement: typeof import('./routes/venue-enforcement').venueEnforcement;
    problems: typeof import('./routes/problems').problems;
    enforcementRegisters: typeof import('./routes/venue-enforcement').enforcementRegisters;
    bulletins: typeof import('./routes/bulletins').bulletins;
    notices: typeof import('./routes/notices').notices;
    plans: typeof import('./routes/plans').plans;
    reports: typeof import('./routes/reports').reports;
  };
};
const typedRoutes = ({ app, routes: r } = typed) =>
  app
    .route('/api/health', r.health)
    .route('/api/auth', r.auth)
    .route('/api/me', r.me)
    .route('/api/platform', r.platform)
    .route('/api/tenant', r.tenant)
    .route('/api/grids', r.grids)
    .route('/api/rules', r.rules)
    .route('/api/users', r.users)
    .route('/api/venue-kinds', r.venueKinds)
    .route('/api/checklists', r.checklists)
    .route('/api/venues/imports', r.venueImports)
    .route('/api/venues', r.venues)
    .route('/api/photos', r.photos)
    .route('/api/inspections', r.inspections)
    .route('/api/venues', r.venueEnforcement)
    .route('/api/problems', r.problems)
    .route('/api/enforcement', r.enforcementRegisters)
    .route('/api/bulletins', r.bulletins)
    .route('/api/notices', r.notices)
    .route('/api/plans', r.plans)
    .route('/api/reports', r.reports);

export type AppType = ReturnType<typeof typedRoutes>;
