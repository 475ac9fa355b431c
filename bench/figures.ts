/**
 * A figure with a target, printed for people with its verdict and recorded for `npm run bench`
 * (bench/results.ts `recordResults`, gathered into bench/results.json by bench/run.ts).
 */
import { type BenchResult, recordResults } from './results';

export type Figure = BenchResult;

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

export function report(figure: Figure): Figure {
  const f: Figure = { ...figure, value: round(figure.value, 2), ...(figure.ratio !== undefined && { ratio: round(figure.ratio) }) };
  const met = f.target !== undefined && f.ratio !== undefined && (f.atLeast ? f.ratio >= f.target : f.ratio <= f.target);
  const verdict = f.ratio === undefined ? '' : `  ratio ${f.ratio.toFixed(2)}${f.target === undefined ? '' : ` (target ${f.atLeast ? '≥' : '≤'} ${f.target}: ${met ? 'met' : f.atLeast ? 'UNDER' : 'OVER'})`}`;
  console.log(`  ▸ ${f.name}: ${f.value} ${f.unit}${verdict}`);
  recordResults([f]);
  return f;
}

export const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
export const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
