/**
 * The API's Lambda bundle as CDK deploys it (infra/bundling.ts, code splitting, the OpenAPI document
 * beside the code), started under plain Node and sent API Gateway events: it serves the document it
 * shipped with, and its route groups load from their chunks (a request without a token is refused by
 * the group's authentication, a bad one by its validation). Beside it the files function's bundle
 * (functions/api-stream.ts): each holds its own routes only (esbuild's metafile), and both run with
 * the require banner left only where it may be needed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunction, type FunctionBundle, OPENAPI_DOCUMENT_FILE } from '../../infra/bundling';

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string; headers?: Record<string, string> }>;
type StreamHandler = (event: unknown, stream: Writable, context: unknown) => Promise<void>;
let handler: Handler;
let filesHandler: StreamHandler;
let dir: string;
let api: FunctionBundle;
let files: FunctionBundle;

/** The modules in a bundle's code. */
const inputsOf = (meta: Metafile) =>
  new Set(Object.values(meta.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([input]) => input)));
/** The route modules a bundle loads on demand: each import() is an entry point of its own in the metafile. */
const routeModulesOf = (meta: Metafile) =>
  Object.values(meta.outputs)
    .map((o) => o.entryPoint)
    .filter((entry): entry is string => !!entry?.startsWith('functions/api/routes/'))
    .sort();

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
  api = bundleFunction('functions/api.ts', dir, { withOpenApiDocument: true });
  files = bundleFunction('functions/api-stream.ts', mkdtempSync(join(tmpdir(), 'gridwatch-files-bundle-')));
  Object.assign(process.env, {
    GRIDWATCH_JWT_ISSUER: 'https://issuer.example.invalid',
    GRIDWATCH_JWT_AUDIENCE: 'client-1',
    GRIDWATCH_USER_POOL_ID: 'cn-north-1_Example',
    GRIDWATCH_WEB_ORIGIN: 'https://web.example.invalid',
    GRIDWATCH_VENUE_CODE_SECRET_ID: 'arn:aws-cn:secretsmanager:cn-north-1:1:secret:venue-codes',
    GRIDWATCH_JOB_QUEUE_URL: 'https://sqs.cn-north-1.amazonaws.com.cn/1/jobs',
    GRIDWATCH_PHOTO_BUCKET: 'photos',
    GRIDWATCH_IMPORT_BUCKET: 'imports',
    GRIDWATCH_PERSONAL_DATA_KEY: 'arn:aws-cn:kms:cn-north-1:1:key/example',
    GRIDWATCH_TENANT_ROLE_ARN: 'arn:aws-cn:iam::1:role/tenant',
    GRIDWATCH_LOG_LEVEL: 'SILENT',
    AWS_REGION: 'cn-north-1',
  });
  ({ handler } = await import(pathToFileURL(join(dir, 'index.mjs')).href));
  // What the Lambda Node.js runtime provides to response-streaming handlers.
  (globalThis as { awslambda?: unknown }).awslambda = {
    streamifyResponse: (fn: StreamHandler) => fn,
    HttpResponseStream: { from: (stream: object, metadata: object) => Object.assign(stream, { metadata }) },
  };
  ({ handler: filesHandler } = await import(pathToFileURL(join(files.outdir, 'index.mjs')).href));
}, 120_000);

afterAll(() => {
  delete (globalThis as { awslambda?: unknown }).awslambda;
});

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

