/**
 * Coverage of a round per grid, from counters, never from a pass over people: the target is the
 * registry's people of each grid minus the round's exempt categories (the residents counters
 * `people` and `c:<category>`), tested is the distinct people sampled (the round's counters), both
 * rolled up the tree. A grid's colour on the 三色 map follows its coverage. Pure.
 */
import { type Counts, rollUp } from '../residents/counts';

/** Counter names of a round's per-grid counters. */
export const COVERAGE_COUNTERS = ['times', 'tested', 'results', 'positive'] as const;

/** People a round aims at in one grid (its own, not its subtree's). */
export function ownTarget(resident: Counts | undefined, exemptCategories: readonly string[]): number {
  if (!resident) return 0;
  const exempt = exemptCategories.reduce((n, c) => n + (resident[`c:${c}`] ?? 0), 0);
  return Math.max(0, (resident.people ?? 0) - exempt);
}

export interface GridCoverage {
  id: string;
  name: string;
  path: string;
  parentId: string | null;
  /** The subtree's people to test, distinct people tested, person-times, results in, positives. */
  target: number;
  tested: number;
  times: number;
  results: number;
  positive: number;
  /** tested / target (0–1, capped: exempt people tested anyway do not push it past 1); null without a target. */
  rate: number | null;
  colour: CoverageColour;
}

export type CoverageColour = 'green' | 'yellow' | 'red' | 'none';
/** ≥ 95 % green, ≥ 80 % yellow, below red (三色: the grids to send people to are red). */
export const coverageColour = (rate: number | null): CoverageColour => (rate === null ? 'none' : rate >= 0.95 ? 'green' : rate >= 0.8 ? 'yellow' : 'red');

export const coverageRate = (tested: number, target: number) => (target > 0 ? Math.min(1, Math.round((tested / target) * 10_000) / 10_000) : null);

/**
 * Coverage of every grid given (path order, parents first), each its whole subtree's, from the
 * residents' own counters and the round's own counters per grid.
 */
export function coverageOf(
  grids: readonly { id: string; name: string; path: string; parentId: string | null }[],
  resident: ReadonlyMap<string, Counts>,
  round: ReadonlyMap<string, Counts>,
  exemptCategories: readonly string[],
): GridCoverage[] {
  const own = new Map<string, Counts>();
  for (const g of grids) {
    const counts: Counts = { target: ownTarget(resident.get(g.id), exemptCategories) };
    for (const c of COVERAGE_COUNTERS) counts[c] = round.get(g.id)?.[c] ?? 0;
    own.set(g.id, counts);
  }
  return rollUp(grids, own).map((f) => {
    const n = (name: string) => f.total[name] ?? 0;
    const rate = coverageRate(n('tested'), n('target'));
    return { id: f.id, name: f.name, path: f.path, parentId: f.parentId, target: n('target'), tested: n('tested'), times: n('times'), results: n('results'), positive: n('positive'), rate, colour: coverageColour(rate) };
  });
}

/** The sum over the roots of a caller's scope (the tenant's line of the dashboard and the daily report). */
export function coverageTotal(roots: readonly GridCoverage[]): Omit<GridCoverage, 'id' | 'name' | 'path' | 'parentId'> {
  const sum = (k: 'target' | 'tested' | 'times' | 'results' | 'positive') => roots.reduce((n, g) => n + g[k], 0);
  const target = sum('target');
  const tested = sum('tested');
  const rate = coverageRate(tested, target);
  return { target, tested, times: sum('times'), results: sum('results'), positive: sum('positive'), rate, colour: coverageColour(rate) };
}
