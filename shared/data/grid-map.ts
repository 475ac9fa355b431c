/**
 * The 三色管理图's figures (shared/domain/grid-map.ts): a subtree's grids (one Query of the grid-tree
 * index per root), the tenant's counters of the chosen measure (one Query: venue counters, or the
 * residents registry's for households) and the thresholds (the rules, one GetItem). O(grids), never a
 * pass over venues, problems or people. docs/data-model.md "Venue figures per grid".
 */
import { counterNames, gridMap, type MapMeasure } from '../domain/grid-map';
import type { Grid } from '../domain/grid';
import { inScope, type Scope } from '../domain/scope';
import { forbidden } from '../errors';
import type { Db } from './db';
import type { GridRepository } from './grids';
import { tenantKeys } from './keys';
import { readGridCounts } from './residents/counters';
import type { RulesRepository } from './rules';
import { readVenueCounts } from './venue-counters';

export function gridMapRepository(db: Db, tenantId: string, grids: GridRepository, rules: RulesRepository) {
  const keys = tenantKeys(tenantId);

  return {
    /**
     * The map of one grid's children (403 outside the scope), or of the scope's roots (the whole
     * tenant: its top-level grids). `kinds`: count only venues and problems of these kinds.
     */
    async of(scope: Scope, measure: MapMeasure, options: { gridId?: string; kinds?: readonly string[] } = {}) {
      const [root, tenantRules] = await Promise.all([options.gridId ? grids.get(options.gridId) : undefined, rules.get()]);
      if (root && !inScope(scope, root.path)) throw forbidden('this grid is outside your scope');
      const rootPaths = root ? [root.path] : scope.kind === 'subtrees' ? scope.roots : undefined;
      const [trees, counts] = await Promise.all([
        rootPaths ? Promise.all(rootPaths.map((p) => grids.tree(p))) : Promise.all([grids.tree()]),
        measure === 'households' ? readGridCounts(db, keys) : readVenueCounts(db, keys),
      ]);
      const active = trees.flat().filter((g) => g.status === 'active');
      const shown = root ? active.filter((g) => g.parentId === root.id) : rootPaths ? active.filter((g) => rootPaths.includes(g.path)) : active.filter((g) => g.parentId === null);
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
