/**
 * The Gridwatch API: one Hono app, served by Lambda (functions/api.ts) and by the local server
 * (local/server.ts) alike. Middleware order: request id → secure headers → CORS → body limit →
 * access log → authentication → the route (which checks roles, then validates its input).
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv, Deps } from './context';
import { onError, onNotFound, validationHook } from './errors';
import { authenticate } from './middleware/auth';
import { accessLog } from './middleware/access-log';
import { bodyLimits } from './middleware/body-limit';
import { auth, me } from './routes/auth';
import { grids } from './routes/grids';
import { health } from './routes/health';
import { platform } from './routes/platform';
import { rules } from './routes/rules';
import { tenant } from './routes/tenant';
import { users } from './routes/users';
import { checklists, venueKinds } from './routes/checklists';
import { inspections } from './routes/inspections';
import { venues } from './routes/venues';
import { venueImports } from './routes/venue-imports';
import { photos } from './routes/photos';
import { problems } from './routes/problems';
import { enforcementRegisters, venueEnforcement } from './routes/venue-enforcement';
import { bulletins } from './routes/bulletins';
import { notices } from './routes/notices';
import { plans } from './routes/plans';
import { reports } from './routes/reports';

export const OPENAPI_CONFIG = {
  openapi: '3.1.0',
  info: { title: 'Gridwatch API', version: '0.1.0', description: '网格化管理 — grid-based community management' },
};

export function createApp(deps: Deps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

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
  app.use('/api/*', authenticate);

  const routes = app
    .route('/api/health', health)
    .route('/api/auth', auth)
    .route('/api/me', me)
    .route('/api/platform', platform)
    .route('/api/tenant', tenant)
    .route('/api/grids', grids)
    .route('/api/rules', rules)
    .route('/api/users', users)
    .route('/api/venue-kinds', venueKinds)
    .route('/api/checklists', checklists)
    // Before /api/venues, whose /{venueId} would otherwise take 'imports'.
    .route('/api/venues/imports', venueImports)
    .route('/api/venues', venues)
    .route('/api/photos', photos)
    .route('/api/inspections', inspections)
    .route('/api/venues', venueEnforcement)
    .route('/api/problems', problems)
    .route('/api/enforcement', enforcementRegisters)
    .route('/api/bulletins', bulletins)
    .route('/api/notices', notices)
    .route('/api/plans', plans)
    .route('/api/reports', reports);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  // The document is generated on the first request for it (not at start-up) and kept; the HTML page
  // is rendered by a module loaded only by that route (off every other route's cold path).
  let document: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  let page: string | undefined;
  const openApiDocument = () => (document ??= app.getOpenAPI31Document(OPENAPI_CONFIG));
  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));
  app.get('/api/docs', async (c) => {
    page ??= (await import('./docs-page')).renderDocsPage(openApiDocument());
    c.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    return c.html(page);
  });

  app.notFound(onNotFound);
  app.onError(onError);
  return routes;
}

export type AppType = ReturnType<typeof createApp>;
