/**
 * The 三色管理图 (three-colour management map): the grids of a subtree coloured red / yellow / green
 * by a density the user chooses — venues, open problems or households per grid. Pure: the figures
 * come from counters kept per grid (never a pass over venues or people), the thresholds from the
 * tenant's rules (`gridMap`).
 *
 * Density is per lowest-level grid: a grid's subtree total divided by the leaves (grids without
 * children) under it, so a village and a group are judged by the same thresholds whatever their size.
 * docs/rules.md "三色管理图".
 */
import * as z from 'zod';

export const MAP_MEASURES = ['venues', 'openProblems', 'households', 'coverage'] as const;
export const MapMeasure = z.enum(MAP_MEASURES);
export type MapMeasure = z.infer<typeof MapMeasure>;
export type MapColour = 'red' | 'yellow' | 'green';

const Threshold = z.number().int().min(1).max(1_000_000);
/** From `yellow` (inclusive) a grid is yellow, from `red` red, below `yellow` green. */
export const MapBand = z.strictObject({ yellow: Threshold, red: Threshold }).refine((b) => b.red > b.yellow, { message: 'red must be above yellow', path: ['red'] });
export type MapBand = z.infer<typeof MapBand>;

/** Coverage of a testing round (%), coloured the other way: below `red` red, below `yellow` yellow, else green. */
const Percent = z.number().int().min(1).max(100);
export const CoverageBand = z.strictObject({ red: Percent, yellow: Percent }).refine((b) => b.yellow > b.red, { message: 'yellow must be above red', path: ['yellow'] });
export type CoverageBand = z.infer<typeof CoverageBand>;

/** `coverage` may be left out (rules saved before it): the default then holds. */
export const GridMapRules = z.strictObject({ venues: MapBand, openProblems: MapBand, households: MapBand, coverage: CoverageBand.optional() });
export type GridMapRules = z.infer<typeof GridMapRules>;

/**
 * Defaults: a grid (网格) is drawn at 300–500 households in the articles, so 300 is yellow and 500
 * red; venues 15 / 30 a grid (about one to two days of an inspector's quota of 20); open problems
 * 1 / 3 (any open problem needs attention; several are a hot spot).
 */
export const defaultGridMapRules = (): GridMapRules => ({
  venues: { yellow: 15, red: 30 },
  openProblems: { yellow: 1, red: 3 },
  households: { yellow: 300, red: 500 },
  coverage: DEFAULT_COVERAGE_BAND,
});
/** A round's coverage: under 60 % red, under 90 % yellow (the example). */
export const DEFAULT_COVERAGE_BAND: CoverageBand = { red: 60, yellow: 90 };

/** A grid's coverage (tested ÷ target of its subtree, %) coloured by the band; a grid nobody is to be tested in is green. */
export const coverageMapColour = (percent: number | null, band: CoverageBand): MapColour => (percent === null || percent >= band.yellow ? 'green' : percent >= band.red ? 'yellow' : 'red');

export const colourOf = (density: number, band: MapBand): MapColour => (density >= band.red ? 'red' : density >= band.yellow ? 'yellow' : 'green');

export interface MapGrid {
  id: string;
  name: string;
  path: string;
  parentId: string | null;
}

export interface MapCell {
  id: string;
  name: string;
  /** The subtree's total of the measure. */
  value: number;
  /** Lowest-level grids in the subtree (1 for a leaf). */
  leaves: number;
  /** value ÷ leaves, one decimal. */
  density: number;
  colour: MapColour;
  /** Direct children: 0 means the cell cannot be drilled into. */
  children: number;
}

export interface GridMap {
  cells: MapCell[];
  legend: Record<MapColour, number>;
  total: number;
}

/**
 * The cells of a map: the `shown` grids (a grid's children, or the caller's roots), each with its
 * subtree's total of `own` values, its leaves and its colour. `grids` holds every grid under the
 * shown ones (any order); `own` a grid's own value (absent: 0).
 */
export function gridMap(shown: readonly MapGrid[], grids: readonly MapGrid[], own: (gridId: string) => number, band: MapBand): GridMap {
  const children = new Map<string, MapGrid[]>();
  for (const g of grids) if (g.parentId) (children.get(g.parentId) ?? children.set(g.parentId, []).get(g.parentId)!).push(g);
  const memo = new Map<string, { value: number; leaves: number }>();
  const sum = (g: MapGrid): { value: number; leaves: number } => {
    const known = memo.get(g.id);
    if (known) return known;
    const kids = children.get(g.id) ?? [];
    const s = { value: own(g.id), leaves: kids.length ? 0 : 1 };
    for (const k of kids) {
      const t = sum(k);
      s.value += t.value;
      s.leaves += t.leaves;
    }
    memo.set(g.id, s);
    return s;
  };
  const legend: Record<MapColour, number> = { red: 0, yellow: 0, green: 0 };
  let total = 0;
  const cells = shown.map((g): MapCell => {
    const { value, leaves } = sum(g);
    const density = Math.round((10 * value) / leaves) / 10;
    const colour = colourOf(density, band);
    legend[colour]++;
    total += value;
    return { id: g.id, name: g.name, value, leaves, density, colour, children: children.get(g.id)?.length ?? 0 };
  });
  return { cells, legend, total };
}

/**
 * The cells of a coverage map: each shown grid's subtree tested / target (`figures`, rolled up) as a
 * percentage with one decimal, coloured by the band; `total` is the people tested under the cells.
 */
export function coverageMap(shown: readonly MapGrid[], grids: readonly MapGrid[], figures: ReadonlyMap<string, { tested: number; target: number }>, band: CoverageBand): GridMap & { cells: (MapCell & { target: number })[] } {
  const legend: Record<MapColour, number> = { red: 0, yellow: 0, green: 0 };
  let total = 0;
  const cells = shown.map((g) => {
    const { tested, target } = figures.get(g.id) ?? { tested: 0, target: 0 };
    const percent = target > 0 ? Math.min(100, Math.round((1000 * tested) / target) / 10) : null;
    const colour = coverageMapColour(percent, band);
    legend[colour]++;
    total += tested;
    return { id: g.id, name: g.name, value: tested, target, leaves: 1, density: percent ?? 0, colour, children: grids.filter((k) => k.parentId === g.id).length };
  });
  return { cells, legend, total };
}

/** The counter names a measure sums: all venues, or only the caller's kinds (an industry authority). */
export function counterNames(measure: Exclude<MapMeasure, 'coverage'>, kinds?: readonly string[]): string[] {
  if (measure === 'households') return ['households'];
  if (!kinds) return [measure];
  return kinds.map((k) => `${measure === 'venues' ? 'v' : 'p'}:${k}`);
}
