/**
 * The API's OpenAPI document, generated from the route definitions by @hono/zod-openapi: every route,
 * the file routes too. The local server and the tests generate it on the first request for it
 * (functions/api/app.ts); the API function ships it as a file made when bundling (infra/bundling.ts),
 * with this module as a command that prints it:
 *
 *   node --import tsx functions/api/openapi-document.ts > openapi.json
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { pathToFileURL } from 'node:url';
import { OPENAPI_CONFIG } from './app';
import type { AppEnv } from './context';
import { mountAll } from './all-route-groups';

/**
 * Every route group mounted on one app, whose registry @hono/zod-openapi turns into the document.
 * (In a Lambda bundle functions/api/openapi-runtime.ts reads the document made when bundling.)
 */
export async function generateOpenApiDocument() {
  const app = await mountAll(new OpenAPIHono<AppEnv>());
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  return app.getOpenAPI31Document(OPENAPI_CONFIG);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(JSON.stringify(await generateOpenApiDocument()));
}
