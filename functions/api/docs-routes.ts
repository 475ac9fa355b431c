/**
 * GET /api/openapi.json and GET /api/docs (the readable page), on the app of the local server and
 * the tests (app.ts: the document generated from the routes) and on the API function's
 * (functions/api.ts: the document shipped beside the bundle). The files function serves neither.
 */
import { readFile } from 'node:fs/promises';
import type { Hono } from 'hono';
import { onFirstUse } from '../../shared/lazy';
import type { AppEnv } from './context';
import { staticPage } from './html-page';

/**
 * The document is made on the first request for it (not at start-up) and kept; the HTML page comes
 * from a module loaded only by its route (off every other route's cold path).
 */
export function serveDocs(app: Hono<AppEnv>, document: () => Promise<object>): Hono<AppEnv> {
  const openApiDocument = onFirstUse(document);
  const docsPage = onFirstUse(async () => (await import('./docs-page')).renderDocsPage(await openApiDocument()));
  app.get('/api/openapi.json', async (c) => c.json(await openApiDocument()));
  app.get('/api/docs', async (c) => staticPage(c, await docsPage()));
  return app;
}

/**
 * The document a Lambda bundle ships beside its code (OPENAPI_DOCUMENT_FILE, written when bundling
 * by infra/bundling.ts from every route group, the file routes' too).
 */
export async function bundledOpenApiDocument(): Promise<object> {
  return JSON.parse(await readFile(new URL('./openapi.json', import.meta.url), 'utf8'));
}
