/**
 * The plan job: a tenant's daily plan (每日排查计划) for one tenant-local day, fed from the
 * repositories into the pure planner (shared/planning/planner.ts) one top-level grid subtree at a
 * time, and stored part by part (shared/data/venues/plans.ts). docs/scheduling.md tells the whole flow.
 *
 * - Bounded memory: only one subtree's venues are held at once (streamed from gsi1
 *   `T#t#VENUES#<top>`), plus the grid tree and the tenant's people.
 * - Idempotent: the planner is deterministic and the parts are overwritten by key, so running it
 *   again for the same input stores the same plan. A finished plan is left alone unless forced (a
 *   re-plan), which starts a new generation.
 * - Resumable: each planned subtree is marked with the run's generation. A run that stops (time
 *   budget, crash, error) is resumed by the next: marked subtrees are skipped and their stored counts
 *   give `assignedElsewhere` (the quota a person already used in earlier subtrees), so quotas across
 *   subtrees come out exactly as in one uninterrupted run.
 * - One writer: the run holds a lease on its run item; a second run finding it held answers 'busy'.
 */
import { ulid } from 'ulid';
import type { Clock } from '../clock';
import type { Db } from '../data/db';
import { queryEach } from '../data/db';
import type { Grid } from '../domain/grid';
import { localDate } from '../domain/local-day';
import { tenantKeys } from '../data/keys';
import { planRepository, type PlanRun, type SubtreeMarker, type SubtreeTotals } from '../data/venues/plans';
import { tenantData } from '../data/tenant-data';
import { tenantDirectory } from '../data/tenants';
import type { Problem } from '../domain/venues/problem';
import { defaultRules, isWorkingDay, type TenantRules } from '../domain/rules';
import type { User } from '../domain/user';
import type { Venue } from '../domain/venues/venue';
import { type PlannerGrid, type PlannerInspector, type PlannerVenue, planDay } from '../planning/planner';
import { keptUncovered, planParts, type VenueLabel } from '../planning/stored-plan';

export interface PlanJobOptions {
  /** A re-plan: plan every subtree again (new generation) with the current rules, even if the day is done. */
  force?: boolean;
  /** Who asked (a re-plan from the API). */
  requestedBy?: string;
  /** Limit the run to the subtrees up to and including the top-level subtree containing this grid. */
  gridId?: string;
  /** Stop (resumably) after this much wall time, between subtrees; at least one subtree is planned per run. */
  timeBudgetMs?: number;
  /** How long the lease lasts without renewal; renewed at every subtree and by the run's heartbeat (every third of it). Default 1 minute. */
  leaseMs?: number;
  /** The lease owner (default: a fresh id per run). */
  owner?: string;
  /** Only start the run (a re-plan's new generation), plan nothing: a queued job does the work. */
  startOnly?: boolean;
  /** Called after each subtree is stored (tests inject failures here). */
  afterSubtree?: (topGridId: string, plannedInThisRun: number) => void | Promise<void>;
}

export interface PlanJobResult {
  /**
   * 'done': the plan is complete; 'partial': stopped on the time budget, resumable; 'subtrees-done':
   * a `gridId` run planned its subtrees, others remain; 'busy': another run holds the lease.
   */
  status: 'done' | 'partial' | 'subtrees-done' | 'busy' | 'already-done' | 'skipped';
  run?: PlanRun;
  /** 'busy': when the other run's lease ends unless it is renewed (a run that died renews nothing). */
  busyUntil?: string;
  /** Subtrees planned by this run. */
  planned: number;
}

/**
 * A live run renews its lease every third of this (a heartbeat, besides every subtree), so a run
 * that died holds the day for at most this long: the next run, or a re-plan, takes over after it.
 */
export const DEFAULT_LEASE_MS = 60_000;

/** Venue attributes the planner and the list need; the rest of the item is not read. */
const VENUE_FIELDS = ['id', 'name', 'kind', 'gridId', 'gridPath', 'risk', 'status', 'address', 'blackCard', 'followUpDue', 'lastInspectedAt'] as const;
type PlannedVenueItem = Pick<Venue, (typeof VENUE_FIELDS)[number]>;

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** The rules a run plans with: the version it started with (resume), else the current ones. */
async function rulesOf(data: ReturnType<typeof tenantData>, run: PlanRun, current: TenantRules): Promise<TenantRules> {
  if (run.rulesVersion === current.version) return current;
  if (run.rulesVersion === 0) return defaultRules();
  return (await data.rules.version(run.rulesVersion)) ?? current;
}

