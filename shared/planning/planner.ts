/**
 * The daily planner (每日排查计划): who inspects which venues today. A pure function — no I/O, no
 * clock, no randomness — so the same input always gives the same plan, and a re-run after a crash
 * or a re-plan gives the same lists again.
 *
 * Order of work (docs/rules.md has the why of each rule):
 *   1. black-carded venues (mandatory): one locality inspector of the venue's grid, and every
 *      industry authority whose kinds include the venue's kind — assigned even past the quota;
 *   2. venues with a problem due for re-check; 3. follow-ups (回头看) due;
 *   4. venues overdue by their risk frequency (never-inspected ones first);
 *   5. the least recently inspected.
 * Tiers 2–5 fill each inspector's remaining quota, with the kinds that count towards the quota only.
 * A venue goes to the available inspectors whose grids contain it, the most specific grid's
 * inspectors first (an ancestor grid's inspector takes what they have no room for), and among
 * equals to whoever has the fewest assignments so far, ties by user id.
 *
 * Big tenants: call it once per top-level grid subtree, with that subtree's venues only (an
 * inspector's scope never crosses a top-level grid, so a subtree's venues only ever go to the
 * inspectors working in it). Pass the whole grid tree (small) and, for people whose lists span
 * several subtrees (industry authorities, an inspector working in two zones), `assignedElsewhere`:
 * the number of venues given to them by the runs over earlier subtrees, in a fixed subtree order.
 * `mergePlans` joins the parts. Memory is bounded by the largest subtree, not the tenant.
 */
import { type RiskLevel, dailyQuota, daysBetween, isWorkingDay, type TenantRules } from '../domain/rules';
import { compareIds } from './stored-plan';

export interface PlannerGrid {
  id: string;
  /** '/a/b/c/' */
  path: string;
  parentId: string | null;
  level: number;
}

export interface PlannerInspector {
  /** The user id. */
  id: string;
  /** 'inspector' (locality: works `gridIds`) and/or 'industry-authority' (oversees `venueKinds`). */
  roles: readonly string[];
  /** Grids worked: the inspector covers their whole subtrees. */
  gridIds: readonly string[];
  venueKinds: readonly string[];
  onLeave: boolean;
  /** Per-subtree runs: venues already given to this person today by runs over other subtrees. */
  assignedElsewhere?: number;
}

export interface PlannerVenue {
  id: string;
  gridId: string;
  gridPath: string;
  kind: string;
  risk: RiskLevel;
  status: 'open' | 'suspended' | 'closed';
  blackCarded: boolean;
  /** A problem awaits re-check, or is past its deadline. */
  recheckDue: boolean;
  /** A follow-up visit (回头看) after a closed problem is due. */
  followUpDue: boolean;
  /** Tenant-local date of the last inspection; absent if never inspected. */
  lastInspectedDate?: string;
}

export type PlannerRules = Pick<TenantRules, 'version' | 'quota' | 'inspectionFrequencyDays' | 'workingDays' | 'blackCard'>;

export interface PlannerInput {
  /** The tenant-local day being planned, YYYY-MM-DD. */
  date: string;
  rules: PlannerRules;
  grids: readonly PlannerGrid[];
  inspectors: readonly PlannerInspector[];
  /** Candidate venues (of one subtree, for a big tenant); any iterable, read once. */
  venues: Iterable<PlannerVenue>;
}

export type AssignmentReason = 'black-card' | 'recheck' | 'follow-up' | 'overdue' | 'least-recently-inspected';

export interface Assignment {
  venueId: string;
  gridId: string;
  gridPath: string;
  kind: string;
  reason: AssignmentReason;
  /** Black-carded: assigned whatever the quota. */
  mandatory: boolean;
  /** Whether the person got it as the locality's inspector or as an industry authority. */
  as: 'locality' | 'industry-authority';
}

export interface InspectorPlan {
  inspectorId: string;
  /** The day's quota (0 on leave and on non-working days). */
  quota: number;
  onLeave: boolean;
  /** The grid a person's figures roll up to: their highest grid (smallest level, then path). */
  homeGridId?: string;
  /** In the order to work them. */
  assignments: Assignment[];
  mandatory: number;
  /** On a working day, the mandatory venues pushed the list past the quota. */
  mandatoryOverQuota: boolean;
  assignedElsewhere: number;
}

