/**
 * How a benchmark reports a figure: printed for people, and appended as one JSON line to the file
 * named by BENCH_RESULTS_FILE (set by bench/run.ts, which gathers them into bench/results.json).
 */
import { appendFileSync } from 'node:fs';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** Measured against its reference (e.g. the floor): must not exceed `target`. */
  ratio?: number;
  target?: number;
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

export function report(figure: Figure): Figure {
  const f: Figure = { ...figure, value: round(figure.value, 2), ...(figure.ratio !== undefined && { ratio: round(figure.ratio) }) };
  const verdict = f.ratio === undefined ? '' : `  ratio ${f.ratio.toFixed(2)}${f.target === undefined ? '' : ` (target ≤ ${f.target}: ${f.ratio <= f.target ? 'met' : 'OVER'})`}`;
  console.log(`  ▸ ${f.name}: ${f.value} ${f.unit}${verdict}`);
  if (process.env.BENCH_RESULTS_FILE) appendFileSync(process.env.BENCH_RESULTS_FILE, `${JSON.stringify(f)}\n`);
  return f;
}

export const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
export const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
