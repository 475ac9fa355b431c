/**
 * The close job: the daily report (日排查日报告) of one tenant-local day that has ended. Reads the
 * day's facts (shared/data/day-facts.ts: the stored plan, the day's inspections, its enforcement
 * events and bulletins), runs the pure `closeDay` and stores the report per grid, per person and
 * for the tenant (shared/data/reports.ts), with the day's home-monitoring section (close-monitoring.ts) and pushed lists' section
 * (shared/data/residents/pushed-lists/days.ts).
 *
 * Re-running gives the same report (it is recomputed from the stored facts and replaces the stored
 * one). Inspections stored after their day ended mark the day (`noteLateInspection`); the dispatcher
 * sees the mark and runs this again; the marks this run counted are cleared at the end, marks that
 * arrived while it ran stay for the next tick. docs/scheduling.md.
 */
import type { Clock } from '../clock';
import type { Db } from '../data/db';
import { dayFacts } from '../data/day-facts';
import { type CloseRun, reportRepository } from '../data/reports';
import { tenantData } from '../data/tenant-data';
import { tenantDirectory } from '../data/tenants';
import { closeDay, type DayClose } from '../planning/day-close';
import { monitoringClose } from './close-monitoring';

export interface CloseJobResult {
  status: 'done' | 'skipped';
  close?: CloseRun;
  report?: DayClose['total'];
}

/** A late mark is cleared only by a close that started this long after it was made. */
export const LATE_MARK_GRACE_MS = 30_000;

export async function runCloseJob(db: Db, tenantId: string, date: string, clock: Clock): Promise<CloseJobResult> {
  const tenant = await tenantDirectory(db).find(tenantId);
  if (!tenant) return { status: 'skipped' };
  const reports = reportRepository(db, tenantId);

  // Marks read before anything else: whatever arrives from here on is counted by the next close.
  // Marks younger than the grace stay too (an index may lag the write by a moment): one close more.
  const startedAt = clock.now();
  const graceEnd = new Date(startedAt.getTime() - LATE_MARK_GRACE_MS).toISOString();
  const counted = (await reports.lateEntries(date)).filter((m) => m.split('#')[1] <= graceEnd);
  await reports.startClose(date, startedAt);
  try {
    return await closeStarted(db, tenantId, date, clock, counted, tenant.timezone);
  } catch (error) {
    await reports.failClose(date, clock.now(), (error as Error).message).catch(() => undefined);
    throw error;
  }
}

async function closeStarted(db: Db, tenantId: string, date: string, clock: Clock, counted: string[], timeZone: string): Promise<CloseJobResult> {
  const reports = reportRepository(db, tenantId);
  const { input, run, rules, grids, tops, users, merged } = await dayFacts(db, tenantId, date);
  const close = closeDay(input);
  const monitoring = await monitoringClose(db, tenantId, date, timeZone, grids, tops);
  const pushedLists = await tenantData(db, tenantId).residents.pushedLists.daySections(date, grids);
  const pathOf = new Map(grids.map((g) => [g.id, g.path]));

  const children = new Map<string, string[]>();
  for (const g of [...grids].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    if (g.parentId) children.set(g.parentId, [...(children.get(g.parentId) ?? []), g.id]);
  }
  const homeOf = new Map(merged.map((p) => [p.inspectorId, p.homeGridId]));
  const names = new Map(users.map((u) => [u.id, u.displayName]));
  await reports.writeReport(date, close, {
    names: new Map(grids.map((g) => [g.id, g.name])),
    children,
    monitoring,
    pushedLists,
    topIds: [...tops].sort((a, b) => (a.path < b.path ? -1 : 1)).map((t) => t.id),
    people: new Map(
      close.inspectors.map((row) => {
        const home = homeOf.get(row.inspectorId);
        return [row.inspectorId, { displayName: names.get(row.inspectorId), homePath: home ? pathOf.get(home) : undefined }];
      }),
    ),
  });
  const stored = await reports.finishClose(date, { now: clock.now(), rulesVersion: rules.version, planGeneration: run?.generation, counted });
  return { status: 'done', close: stored, report: close.total };
}
