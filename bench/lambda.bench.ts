/**
 * Lambda bundles: each entry point bundled the way infra/constructs/node-function.ts has CDK do it
 * (esbuild: bundle, minify, ESM, platform node, target node22, mainFields module/main, the
 * createRequire banner, external source map, AWS SDK bundled in), next to the floor — a hello-world
 * Hono handler with one DynamoDB GetItem (bench/floor/handler.ts) — bundled the same way in the same
 * run. For each: the bundle size, and the module initialisation time under plain Node (a fresh
 * `node --input-type=module -e "…await import(…)…"` per run, the function's environment set to dummy
 * values, NODE_OPTIONS=--enable-source-maps as deployed; the median of RUNS, all bundles interleaved).
 * Targets: init ≤ 1.3× the floor, size ≤ 2× the floor.
 *
 * It also reads esbuild's metafile to show which heavy modules are loaded on the cold path (reached
 * by static imports from the entry) and which only on demand (dynamic import()).
 *
 *   npx tsx bench/lambda.bench.ts [--runs 9]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { median, report } from './figures';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Math.min(31, Math.max(3, Number(arg('runs', '9'))));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const INIT_TARGET = 1.3;
const SIZE_TARGET = 2;

/** The same banner as infra/constructs/node-function.ts (REQUIRE_BANNER). */
const REQUIRE_BANNER = "import { createRequire as __gridwatchCreateRequire } from 'node:module'; const require = __gridwatchCreateRequire(import.meta.url);";

const FUNCTIONS = [
  { name: 'floor (Hono + 1 GetItem)', entry: 'bench/floor/handler.ts' },
  { name: 'api', entry: 'functions/api.ts' },
  { name: 'scheduler dispatch', entry: 'functions/scheduler/dispatch.ts' },
  { name: 'scheduler worker', entry: 'functions/scheduler/worker.ts' },
];

