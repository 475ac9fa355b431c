/**
 * The API's Lambda bundle as CDK deploys it (infra/bundling.ts, code splitting, the OpenAPI document
 * beside the code), started under plain Node and sent API Gateway events: it serves the document it
 * shipped with, and its route groups load from their chunks (a request without a token is refused by
 * the group's authentication, a bad one by its validation).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleFunction, OPENAPI_DOCUMENT_FILE } from '../../infra/bundling';

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string; headers?: Record<string, string> }>;
let handler: Handler;
let dir: string;

const event = (method: string, path: string, body?: string, headers: Record<string, string> = {}) => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: path,
  rawQueryString: '',
  headers: { host: 'api.example.invalid', ...headers },
  body,
  isBase64Encoded: false,
  requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' }, requestId: 'r', routeKey: '$default', stage: '$default', timeEpoch: 0, domainName: 'api.example.invalid', accountId: '1', apiId: 'a', domainPrefix: 'api', time: '' },
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gridwatch-api-bundle-'));
  bundleFunction('functions/api.ts', dir, { withOpenApiDocument: true });
  Object.assign(process.env, {
    GRIDWATCH_JWT_ISSUER: 'https://issuer.example.invalid',
    GRIDWATCH_JWT_AUDIENCE: 'client-1',
    GRIDWATCH_USER_POOL_ID: 'cn-north-1_Example',
    GRIDWATCH_WEB_ORIGIN: 'https://web.example.invalid',
    GRIDWATCH_VENUE_CODE_SECRET: 'secret',
    GRIDWATCH_JOB_QUEUE_URL: 'https://sqs.cn-north-1.amazonaws.com.cn/1/jobs',
    GRIDWATCH_PHOTO_BUCKET: 'photos',
    GRIDWATCH_LOG_LEVEL: 'SILENT',
    AWS_REGION: 'cn-north-1',
  });
  ({ handler } = await import(pathToFileURL(join(dir, 'index.mjs')).href));
}, 120_000);

describe('the API Lambda bundle', () => {
  it('is an entry, its chunks beside it, and the OpenAPI document', () => {
    const files = readdirSync(dir);
    expect(files).toContain('index.mjs');
    expect(files).toContain(OPENAPI_DOCUMENT_FILE);
    expect(files.filter((f) => f.endsWith('.mjs')).length).toBeGreaterThan(20);
    // The OpenAPI generator is not in the code: the document above was made when bundling.
    const code = files.filter((f) => f.endsWith('.mjs')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    expect(code).not.toContain('OpenApiGeneratorV31');
  });

  it('serves the document it was bundled with', async () => {
    const res = await handler(event('GET', '/api/openapi.json'), {});
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual(JSON.parse(readFileSync(join(dir, OPENAPI_DOCUMENT_FILE), 'utf8')));
  });

  it('loads a route group on demand: it authenticates, then validates', async () => {
    const anonymous = await handler(event('GET', '/api/venues'), {});
    expect(anonymous.statusCode).toBe(401);
    expect(JSON.parse(anonymous.body)).toMatchObject({ error: 'unauthorized' });
    const badLogin = await handler(event('POST', '/api/auth/login', '{"tenant":1}', { 'content-type': 'application/json' }), {});
    expect(badLogin.statusCode).toBe(400);
    expect(JSON.parse(badLogin.body).issues.map((i: { path: string }) => i.path)).toEqual(['body.tenant', 'body.username', 'body.password']);
    const unknown = await handler(event('GET', '/api/no-such-thing'), {});
    expect(unknown.statusCode).toBe(404);
  });
});
