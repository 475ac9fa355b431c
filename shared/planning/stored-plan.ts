/**
 * The daily plan as stored, pure: a per-subtree `DayPlan` cut into parts (one per person and
 * subtree, long lists in chunks), the parts of a person joined back into one list exactly as
 * `mergePlans` joins plans, and a person's progress against the quota by the close's rule.
 * No I/O; shared/data/venues/plans.ts reads and writes the parts.
 */
import type { PlanItem, PlanProgress } from '../domain/venues/plan';
import type { RiskLevel } from '../domain/rules';
import type { DayPlan, UncoveredGrid } from './planner';

/** Assignments per stored item: ~300 B each, so a chunk stays far below DynamoDB's 400 KB. */
export const PLAN_CHUNK = 200;
/** Uncovered grids kept per subtree marker (the count is always exact). */
export const UNCOVERED_KEPT = 300;

const TIER: Record<PlanItem['reason'], number> = { 'black-card': 0, recheck: 1, 'follow-up': 2, overdue: 3, 'least-recently-inspected': 4 };
/** Code-unit order of ids and paths (not locale order): the same on every machine. */
export const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One stored item: a person's assignments from one top-level subtree (chunk `chunk` of `chunks`). */
export interface PlanPart {
  date: string;
  inspectorId: string;
  displayName?: string;
  /** The top-level grid of the subtree this part was planned in. */
  top: string;
  chunk: number;
  chunks: number;
  generation: number;
  rulesVersion: number;
  workingDay: boolean;
  quota: number;
  onLeave: boolean;
  homeGridId?: string;
  homePath?: string;
  assignedElsewhere: number;
  /** Assignments in this subtree (all chunks), and how many of them are mandatory. */
  assigned: number;
  mandatory: number;
  assignments: PlanItem[];
}

/** What the list shows of a venue, beyond what the planner needs. */
export interface VenueLabel {
  name: string;
  risk: RiskLevel;
  address?: string;
}

export interface PartContext {
  top: string;
  generation: number;
  labels: ReadonlyMap<string, VenueLabel>;
  people: ReadonlyMap<string, { displayName?: string; homePath?: string }>;
  chunkSize?: number;
}

/** Cut one subtree's plan into stored parts: every person planned gets at least one (possibly empty). */
export function planParts(plan: DayPlan, ctx: PartContext): PlanPart[] {
  const size = ctx.chunkSize ?? PLAN_CHUNK;
  const parts: PlanPart[] = [];
  for (const p of plan.inspectors) {
    const items: PlanItem[] = p.assignments.map((a) => {
      const label = ctx.labels.get(a.venueId);
      return {
        venueId: a.venueId,
        name: label?.name ?? a.venueId,
        kind: a.kind,
        risk: label?.risk ?? 'green',
        ...(label?.address ? { address: label.address } : {}),
        gridId: a.gridId,
        gridPath: a.gridPath,
        reason: a.reason,
        mandatory: a.mandatory,
        as: a.as,
      };
    });
    const chunks = Math.max(1, Math.ceil(items.length / size));
    const person = ctx.people.get(p.inspectorId);
    for (let chunk = 0; chunk < chunks; chunk++) {
      parts.push({
        date: plan.date,
        inspectorId: p.inspectorId,
        ...(person?.displayName ? { displayName: person.displayName } : {}),
        top: ctx.top,
        chunk,
        chunks,
        generation: ctx.generation,
        rulesVersion: plan.rulesVersion,
        workingDay: plan.workingDay,
        quota: p.quota,
        onLeave: p.onLeave,
        ...(p.homeGridId ? { homeGridId: p.homeGridId } : {}),
        ...(person?.homePath ? { homePath: person.homePath } : {}),
        assignedElsewhere: p.assignedElsewhere,
        assigned: items.length,
        mandatory: p.mandatory,
        assignments: items.slice(chunk * size, (chunk + 1) * size),
      });
    }
  }
  return parts;
}

