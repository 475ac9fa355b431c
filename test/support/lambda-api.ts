/**
 * The API as its Lambda bundle runs it: test/support/api.ts bundled by esbuild with the Lambda
 * bundles' settings (infra/bundling.ts: @hono/zod-openapi replaced by functions/api/openapi-runtime.ts;
 * one file here, without the code splitting, which changes where code is, not what it does)
 * and the OpenAPI document written beside the bundle, as the bundling step does. Everything the app
 * uses (zod, hono, the SDK) is inside the bundle, so it runs beside the real app of the same test
 * without sharing a module. Built once per test process.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { generateOpenApiDocument } from '../../functions/api/openapi-document';
import { LAMBDA_BUILD_OPTIONS, OPENAPI_DOCUMENT_FILE } from '../../infra/bundling';
import type { testApi } from './api';

/** A field of the document written beside the test bundle: served only if read from that file. */
export const LAMBDA_DOCUMENT_MARK = 'x-test-bundled';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let bundled: Promise<typeof import('./api')> | undefined;

async function bundle(): Promise<typeof import('./api')> {
  const dir = mkdtempSync(join(tmpdir(), 'gridwatch-lambda-api-'));
  const outfile = join(dir, 'index.mjs');
  await build({ ...LAMBDA_BUILD_OPTIONS, entryPoints: [join(ROOT, 'test/support/api.ts')], outfile, logLevel: 'error' });
  // Marked, so that a test can tell the document was read from this file (LAMBDA_DOCUMENT_MARK).
  writeFileSync(join(dir, OPENAPI_DOCUMENT_FILE), JSON.stringify({ ...(await generateOpenApiDocument()), [LAMBDA_DOCUMENT_MARK]: true }));
  return import(/* @vite-ignore */ pathToFileURL(outfile).href);
}

/** Like testApi(), but the app is the Lambda bundle's. */
export async function lambdaTestApi(options?: Parameters<typeof testApi>[0]) {
  bundled ??= bundle();
  return (await bundled).testApi(options);
}