export interface UncoveredGrid {
  gridId: string;
  gridPath: string;
  /** 'on-leave': inspectors work this grid but all of them are on leave today. */
  why: 'no-inspector' | 'on-leave';
  /** Venues that wanted an inspector (mandatory, or of a kind that counts towards the quota). */
  venues: number;
  /** Black-carded venues with nobody from the locality today. */
  mandatoryVenueIds: string[];
}

export interface DayPlan {
  date: string;
  workingDay: boolean;
  rulesVersion: number;
  /** Every person given, sorted by id. */
  inspectors: InspectorPlan[];
  /** Grids whose venues no available locality inspector covers, by path. */
  uncovered: UncoveredGrid[];
  totals: {
    /** Venues read. */
    venues: number;
    /** Venues that may be inspected today (open, or suspended with a re-check due). */
    eligible: number;
    /** Assignments made (a venue given to a locality inspector and an authority counts twice). */
    assignments: number;
    mandatory: number;
    /** Venues of quota kinds left for another day because every locality inspector who could take them was full. */
    leftOver: number;
  };
}

const RISK_RANK: Record<RiskLevel, number> = { red: 0, yellow: 1, green: 2 };
const TIER: Record<AssignmentReason, number> = { 'black-card': 0, recheck: 1, 'follow-up': 2, overdue: 3, 'least-recently-inspected': 4 };

interface Candidate {
  venue: PlannerVenue;
  reason: AssignmentReason;
  tier: number;
  /** Days since last inspection; Infinity if never. */
  age: number;
  /** Overdue tier: how many frequency periods have passed. */
  urgency: number;
}

/** Whether a venue may be inspected today at all. */
export function isEligible(venue: Pick<PlannerVenue, 'status' | 'recheckDue'>): boolean {
  return venue.status === 'open' || (venue.status === 'suspended' && venue.recheckDue);
}

/** Why a venue is due today, the most pressing reason first. */
export function reasonFor(venue: PlannerVenue, rules: Pick<TenantRules, 'inspectionFrequencyDays'>, date: string): AssignmentReason {
  if (venue.blackCarded) return 'black-card';
  if (venue.recheckDue) return 'recheck';
  if (venue.followUpDue) return 'follow-up';
  if (venue.lastInspectedDate === undefined) return 'overdue';
  return daysBetween(venue.lastInspectedDate, date) >= rules.inspectionFrequencyDays[venue.risk] ? 'overdue' : 'least-recently-inspected';
}

/**
 * Priority order: tier; in the overdue tier the most periods overdue first; otherwise the longest
 * since inspected (never first); then red before yellow before green; then venue id.
 */
function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.tier !== b.tier) return a.tier - b.tier;
  if (a.tier === TIER.overdue && a.urgency !== b.urgency) return b.urgency - a.urgency;
  if (a.age !== b.age) return b.age - a.age;
  const risk = RISK_RANK[a.venue.risk] - RISK_RANK[b.venue.risk];
  if (risk !== 0) return risk;
  return compareIds(a.venue.id, b.venue.id);
}

/** The ancestor paths of a grid path, deepest first: '/a/b/' → ['/a/b/', '/a/']. */
export function pathsUp(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  const out: string[] = [];
  for (let n = parts.length; n > 0; n--) out.push(`/${parts.slice(0, n).join('/')}/`);
  return out;
}

interface Person {
  input: PlannerInspector;
  plan: InspectorPlan;
  taken: Set<string>;
  /** Remaining room for non-mandatory venues. */
  room: number;
  load: number;
}

