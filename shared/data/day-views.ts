/**
 * What the API shows of a day's plan and of the daily reports, for one caller: their own list with
 * progress, a supervisor's overview in scope, one grid's report with its children and people, a
 * range of days for a trend line. Reads only (the jobs write); built from the caller's TenantData.
 *
 * Calls: today's list = 1 GetItem (tenant) + 1 GetItem (run) + 1 Query (the person's parts) + 1 Query
 * (the person's inspections that day). A grid's daily report = 1 BatchGet (close, grid, marks) +
 * 1 BatchGet (children) + 1 Query (people, a page). A range of n days = ⌈n / 50⌉ BatchGets.
 * Today, and yesterday before its close, have no report yet: they are counted live from the day's
 * facts by the close's own rules (shared/data/day-facts.ts: the plan, the day's inspections and
 * events, a few Queries per top-level grid), so a range and a day's view agree on them.
 */
import type { Actor } from '../domain/actor';
import { hasRole } from '../domain/actor';
import { gridIdOf } from '../domain/grid';
import { addDays } from '../domain/local-day';
import type { DayPlanView, PersonPlan, PersonPlanSummary, PlanRunInfo, PlanStatus, TodayPlan } from '../domain/venues/plan';
import type { CloseFiguresView, DailyReport, GridReport, InspectorReportRow, ReportRange } from '../domain/report';
import { DEFAULT_QUOTA_VENUE_KINDS } from '../domain/rules';
import { inScope, type Scope } from '../domain/scope';
import { badRequest, because, forbidden } from '../errors';
import { compareIds, mergeParts, planProgress } from '../planning/stored-plan';
import { monitoringSection } from '../planning/monitoring-day';
import { daySection, sectionOrNull, sumSections } from '../domain/pushed-lists/day';
import { addCounts, type Counts } from '../domain/residents/counts';
import type { Db } from './db';
import { liveClose } from './day-facts';
import type { PlanRun } from './venues/plans';
import { figuresOf, type StoredGridReport } from './reports';
import type { GridClose } from '../planning/day-close';
import type { TenantData } from './tenant-data';
import { tenantToday } from './tenants';

export { tenantToday };

/** The longest range of days one trend request may ask for. */
export const MAX_RANGE_DAYS = 62;

const planStatus = (run: PlanRun | undefined): PlanStatus => (!run ? 'not-planned' : run.status === 'done' ? 'planned' : 'planning');

function runInfo(run: PlanRun | undefined): PlanRunInfo | null {
  if (!run) return null;
  const { status, generation, rulesVersion, workingDay, subtreesTotal, subtreesDone, startedAt, finishedAt, requestedBy, totals } = run;
  return {
    status,
    generation,
    rulesVersion,
    workingDay,
    subtreesTotal,
    subtreesDone,
    startedAt,
    ...(finishedAt ? { finishedAt } : {}),
    ...(requestedBy ? { requestedBy } : {}),
    ...(totals ? { totals } : {}),
  };
}