/** Modules that must not load on the cold path of routes that do not use them. */
const HEAVY: { label: string; pattern: RegExp }[] = [
  { label: 'OpenAPI document generation (zod-to-openapi)', pattern: /@asteasolutions\/zod-to-openapi\// },
  { label: 'API docs page', pattern: /functions\/api\/docs-page\.ts$/ },
  { label: 'Excel writing', pattern: /shared\/export\/xlsx\.ts$/ },
  { label: 'QR rendering (qrcode, pngjs)', pattern: /node_modules\/(qrcode|pngjs)\// },
  { label: 'CSV parsing (csv-parse)', pattern: /node_modules\/csv-parse\// },
  { label: 'S3 client and presigner', pattern: /node_modules\/@aws-sdk\/(client-s3|s3-request-presigner)\// },
  { label: 'SQS client', pattern: /node_modules\/@aws-sdk\/client-sqs\// },
  { label: 'Cognito client', pattern: /node_modules\/@aws-sdk\/client-cognito-identity-provider\// },
];

const out = mkdtempSync(join(tmpdir(), 'gridwatch-lambda-bench-'));

interface Built {
  name: string;
  file: string;
  bytes: number;
  gzipBytes: number;
  meta: Metafile;
  entry: string;
  env: Record<string, string>;
}

/** Dummy values for the variables a bundle reads (every GRIDWATCH_* it names), plus what Lambda sets. */
function envFor(code: string): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'cn-north-1',
    AWS_ACCESS_KEY_ID: 'dummy',
    AWS_SECRET_ACCESS_KEY: 'dummy',
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    NODE_OPTIONS: '--enable-source-maps',
  };
  for (const name of new Set(code.match(/GRIDWATCH_[A-Z0-9_]+/g) ?? [])) {
    if (name === 'GRIDWATCH_NOW' || name.endsWith('_INTERVAL_MS')) continue;
    env[name] = /URL|ISSUER|ORIGIN|ENDPOINT/.test(name)
      ? 'https://example.invalid/dummy'
      : name.endsWith('LOG_LEVEL')
        ? 'INFO'
        : name.endsWith('POOL_ID')
          ? 'cn-north-1_Example'
          : name.endsWith('TABLE')
            ? 'gridwatch'
            : `dummy-${name.toLowerCase()}`;
  }
  return env;
}

async function bundle(fn: (typeof FUNCTIONS)[number], index: number): Promise<Built> {
  const file = join(out, String(index), 'index.mjs');
  const result = await build({
    entryPoints: [join(ROOT, fn.entry)],
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    mainFields: ['module', 'main'],
    banner: { js: REQUIRE_BANNER },
    sourcemap: 'external',
    sourcesContent: false,
    outfile: file,
    metafile: true,
    logLevel: 'error',
  });
  const code = readFileSync(file);
  return { name: fn.name, file, bytes: statSync(file).size, gzipBytes: gzipSync(code).length, meta: result.metafile, entry: fn.entry, env: envFor(code.toString('utf8')) };
}

/**
 * Input files reached from the entry through static imports only, and still in the output after
 * tree shaking: the code that evaluates at start-up.
 */
function coldPath(meta: Metafile, entry: string): Set<string> {
  const output = Object.values(meta.outputs).find((o) => o.entryPoint);
  const kept = (file: string) => (output?.inputs[file]?.bytesInOutput ?? 0) > 0;
  const seen = new Set<string>();
  const todo = [relative(ROOT, join(ROOT, entry))];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file) || !meta.inputs[file]) continue;
    seen.add(file);
    for (const imp of meta.inputs[file].imports) if (!imp.external && imp.kind !== 'dynamic-import') todo.push(imp.path);
  }
  return new Set([...seen].filter(kept));
}

function packageOf(path: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return m ? m[1] : `(app) ${path.split('/').slice(0, 2).join('/')}`;
}

function initOnce(b: Built): { wall: number; cpu: number } {
  const script = `const c=process.cpuUsage();const t=performance.now();await import(${JSON.stringify(`file://${b.file}`)});const w=performance.now()-t;const u=process.cpuUsage(c);console.log(JSON.stringify({wall:w,cpu:(u.user+u.system)/1000}))`;
  const text = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: b.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(text.trim().split('\n').pop()!);
}

try {
  const built: Built[] = [];
  for (const [i, fn] of FUNCTIONS.entries()) built.push(await bundle(fn, i));
  const [floor] = built;

  console.log(`Lambda bundles (esbuild as CDK: minified ESM, node22, AWS SDK bundled), init under plain Node ${process.version}, median of ${RUNS}`);
  // Warm the file cache, check that every bundle starts, then measure with all bundles interleaved.
  for (const b of built) initOnce(b);
  const wall = new Map<string, number[]>(built.map((b) => [b.name, []]));
  const cpu = new Map<string, number[]>(built.map((b) => [b.name, []]));
  for (let r = 0; r < RUNS; r++) {
    for (const b of built) {
      const m = initOnce(b);
      wall.get(b.name)!.push(m.wall);
      cpu.get(b.name)!.push(m.cpu);
    }
  }

  for (const b of built) {
    const initMs = median(wall.get(b.name)!);
    const cpuMs = median(cpu.get(b.name)!);
    const floorInit = median(wall.get(floor.name)!);
    console.log(`\n${b.name} (${b.entry}): ${(b.bytes / 1024).toFixed(0)} KiB (gzip ${(b.gzipBytes / 1024).toFixed(0)} KiB), init p50 ${initMs.toFixed(1)} ms wall, ${cpuMs.toFixed(1)} ms CPU`);
    if (b === floor) {
      report({ name: `lambda: ${b.name} bundle size`, value: b.bytes / 1024, unit: 'KiB' });
      report({ name: `lambda: ${b.name} init p50`, value: initMs, unit: 'ms' });
      report({ name: `lambda: ${b.name} init CPU p50`, value: cpuMs, unit: 'ms' });
      continue;
    }
    report({ name: `lambda: ${b.name} bundle size`, value: b.bytes / 1024, unit: 'KiB', ratio: b.bytes / floor.bytes, target: SIZE_TARGET });
    report({ name: `lambda: ${b.name} init p50`, value: initMs, unit: 'ms', ratio: initMs / floorInit, target: INIT_TARGET });
    // CPU time of the same runs: steadier than wall time on a shared, busy machine.
    report({ name: `lambda: ${b.name} init CPU p50`, value: cpuMs, unit: 'ms', ratio: cpuMs / median(cpu.get(floor.name)!), target: INIT_TARGET });

    const cold = coldPath(b.meta, b.entry);
    const output = Object.values(b.meta.outputs).find((o) => o.entryPoint);
    const inputs = Object.keys(output?.inputs ?? {}).filter((f) => (output?.inputs[f].bytesInOutput ?? 0) > 0);
    for (const h of HEAVY) {
      const all = inputs.filter((f) => h.pattern.test(f));
      if (!all.length) continue;
      const eager = all.filter((f) => cold.has(f));
      console.log(`  ${eager.length ? 'COLD PATH' : 'on demand'}: ${h.label}${eager.length ? ` (${eager.length} of ${all.length} modules at start-up)` : ''}`);
    }
    const bySize = new Map<string, number>();
    for (const [file, v] of Object.entries(output?.inputs ?? {})) bySize.set(packageOf(file), (bySize.get(packageOf(file)) ?? 0) + v.bytesInOutput);
    const top = [...bySize].sort((x, y) => y[1] - x[1]).slice(0, 8);
    console.log(`  largest parts: ${top.map(([p, n]) => `${p} ${(n / 1024).toFixed(0)} KiB`).join(', ')}`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
