/**
 * What the API's Lambda bundles put in place of `@hono/zod-openapi` (an esbuild alias:
 * infra/constructs/node-function.ts, bench/lambda.bench.ts). The routes are written against the real
 * package, which the local server and the tests run; on Lambda this module gives them the same
 * routing and the same request validation, without the OpenAPI generator: `@hono/zod-openapi`
 * loads `@asteasolutions/zod-to-openapi` at import and hands it the whole `z` namespace, which keeps
 * all of zod (its locales among it) in the bundle and costs every cold start. The document is
 * generated from the real package when the bundle is built (functions/api/openapi-document.ts) and
 * shipped beside it as `openapi.json`, which `getOpenAPI31Document` reads.
 *
 * `openapi()` below follows `OpenAPIHono.prototype.openapi` of @hono/zod-openapi 1.6 (validators
 * for query, path, headers, cookies and JSON/form bodies, the 415 media-type gate, the default
 * hook); test/integration/openapi-runtime.test.ts runs the same requests through both.
 */
import { readFileSync } from 'node:fs';
import { zValidator } from '@hono/zod-validator';
import { Hono, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodType } from 'zod';

// Schemas call `.openapi(…)` for the document's sake only; here it keeps the schema as it is.
(ZodType.prototype as unknown as { openapi: () => unknown }).openapi = function openapi(this: unknown) {
  return this;
};

type Hook = (result: unknown, c: unknown) => unknown;
interface RouteLike {
  method: string;
  path: string;
  middleware?: MiddlewareHandler | MiddlewareHandler[];
  request?: {
    query?: ZodType;
    params?: ZodType;
    headers?: ZodType;
    cookies?: ZodType;
    body?: { content?: Record<string, { schema?: unknown } | undefined>; required?: boolean };
  };
}

const isZod = (x: unknown): x is ZodType => typeof x === 'object' && x !== null && typeof (x as ZodType).safeParseAsync === 'function';
const isJson = (type: string) => /^application\/([a-z-.]+\+)?json/i.test(type);
const isForm = (type: string) => /^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(type);
const JSON_REQUEST = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;
const MULTIPART_REQUEST = /^multipart\/form-data(;\s?boundary=[a-zA-Z0-9'"()+_,\-./:=?]+)?$/i;
const URLENCODED_REQUEST = /^application\/x-www-form-urlencoded(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

function matchesMediaType(contentType: string, mediaType: string): boolean {
  if (mediaType === '*/*') return true;
  if (isJson(mediaType)) return JSON_REQUEST.test(contentType);
  if (isForm(mediaType)) return MULTIPART_REQUEST.test(contentType) || URLENCODED_REQUEST.test(contentType);
  const essence = contentType.split(';')[0].trim().toLowerCase();
  if (mediaType.endsWith('/*')) return essence.startsWith(mediaType.slice(0, -1).toLowerCase());
  return essence === mediaType.toLowerCase();
}

async function hasRequestBody(raw: Request): Promise<boolean> {
  if (raw.body === null) return false;
  if (raw.bodyUsed) return (await raw.arrayBuffer()).byteLength > 0;
  const body = raw.clone().body;
  if (body === null) return false;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      if (value.byteLength > 0) return true;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

export class OpenAPIHono extends Hono {
  defaultHook?: Hook;
  #parent?: OpenAPIHono;
  /** Registrations for the document are dropped here: it is built with the bundle. */
  openAPIRegistry = { registerComponent() {}, registerPath() {}, register() {}, definitions: [] as unknown[] };

  constructor(init?: ConstructorParameters<typeof Hono>[0] & { defaultHook?: Hook }) {
    super(init);
    this.defaultHook = init?.defaultHook;
  }

  #hook(): Hook | undefined {
    const seen = new Set<OpenAPIHono>();
    for (let app: OpenAPIHono | undefined = this; app && !seen.has(app); app = app.#parent) {
      if (app.defaultHook) return app.defaultHook;
      seen.add(app);
    }
    return undefined;
  }

  openapi = ({ middleware, ...route }: RouteLike, handler: MiddlewareHandler, hook?: Hook) => {
    const effectiveHook = hook ?? ((result: unknown, c: unknown) => this.#hook()?.(result, c));
    const validate = (target: 'query' | 'param' | 'header' | 'cookie' | 'json' | 'form', schema: ZodType) =>
      zValidator(target, schema, effectiveHook as never) as unknown as MiddlewareHandler;
    const validators: MiddlewareHandler[] = [];
    const { query, params, headers, cookies, body } = route.request ?? {};
    if (query) validators.push(validate('query', query));
    if (params) validators.push(validate('param', params));
    if (headers) validators.push(validate('header', headers));
    if (cookies) validators.push(validate('cookie', cookies));
    const content = body?.content;
    if (content) {
      const declared = Object.keys(content);
      if (declared.some((type) => isZod(content[type]?.schema) && (isJson(type) || isForm(type)))) {
        validators.push(async (c, next) => {
          const contentType = c.req.header('content-type');
          if (contentType ? !declared.some((type) => matchesMediaType(contentType, type)) : await hasRequestBody(c.req.raw)) {
            throw new HTTPException(415, { message: 'Unsupported Media Type' });
          }
          await next();
        });
      }
      for (const type of declared) {
        const schema = content[type]?.schema;
        if (!isZod(schema)) continue;
        for (const [target, matches] of [['json', isJson], ['form', isForm]] as const) {
          if (!matches(type)) continue;
          const validator = validate(target, schema);
          validators.push(
            body?.required
              ? validator
              : async (c, next) => {
                  const contentType = c.req.header('content-type');
                  if (contentType && matches(contentType)) return validator(c, next);
                  c.req.addValidatedData(target, {});
                  await next();
                },
          );
        }
      }
    }
    const routeMiddleware = middleware ? (Array.isArray(middleware) ? middleware : [middleware]) : [];
    this.on([route.method], [route.path.replaceAll(/\/{(.+?)}/g, '/:$1')], ...routeMiddleware, ...validators, handler);
    return this;
  };

  /** The document generated when the bundle was built, read on the first request for it. */
  getOpenAPI31Document = (config: { openapi?: string; info?: unknown }) => {
    const document = JSON.parse(readFileSync(new URL('./openapi.json', import.meta.url), 'utf8') /* OPENAPI_DOCUMENT_FILE, infra/bundling.ts */);
    return { ...document, ...config };
  };

  // Typed loosely: the routes see the real package's types; this only has to behave the same.
  // biome-ignore lint/suspicious/noExplicitAny: see above
  override route(path: string, app: any): any {
    super.route(path, app);
    if (app instanceof OpenAPIHono) app.#parent ??= this;
    return this;
  }
}

export const createRoute = <R extends RouteLike>(config: R) =>
  Object.defineProperty({ ...config }, 'getRoutingPath', {
    enumerable: false,
    value: () => config.path.replaceAll(/\/{(.+?)}/g, '/:$1'),
  }) as R;