export function planDay(input: PlannerInput): DayPlan {
  const { date, rules } = input;
  const workingDay = isWorkingDay(rules, date);
  const gridById = new Map(input.grids.map((g) => [g.id, g]));
  const quotaKinds = new Set(rules.quota.venueKinds);

  // People, in id order so that every tie breaks the same way.
  const people: Person[] = [...input.inspectors]
    .sort((a, b) => compareIds(a.id, b.id))
    .map((p) => {
      const grids = p.gridIds.map((id) => gridById.get(id)).filter((g): g is PlannerGrid => !!g);
      const home = [...grids].sort((a, b) => a.level - b.level || compareIds(a.path, b.path))[0];
      const quota = p.onLeave || !workingDay ? 0 : dailyQuota(rules, { roles: p.roles, gridLevels: grids.map((g) => g.level) });
      const elsewhere = p.assignedElsewhere ?? 0;
      return {
        input: p,
        taken: new Set<string>(),
        room: Math.max(0, quota - elsewhere),
        load: elsewhere,
        plan: {
          inspectorId: p.id,
          quota,
          onLeave: p.onLeave,
          ...(home && p.roles.includes('inspector') ? { homeGridId: home.id } : {}),
          assignments: [],
          mandatory: 0,
          mandatoryOverQuota: false,
          assignedElsewhere: elsewhere,
        },
      };
    });

  // Locality inspectors by the path of each grid they work; on-leave ones only to explain gaps.
  const workers = new Map<string, Person[]>();
  const absent = new Set<string>();
  for (const person of people) {
    if (!person.input.roles.includes('inspector')) continue;
    for (const id of person.input.gridIds) {
      const grid = gridById.get(id);
      if (!grid) continue;
      if (person.input.onLeave) absent.add(grid.path);
      else {
        const list = workers.get(grid.path) ?? [];
        if (!list.includes(person)) list.push(person);
        workers.set(grid.path, list);
      }
    }
  }
  // Industry authorities by kind.
  const authorities = new Map<string, Person[]>();
  for (const person of people) {
    if (!person.input.roles.includes('industry-authority') || person.input.onLeave) continue;
    for (const kind of new Set(person.input.venueKinds)) authorities.set(kind, [...(authorities.get(kind) ?? []), person]);
  }

  // For each venue grid path: the groups of inspectors who may take it, most specific grid first.
  const groupCache = new Map<string, Person[][]>();
  const groupsFor = (path: string): Person[][] => {
    let groups = groupCache.get(path);
    if (!groups) {
      groups = pathsUp(path)
        .map((p) => workers.get(p))
        .filter((g): g is Person[] => !!g?.length);
      groupCache.set(path, groups);
    }
    return groups;
  };

  // Read the venues once, keeping only the eligible ones.
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  let read = 0;
  for (const venue of input.venues) {
    read++;
    if (seen.has(venue.id)) continue;
    seen.add(venue.id);
    if (!isEligible(venue)) continue;
    const reason = reasonFor(venue, rules, date);
    const age = venue.lastInspectedDate === undefined ? Number.POSITIVE_INFINITY : daysBetween(venue.lastInspectedDate, date);
    candidates.push({ venue, reason, tier: TIER[reason], age, urgency: age / rules.inspectionFrequencyDays[venue.risk] });
  }
  candidates.sort(compareCandidates);

  const assign = (person: Person, c: Candidate, mandatory: boolean, as: Assignment['as']) => {
    if (person.taken.has(c.venue.id)) return;
    person.taken.add(c.venue.id);
    const v = c.venue;
    person.plan.assignments.push({ venueId: v.id, gridId: v.gridId, gridPath: v.gridPath, kind: v.kind, reason: c.reason, mandatory, as });
    person.load++;
    person.room = Math.max(0, person.room - 1);
    if (mandatory) person.plan.mandatory++;
  };
  /** The least loaded person who has not got this venue yet; ties to the first (lowest id). */
  const leastLoaded = (group: Person[], venueId: string, needRoom: boolean) => {
    let best: Person | undefined;
    for (const p of group) {
      if ((needRoom && p.room === 0) || p.taken.has(venueId)) continue;
      if (!best || p.load < best.load) best = p;
    }
    return best;
  };

  const uncovered = new Map<string, UncoveredGrid>();
  let leftOver = 0;
  for (const c of candidates) {
    const v = c.venue;
    const localMandatory = v.blackCarded && rules.blackCard.dailyByLocality;
    const wantsLocality = localMandatory || quotaKinds.has(v.kind);

    if (wantsLocality) {
      const groups = groupsFor(v.gridPath);
      if (groups.length === 0) {
        const entry = uncovered.get(v.gridId) ?? {
          gridId: v.gridId,
          gridPath: v.gridPath,
          why: pathsUp(v.gridPath).some((p) => absent.has(p)) ? 'on-leave' : 'no-inspector',
          venues: 0,
          mandatoryVenueIds: [],
        };
        entry.venues++;
        if (localMandatory) entry.mandatoryVenueIds.push(v.id);
        uncovered.set(v.gridId, entry);
      } else if (localMandatory) {
        const person = leastLoaded(groups[0], v.id, false);
        if (person) assign(person, c, true, 'locality');
      } else {
        let placed = false;
        for (const group of groups) {
          const person = leastLoaded(group, v.id, true);
          if (person) {
            assign(person, c, false, 'locality');
            placed = true;
            break;
          }
        }
        if (!placed) leftOver++;
      }
    }

    const overseers = authorities.get(v.kind);
    if (overseers) {
      if (v.blackCarded && rules.blackCard.dailyByIndustryAuthority) {
        for (const person of overseers) assign(person, c, true, 'industry-authority');
      } else {
        const person = leastLoaded(overseers, v.id, true);
        if (person) assign(person, c, false, 'industry-authority');
      }
    }
  }

  let assignments = 0;
  let mandatory = 0;
  for (const person of people) {
    const plan = person.plan;
    plan.mandatoryOverQuota = workingDay && plan.assignedElsewhere + plan.assignments.length > plan.quota;
    assignments += plan.assignments.length;
    mandatory += plan.mandatory;
  }

  return {
    date,
    workingDay,
    rulesVersion: rules.version,
    inspectors: people.map((p) => p.plan),
    uncovered: [...uncovered.values()].sort((a, b) => compareIds(a.gridPath, b.gridPath)),
    totals: { venues: read, eligible: candidates.length, assignments, mandatory, leftOver },
  };
}

