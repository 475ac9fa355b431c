/**
 * How every Lambda function is bundled — by CDK (infra/constructs/node-function.ts, as the asset's
 * local bundling) and by bench/lambda.bench.ts, which measures exactly these bundles.
 *
 * esbuild, minified ESM for Node.js 22, the AWS SDK bundled in (package.json pins its version; the
 * runtime's copy drifts), with **code splitting**: what the entry point imports statically is
 * `index.mjs` (plus shared chunks); every dynamic `import()` — a route group, the S3 or Cognito
 * client, the Excel writer — is a chunk of its own beside it, which Node reads and compiles
 * only when that code first runs. A cold start pays for the cold path only (docs/benchmarks.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';
import { REPO_ROOT } from './paths';

/**
 * ESM bundles can still contain CommonJS code that calls `require` (for Node built-ins); esbuild's
 * shim needs a real `require` in scope. The alias avoids clashing with any bundled `createRequire`.
 * esbuild prepends it to every output file; after the build, `stripUnusedBanners` leaves it only in
 * the files that may need it.
 */
const REQUIRE_BANNER =
  "import { createRequire as __gridwatchCreateRequire } from 'node:module'; const require = __gridwatchCreateRequire(import.meta.url);";

/** esbuild's target: the functions' runtime (FUNCTION_RUNTIME in constructs/node-function.ts). */
const BUNDLE_TARGET = 'node22';

/**
 * Packages replaced when bundling (esbuild `alias`, paths from the repository root). The routes use
 * @hono/zod-openapi; the bundles get its run-time part only, and the OpenAPI document generated
 * at bundling time beside them (functions/api/openapi-runtime.ts explains why).
 */
export const BUNDLE_ALIASES: Record<string, string> = {
  '@hono/zod-openapi': './functions/api/openapi-runtime.ts',
};

/** The API document's file beside an API bundle (read by functions/api/openapi-runtime.ts). */
export const OPENAPI_DOCUMENT_FILE = 'openapi.json';

/** The esbuild settings of every function bundle (the tests' bundled API uses them too). */
export const LAMBDA_BUILD_OPTIONS = {
  absWorkingDir: REPO_ROOT,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: BUNDLE_TARGET,
  mainFields: ['module', 'main'],
  banner: { js: REQUIRE_BANNER },
  alias: BUNDLE_ALIASES,
  logLevel: 'warning',
} satisfies BuildOptions;

export interface FunctionBundle {
  /** The folder Lambda gets: `index.mjs` (handler `index.handler`), its chunks, source maps. */
  outdir: string;
  /** The entry file's output, relative to the repository root as esbuild's metafile names it. */
  entryOutput: string;
  metafile: Metafile;
}

/**
 * Bundle one entry point (relative to the repository root, e.g. `functions/api.ts`) into `outdir`.
 * `withOpenApiDocument` also writes the API's OpenAPI document beside it, generated from the route
 * definitions by the real @hono/zod-openapi (in a child process: the CDK app stays free of the app).
 */
export function bundleFunction(entry: string, outdir: string, options: { withOpenApiDocument?: boolean } = {}): FunctionBundle {
  const result = buildSync({
    ...LAMBDA_BUILD_OPTIONS,
    entryPoints: { index: join(REPO_ROOT, entry) },
    outdir,
    splitting: true,
    // Flat, beside index.mjs: a chunk finds the files shipped with the bundle (openapi.json) next to itself.
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    minify: true,
    // linked: each file names its map (`//# sourceMappingURL=`), so --enable-source-maps finds it.
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
  });
  stripUnusedBanners(result.metafile);
  if (options.withOpenApiDocument) {
    const document = execFileSync(process.execPath, ['--import', 'tsx', 'functions/api/openapi-document.ts'], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
    writeFileSync(join(outdir, OPENAPI_DOCUMENT_FILE), document);
  }
  // Every dynamic import() is an entry point of its own in the metafile; the function's is `entry`.
  const entryOutput = Object.keys(result.metafile.outputs).find((file) => result.metafile.outputs[file].entryPoint === entry);
  if (!entryOutput) throw new Error(`esbuild produced no output for ${entry}`);
  return { outdir, entryOutput, metafile: result.metafile };
}

/**
 * Take the require banner out of every output file whose own code never says `require`. Only code
 * that calls a free `require` uses it — esbuild's `__require` shim (in one chunk, which the others
 * import it from) or CommonJS code calling it directly — yet esbuild puts it in every chunk (~130
 * bytes each, some 90 chunks for the API). Any mention keeps it, in a string or a property name too:
 * a few banners too many, never one too few. The banner is a line of its own (esbuild adds a line
 * break), which has no mappings: its source map loses that empty first line, the `;` that opens
 * `mappings`. The metafile's sizes are corrected, as the bench and the tests read them.
 */
function stripUnusedBanners(metafile: Metafile): void {
  const line = `${REQUIRE_BANNER}\n`;
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (!file.endsWith('.mjs')) continue;
    const path = join(REPO_ROOT, file);
    const code = readFileSync(path, 'utf8');
    if (!code.startsWith(line) || /\brequire\b/.test(code.slice(line.length))) continue;
    writeFileSync(path, code.slice(line.length));
    output.bytes -= Buffer.byteLength(line);
    const mapFile = `${file}.map`;
    if (!existsSync(join(REPO_ROOT, mapFile))) continue;
    const map = JSON.parse(readFileSync(join(REPO_ROOT, mapFile), 'utf8')) as { mappings: string };
    // Nothing mapped (a chunk of imports only) is '': no line to remove.
    if (map.mappings && !map.mappings.startsWith(';')) throw new Error(`${mapFile}: the banner line has mappings; cannot strip it`);
    map.mappings = map.mappings.slice(1);
    const json = JSON.stringify(map);
    writeFileSync(join(REPO_ROOT, mapFile), json);
    if (metafile.outputs[mapFile]) metafile.outputs[mapFile].bytes = Buffer.byteLength(json);
  }
}
