/**
 * `npm run bench [-- name …]`: runs every bench/*.bench.ts (or only those whose file name contains
 * one of the names), one after another, each in its own Node process (with --expose-gc, so each
 * measures its own memory), and writes bench/results.json: the list of { name, value, unit, ratio?,
 * target? } the benches reported with `recordResults` (bench/results.ts). A bench that only prints
 * still runs. Arguments after `--` that start with `--` are passed to every bench. A run of some
 * benches replaces their figures in bench/results.json and keeps the other benches' (each figure
 * names its bench file and the time it was measured).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './results';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('--') && !/^\d/.test(a));
const passOn = args.filter((a) => !names.includes(a));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => names.length === 0 || names.some((n) => f.includes(n)))
  .sort();
if (!files.length) {
  console.error(`no bench/*.bench.ts matches ${names.join(', ')}`);
  process.exit(1);
}

const outDir = mkdtempSync(join(tmpdir(), 'gridwatch-bench-'));
const failed: string[] = [];
const fresh: Stored[] = [];
for (const file of files) {
  const out = join(outDir, `${file}.jsonl`);
  console.log(`\n━━ ${file}`);
  const started = performance.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, file), ...passOn], {
      stdio: 'inherit',
      env: { ...process.env, GRIDWATCH_BENCH_OUT: out },
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
  console.log(`━━ ${file}: ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (code !== 0) failed.push(file);
  const measuredAt = new Date().toISOString();
  if (existsSync(out)) {
    for (const line of readFileSync(out, 'utf8').split('\n').filter(Boolean)) {
      for (const r of JSON.parse(line) as BenchResult[]) fresh.push({ ...r, bench: file, measuredAt });
    }
  }
}

/** A figure as bench/results.json keeps it: which bench measured it, and when. */
type Stored = BenchResult & { bench?: string; measuredAt?: string };
const resultsFile = join(here, 'results.json');
const ran = new Set(files);
const kept = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Stored[]).filter((r) => r.bench && !ran.has(r.bench)) : [];
const results = [...kept, ...fresh];
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${fresh.length} figures measured now, ${kept.length} kept from earlier runs → bench/results.json`);
for (const r of fresh) {
  console.log(`  ${r.name.padEnd(52)} ${String(r.value).padStart(10)} ${r.unit.padEnd(6)}${r.ratio !== undefined ? ` ×${r.ratio}` : ''}${r.target !== undefined ? `  (target ${r.atLeast ? '≥' : '≤'} ${r.target})` : ''}`);
}
if (failed.length) {
  console.error(`failed: ${failed.join(', ')}`);
  process.exit(1);
}
