/**
 * Lambda entry point of the files function: the file routes (FILE_ROUTE_GROUPS — the exports
 * GET /api/problems/export.csv|.xlsx, /api/venues/{venueId}/history.csv|.xlsx, and the venue-code
 * images GET /api/venues/{venueId}/code.png|.svg), with Lambda response streaming, behind a function
 * URL (invoke mode RESPONSE_STREAM). Behind the HTTP API a response is buffered and limited to 6 MB;
 * streamed, the bytes leave as the rows are read. The app is built as for the API (build-app.ts, the
 * same dependencies) but from the file groups only, so this bundle holds the export writers and the
 * QR encoder and no other route, and the API's bundle neither. CloudFront routes only the file paths
 * here (STREAMED_PATHS, infra/constructs/web.ts), and this entry serves nothing else (404): its
 * environment lacks the settings that only other routes use (the web origin for CORS, the photo
 * and import-file buckets; see STREAM_ENVIRONMENT in infra/constructs/api.ts).
 *
 * The function URL requires IAM auth, and CloudFront signs each request to it with SigV4 (origin
 * access control), which replaces the viewer's `Authorization: Bearer <ID token>`. A CloudFront
 * Function on the file behaviours therefore copies the viewer's Authorization header to
 * `x-gridwatch-authorization` first; here it is put back where the app reads it. Only CloudFront
 * can invoke the URL, and it always sets or removes that header, so it always carries what the
 * viewer sent as Authorization (and the app verifies the token as usual).
 */
import { Hono } from 'hono';
import { streamHandle } from 'hono/aws-lambda';
import { buildApp } from './api/build-app';
import { FILE_ROUTE_GROUPS } from './api/file-route-groups';
import { lambdaDeps } from './api/lambda-deps';

/** Set by the CloudFront Function (infra/constructs/web.ts, VIEWER_AUTHORIZATION_CODE). */
export const VIEWER_AUTHORIZATION_HEADER = 'x-gridwatch-authorization';

/** The request as the viewer sent it: its own Authorization header instead of CloudFront's signature. */
function withViewerAuthorization(request: Request): Request {
  const headers = new Headers(request.headers);
  const viewer = headers.get(VIEWER_AUTHORIZATION_HEADER);
  headers.delete(VIEWER_AUTHORIZATION_HEADER);
  if (viewer) headers.set('authorization', viewer);
  else headers.delete('authorization');
  return new Request(request, { headers });
}

// The app answers 404 to any path but the file routes; every file route is a GET (HEAD too).
const app = buildApp(lambdaDeps(), FILE_ROUTE_GROUPS);
// Hono middleware added after the routes would run after them, so the header is restored in front
// of the app; the Lambda event, request context and context (c.env) are passed through unchanged.
const edge = new Hono().all('*', (c) =>
  c.req.method === 'GET' || c.req.method === 'HEAD'
    ? app.fetch(withViewerAuthorization(c.req.raw), c.env)
    : c.json({ error: 'not_found', message: `no route ${c.req.method} ${c.req.path} here: this function serves file downloads (GET) only` }, 404),
);

export const handler = streamHandle(edge);
