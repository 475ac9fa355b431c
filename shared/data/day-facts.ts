/**
 * A day's facts as the pure close (shared/planning/day-close.ts) takes them, read from the store: the
 * plan as stored (with the rules it was made with), the day's inspections (gsi3 per top-level grid),
 * its enforcement events (problems closed 销号, notices issued, black cards issued and removed; gsi1
 * per top-level grid) and its bulletins. The close job stores what `closeDay` makes of them; the
 * report views count today (and yesterday before its close) from them live, so both agree.
 */
import { closeDay, type CloseBulletin, type CloseEvent, type CloseInspection, type ClosePlanPerson, type DayCloseInput } from '../planning/day-close';
import { mergeAllParts, type PlanPart } from '../planning/stored-plan';
import { gridIdOf } from '../domain/grid';
import type { Inspection } from '../domain/venues/inspection';
import { localDate } from '../domain/local-day';
import { defaultRules, type TenantRules } from '../domain/rules';
import { type Db, queryEach } from './db';
import { tenantKeys } from './keys';
import { planRepository } from './venues/plans';
import { tenantData } from './tenant-data';
import { tenantDirectory } from './tenants';

const INSPECTION_FIELDS = ['id', 'inspectorId', 'venueId', 'venueKind', 'gridPath', 'outcome', 'problemIds'] as const;
const EVENT_FIELDS = ['id', 'type', 'venueId', 'gridPath'] as const;

/** The stored facts of a day as the pure close takes them, and what the stored report needs beside. */
export async function dayFacts(db: Db, tenantId: string, date: string) {
  const data = tenantData(db, tenantId);
  const keys = tenantKeys(tenantId);
  const plans = planRepository(db, tenantId);

  const [tenant, run, current] = await Promise.all([tenantDirectory(db).get(tenantId), plans.getRun(date, true), data.rules.get()]);
  let rules: TenantRules = current;
  if (run && run.rulesVersion !== current.version) rules = run.rulesVersion === 0 ? defaultRules() : ((await data.rules.version(run.rulesVersion)) ?? current);

  const [grids, tops, users] = await Promise.all([data.grids.tree(), data.grids.topLevel(), data.users.all()]);

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

  // Where each grid is now (paths are chains of grid ids): a day closed after a move counts its
  // inspections and events where their grids are now, as the tree its report lists them in.
  const pathNow = new Map(grids.map((g) => [g.id, g.path]));
  const here = (gridPath: string) => pathNow.get(gridIdOf(gridPath)) ?? gridPath;
  // The day's index partitions: today's top-level grids, and grids that were top-level before a move.
  const partitions = [...tops.map((t) => t.path), ...grids.filter((g) => g.formerTopLevel && g.parentId !== null).map((g) => `/${g.id}/`)];
  const inspections: CloseInspection[] = [];
  const events: Record<'recheck-passed' | 'black-card-issued' | 'black-card-removed' | 'notice-issued' | 'joint-referred', CloseEvent[]> = {
    'recheck-passed': [],
    'black-card-issued': [],
    'black-card-removed': [],
    'notice-issued': [],
    'joint-referred': [],
  };
  const counted = new Set<string>();
  for (const top of partitions) {
    for await (const i of queryEach<Pick<Inspection, (typeof INSPECTION_FIELDS)[number]>>(db, keys.dayInspections(date, top), { projection: INSPECTION_FIELDS })) {
      if (counted.has(i.id)) continue;
      counted.add(i.id);
      inspections.push({
        id: i.id,
        inspectorId: i.inspectorId,
        venueId: i.venueId,
        venueKind: i.venueKind,
        gridPath: here(i.gridPath),
        outcome: i.outcome,
        problemsOpened: i.problemIds?.length ?? 0,
      });
    }
    for await (const e of queryEach<{ id: string; type: string; venueId: string; gridPath: string }>(db, keys.enforcementDay(date, top), { projection: EVENT_FIELDS })) {
      events[e.type as keyof typeof events]?.push({ id: e.id, venueId: e.venueId, gridPath: here(e.gridPath) });
    }
  }
  const bulletins = await bulletinsOf(data, date, tenant.timezone, here);

  const input: DayCloseInput = {
    date,
    rules,
    plan: { inspectors: plan },
    inspections,
    problemsClosed: events['recheck-passed'],
    blackCardsIssued: events['black-card-issued'],
    blackCardsRemoved: events['black-card-removed'],
    noticesIssued: events['notice-issued'],
    jointReferrals: events['joint-referred'],
    bulletins,
    grids: grids.map((g) => ({ id: g.id, path: g.path, parentId: g.parentId, level: g.level })),
  };
  return { input, run, rules, grids, tops, users, merged };
}

/**
 * The bulletins published on a tenant-local day: the list is newest first and short (tens a year),
 * so it is read from the newest until one older than the day.
 */
async function bulletinsOf(data: ReturnType<typeof tenantData>, date: string, timeZone: string, here: (gridPath: string) => string): Promise<CloseBulletin[]> {
  const found: CloseBulletin[] = [];
  let cursor: string | undefined;
  do {
    const page = await data.bulletins.list({ limit: 50, cursor });
    for (const b of page.items) {
      const day = localDate(new Date(b.publishedAt), timeZone);
      if (day < date) return found;
      if (day === date) found.push({ id: b.id, gridPaths: [...b.venues.map((v) => v.gridPath), ...b.problems.map((p) => p.gridPath)].map(here) });
    }
    cursor = page.cursor;
  } while (cursor);
  return found;
}

/**
 * A day's figures counted now by the close's own rules, without storing them: today (and yesterday
 * before its close has run), so a report of a range that includes them agrees with the day's view.
 */
export async function liveClose(db: Db, tenantId: string, date: string) {
  const { input, grids, users, merged } = await dayFacts(db, tenantId, date);
  return { close: closeDay(input), grids, users, merged };
}

