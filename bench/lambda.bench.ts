/**
 * Lambda bundles: each entry point bundled exactly as CDK deploys it (infra/bundling.ts
 * `bundleFunction`: minified ESM for node22, AWS SDK bundled, code splitting, external source maps),
 * next to the floor — a hello-world Hono handler with one DynamoDB GetItem (bench/floor/handler.ts) —
 * bundled the same way in the same run. For each:
 * - size: every code file deployed (`index.mjs` and all chunks; source maps and the OpenAPI
 *   document, which are data, are printed apart), and the cold path: the entry and the chunks it
 *   imports statically, which a cold start reads and compiles;
 * - module initialisation under plain Node: a fresh `node --input-type=module -e "…await import(…)…"`
 *   per run, the function's environment set to dummy values, NODE_OPTIONS=--enable-source-maps as
 *   deployed; the median of RUNS, all bundles interleaved.
 * Targets: init ≤ 1.3× the floor, size ≤ 2× the floor.
 *
 * It also reads esbuild's metafile to show which heavy modules are on the cold path and which load
 * on demand (a chunk of their own, read on first use).
 *
 *   npx tsx bench/lambda.bench.ts [--runs 9]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { bundleFunction, OPENAPI_DOCUMENT_FILE } from '../infra/bundling';
import { REPO_ROOT } from '../infra/paths';
import { median, report } from './figures';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Math.min(31, Math.max(3, Number(arg('runs', '9'))));
const INIT_TARGET = 1.3;
const SIZE_TARGET = 2;

interface BenchFunction {
  name: string;
  entry: string;
  withOpenApiDocument?: boolean;
  /** Set before the import (what the Lambda runtime provides). */
  globals?: string;
  /** What a typical first request or job loads on demand: the entry points of those chunks. */
  firstUse?: { label: string; modules: string[] };
}

const FUNCTIONS: BenchFunction[] = [
  { name: 'floor (Hono + 1 GetItem)', entry: 'bench/floor/handler.ts' },
  {
    name: 'api',
    entry: 'functions/api.ts',
    withOpenApiDocument: true,
    // What a cold POST /api/inspections loads on top of the start-up: its route group, the
    // repositories, authentication (jose, the claims' schema).
    firstUse: { label: 'POST /api/inspections', modules: ['functions/api/routes/venues/inspections.ts', 'shared/data/tenant-data.ts', 'functions/api/middleware/auth.ts', 'shared/auth/verify.ts'] },
  },
  // The Lambda runtime gives streaming handlers a global `awslambda`; plain Node gets a stand-in.
  { name: 'files (exports, code images)', entry: 'functions/api-stream.ts', globals: 'globalThis.awslambda={streamifyResponse:(h)=>h};' },
  { name: 'scheduler dispatch', entry: 'functions/scheduler/dispatch.ts' },
  // A first plan job: the message's schema (zod), escalation and the planner.
  {
    name: 'scheduler worker',
    entry: 'functions/scheduler/worker.ts',
    firstUse: { label: 'plan job', modules: ['shared/scheduling/jobs.ts', 'shared/scheduling/plan-job.ts', 'shared/scheduling/escalate.ts'] },
  },
];