/**
 * Join the plans of one day's per-subtree runs (in the order they ran) into the tenant's plan.
 * A person in several parts keeps one list: tier by tier (black card, re-check, …), and within a
 * tier the parts' venues one part after the other.
 */
export function mergePlans(parts: readonly DayPlan[]): DayPlan {
  if (parts.length === 0) throw new Error('mergePlans needs at least one plan');
  const [first] = parts;
  const byId = new Map<string, InspectorPlan>();
  for (const part of parts) {
    if (part.date !== first.date || part.rulesVersion !== first.rulesVersion) throw new Error('plans of different days or rules cannot be merged');
    for (const p of part.inspectors) {
      const merged = byId.get(p.inspectorId);
      if (!merged) {
        byId.set(p.inspectorId, { ...p, assignments: [...p.assignments], assignedElsewhere: 0 });
        continue;
      }
      const taken = new Set(merged.assignments.map((a) => `${a.as}:${a.venueId}`));
      for (const a of p.assignments) if (!taken.has(`${a.as}:${a.venueId}`)) merged.assignments.push(a);
      merged.mandatory = merged.assignments.filter((a) => a.mandatory).length;
      if (!merged.homeGridId && p.homeGridId) merged.homeGridId = p.homeGridId;
    }
  }
  const inspectors = [...byId.values()].sort((a, b) => compareIds(a.inspectorId, b.inspectorId));
  for (const p of inspectors) {
    // Across parts, keep the tiers in order (stable: within a tier, part order then priority order).
    p.assignments.sort((a, b) => TIER[a.reason] - TIER[b.reason]);
    p.mandatoryOverQuota = first.workingDay && p.assignments.length > p.quota;
  }
  const sum = (f: (t: DayPlan['totals']) => number) => parts.reduce((n, p) => n + f(p.totals), 0);
  return {
    date: first.date,
    workingDay: first.workingDay,
    rulesVersion: first.rulesVersion,
    inspectors,
    uncovered: parts.flatMap((p) => p.uncovered).sort((a, b) => compareIds(a.gridPath, b.gridPath)),
    totals: {
      venues: sum((t) => t.venues),
      eligible: sum((t) => t.eligible),
      assignments: inspectors.reduce((n, p) => n + p.assignments.length, 0),
      mandatory: inspectors.reduce((n, p) => n + p.mandatory, 0),
      leftOver: sum((t) => t.leftOver),
    },
  };
}
