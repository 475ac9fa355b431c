/**
 * `npm run bench [-- name …]`: runs every bench/*.bench.ts (or only those whose file name contains
 * one of the names), one after another, each in its own Node process (with --expose-gc, so each
 * measures its own memory), and writes bench/results.json: the list of { name, value, unit, ratio?,
 * target? } the benches reported with `recordResults` (bench/results.ts). A bench that only prints
 * still runs. Arguments after `--` that start with `--` are passed to every bench.
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

const out = join(mkdtempSync(join(tmpdir(), 'gridwatch-bench-')), 'results.jsonl');
const failed: string[] = [];
for (const file of files) {
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
}

const results: BenchResult[] = existsSync(out)
  ? readFileSync(out, 'utf8')
      .split('\n')
      .filter(Boolean)
      .flatMap((line) => JSON.parse(line) as BenchResult[])
  : [];
writeFileSync(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${results.length} figures → bench/results.json`);
for (const r of results) {
  console.log(`  ${r.name.padEnd(52)} ${String(r.value).padStart(10)} ${r.unit.padEnd(6)}${r.ratio !== undefined ? ` ×${r.ratio}` : ''}${r.target !== undefined ? `  (target ${r.atLeast ? '≥' : '≤'} ${r.target})` : ''}`);
}
if (failed.length) {
  console.error(`failed: ${failed.join(', ')}`);
  process.exit(1);
}
