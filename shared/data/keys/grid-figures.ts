/** Keys of the venue figures per grid (the 三色管理图's venues and open problems). Built only through `tenantKeys` (shared/data/keys.ts), which passes the tenant prefix. */
import { type QuerySpec, onTable, part } from './parts';

export function gridFigureKeys(t: string) {
  return {
    /**
     * A grid's venue counters (its own venues and their open problems, in total and by kind), in
     * shards like the resident counters; all of a tenant's in one partition, so the map is one Query.
     */
    venueCounter: (gridId: string, shard: number) => ({ pk: `${t}#VCOUNTS`, sk: `${part(gridId, 'grid id')}#${shard}` }),
    venueCounters: (): QuerySpec => onTable(`${t}#VCOUNTS`),
    /** The recount of those counters (a one-off job, resumable): where it is, and its running counts. */
    venueRecount: () => ({ pk: `${t}#RECOUNT`, sk: 'GRIDMAP' }),
  };
}