/** Modules that must not load on the cold path of routes that do not use them. */
const HEAVY: { label: string; pattern: RegExp }[] = [
  { label: 'OpenAPI document generation (zod-to-openapi)', pattern: /@asteasolutions\/zod-to-openapi\// },
  { label: 'API docs page', pattern: /functions\/api\/docs-page\.ts$/ },
  { label: 'Excel writing', pattern: /shared\/export\/xlsx\.ts$/ },
  { label: 'QR rendering (qrcode, pngjs)', pattern: /node_modules\/(qrcode|pngjs)\// },
  { label: 'CSV parsing (csv-parse)', pattern: /node_modules\/csv-parse\// },
  { label: 'AWS request signing for S3, SQS, Cognito (aws4fetch)', pattern: /node_modules\/aws4fetch\// },
  { label: 'token verification (jose)', pattern: /node_modules\/jose\// },
  { label: 'schemas (zod)', pattern: /node_modules\/zod\// },
  { label: 'route groups', pattern: /functions\/api\/routes\// },
];

const out = mkdtempSync(join(tmpdir(), 'gridwatch-lambda-bench-'));

interface Built {
  name: string;
  entry: string;
  /** index.mjs, absolute. */
  file: string;
  /** Code files deployed (all .mjs), and those on the cold path (the entry and its static imports). */
  bytes: number;
  coldBytes: number;
  chunks: number;
  /** Data shipped beside the code: source maps, the OpenAPI document. */
  dataBytes: number;
  /** Input files whose code is on the cold path, and all input files kept in some output. */
  coldInputs: Set<string>;
  allInputs: Set<string>;
  meta: Metafile;
  env: Record<string, string>;
  globals: string;
  /** The chunks (absolute paths) a typical first request or job loads on demand, and its label. */
  firstUse?: { label: string; files: string[] };
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
        : name === 'GRIDWATCH_SIGN_IN'
          ? 'cognito'
          : name.endsWith('POOL_ID')
          ? 'cn-north-1_Example'
          : name.endsWith('TABLE')
            ? 'gridwatch'
            : `dummy-${name.toLowerCase()}`;
  }
  return env;
}

function bundle(fn: BenchFunction, index: number): Built {
  const outdir = join(out, String(index));
  const { entryOutput, metafile: meta } = bundleFunction(fn.entry, outdir, { withOpenApiDocument: fn.withOpenApiDocument });
  const code = Object.keys(meta.outputs).filter((f) => f.endsWith('.mjs'));
  // The cold path: the entry's output and, transitively, the outputs it imports statically.
  const cold = new Set<string>();
  const todo = [entryOutput];
  while (todo.length) {
    const file = todo.pop()!;
    if (cold.has(file)) continue;
    cold.add(file);
    for (const imp of meta.outputs[file].imports) if (!imp.external && imp.kind === 'import-statement') todo.push(imp.path);
  }
  const inputsOf = (files: string[]) => new Set(files.flatMap((f) => Object.entries(meta.outputs[f].inputs).filter(([, v]) => v.bytesInOutput > 0).map(([input]) => input)));
  const sum = (files: string[]) => files.reduce((n, f) => n + meta.outputs[f].bytes, 0);
  const maps = Object.keys(meta.outputs).filter((f) => f.endsWith('.map'));
  const document = fn.withOpenApiDocument ? statSync(join(outdir, OPENAPI_DOCUMENT_FILE)).size : 0;
  const file = join(outdir, 'index.mjs');
  const allCode = code.map((f) => readFileSync(join(REPO_ROOT, f), 'utf8')).join('\n');
  return {
    name: fn.name,
    entry: fn.entry,
    file,
    bytes: sum(code),
    coldBytes: sum([...cold]),
    chunks: code.length,
    dataBytes: sum(maps) + document,
    coldInputs: inputsOf([...cold]),
    allInputs: inputsOf(code),
    meta,
    env: envFor(allCode),
    globals: fn.globals ?? '',
    firstUse: firstUseOf(fn, meta, outdir),
  };
}

function packageOf(path: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return m ? m[1] : `(app) ${path.split('/').slice(0, 2).join('/')}`;
}

/** The output chunks whose entry points are the function's first-use modules. */
function firstUseOf(fn: BenchFunction, meta: Metafile, outdir: string): Built['firstUse'] {
  if (!fn.firstUse) return undefined;
  const files = fn.firstUse.modules.map((module) => {
    const output = Object.keys(meta.outputs).find((f) => meta.outputs[f].entryPoint === module);
    if (!output) throw new Error(`${module} is not a chunk of its own (no dynamic import of it?)`);
    return join(outdir, output.split('/').pop()!);
  });
  return { label: fn.firstUse.label, files };
}

/** Start-up alone, or start-up and then the first-use chunks (loaded as that request would). */
function initOnce(b: Built, withFirstUse = false): { wall: number; cpu: number } {
  const then = withFirstUse && b.firstUse ? `await Promise.all(${JSON.stringify(b.firstUse.files.map((f) => `file://${f}`))}.map((f)=>import(f)));` : '';
  const script = `${b.globals}const c=process.cpuUsage();const t=performance.now();await import(${JSON.stringify(`file://${b.file}`)});${then}const w=performance.now()-t;const u=process.cpuUsage(c);console.log(JSON.stringify({wall:w,cpu:(u.user+u.system)/1000}))`;
  const text = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: b.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(text.trim().split('\n').pop()!);
}

try {
  const built: Built[] = [];
  for (const [i, fn] of FUNCTIONS.entries()) built.push(bundle(fn, i));
  const [floor] = built;

  console.log(`Lambda bundles (infra/bundling.ts, as CDK deploys them: minified ESM, node22, AWS SDK bundled, code splitting), init under plain Node ${process.version}, median of ${RUNS}`);
  // Warm the file cache, check that every bundle starts, then measure with all bundles interleaved.
  for (const b of built) initOnce(b);
  const wall = new Map<string, number[]>(built.map((b) => [b.name, []]));
  const cpu = new Map<string, number[]>(built.map((b) => [b.name, []]));
  const firstUse = new Map<string, number[]>(built.filter((b) => b.firstUse).map((b) => [b.name, []]));
  for (let r = 0; r < RUNS; r++) {
    for (const b of built) {
      const m = initOnce(b);
      wall.get(b.name)!.push(m.wall);
      cpu.get(b.name)!.push(m.cpu);
      if (b.firstUse) firstUse.get(b.name)!.push(initOnce(b, true).wall);
    }
  }

  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  for (const b of built) {
    const initMs = median(wall.get(b.name)!);
    const cpuMs = median(cpu.get(b.name)!);
    console.log(
      `\n${b.name} (${b.entry}): ${kib(b.bytes)} of code in ${b.chunks} file(s), ${kib(b.coldBytes)} on the cold path (+ ${kib(b.dataBytes)} source maps and data); init p50 ${initMs.toFixed(1)} ms wall, ${cpuMs.toFixed(1)} ms CPU`,
    );
    const vsFloor = (value: number, floorValue: number, target: number) => (b === floor ? {} : { ratio: value / floorValue, target });
    report({ name: `lambda: ${b.name} bundle size`, value: b.bytes / 1024, unit: 'KiB', ...vsFloor(b.bytes, floor.bytes, SIZE_TARGET) });
    report({ name: `lambda: ${b.name} cold-path code`, value: b.coldBytes / 1024, unit: 'KiB', ...(b === floor ? {} : { ratio: b.coldBytes / floor.coldBytes }) });
    report({ name: `lambda: ${b.name} init p50`, value: initMs, unit: 'ms', ...vsFloor(initMs, median(wall.get(floor.name)!), INIT_TARGET) });
    // CPU time of the same runs: steadier than wall time on a shared, busy machine.
    report({ name: `lambda: ${b.name} init CPU p50`, value: cpuMs, unit: 'ms', ...vsFloor(cpuMs, median(cpu.get(floor.name)!), INIT_TARGET) });
    if (b.firstUse) {
      // Informational: the floor has everything loaded at start-up; this is start-up plus what the
      // first such request loads on demand (compiled and evaluated, without the request's I/O).
      const ms = median(firstUse.get(b.name)!);
      console.log(`  start-up + the modules a first ${b.firstUse.label} loads: ${ms.toFixed(1)} ms`);
      report({ name: `lambda: ${b.name} init + first ${b.firstUse.label} modules p50`, value: ms, unit: 'ms', ratio: ms / median(wall.get(floor.name)!) });
    }
    if (b === floor) continue;

    for (const h of HEAVY) {
      const all = [...b.allInputs].filter((f) => h.pattern.test(f));
      if (!all.length) continue;
      const eager = all.filter((f) => b.coldInputs.has(f));
      console.log(`  ${eager.length ? 'COLD PATH' : 'on demand'}: ${h.label}${eager.length ? ` (${eager.length} of ${all.length} modules at start-up)` : ''}`);
    }
    const bySize = new Map<string, number>();
    for (const output of Object.values(b.meta.outputs)) {
      for (const [file, v] of Object.entries(output.inputs)) {
        if (!b.coldInputs.has(file)) continue;
        bySize.set(packageOf(file), (bySize.get(packageOf(file)) ?? 0) + v.bytesInOutput);
      }
    }
    const top = [...bySize].sort((x, y) => y[1] - x[1]).slice(0, 10);
    console.log(`  largest parts of the cold path: ${top.map(([p, n]) => `${p} ${kib(n)}`).join(', ')}`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
