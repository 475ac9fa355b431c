/**
 * The 三色管理图's figures (shared/domain/grid-map.ts): a subtree's grids (one Query of the grid-tree
 * index per root), the tenant's counters of the chosen measure (one Query: venue counters, or the
 * residents registry's for households) and the thresholds (the rules, one GetItem). O(grids), never a
 * pass over venues, problems or people. docs/data-model.md "Venue figures per grid". A testing
 * round's coverage: grid-map-coverage.ts.
 */
import { counterNames, DEFAULT_COVERAGE_BAND, gridMap, type MapMeasure } from '../domain/grid-map';
import { coverageCells, roundForMap } from './grid-map-coverage';
import type { Grid } from '../domain/grid';
import { inScope, type Scope } from '../domain/scope';
import { forbidden } from '../errors';
import type { Db } from './db';
import type { GridRepository } from './grids';
import { tenantKeys } from './keys';
import { readGridCounts } from './residents/counters';
import type { RulesRepository } from './rules';
import { readVenueCounts } from './venues/venue-counters';

export function gridMapRepository(db: Db, tenantId: string, grids: GridRepository, rules: RulesRepository) {
  const keys = tenantKeys(tenantId);

  return {
    /**
     * The map of one grid's children (403 outside the scope), or of the scope's roots (the whole
     * tenant: its top-level grids). `kinds`: count only venues and problems of these kinds.
     */
    async of(scope: Scope, measure: MapMeasure, options: { gridId?: string; kinds?: readonly string[]; roundId?: string; now?: Date } = {}) {
      const [root, tenantRules] = await Promise.all([options.gridId ? grids.get(options.gridId) : undefined, rules.get()]);
      if (root && !inScope(scope, root.path)) throw forbidden('this grid is outside your scope');
      const rootPaths = root ? [root.path] : scope.kind === 'subtrees' ? scope.roots : undefined;
      const [trees, counts, round] = await Promise.all([
        rootPaths ? Promise.all(rootPaths.map((p) => grids.tree(p))) : Promise.all([grids.tree()]),
        measure === 'households' ? readGridCounts(db, keys) : measure === 'coverage' ? undefined : readVenueCounts(db, keys),
        measure === 'coverage' ? roundForMap(db, keys, options.now ?? new Date(), options.roundId) : undefined,
      ]);
      const active = trees.flat().filter((g) => g.status === 'active');
      const shown = root ? active.filter((g) => g.parentId === root.id) : rootPaths ? active.filter((g) => rootPaths.includes(g.path)) : active.filter((g) => g.parentId === null);
      if (measure === 'coverage' || !counts) {
        // A round's coverage, its subtree's tested ÷ target per grid (the round's own counters).
        const band = tenantRules.gridMap.coverage ?? DEFAULT_COVERAGE_BAND;
        const map = await coverageCells(db, keys, round, shown, active, band);
        return { measure, thresholds: { red: band.red, yellow: band.yellow }, grid: root ? view(root) : null, direct: 0, round: round ? { id: round.id, number: round.number, name: round.name } : null, ...map };
      }
      const names = counterNames(measure, options.kinds);
      const own = (gridId: string) => names.reduce((n, name) => n + (counts.get(gridId)?.[name] ?? 0), 0);
      const band = tenantRules.gridMap[measure];
      // `direct`: what is registered at the shown grid itself, in none of its children (a village's own venues).
      return { measure, thresholds: band, grid: root ? view(root) : null, direct: root ? own(root.id) : 0, ...gridMap(shown, active, own, band) };
    },
  };
}

const view = (g: Grid) => ({ id: g.id, name: g.name, path: g.path, parentId: g.parentId, level: g.level });
export type GridMapRepository = ReturnType<typeof gridMapRepository>;