export function dayViews(db: Db, data: TenantData) {
  async function personPlan(date: string, userId: string, run: PlanRun | undefined): Promise<PersonPlan | null> {
    const [parts, inspections] = await Promise.all([data.plans.partsOf(date, userId), data.inspections.ofInspectorDay(userId, date)]);
    if (!parts.length) return null;
    const m = mergeParts(parts);
    const { progress, inspected } = planProgress(m, inspections, run?.quotaKinds?.length ? run.quotaKinds : DEFAULT_QUOTA_VENUE_KINDS);
    // The day's inspections in time order: the last one of a venue is its evidence link.
    const latest = new Map(inspections.map((i) => [i.venueId, i.id]));
    return {
      inspectorId: m.inspectorId,
      ...(m.displayName ? { displayName: m.displayName } : {}),
      quota: m.quota,
      onLeave: m.onLeave,
      ...(m.homeGridId ? { homeGridId: m.homeGridId } : {}),
      ...(m.homePath ? { homePath: m.homePath } : {}),
      workingDay: m.workingDay,
      mandatory: m.mandatory,
      mandatoryOverQuota: m.mandatoryOverQuota,
      progress,
      items: m.assignments.map((a) => ({ ...a, done: inspected.has(a.venueId), ...(latest.has(a.venueId) && { inspectionId: latest.get(a.venueId) }) })),
    };
  }

  /**
   * The grid a report is about: the one asked for (in scope), the caller's one root grid, or, for a
   * supervisor of several subtrees who names none, all their roots (a combined report).
   */
  async function reportGrid(actor: Actor, scope: Scope, gridId: string | undefined): Promise<{ gridId?: string; combined?: string[] }> {
    if (gridId) {
      const grid = await data.grids.get(gridId);
      if (!inScope(scope, grid.path)) throw forbidden('this grid is outside your scope', because('scope.grid'));
      return { gridId };
    }
    if (scope.kind === 'tenant') return {};
    if (scope.roots.length === 1) return { gridId: gridIdOf(scope.roots[0]) };
    if (hasRole(actor, 'supervisor') && scope.roots.length > 1) return { combined: scope.roots.map(gridIdOf) };
    throw badRequest('grid', 'required');
  }

  /** Whether a day without a report is counted live: today, and yesterday until its close has run. */
  let todayRead: Promise<string> | undefined;
  async function isLive(date: string, now: Date): Promise<boolean> {
    todayRead ??= tenantToday(db, data.tenantId, now).then((t) => t.today);
    const today = await todayRead;
    return date === today || date === addDays(today, -1);
  }

  /** A day's report counted now (not stored), in the shape of a stored one. */
  const liveCloses = new Map<string, ReturnType<typeof liveClose>>();
  async function liveReport(date: string, gridId: string | undefined, limit: number | undefined) {
    // Counted once per request and day: a combined report reads it for each of its roots.
    if (!liveCloses.has(date)) liveCloses.set(date, liveClose(db, data.tenantId, date));
    const { close, grids, users } = await (liveCloses.get(date) as ReturnType<typeof liveClose>);
    const byId = new Map(close.grids.map((g) => [g.gridId, g]));
    const names = new Map(users.map((u) => [u.id, u.displayName]));
    const childrenOf = (parentId: string | null) => grids.filter((g) => g.parentId === parentId).sort((a, b) => (a.path < b.path ? -1 : 1));
    const asGrid = (g: GridClose): GridReport => ({
      ...figuresOf(g as unknown as Record<string, unknown>),
      gridId: g.gridId,
      name: grids.find((x) => x.id === g.gridId)?.name ?? g.gridId,
      path: g.path,
      parentId: g.parentId,
      level: g.level,
      children: childrenOf(g.gridId).map((c) => c.id),
    });
    const item = gridId ? byId.get(gridId) : undefined;
    const pathOf = new Map(grids.map((g) => [g.id, g.path]));
    const inspectors: InspectorReportRow[] = close.inspectors
      .map(({ homeGridId, ...row }) => {
        const homePath = homeGridId ? pathOf.get(homeGridId) : undefined;
        const displayName = names.get(row.inspectorId);
        return { ...row, ...(homeGridId ? { homeGridId } : {}), ...(homePath ? { homePath } : {}), ...(displayName ? { displayName } : {}) };
      })
      .filter((row) => !item || row.homePath?.startsWith(item.path))
      // In the stored report's order: by home grid (people without one last), then id.
      .sort((a, b) => compareIds(`${a.homePath ?? '~'}#${a.inspectorId}`, `${b.homePath ?? '~'}#${b.inspectorId}`))
      .slice(0, limit ?? 50);
    return {
      grid: item ? asGrid(item) : null,
      figures: item ? figuresOf(item as unknown as Record<string, unknown>) : (close.total as CloseFiguresView),
      children: childrenOf(gridId ?? null).flatMap((g) => (byId.has(g.id) ? [asGrid(byId.get(g.id) as GridClose)] : [])),
      inspectors,
    };
  }

  /** A live day's pushed-list section of a grid (or the tenant), from the day's counters (read once per request and day). */
  const liveSections = new Map<string, ReturnType<TenantData['residents']['pushedLists']['daySections']>>();
  async function livePushedLists(date: string, gridId: string | undefined): Promise<DailyReport['pushedLists']> {
    if (!liveSections.has(date)) liveSections.set(date, data.grids.tree().then((tree) => data.residents.pushedLists.daySections(date, tree)));
    const sections = await (liveSections.get(date) as ReturnType<TenantData['residents']['pushedLists']['daySections']>);
    return sectionOrNull(gridId ? sections.grids.get(gridId) : sections.total);
  }

  return {
    /** GET /api/plans/today: the caller's own list, in their tenant's calendar day. */
    async today(actor: Actor, now: Date): Promise<TodayPlan> {
      const { today } = await tenantToday(db, data.tenantId, now);
      const run = await data.plans.getRun(today);
      return { date: today, status: planStatus(run), run: runInfo(run), person: await personPlan(today, actor.userId, run) };
    },

    /** GET /api/plans/{date}: one person's list (`inspector`), or everyone's in scope with the grids nobody covers. */
    async day(actor: Actor, date: string, inspector?: string): Promise<DayPlanView> {
      const [run, scope] = await Promise.all([data.plans.getRun(date), data.scopeOf(actor)]);
      const head = { date, status: planStatus(run), run: runInfo(run) };
      if (inspector) {
        await data.users.get(inspector); // 404 for a user this tenant does not have
        const person = await personPlan(date, inspector, run);
        if (!person) return { ...head, person: undefined };
        if (scope.kind === 'subtrees' && !(person.homePath && inScope(scope, person.homePath))) {
          const visible = person.items.filter((i) => inScope(scope, i.gridPath));
          if (!visible.length) throw forbidden("this person's grids are outside your scope", because('scope.person'));
          return { ...head, person: { ...person, items: visible } };
        }
        return { ...head, person };
      }
      const byPerson = new Map<string, PersonPlanSummary & { generation: number; workingDay: boolean }>();
      for await (const p of data.plans.summaries(date)) {
        if (p.chunk !== 0) continue;
        const s = byPerson.get(p.inspectorId);
        if (!s) {
          byPerson.set(p.inspectorId, {
            inspectorId: p.inspectorId,
            ...(p.displayName ? { displayName: p.displayName } : {}),
            quota: p.quota,
            onLeave: p.onLeave,
            ...(p.homeGridId ? { homeGridId: p.homeGridId } : {}),
            ...(p.homePath ? { homePath: p.homePath } : {}),
            assigned: p.assigned,
            mandatory: p.mandatory,
            mandatoryOverQuota: false,
            generation: p.generation,
            workingDay: p.workingDay,
          });
          continue;
        }
        s.assigned += p.assigned;
        s.mandatory += p.mandatory;
        if (p.generation > s.generation) Object.assign(s, { generation: p.generation, quota: p.quota, onLeave: p.onLeave, workingDay: p.workingDay });
        if (!s.homePath && p.homePath) Object.assign(s, { homePath: p.homePath, homeGridId: p.homeGridId });
      }
      const people = [...byPerson.values()]
        .filter((p) => scope.kind === 'tenant' || (p.homePath !== undefined && inScope(scope, p.homePath)))
        .map(({ generation: _g, workingDay, ...p }) => ({ ...p, mandatoryOverQuota: workingDay && p.assigned > p.quota }));
      const uncovered = [...(await data.plans.markers(date)).values()]
        .flatMap((m) => m.uncovered ?? [])
        .filter((u) => inScope(scope, u.gridPath))
        .sort((a, b) => (a.gridPath < b.gridPath ? -1 : 1));
      return { ...head, people, uncovered };
    },

    /** GET /api/reports/daily/{date}: a grid (or the tenant) that day, its children and a page of its people. */
    async daily(actor: Actor, date: string, options: { gridId?: string; limit?: number; cursor?: string }, now: Date): Promise<DailyReport> {
      const scope = await data.scopeOf(actor);
      const { gridId, combined } = await reportGrid(actor, scope, options.gridId);
      if (!combined) return gridDaily(date, gridId, options, now);
      return combineDaily(await Promise.all(combined.map((root) => gridDaily(date, root, { limit: options.limit }, now))), combined, options.limit ?? 50);
    },

    /** GET /api/reports/range: per-day figures of a grid (or the tenant) from `from` to `to`. */
    async range(actor: Actor, from: string, to: string, gridId: string | undefined, now: Date): Promise<ReportRange> {
      if (to < from) throw badRequest('to', 'must not be before from');
      const dates: string[] = [];
      for (let d = from; d <= to; d = addDays(d, 1)) {
        dates.push(d);
        if (dates.length > MAX_RANGE_DAYS) throw badRequest('to', `at most ${MAX_RANGE_DAYS} days from from`);
      }
      const scope = await data.scopeOf(actor);
      const target = await reportGrid(actor, scope, gridId);
      if (!target.combined) return { from, to, gridId: target.gridId ?? null, days: await gridRange(dates, target.gridId, now) };
      const perRoot = await Promise.all(target.combined.map((root) => gridRange(dates, root, now)));
      const days = dates.map((date, i) => ({ date, status: perRoot[0][i].status, figures: sumFigures(perRoot.map((r) => r[i].figures)) }));
      return { from, to, gridId: null, combinedOf: target.combined, days };
    },
  };

  /** One grid's (or, without a grid, the tenant's) report of a day. */
  async function gridDaily(date: string, gridId: string | undefined, options: { limit?: number; cursor?: string }, now: Date): Promise<DailyReport> {
    // The residents' line of the day is read from live counters, beside the stored report.
    const [head, residents] = await Promise.all([
      data.reports.head(date, gridId),
      (async () => data.residents.figures.dayTotals(date, gridId ? (await data.grids.get(gridId)).path : undefined))(),
    ]);
    const status = !head.close ? 'not-closed' : head.close.status === 'done' ? 'closed' : 'closing';
    const close = head.close
      ? {
          status: head.close.status,
          startedAt: head.close.startedAt,
          ...(head.close.closedAt ? { closedAt: head.close.closedAt } : {}),
          ...(head.close.planGeneration !== undefined ? { planGeneration: head.close.planGeneration } : {}),
          rulesVersion: head.close.rulesVersion,
          runs: head.close.runs ?? 0,
        }
      : null;
    const item = head.item as (StoredGridReport & Record<string, unknown>) | undefined;
    const base = { date, status, close, lateSyncPending: head.lateSyncPending, residents, monitoring: item?.monitoring ? monitoringSection(item.monitoring as Counts) : null, pushedLists: sectionOrNull(item?.pushedLists ? daySection(item.pushedLists as Counts) : undefined) } as const;
    if (!item && status === 'not-closed' && (await isLive(date, now))) return { ...base, status: 'live', pushedLists: await livePushedLists(date, gridId), ...(await liveReport(date, gridId, options.limit)) };
    if (!item) return { ...base, grid: null, figures: null, children: [], inspectors: [] };
    const childIds = Array.isArray(item.children) ? (item.children as string[]) : [];
    const [children, people] = await Promise.all([
      data.reports.grids(date, childIds),
      data.reports.people(date, gridId ? item.path : undefined, { limit: options.limit, cursor: options.cursor }),
    ]);
    const grid = (g: StoredGridReport): GridReport => ({
      ...figuresOf(g as unknown as Record<string, unknown>),
      gridId: g.gridId,
      name: g.name,
      path: g.path,
      parentId: g.parentId ?? null,
      level: g.level,
      children: g.children ?? [],
    });
    return {
      ...base,
      grid: gridId ? grid(item) : null,
      figures: figuresOf(item),
      children: children.map(grid),
      inspectors: people.items.map(({ date: _d, ...row }) => row),
      ...(people.cursor ? { cursor: people.cursor } : {}),
    };
  }

  /** One grid's (or the tenant's) figures per day. */
  async function gridRange(dates: string[], gridId: string | undefined, now: Date) {
    const rows = await data.reports.range(dates, gridId);
    const days = await Promise.all(
      rows.map(async (r) => {
        const status = !r.close ? 'not-closed' : r.close.status === 'done' ? 'closed' : 'closing';
        if (r.item || status !== 'not-closed' || !(await isLive(r.date, now))) return { date: r.date, status, figures: r.item ? figuresOf(r.item) : null } as const;
        return { date: r.date, status: 'live', figures: (await liveReport(r.date, gridId, 0)).figures } as const;
      }),
    );
    return days;
  }
}

