/**
 * The home-monitoring section of a day's close: the episodes whose last day is the date or later
 * (GSI1 from the date: the live ones, never all ever) and the open alerts of each top-level grid, made
 * into per-grid figures by the pure `monitoringDay` and rolled up the tree. docs/data-model.md.
 */
import type { Db } from '../data/db';
import { setOf } from '../data/residents/monitoring/stored';
import { tenantData } from '../data/tenant-data';
import type { Grid } from '../domain/grid';
import { addCounts, type Counts, rollUp } from '../domain/residents/counts';
import { type DayAlert, type DayEpisode, monitoringDay } from '../planning/monitoring-day';

export interface MonitoringClose {
  total: Counts;
  grids: Map<string, Counts>;
}

export async function monitoringClose(db: Db, tenantId: string, date: string, timeZone: string, grids: readonly Grid[], tops: readonly Grid[]): Promise<MonitoringClose> {
  const m = tenantData(db, tenantId).residents.monitoring;
  const rules = await m.episodes.rules();
  const episodes: DayEpisode[] = [];
  for await (const e of m.sweep.runningFrom(date)) {
    episodes.push({ startedAt: e.startedAt, lastDay: e.lastDay, endedAt: e.endedAt, windows: e.windows, gridId: e.gridId, done: setOf(e.windowsDone), feverDays: setOf(e.feverDays) });
  }
  const openAlerts: DayAlert[] = (await Promise.all(tops.map((t) => m.alerts.inSubtree(t.path, 'OPEN')))).flat().map((a) => ({ gridId: a.gridId, raisedAt: a.raisedAt }));
  const own = monitoringDay({ date, timeZone, rules, episodes, openAlerts });
  const ordered = [...grids].sort((a, b) => (a.path < b.path ? -1 : 1));
  const rolled = rollUp(ordered, own);
  const total: Counts = {};
  for (const g of rolled) if (g.parentId === null) addCounts(total, g.total);
  return { total, grids: new Map(rolled.map((g) => [g.id, g.total])) };
}
