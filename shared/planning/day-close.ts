/**
 * The day's close (日排查日报告): after a tenant's local day ends, what each person was assigned,
 * what they did against their quota, and the day's supervision counts, per grid rolled up the
 * hierarchy to the tenant. A pure function: re-running it with late-synced inspections added gives
 * the corrected report, and the same input always gives the same report.
 *
 * "Done" for a person = the distinct venues of their list they inspected that day, plus the distinct
 * other venues they inspected whose kind counts towards the quota. A venue inspected twice counts
 * once; an inspection of a non-counting kind outside the list counts in the supervision figures
 * (inspections) but not towards the quota. Shortfall = max(0, quota − done).
 *
 * Person figures roll up from the person's home grid (their highest grid, `InspectorPlan.homeGridId`);
 * people without one (industry authorities) count in the tenant total only. Supervision figures roll
 * up from the grid path of each event; events outside the given tree count in the total only. A
 * bulletin counts once in the total and once in each grid whose subtree it names something in.
 * Inputs are one day's work (tens of thousands of items for the largest tenant), not the venue register.
 */
import type { TenantRules } from '../domain/rules';
import { type PlannerGrid, pathsUp } from './planner';
import { compareIds } from './stored-plan';

export interface ClosePlanPerson {
  inspectorId: string;
  quota: number;
  onLeave?: boolean;
  homeGridId?: string;
  assignments: readonly { venueId: string; mandatory: boolean }[];
}

export interface CloseInspection {
  id: string;
  inspectorId: string;
  venueId: string;
  venueKind: string;
  gridPath: string;
  outcome: 'pass' | 'rectification-required' | 'suspension-recommended';
  /** Problems (整改 items) opened by this inspection. */
  problemsOpened: number;
}

/** A problem closed (整改销号), a rectification notice issued (整改通知书), or a black card issued (挂牌) or removed (摘牌), that day. */
export interface CloseEvent {
  id: string;
  venueId: string;
  gridPath: string;
}

/** A supervision bulletin (督查通报) published that day, with the grids of the venues and problems it names. */
export interface CloseBulletin {
  id: string;
  gridPaths: readonly string[];
}

export interface DayCloseInput {
  date: string;
  /** The rules the plan was made with: their quota kinds decide what counts outside the list. */
  rules: Pick<TenantRules, 'quota'>;
  plan: { inspectors: readonly ClosePlanPerson[] };
  /** The day's inspections (by tenant-local date); duplicates by id count once. */
  inspections: Iterable<CloseInspection>;
  problemsClosed: readonly CloseEvent[];
  blackCardsIssued: readonly CloseEvent[];
  blackCardsRemoved: readonly CloseEvent[];
  noticesIssued?: readonly CloseEvent[];
  /** Referrals to joint enforcement (联合执法) made that day. */
  jointReferrals?: readonly CloseEvent[];
  bulletins?: readonly CloseBulletin[];
  grids: readonly PlannerGrid[];
}

export interface InspectorClose {
  inspectorId: string;
  homeGridId?: string;
  onLeave: boolean;
  quota: number;
  assigned: number;
  /** Distinct venues of the list inspected. */
  assignedDone: number;
  /** Distinct venues outside the list, of kinds that count towards the quota, inspected. */
  otherDone: number;
  done: number;
  shortfall: number;
  /** Black-carded venues of the list not inspected. */
  mandatoryMissed: string[];
  /** Every inspection logged, whatever the kind and however often per venue. */
  inspections: number;
}

export interface CloseFigures {
  /** People planned and not on leave (or who logged inspections without a plan). */
  inspectors: number;
  onLeave: number;
  quota: number;
  assigned: number;
  done: number;
  shortfall: number;
  /** People with a quota above 0 who reached it. */
  metQuota: number;
  mandatoryMissed: number;
  inspections: number;
  /** Inspections with an outcome other than pass. */
  failedInspections: number;
  problemsFound: number;
  problemsClosed: number;
  blackCardsIssued: number;
  blackCardsRemoved: number;
  /** Rectification notices (整改通知书) issued. */
  noticesIssued: number;
  /** Bulletins published: in the total every one; in a grid those naming something in its subtree, once each. */
  bulletinsIssued: number;
  /** Hard cases referred to joint enforcement (联合执法). */
  jointReferrals: number;
}

export interface GridClose extends CloseFigures {
  gridId: string;
  path: string;
  parentId: string | null;
  level: number;
}

export interface DayClose {
  date: string;
  /** Sorted by id. */
  inspectors: InspectorClose[];
  /** Every grid in path order (parents before children), each with the figures of its whole subtree. */
  grids: GridClose[];
  /** The tenant. */
  total: CloseFigures;
}

const emptyFigures = (): CloseFigures => ({
  inspectors: 0,
  onLeave: 0,
  quota: 0,
  assigned: 0,
  done: 0,
  shortfall: 0,
  metQuota: 0,
  mandatoryMissed: 0,
  inspections: 0,
  failedInspections: 0,
  problemsFound: 0,
  problemsClosed: 0,
  blackCardsIssued: 0,
  blackCardsRemoved: 0,
  noticesIssued: 0,
  bulletinsIssued: 0,
  jointReferrals: 0,
});

