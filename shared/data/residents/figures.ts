/**
 * The registry's figures without re-counting: the grid subtree (one Query of the grid-tree index),
 * the own counters of its grids (one BatchGet key per grid and shard), rolled up the tree. A tenant's
 * figures cost O(grids) reads, never a pass over its people. A day's figures (added, ended, visits):
 * one Query of the day's partition.
 */
import { type Counts, type GridFigures, rollUp } from '../../domain/residents/counts';
import { queryAll } from '../db';
import type { ResidentsContext } from './context';
import { readGridCounts, sumCounterItems } from './counters';

export function figuresRepository(ctx: ResidentsContext) {
  const { db, keys } = ctx;

  /**
   * Figures of every grid under the roots (paths), own and rolled up, grids in path order: the
   * registry now, or (`date`) that tenant-local day's people added, ended and visits made.
   */
  async function ofSubtrees(rootPaths: readonly string[], date?: string): Promise<GridFigures[]> {
    const grids = (await Promise.all(rootPaths.map((p) => ctx.grids.tree(p)))).flat().filter((g) => g.status === 'active');
    const own: Map<string, Counts> = date ? sumCounterItems(await queryAll<Record<string, unknown>>(db, keys.residentDayCounters(date))) : await readGridCounts(db, keys);
    return rollUp(grids, own);
  }

  return {
    ofSubtrees,

    /**
     * The day's people added, ended and visits made in a grid's subtree, or the whole tenant (the
     * daily report's residents line): the day's partition, and the subtree's grid ids for a grid
     * (2 Queries in parallel; 1 for the tenant).
     */
    async dayTotals(date: string, rootPath?: string): Promise<{ added: number; ended: number; visits: number }> {
      const [items, grids] = await Promise.all([queryAll<Record<string, unknown>>(db, keys.residentDayCounters(date)), rootPath ? ctx.grids.tree(rootPath) : undefined]);
      const inside = grids && new Set(grids.map((g) => g.id));
      const total = { added: 0, ended: 0, visits: 0 };
      for (const [gridId, counts] of sumCounterItems(items)) {
        if (inside && !inside.has(gridId)) continue;
        for (const k of ['added', 'ended', 'visits'] as const) total[k] += counts[k] ?? 0;
      }
      return total;
    },
  };
}