/** The uncovered grids of a subtree plan as kept on its marker: the first `UNCOVERED_KEPT` by path, and the count. */
export function keptUncovered(uncovered: readonly UncoveredGrid[]): { uncovered: UncoveredGrid[]; uncoveredCount: number } {
  return {
    uncovered: uncovered.slice(0, UNCOVERED_KEPT).map((u) => ({ ...u, mandatoryVenueIds: u.mandatoryVenueIds.slice(0, 50) })),
    uncoveredCount: uncovered.length,
  };
}

export interface MergedPerson {
  inspectorId: string;
  displayName?: string;
  quota: number;
  onLeave: boolean;
  homeGridId?: string;
  homePath?: string;
  workingDay: boolean;
  rulesVersion: number;
  generation: number;
  assignments: PlanItem[];
  mandatory: number;
  mandatoryOverQuota: boolean;
}

/**
 * Join one person's parts (any order) into their list for the day, as `mergePlans` does: subtrees in
 * path order (the order they were planned in), then tier by tier, stable within a tier. While a
 * re-plan is under way the parts may come from two generations; the newest decides the quota.
 */
export function mergeParts(parts: readonly PlanPart[]): MergedPerson {
  if (parts.length === 0) throw new Error('mergeParts needs at least one part');
  const sorted = [...parts].sort((a, b) => compareIds(`/${a.top}/`, `/${b.top}/`) || a.chunk - b.chunk);
  const newest = sorted.reduce((n, p) => (p.generation > n.generation ? p : n), sorted[0]);
  const taken = new Set<string>();
  const assignments: PlanItem[] = [];
  for (const part of sorted) {
    for (const a of part.assignments) {
      const key = `${a.as}:${a.venueId}`;
      if (taken.has(key)) continue;
      taken.add(key);
      assignments.push(a);
    }
  }
  assignments.sort((a, b) => TIER[a.reason] - TIER[b.reason]);
  const mandatory = assignments.filter((a) => a.mandatory).length;
  return {
    inspectorId: newest.inspectorId,
    ...(sorted.find((p) => p.displayName)?.displayName ? { displayName: sorted.find((p) => p.displayName)?.displayName } : {}),
    quota: newest.quota,
    onLeave: newest.onLeave,
    ...(sorted.find((p) => p.homeGridId) ? { homeGridId: sorted.find((p) => p.homeGridId)?.homeGridId } : {}),
    ...(sorted.find((p) => p.homePath) ? { homePath: sorted.find((p) => p.homePath)?.homePath } : {}),
    workingDay: newest.workingDay,
    rulesVersion: newest.rulesVersion,
    generation: newest.generation,
    assignments,
    mandatory,
    mandatoryOverQuota: newest.workingDay && assignments.length > newest.quota,
  };
}

/** Group parts by person and merge each; people in id order. */
export function mergeAllParts(parts: Iterable<PlanPart>): MergedPerson[] {
  const byPerson = new Map<string, PlanPart[]>();
  for (const p of parts) {
    const list = byPerson.get(p.inspectorId) ?? [];
    list.push(p);
    byPerson.set(p.inspectorId, list);
  }
  return [...byPerson.keys()].sort(compareIds).map((id) => mergeParts(byPerson.get(id) as PlanPart[]));
}

/**
 * Progress by the close's rule (shared/planning/day-close.ts): distinct venues of the list inspected,
 * plus distinct other venues inspected whose kind counts towards the quota.
 */
export function planProgress(
  person: { quota: number; assignments: readonly { venueId: string }[] },
  inspections: readonly { venueId: string; venueKind: string }[],
  quotaKinds: readonly string[],
): { progress: PlanProgress; inspected: Set<string> } {
  const kinds = new Set(quotaKinds);
  const inspected = new Map<string, string>();
  for (const i of inspections) inspected.set(i.venueId, i.venueKind);
  const list = new Set(person.assignments.map((a) => a.venueId));
  let assignedDone = 0;
  for (const v of list) if (inspected.has(v)) assignedDone++;
  let otherDone = 0;
  for (const [venueId, kind] of inspected) if (!list.has(venueId) && kinds.has(kind)) otherDone++;
  const done = assignedDone + otherDone;
  return {
    progress: { quota: person.quota, assigned: list.size, done, assignedDone, otherDone, remaining: Math.max(0, person.quota - done), inspections: inspections.length },
    inspected: new Set(inspected.keys()),
  };
}
