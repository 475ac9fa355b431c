/**
 * The registry's figures without re-counting: the grid subtree (one Query of the grid-tree index),
 * the own counters of its grids (one BatchGet key per grid and shard), rolled up the tree. A tenant's
 * figures cost O(grids) reads, never a pass over its people. A day's figures (added, ended, visits):
 * one Query of the day's partition.
 */
import { type Counts, type GridFigures, rollUp } from '../../domain/residents/counts';
import { queryAll } from '../db';
import type { ResidentsContext } from './context';
import { readGridCounts, sumDayCounters } from './counters';

export function figuresRepository(ctx: ResidentsContext) {
  const { db, keys } = ctx;
  return {
    /**
     * Figures of every grid under the roots (paths), own and rolled up, grids in path order: the
     * registry now, or (`date`) that tenant-local day's people added, ended and visits made.
     */
    async ofSubtrees(rootPaths: readonly string[], date?: string): Promise<GridFigures[]> {
      const grids = (await Promise.all(rootPaths.map((p) => ctx.grids.tree(p)))).flat().filter((g) => g.status === 'active');
      const own: Map<string, Counts> = date
        ? sumDayCounters(await queryAll<Record<string, unknown>>(db, keys.residentDayCounters(date)))
        : await readGridCounts(db, keys, grids.map((g) => g.id));
      return rollUp(grids, own);
    },
  };
}