export async function runPlanJob(db: Db, tenantId: string, date: string, clock: Clock, options: PlanJobOptions = {}): Promise<PlanJobResult> {
  const tenant = await tenantDirectory(db).find(tenantId);
  if (tenant?.status !== 'active') return { status: 'skipped', planned: 0 };
  const data = tenantData(db, tenantId);
  const plans = planRepository(db, tenantId);
  const keys = tenantKeys(tenantId);
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const owner = options.owner ?? ulid();
  const started = performance.now();

  const current = await data.rules.get();
  const acquired = await plans.acquire(date, { owner, now: clock.now(), leaseMs, force: !!options.force, rulesVersion: current.version, requestedBy: options.requestedBy });
  if (acquired === 'done') return { status: 'already-done', run: await plans.getRun(date, true), planned: 0 };
  if ('busyUntil' in acquired) return { status: 'busy', busyUntil: acquired.busyUntil, planned: 0 };
  let run = acquired;
  const generation = run.generation;
  let planned = 0;
  // The heartbeat: while this run lives, its lease does not run out between subtrees however long one takes.
  const heartbeat = setInterval(() => void plans.renew(date, owner, generation, { now: clock.now(), leaseMs }).catch(() => undefined), Math.max(1000, leaseMs / 3));
  heartbeat.unref?.();

  try {
    const rules = await rulesOf(data, run, current);
    const [grids, users, topGrids, markers] = await Promise.all([data.grids.tree(), data.users.all(), data.grids.topLevel(), plans.markers(date)]);
    const tops = [...topGrids].sort(byPath);
    const plannerGrids: PlannerGrid[] = grids.map((g) => ({ id: g.id, path: g.path, parentId: g.parentId, level: g.level }));
    const pathOf = new Map(grids.map((g) => [g.id, g.path]));
    const people = users.filter((u) => u.status === 'active' && (u.roles.includes('inspector') || u.roles.includes('industry-authority')));
    const userById = new Map(people.map((u) => [u.id, u]));
    const toDate = (iso: string) => localDate(new Date(iso), tenant.timezone);

    let last = tops.length - 1;
    if (options.gridId) {
      const path = pathOf.get(options.gridId);
      if (!path) throw new Error(`plan job: no grid ${options.gridId} in tenant ${tenantId}`);
      last = tops.findIndex((t) => path.startsWith(t.path));
    }

    run = await plans.begin(date, owner, generation, {
      now: clock.now(),
      leaseMs,
      subtreesTotal: tops.length,
      workingDay: isWorkingDay(rules, date),
      quotaKinds: rules.quota.venueKinds,
    });

    const elsewhere = new Map<string, number>();
    const addCounts = (m: SubtreeMarker) => {
      for (const [id, [n]] of Object.entries(m.people)) elsewhere.set(id, (elsewhere.get(id) ?? 0) + n);
    };
    const doneMarkers = new Map<string, SubtreeMarker>();
    const topIds = new Set(tops.map((t) => t.id));
    for (const [top, m] of markers) if (m.generation === generation && topIds.has(top)) doneMarkers.set(top, m);

    let stopped = !!options.startOnly;
    for (let i = 0; i <= last && !options.startOnly; i++) {
      const top = tops[i];
      const marker = doneMarkers.get(top.id);
      if (marker) {
        addCounts(marker);
        continue;
      }
      if (planned > 0 && options.timeBudgetMs !== undefined && performance.now() - started > options.timeBudgetMs) {
        stopped = true;
        break;
      }

      const result = await planSubtree({ db, keys, date, rules, top, plannerGrids, people, pathOf, elsewhere, toDate });
      const parts = planParts(result.plan, {
        top: top.id,
        generation,
        labels: result.labels,
        people: new Map(
          result.plan.inspectors.map((p) => [p.inspectorId, { displayName: userById.get(p.inspectorId)?.displayName, homePath: p.homeGridId ? pathOf.get(p.homeGridId) : undefined }]),
        ),
      });
      const stored = await plans.writeSubtree(date, {
        owner,
        generation,
        top: top.id,
        parts,
        previous: markers.get(top.id),
        totals: result.plan.totals,
        ...keptUncovered(result.plan.uncovered),
        subtreesDone: doneMarkers.size + 1,
        now: clock.now(),
        leaseMs,
      });
      doneMarkers.set(top.id, stored);
      addCounts(stored);
      planned++;
      await options.afterSubtree?.(top.id, planned);
    }

    if (tops.every((t) => doneMarkers.has(t.id))) {
      const sum = (f: (t: SubtreeTotals) => number) => [...doneMarkers.values()].reduce((n, m) => n + (m.totals ? f(m.totals) : 0), 0);
      run = await plans.finish(date, {
        owner,
        generation,
        tops: tops.map((t) => t.id),
        markers,
        now: clock.now(),
        totals: {
          venues: sum((t) => t.venues),
          eligible: sum((t) => t.eligible),
          assignments: sum((t) => t.assignments),
          mandatory: sum((t) => t.mandatory),
          leftOver: sum((t) => t.leftOver),
          uncoveredGrids: [...doneMarkers.values()].reduce((n, m) => n + (m.uncoveredCount ?? 0), 0),
        },
      });
      return { status: 'done', run, planned };
    }
    await plans.release(date, owner);
    return { status: stopped ? 'partial' : 'subtrees-done', run: await plans.getRun(date, true), planned };
  } catch (error) {
    await plans.release(date, owner).catch(() => undefined);
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}

interface SubtreeInput {
  db: Db;
  keys: ReturnType<typeof tenantKeys>;
  date: string;
  rules: TenantRules;
  top: Grid;
  plannerGrids: PlannerGrid[];
  people: User[];
  pathOf: ReadonlyMap<string, string>;
  elsewhere: ReadonlyMap<string, number>;
  toDate: (iso: string) => string;
}

/** Read one subtree (its open problems, then its venues, streamed) and plan it. */
async function planSubtree(s: SubtreeInput) {
  const { db, keys, date, top } = s;
  // The people working there: locality inspectors with a grid in the subtree, and every industry authority.
  const inspectors: PlannerInspector[] = s.people
    .filter((u) => u.roles.includes('industry-authority') || (u.roles.includes('inspector') && u.gridIds.some((g) => s.pathOf.get(g)?.startsWith(top.path))))
    .map((u) => ({ id: u.id, roles: u.roles, gridIds: u.gridIds, venueKinds: u.venueKinds, onLeave: u.onLeave, assignedElsewhere: s.elsewhere.get(u.id) ?? 0 }));

  // Venues due for a re-check: a problem whose rectification was reported, or whose deadline has passed.
  const recheck = new Set<string>();
  for await (const p of queryEach<Pick<Problem, 'venueId' | 'status' | 'deadline'>>(db, keys.problemsInSubtree(top.path, 'OPEN'), {
    projection: ['venueId', 'status', 'deadline'],
  })) {
    if (p.status === 'rectification-reported' || p.deadline < date) recheck.add(p.venueId);
  }

  const venues: PlannerVenue[] = [];
  const labels = new Map<string, VenueLabel>();
  for await (const v of queryEach<PlannedVenueItem>(db, keys.venuesInSubtree(top.path), { projection: VENUE_FIELDS })) {
    const lastInspectedDate = v.lastInspectedAt ? s.toDate(v.lastInspectedAt) : undefined;
    venues.push({
      id: v.id,
      gridId: v.gridId,
      gridPath: v.gridPath,
      kind: v.kind,
      risk: v.risk,
      status: v.status,
      blackCarded: !!v.blackCard,
      recheckDue: recheck.has(v.id),
      // 回头看 is due from its date until the venue has been inspected on or after it.
      followUpDue: !!v.followUpDue && v.followUpDue <= date && !(lastInspectedDate && lastInspectedDate >= v.followUpDue),
      ...(lastInspectedDate ? { lastInspectedDate } : {}),
    });
    labels.set(v.id, { name: v.name, risk: v.risk, ...(v.address ? { address: v.address } : {}) });
  }

  const plan = planDay({ date, rules: s.rules, grids: s.plannerGrids, inspectors, venues });
  return { plan, labels };
}