export function closeDay(input: DayCloseInput): DayClose {
  const quotaKinds = new Set(input.rules.quota.venueKinds);
  const gridById = new Map(input.grids.map((g) => [g.id, g]));
  const figuresByPath = new Map(input.grids.map((g) => [g.path, emptyFigures()]));
  const total = emptyFigures();

  /** Add to the total and to every grid from `path` up to the top. */
  const addAt = (path: string | undefined, add: (f: CloseFigures) => void) => {
    add(total);
    if (!path) return;
    for (const p of pathsUp(path)) {
      const f = figuresByPath.get(p);
      if (f) add(f);
    }
  };

  // The day's inspections, once each, by person.
  const byPerson = new Map<string, { venues: Map<string, string>; count: number }>();
  const seen = new Set<string>();
  for (const i of input.inspections) {
    if (seen.has(i.id)) continue;
    seen.add(i.id);
    const mine = byPerson.get(i.inspectorId) ?? { venues: new Map<string, string>(), count: 0 };
    mine.venues.set(i.venueId, i.venueKind);
    mine.count++;
    byPerson.set(i.inspectorId, mine);
    addAt(i.gridPath, (f) => {
      f.inspections++;
      if (i.outcome !== 'pass') f.failedInspections++;
      f.problemsFound += i.problemsOpened;
    });
  }
  for (const e of input.problemsClosed) addAt(e.gridPath, (f) => f.problemsClosed++);
  for (const e of input.blackCardsIssued) addAt(e.gridPath, (f) => f.blackCardsIssued++);
  for (const e of input.blackCardsRemoved) addAt(e.gridPath, (f) => f.blackCardsRemoved++);
  for (const e of input.noticesIssued ?? []) addAt(e.gridPath, (f) => f.noticesIssued++);
  for (const e of input.jointReferrals ?? []) addAt(e.gridPath, (f) => f.jointReferrals++);
  const bulletinsSeen = new Set<string>();
  for (const b of input.bulletins ?? []) {
    if (bulletinsSeen.has(b.id)) continue;
    bulletinsSeen.add(b.id);
    total.bulletinsIssued++;
    // A bulletin naming two venues of one village counts once for the village and its parents.
    for (const p of new Set(b.gridPaths.flatMap(pathsUp))) {
      const f = figuresByPath.get(p);
      if (f) f.bulletinsIssued++;
    }
  }

  // People: everyone planned, and anyone who inspected without a plan (quota 0).
  const planned = new Map<string, ClosePlanPerson>();
  for (const p of input.plan.inspectors) if (!planned.has(p.inspectorId)) planned.set(p.inspectorId, p);
  for (const id of byPerson.keys()) if (!planned.has(id)) planned.set(id, { inspectorId: id, quota: 0, assignments: [] });

  const inspectors: InspectorClose[] = [];
  for (const person of [...planned.values()].sort((a, b) => compareIds(a.inspectorId, b.inspectorId))) {
    const done = byPerson.get(person.inspectorId);
    const inspected = done?.venues ?? new Map<string, string>();
    const list = new Set(person.assignments.map((a) => a.venueId));
    const assignedDone = [...list].filter((v) => inspected.has(v)).length;
    let otherDone = 0;
    for (const [venueId, kind] of inspected) if (!list.has(venueId) && quotaKinds.has(kind)) otherDone++;
    const mandatoryMissed = [...new Set(person.assignments.filter((a) => a.mandatory && !inspected.has(a.venueId)).map((a) => a.venueId))].sort(compareIds);
    const row: InspectorClose = {
      inspectorId: person.inspectorId,
      ...(person.homeGridId ? { homeGridId: person.homeGridId } : {}),
      onLeave: person.onLeave ?? false,
      quota: person.quota,
      assigned: list.size,
      assignedDone,
      otherDone,
      done: assignedDone + otherDone,
      shortfall: Math.max(0, person.quota - assignedDone - otherDone),
      mandatoryMissed,
      inspections: done?.count ?? 0,
    };
    inspectors.push(row);
    const home = person.homeGridId ? gridById.get(person.homeGridId)?.path : undefined;
    addAt(home, (f) => {
      if (row.onLeave) f.onLeave++;
      else f.inspectors++;
      f.quota += row.quota;
      f.assigned += row.assigned;
      f.done += row.done;
      f.shortfall += row.shortfall;
      if (row.quota > 0 && row.done >= row.quota) f.metQuota++;
      f.mandatoryMissed += row.mandatoryMissed.length;
    });
  }

  const grids = [...input.grids]
    .sort((a, b) => compareIds(a.path, b.path))
    .map((g) => ({ gridId: g.id, path: g.path, parentId: g.parentId, level: g.level, ...(figuresByPath.get(g.path) as CloseFigures) }));

  return { date: input.date, inspectors, grids, total };
}
