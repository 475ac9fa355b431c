/**
 * How a benchmark reports its figures to `npm run bench` (bench/run.ts): `recordResults([...])`
 * appends them to the file the runner names in GRIDWATCH_BENCH_OUT (one JSON list per line); run on
 * its own (`npx tsx bench/x.bench.ts`) a bench just prints. bench/results.json gathers every bench's.
 */
import { appendFileSync } from 'node:fs';

export interface BenchResult {
  /** e.g. 'quota: plan time, 150,000 venues'. */
  name: string;
  value: number;
  /** 's', 'ms', 'MB', 'items/s', 'x' … */
  unit: string;
  /** Measured against a reference: a floor, or the same figure at a smaller size (full ÷ a tenth). */
  ratio?: number;
  /** The bound `ratio` must not exceed (e.g. 10 for 10× the data: no worse than linear). */
  target?: number;
  /** `target` is a floor instead: `ratio` must reach it (e.g. a rate against a bare rate). */
  atLeast?: true;
}

export function recordResults(results: BenchResult[]): void {
  const out = process.env.GRIDWATCH_BENCH_OUT;
  if (out) appendFileSync(out, `${JSON.stringify(results)}\n`);
}

/** Time and peak memory of an async step: rss and heapUsed sampled every 20 ms and on `sample()`. */
export async function measure<T>(
  step: (sample: () => void) => Promise<T>,
): Promise<{ result: T; seconds: number; baseRssMb: number; peakRssMb: number; peakHeapMb: number; baseHeapMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
  };
  const timer = setInterval(sample, 20);
  const started = performance.now();
  try {
    const result = await step(sample);
    sample();
    return { result, seconds: Math.round((performance.now() - started) / 10) / 100, baseRssMb: mb(base.rss), peakRssMb: mb(peakRss), peakHeapMb: mb(peakHeap), baseHeapMb: mb(base.heapUsed) };
  } finally {
    clearInterval(timer);
  }
}
