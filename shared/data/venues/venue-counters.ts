/**
 * Venue figures per grid without re-counting (the 三色管理图): every write that adds, moves or
 * re-kinds a venue, or opens or closes a problem, ADDs the change to its grid's counter in the same
 * transaction. A grid's own venues and open problems, in total and by venue kind (`v:<kind>`,
 * `p:<kind>`: an industry authority's map counts its kinds only). An open problem counts where it was
 * opened (the problem's own gridId and venueKind, as the ledger lists it), so a venue's later move
 * leaves its open problems' figures where the problems are. Shards as the resident counters (a venue
 * always counts into the shard of its id; an import chunk into its own). docs/data-model.md.
 */
import type { Counts } from '../../domain/residents/counts';
import { gridDeltas } from '../../domain/residents/counts';
import type { Venue } from '../../domain/venues/venue';
import { type Db, queryAll } from '../db';
import type { TenantKeys } from '../keys';
import { addAction, shardOf, sumCounterItems, type TransactItem } from '../residents/counters';

/** What one venue adds to its grid (its problems count apart, where they were opened). */
export const venueCounts = (v: Pick<Venue, 'kind'>): Counts => ({ venues: 1, [`v:${v.kind}`]: 1 });

/** Open problems of a venue's kind opened (n > 0) or closed (n < 0). */
export const openProblemCounts = (kind: string, n: number): Counts => ({ openProblems: n, [`p:${kind}`]: n });

/** Transaction actions adding per-grid deltas to the grids' venue counters (one shard each). */
export function venueCounterActions(db: Db, keys: TenantKeys, deltas: ReadonlyMap<string, Counts>, shard: number): TransactItem[] {
  return [...deltas]
    .filter(([, counts]) => Object.keys(counts).length > 0)
    .map(([gridId, counts]) => addAction(db, keys.venueCounter(gridId, shard), counts, { entity: 'venue-counter', gridId }));
}

/** The actions for one venue's change (created: no `before`; its grid or kind changed): [] when nothing counted changes. */
export function venueChangeActions(db: Db, keys: TenantKeys, before: Pick<Venue, 'id' | 'gridId' | 'kind'> | undefined, after: Pick<Venue, 'id' | 'gridId' | 'kind'>): TransactItem[] {
  const deltas = gridDeltas(before && { gridId: before.gridId, counts: venueCounts(before) }, { gridId: after.gridId, counts: venueCounts(after) });
  return venueCounterActions(db, keys, deltas, shardOf(after.id));
}

/** Open problems of a venue changed by n (an inspection opened some, a step closed or reopened one), counted in the grid and kind they were opened in. */
export const openProblemsAction = (db: Db, keys: TenantKeys, venue: Pick<Venue, 'id' | 'gridId' | 'kind'>, n: number): TransactItem =>
  addAction(db, keys.venueCounter(venue.gridId, shardOf(venue.id)), openProblemCounts(venue.kind, n), { entity: 'venue-counter', gridId: venue.gridId });

/** Every grid's own venue counters (shards summed): one Query of the tenant's counter partition. */
export async function readVenueCounts(db: Db, keys: TenantKeys): Promise<Map<string, Counts>> {
  return sumCounterItems(await queryAll<Record<string, unknown>>(db, keys.venueCounters()));
}