describe('the API function and the files function', () => {
  it('the API bundle has no file route, export writer or QR encoder', () => {
    const inputs = inputsOf(api.metafile);
    // The printable rectification notice (GET /api/problems/{id}/notice.html) is a page of the API.
    expect([...inputs].filter((f) => /node_modules\/qrcode\//.test(f) || (f.startsWith('shared/export/') && f !== 'shared/export/notice-page.ts'))).toEqual([]);
    const fileRoutes = routeModulesOf(files.metafile);
    expect(fileRoutes.length).toBeGreaterThan(0);
    expect(fileRoutes.filter((f) => inputs.has(f))).toEqual([]);
  });

  it('the files bundle has the file routes and no other route', () => {
    expect(routeModulesOf(files.metafile)).toEqual(['functions/api/routes/pushed-lists/exports.ts', 'functions/api/routes/residents/exports.ts', 'functions/api/routes/self-registration/posters.ts', 'functions/api/routes/venues/code-sheets.ts', 'functions/api/routes/venues/problem-exports.ts', 'functions/api/routes/venues/venue-files.ts']);
    const inputs = inputsOf(files.metafile);
    const apiRoutes = routeModulesOf(api.metafile);
    expect(apiRoutes.length).toBeGreaterThan(10);
    expect(apiRoutes.filter((f) => inputs.has(f))).toEqual([]);
  });

  it('the files bundle serves a file route (its group loads, then authenticates) and nothing else', async () => {
    const invoke = async (path: string) => {
      const stream = new Writable({ write: (_chunk, _encoding, done) => done() }) as Writable & { metadata?: { statusCode: number } };
      await filesHandler(event('GET', path), stream, {});
      return stream.metadata?.statusCode;
    };
    expect(await invoke('/api/venues/01J0VENUE/code.png')).toBe(401);
    expect(await invoke('/api/grids/north/codes.html')).toBe(401);
    expect(await invoke('/api/venues/01J0VENUE')).toBe(404);
  });
});

describe('the require banner', () => {
  const BANNER = '__gridwatchCreateRequire';
  const code = (bundle: FunctionBundle) => readdirSync(bundle.outdir).filter((f) => f.endsWith('.mjs')).map((f) => readFileSync(join(bundle.outdir, f), 'utf8'));

  it('is left only in files that mention `require`', () => {
    for (const bundle of [api, files]) {
      const all = code(bundle);
      const kept = all.filter((c) => c.includes(BANNER));
      expect(kept.length).toBeLessThan(all.length / 4);
      for (const c of all.filter((c) => !c.includes(BANNER))) expect(c).not.toMatch(/\brequire\b/);
    }
  });

  it('leaves the source maps of the files it was taken from in step with their code', () => {
    const [output] = Object.keys(api.metafile.outputs).filter((f) => api.metafile.outputs[f].entryPoint === 'functions/api/routes/venues/problems.ts');
    const file = join(api.outdir, basename(output));
    const generated = readFileSync(file, 'utf8');
    expect(generated).not.toContain(BANNER);
    // Where a string of the route module is in the chunk, and where its map says it came from.
    const lines = generated.slice(0, generated.indexOf('"/{problemId}/notice.html"')).split('\n');
    const line = lines.length - 1;
    const map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    const entry = map.findEntry(line, lines[line].length) as { originalSource?: string; originalLine?: number };
    expect(entry.originalSource).toMatch(/functions\/api\/routes\/venues\/problems\.ts$/);
    const source = readFileSync('functions/api/routes/venues/problems.ts', 'utf8').split('\n');
    expect(source[entry.originalLine ?? -1]).toContain("'/{problemId}/notice.html'");
  });
});

describe('source maps in Lambda', () => {
  it('every code file names its map, so --enable-source-maps (NODE_OPTIONS, as deployed) finds it', () => {
    for (const bundle of [api, files]) {
      for (const file of readdirSync(bundle.outdir).filter((f) => f.endsWith('.mjs'))) {
        expect(readFileSync(join(bundle.outdir, file), 'utf8').trimEnd().endsWith(`//# sourceMappingURL=${file}.map`), file).toBe(true);
      }
    }
  });

  it('turns a stack trace from the minified bundle into TypeScript file and line', () => {
    // Started without its settings, the API throws at start-up from shared/config.ts.
    const run = spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(join(api.outdir, 'index.mjs')).href)})`], {
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('missing environment variable');
    const configLine = readFileSync('shared/config.ts', 'utf8').split('\n').findIndex((l) => l.includes('throw new Error(`missing environment variable')) + 1;
    expect(run.stderr).toMatch(new RegExp(`shared/config\\.ts:${configLine}:\\d+`));
  });
});