/** Figures summed over several subtrees (every figure is a count); null when none has figures. */
function sumFigures(list: (CloseFiguresView | null)[]): CloseFiguresView | null {
  const present = list.filter((f): f is CloseFiguresView => f !== null);
  if (!present.length) return null;
  const sum = { ...present[0] } as Record<string, number>;
  for (const f of present.slice(1)) for (const [k, v] of Object.entries(f)) sum[k] = (sum[k] ?? 0) + Number(v);
  return sum as unknown as CloseFiguresView;
}

/** Several roots' monitoring sections of one day as one: the counts summed, the rates of the sums. */
function combinedMonitoring(list: DailyReport['monitoring'][]): DailyReport['monitoring'] {
  const present = list.filter((m) => m !== null);
  if (!present.length) return null;
  const sum: Counts = {};
  for (const { rates: _r, ...counts } of present) addCounts(sum, counts);
  return monitoringSection(sum);
}

/** Several roots' reports of one day as one: the roots as its children, their people together. */
function combineDaily(reports: DailyReport[], roots: string[], limit: number): DailyReport {
  const first = reports[0];
  const residents = { added: 0, ended: 0, visits: 0 };
  for (const r of reports) for (const k of ['added', 'ended', 'visits'] as const) residents[k] += r.residents[k];
  return {
    date: first.date,
    status: first.status,
    close: first.close,
    lateSyncPending: reports.some((r) => r.lateSyncPending),
    grid: null,
    combinedOf: roots,
    figures: sumFigures(reports.map((r) => r.figures)),
    children: reports.flatMap((r) => (r.grid ? [r.grid] : [])),
    residents,
    monitoring: combinedMonitoring(reports.map((r) => r.monitoring)),
    pushedLists: sumSections(reports.map((r) => r.pushedLists)),
    // A page of each root's people, in path order (a person's home grid is in one root).
    inspectors: reports
      .flatMap((r) => r.inspectors)
      .sort((a, b) => compareIds(`${a.homePath ?? '~'}#${a.inspectorId}`, `${b.homePath ?? '~'}#${b.inspectorId}`))
      .slice(0, limit),
  };
}
