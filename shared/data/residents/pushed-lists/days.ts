/**
 * The pushed lists' day counters (the daily report's section, shared/domain/pushed-lists/day.ts):
 * added to in the transaction of the change they count (a row stored, a task verified or escalated),
 * on the list's shard; read as one Query of the day's partition and rolled up the grid tree — by the
 * close job (stored with the report) and for a day not closed yet (live).
 */
import type { Grid } from '../../../domain/grid';
import { DAY_COUNTERS, type DayCounts, daySection, type PushedListDaySection } from '../../../domain/pushed-lists/day';
import { addCounts, type Counts, rollUp } from '../../../domain/residents/counts';
import { queryAll } from '../../db';
import type { ResidentsContext } from '../context';
import { progressAdd } from './lists';

/** The counter update of a change on its day (none when it counts nothing). */
export function dayCounterActions(ctx: ResidentsContext, date: string, gridId: string | undefined, delta: Partial<DayCounts>, shard: number) {
  if (!Object.values(delta).some(Boolean)) return [];
  return [progressAdd(ctx, ctx.keys.pushedDayCounter(date, gridId, shard), delta, { entity: 'pushed-day-counter', date, ...(gridId ? { gridId } : {}) })];
}

export interface DaySections {
  total: PushedListDaySection;
  /** Each grid's subtree; grids with nothing that day are left out. */
  grids: Map<string, PushedListDaySection>;
}

/** A day's sections: the tenant's (rows still unrouted included) and each grid's, rolled up the tree. */
export async function daySections(ctx: ResidentsContext, date: string, grids: readonly Pick<Grid, 'id' | 'name' | 'path' | 'parentId'>[]): Promise<DaySections> {
  const own = new Map<string, Counts>();
  const total: Counts = {};
  for (const item of await queryAll<Record<string, unknown>>(ctx.db, ctx.keys.pushedDayCounters(date))) {
    const counts = Object.fromEntries(DAY_COUNTERS.map((c) => [c, Number(item[c] ?? 0)]));
    addCounts(total, counts);
    if (typeof item.gridId === 'string') own.set(item.gridId, addCounts(own.get(item.gridId) ?? {}, counts));
  }
  const rolled = own.size ? rollUp([...grids].sort((a, b) => (a.path < b.path ? -1 : 1)).map((g) => ({ ...g, parentId: g.parentId ?? null })), own) : [];
  return { total: daySection(total), grids: new Map(rolled.filter((g) => Object.values(g.total).some(Boolean)).map((g) => [g.id, daySection(g.total)])) };
}
