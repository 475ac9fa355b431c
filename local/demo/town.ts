/**
 * What the demo's history remembers while it plays the days through: the people as actors, the
 * venues as created, and the problems it has seen opened and moved along the ladder. Everything
 * written goes through the repositories (tenantData) exactly as the API writes it; this only holds
 * what the next step needs to decide, never a second copy of the truth to show anyone.
 */
import type { DemoPhotos } from './photos';
import type { VenueCodeKeyring } from '../../shared/domain/venues/venue-code';
import type { Actor } from '../../shared/domain/actor';
import type { Checklist } from '../../shared/domain/venues/checklist';
import type { Grid } from '../../shared/domain/grid';
import type { ProblemStatus } from '../../shared/domain/venues/problem';
import { localInstant } from '../../shared/domain/local-day';
import type { Venue } from '../../shared/domain/venues/venue';
import type { ProblemRequest, TransitionResult } from '../../shared/data/venues/problems';
import type { TenantData } from '../../shared/data/tenant-data';
import { DomainError } from '../../shared/errors';
import type { DemoTenant } from './tenants';

export const TIME_ZONE = 'Asia/Shanghai';

/** Where a problem stands, as far as the demo's next steps care. */
export interface TrackedProblem {
  id: string;
  venueId: string;
  itemCode: string;
  status: ProblemStatus;
  /** The tenant-local day of its last step. */
  since: string;
  /** Its version after the demo's last step (the night's escalation may have moved it on since). */
  version: number;
}

export interface Town {
  tenant: DemoTenant;
  data: TenantData;
  venueCodeKeys: VenueCodeKeyring;
  actors: Map<string, Actor>;
  /** The whole-tenant supervisor: notices, suspensions, black cards, bulletins. */
  office: Actor;
  venues: Map<string, Venue>;
  paths: Map<string, string>;
  checklists: Map<string, Checklist>;
  /** Kinds that fill the quota (the rules' quota.venueKinds). */
  quotaKinds: Set<string>;
  problems: Map<string, TrackedProblem>;
  /** Venue ids by the tenant-local day a suspension was recommended. */
  suspensionsRecommended: { venueId: string; date: string }[];
  /** The instant of a tenant-local time of day. */
  at(date: string, minutes: number): Date;
  /** Photos of some failed inspections and rectifications (when the seed has a photo store). */
  photos?: DemoPhotos;
}

export async function openTown(data: TenantData, tenant: DemoTenant, venues: Venue[], grids: Grid[], venueCodeKeys: VenueCodeKeyring): Promise<Town> {
  const actors = new Map<string, Actor>(
    tenant.users.map((u) => [u.id, { userId: u.id, tenantId: tenant.id, roles: u.roles, gridIds: u.gridIds ?? [], venueKinds: u.venueKinds ?? [] }]),
  );
  const office = [...actors.values()].find((a) => a.roles.includes('supervisor') && a.gridIds.length === 0);
  if (!office) throw new Error(`demo tenant ${tenant.id} has no whole-tenant supervisor`);
  const checklists = new Map<string, Checklist>();
  for (const kind of new Set(venues.map((v) => v.kind))) checklists.set(kind, await data.checklists.current(kind, new Date(venues[0].createdAt)));
  const rules = await data.rules.get();
  return {
    tenant,
    data,
    quotaKinds: new Set(rules.quota.venueKinds),
    venueCodeKeys,
    actors,
    office,
    venues: new Map(venues.map((v) => [v.id, v])),
    paths: new Map(grids.map((g) => [g.id, g.path])),
    checklists,
    problems: new Map(),
    suspensionsRecommended: [],
    at: (date, minutes) => localInstant(date, minutes, TIME_ZONE),
  };
}

/** The locality inspector whose grids hold this venue (the most specific grid first), if any. */
export function localInspectorOf(town: Town, venue: Pick<Venue, 'gridPath'>): Actor | undefined {
  let best: { actor: Actor; depth: number } | undefined;
  for (const actor of town.actors.values()) {
    if (!actor.roles.includes('inspector')) continue;
    for (const gridId of actor.gridIds) {
      const path = town.paths.get(gridId);
      if (path && venue.gridPath.startsWith(path) && (!best || path.length > best.depth)) best = { actor, depth: path.length };
    }
  }
  return best?.actor;
}

/**
 * Two people at one venue at the same moment (the grid's inspector and the industry authority on a
 * black-carded venue) can meet in one transaction: the API answers 409 busy and the phone resends.
 */
export async function resending<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'busy') || attempt >= 5) throw error;
      await new Promise((resume) => setTimeout(resume, 10 * attempt));
    }
  }
}

/**
 * One step of a problem's ladder with the version the demo last saw, as a person who just loaded
 * the ledger would; when the night's escalation has marked it overdue since (a 409 with the current
 * version), once more with that version. The problem as tracked follows the step.
 */
export async function problemStep(
  town: Town,
  actor: Actor,
  tracked: TrackedProblem,
  request: (version: number) => ProblemRequest,
  now: Date,
  date: string,
): Promise<TransitionResult> {
  let done: TransitionResult;
  try {
    done = await resending(() => town.data.problems.act(actor, tracked.id, request(tracked.version), now));
  } catch (error) {
    const current = error instanceof DomainError && error.status === 409 ? error.details?.currentVersion : undefined;
    if (typeof current !== 'number') throw error;
    done = await resending(() => town.data.problems.act(actor, tracked.id, request(current), now));
  }
  town.problems.set(tracked.id, { ...tracked, status: done.problem.status, since: date, version: done.problem.version });
  return done;
}
