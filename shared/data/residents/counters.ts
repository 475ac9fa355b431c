/**
 * Resident counters: per grid (its own households and people), in shards, updated inside the same
 * transaction as the change they count, so figures are read, never re-counted. A grid's item is a hot
 * item while its households change (an import writes one grid's people in bursts): COUNTER_SHARDS
 * items share the writes (a household's writes go to one shard chosen from its id; an import chunk's
 * aggregated update to the chunk's own shard), and a read sums the shards. docs/data-model.md.
 */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Counts } from '../../domain/residents/counts';
import { addCounts } from '../../domain/residents/counts';
import { type Db, queryAll } from '../db';
import type { TenantKeys } from '../keys';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const COUNTER_SHARDS = 4;

/** A stable shard for a household (or a chunk): the same household always counts into the same shard. */
export function shardOf(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % COUNTER_SHARDS;
}

/** Attributes of a counter item that are not counters. */
const BOOKKEEPING = new Set(['pk', 'sk', 'entity', 'schemaVersion', 'gridId', 'date']);

/** One Update that ADDs `counts` to an item (creating it if needed). */
export function addAction(db: Db, key: { pk: string; sk: string }, counts: Counts, set: Record<string, string>): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds = Object.entries(counts).map(([name, n], i) => {
    names[`#c${i}`] = name;
    values[`:c${i}`] = n;
    return `#c${i} :c${i}`;
  });
  const sets = Object.entries(set).map(([name, value], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  return {
    Update: {
      TableName: db.table,
      Key: key,
      UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** Transaction actions adding per-grid deltas to the grids' counters (one shard each). */
export function counterActions(db: Db, keys: TenantKeys, deltas: ReadonlyMap<string, Counts>, shard: number): TransactItem[] {
  return [...deltas]
    .filter(([, counts]) => Object.keys(counts).length > 0)
    .map(([gridId, counts]) => addAction(db, keys.residentCounter(gridId, shard), counts, { entity: 'resident-counter', gridId }));
}

/** The transaction action adding to a grid's figures of a tenant-local day (added, ended, visits). */
export function dayCounterAction(db: Db, keys: TenantKeys, date: string, gridId: string, counts: Counts, shard: number): TransactItem {
  return addAction(db, keys.residentDayCounter(date, gridId, shard), counts, { entity: 'resident-day-counter', gridId, date });
}

function countsOf(item: Record<string, unknown>): Counts {
  const counts: Counts = {};
  for (const [name, value] of Object.entries(item)) if (!BOOKKEEPING.has(name) && typeof value === 'number') counts[name] = value;
  return counts;
}

/**
 * The own counters of every grid that has any (shards summed): one Query of the tenant's counter
 * partition, ~4 small items per grid with residents (7,102 grids: ~28,000 items, a few MB, a few pages).
 */
export async function readGridCounts(db: Db, keys: TenantKeys): Promise<Map<string, Counts>> {
  return sumCounterItems(await queryAll<Record<string, unknown>>(db, keys.residentCounters()));
}

/** Counter items (of the tenant's or of a day's partition) summed per grid. */
export function sumCounterItems(items: Record<string, unknown>[]): Map<string, Counts> {
  const counts = new Map<string, Counts>();
  for (const item of items) {
    const gridId = String(item.gridId);
    counts.set(gridId, addCounts(counts.get(gridId) ?? {}, countsOf(item)));
  }
  return counts;
}
