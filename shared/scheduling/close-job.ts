/**
 * The close job: the daily report (日排查日报告) of one tenant-local day that has ended. Reads the
 * stored plan, the day's inspections (gsi3 `T#t#DAYINSP#<date>#<top>`, per top-level grid, paged) and
 * the day's enforcement events (problems closed 销号, black cards issued 挂牌 and removed 摘牌; gsi1
 * `T#t#ENFDAY#<date>#<top>`), runs the pure `closeDay` and stores the report per grid, per person and
 * for the tenant (shared/data/reports.ts).
 *
 * Re-running gives the same report (it is recomputed from the stored facts and replaces the stored
 * one). Inspections stored after their day ended mark the day (`noteLateInspection`); the dispatcher
 * sees the mark and runs this again; the marks this run counted are cleared at the end, marks that
 * arrived while it ran stay for the next tick. docs/scheduling.md.
 */
import type { Clock } from '../clock';
import { type Db, queryEach } from '../data/db';
import { tenantKeys } from '../data/keys';
import { planRepository } from '../data/plans';
import { type CloseRun, reportRepository } from '../data/reports';
import { tenantData } from '../data/tenant-data';
import { tenantDirectory } from '../data/tenants';
import type { Inspection } from '../domain/inspection';
import { defaultRules, type TenantRules } from '../domain/rules';
import { type CloseEvent, type CloseInspection, type ClosePlanPerson, closeDay, type DayClose } from '../planning/day-close';
import { mergeAllParts, type PlanPart } from '../planning/stored-plan';

export interface CloseJobResult {
  status: 'done' | 'skipped';
  close?: CloseRun;
  report?: DayClose['total'];
}

/** A late mark is cleared only by a close that started this long after it was made. */
export const LATE_MARK_GRACE_MS = 30_000;

const INSPECTION_FIELDS = ['id', 'inspectorId', 'venueId', 'venueKind', 'gridPath', 'outcome', 'problemIds'] as const;
const EVENT_FIELDS = ['id', 'type', 'venueId', 'gridPath'] as const;

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
    return await closeStarted(db, tenantId, date, clock, counted);
  } catch (error) {
    await reports.failClose(date, clock.now(), (error as Error).message).catch(() => undefined);
    throw error;
  }
}

async function closeStarted(db: Db, tenantId: string, date: string, clock: Clock, counted: string[]): Promise<CloseJobResult> {
  const data = tenantData(db, tenantId);
  const keys = tenantKeys(tenantId);
  const plans = planRepository(db, tenantId);
  const reports = reportRepository(db, tenantId);

  const run = await plans.getRun(date, true);
  const current = await data.rules.get();
  let rules: TenantRules = current;
  if (run && run.rulesVersion !== current.version) rules = run.rulesVersion === 0 ? defaultRules() : ((await data.rules.version(run.rulesVersion)) ?? current);

  const [grids, tops, users] = await Promise.all([data.grids.tree(), data.grids.topLevel(), data.users.all()]);
  const pathOf = new Map(grids.map((g) => [g.id, g.path]));

  // The plan as stored: every person's parts joined (thousands of people, tens of venues each).
  const parts: PlanPart[] = [];
  if (run) for await (const p of plans.allParts(date)) parts.push(p);
  const merged = mergeAllParts(parts);
  parts.length = 0;
  const plan: ClosePlanPerson[] = merged.map((p) => ({
    inspectorId: p.inspectorId,
    quota: p.quota,
    onLeave: p.onLeave,
    ...(p.homeGridId ? { homeGridId: p.homeGridId } : {}),
    assignments: p.assignments.map((a) => ({ venueId: a.venueId, mandatory: a.mandatory })),
  }));

  const inspections: CloseInspection[] = [];
  const problemsClosed: CloseEvent[] = [];
  const blackCardsIssued: CloseEvent[] = [];
  const blackCardsRemoved: CloseEvent[] = [];
  for (const top of tops) {
    for await (const i of queryEach<Pick<Inspection, (typeof INSPECTION_FIELDS)[number]>>(db, keys.dayInspections(date, top.path), { projection: INSPECTION_FIELDS })) {
      inspections.push({
        id: i.id,
        inspectorId: i.inspectorId,
        venueId: i.venueId,
        venueKind: i.venueKind,
        gridPath: i.gridPath,
        outcome: i.outcome,
        problemsOpened: i.problemIds?.length ?? 0,
      });
    }
    for await (const e of queryEach<{ id: string; type: string; venueId: string; gridPath: string }>(db, keys.enforcementDay(date, top.path), { projection: EVENT_FIELDS })) {
      const event = { id: e.id, venueId: e.venueId, gridPath: e.gridPath };
      if (e.type === 'recheck-passed') problemsClosed.push(event);
      else if (e.type === 'black-card-issued') blackCardsIssued.push(event);
      else if (e.type === 'black-card-removed') blackCardsRemoved.push(event);
    }
  }

  const close = closeDay({
    date,
    rules,
    plan: { inspectors: plan },
    inspections,
    problemsClosed,
    blackCardsIssued,
    blackCardsRemoved,
    grids: grids.map((g) => ({ id: g.id, path: g.path, parentId: g.parentId, level: g.level })),
  });

  const children = new Map<string, string[]>();
  for (const g of [...grids].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    if (g.parentId) children.set(g.parentId, [...(children.get(g.parentId) ?? []), g.id]);
  }
  const homeOf = new Map(merged.map((p) => [p.inspectorId, p.homeGridId]));
  const names = new Map(users.map((u) => [u.id, u.displayName]));
  await reports.writeReport(date, close, {
    names: new Map(grids.map((g) => [g.id, g.name])),
    children,
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
