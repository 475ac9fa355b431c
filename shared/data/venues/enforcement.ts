/**
 * A venue's enforcement state (black card 挂黑牌, suspension 停业整顿, closure by notice) and its
 * history. Every change is one transaction: the venue (version-checked, version bumped), one history
 * event per step, and the register items (black-carded venues, suspensions) kept with it.
 * The black-card trigger rules are evaluated here for the inspection submit and the escalation job.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Actor } from '../../domain/actor';
import {
  applyVenueAction,
  authorizeVenueAction,
  evidenceSince,
  type InspectionEvidence,
  type RegisterName,
  type VENUE_ACTION_ROLES,
  type VenueAction,
  type VenueChange,
  type VenueEvent,
} from '../../domain/venues/ladder';
import { addDays, localDate } from '../../domain/local-day';
import type { Inspection } from '../../domain/venues/inspection';
import type { Problem } from '../../domain/venues/problem';
import { type BlackCardFacts, type BlackCardTrigger, blackCardTriggers, type TenantRules } from '../../domain/rules';
import { type Scope, scopeFromPaths, seesWholeTenant } from '../../domain/scope';
import { blackCardRuleReasons, inspectionSuspensionReason, systemReason } from '../../domain/venues/system-reason';
import type { Tenant } from '../../domain/tenant';
import type { Venue } from '../../domain/venues/venue';
import { DomainError, notFound } from '../../errors';
import { batchGet, queryRaw } from '../batch';
import { type Db, type Page, queryPage } from '../db';
import { type Key, tenantKeys } from '../keys';
import { assertInspectionOf, referenceKeys } from '../references';
import { getItem, staleVersion, updateExpression } from '../write';

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

/** A rule's black card: its triggers as codes with the rule's thresholds (worded per reader). */
export const ruleCardReason = (rules: Pick<TenantRules, 'blackCard'>, triggers: BlackCardTrigger[]) => systemReason(blackCardRuleReasons(rules, triggers));

export interface RecentInspection {
  id: string;
  date: string;
  outcome: string;
}

export function enforcementRepository(db: Db, tenantId: string) {
  const keys = tenantKeys(tenantId);

  async function getVenue(venueId: string): Promise<Venue | undefined> {
    return getItem<Venue>(db, keys.venue(venueId), true);
  }

  /**
   * Write one or more changes to a venue as one transaction, if its version is still `venue.version`.
   * Returns the venue after the changes and the events written.
   */
  async function writeChanges(
    venue: Venue,
    changes: VenueChange[],
    ctx: { at: string; date: string },
    /** Also require that no inspection was stored since `venue` was read (its newest is still this one). */
    unchanged?: { lastInspectedAt: string | undefined },
  ): Promise<{ venue: Venue; events: VenueEvent[] }> {
    const set: Partial<Venue> = Object.assign({}, ...changes.map((c) => c.set));
    const remove = [...new Set(changes.flatMap((c) => c.remove))].filter((name) => !(name in set));
    const next: Venue = { ...venue, ...set, version: venue.version + 1, updatedAt: ctx.at };
    for (const name of remove) delete (next as Record<string, unknown>)[name];

    const events: VenueEvent[] = changes.map((c, i) => ({ id: ulid(Date.parse(ctx.at) + i), date: ctx.date, ...c.event }));
    const registers = new Map<RegisterName, 'put' | 'delete'>();
    for (const c of changes) for (const [name, op] of Object.entries(c.registers) as [RegisterName, 'put' | 'delete'][]) registers.set(name, op);

    const items: TransactItems = [
      {
        Update: {
          TableName: db.table,
          Key: keys.venue(venue.id),
          ...updateExpression(set, remove, {
            sets: ['#version = :next', 'updatedAt = :at'],
            names: { '#version': 'version' },
            values: { ':expected': venue.version, ':next': next.version, ':at': ctx.at, ...(unchanged?.lastInspectedAt && { ':seen': unchanged.lastInspectedAt }) },
          }),
          ConditionExpression: !unchanged
            ? '#version = :expected'
            : unchanged.lastInspectedAt
              ? '#version = :expected AND lastInspectedAt = :seen'
              : '#version = :expected AND attribute_not_exists(lastInspectedAt)',
        },
      },
      ...events.map((e, n) => ({
        Put: {
          TableName: db.table,
          Item: {
            ...keys.venueEvent(venue.id, next.version, n),
            ...keys.enforcementDayEntry({ date: e.date, gridPath: venue.gridPath, at: e.at, id: e.id }),
            entity: 'venue-event',
            schemaVersion: 1,
            ...e,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
      ...[...registers].map(([name, op]) =>
        op === 'delete'
          ? { Delete: { TableName: db.table, Key: keys.register(name, venue.id) } }
          : {
              Put: {
                TableName: db.table,
                Item: {
                  ...keys.register(name, venue.id),
                  entity: 'register',
                  schemaVersion: 1,
                  venueId: venue.id,
                  venueName: venue.name,
                  venueKind: venue.kind,
                  gridPath: venue.gridPath,
                  since: name === 'BLACKCARD' ? next.blackCard?.since : next.suspension?.recommendedAt,
                  state: name === 'SUSPENSION' ? next.suspension?.state : undefined,
                },
              },
            },
      ),
    ];
    try {
      await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const latest = await getVenue(venue.id);
        if (!latest) throw notFound('venue');
        throw staleVersion('venue', latest.version);
      }
      throw error;
    }
    return { venue: next, events };
  }

  /** The venue after one action (or unchanged when the action finds nothing to do). */
  async function apply(venue: Venue, action: VenueAction, ctx: { by: string; at: string; date: string }) {
    const change = applyVenueAction(venue, action, ctx);
    if (!change) return { venue, events: [] as VenueEvent[] };
    return writeChanges(venue, [change], ctx);
  }

  /** The venue's inspections that ended at or after `since` (its history index, gsi1), as evidence. */
  async function inspectionsSince(venueId: string, since: string): Promise<InspectionEvidence[]> {
    return (await queryRaw(db, keys.venueInspections(venueId), { skFrom: since, projection: ['endedAt', 'outcome'] })) as unknown as InspectionEvidence[];
  }

  /** Facts for the black-card rules: 1 Query per trigger that is on (inspections; problems). */
  async function facts(venueId: string, rules: TenantRules, today: string, also?: RecentInspection): Promise<BlackCardFacts> {
    const t = rules.blackCard.triggers;
    let failedInspectionDates: string[] = [];
    if (t.failedInspections) {
      // endedAt is UTC: start a day early, then count by the inspection's tenant-local date.
      const from = addDays(today, -(t.failedInspections.withinDays + 1));
      const recent = (await queryRaw(db, keys.venueInspections(venueId), { skFrom: from, projection: ['id', 'date', 'outcome'] })) as unknown as RecentInspection[];
      const byId = new Map(recent.map((i) => [i.id, i]));
      // The index is eventually consistent: the inspection just stored may not be in it yet.
      if (also) byId.set(also.id, also);
      failedInspectionDates = [...byId.values()].filter((i) => i.outcome !== 'pass').map((i) => i.date);
    }
    let missedDeadlines: string[] = [];
    if (t.overdueRectifications) {
      const problems = (await queryRaw(db, keys.venueProblems(venueId), { projection: ['id', 'status', 'deadline', 'missedDeadlines'] })) as unknown as Pick<
        Problem,
        'status' | 'deadline' | 'missedDeadlines'
      >[];
      missedDeadlines = problems.flatMap((p) => [...(p.missedDeadlines ?? []), ...(p.status !== 'closed' && p.deadline < today ? [p.deadline] : [])]);
    }
    return { failedInspectionDates, namedInBulletin: false, missedDeadlines };
  }

  /** Scope and visibility for an API caller, from grid items read in the same BatchGet as the venue. */
  async function loadForAction(actor: Actor, venueId: string, extra: Key[] = []) {
    const gridKeys = seesWholeTenant(actor) ? [] : [...new Set(actor.gridIds)].slice(0, 95).map((g) => keys.grid(g));
    const fetched = await batchGet(db, [keys.venue(venueId), keys.tenant(), ...gridKeys, ...extra]);
    const venue = fetched.get<Venue>(keys.venue(venueId));
    if (!venue) throw notFound('venue');
    const tenant = fetched.get<Tenant>(keys.tenant());
    if (!tenant) throw notFound('tenant');
    const scope: Scope = seesWholeTenant(actor)
      ? { kind: 'tenant' }
      : scopeFromPaths(
          actor,
          gridKeys.map((k) => fetched.get<{ path: string; status: string }>(k)).filter((g) => g?.status === 'active').map((g) => g!.path),
        );
    return { venue, tenant, scope, fetched };
  }

  return {
    getVenue,
    apply,

    /**
     * A caller's action on a venue: 1 BatchGet (venue, tenant, caller's grids) + 1 TransactWrite.
     * 404 unknown venue, 403 role/scope, 409 stale version or illegal transition.
     */
    async act(
      actor: Actor,
      venueId: string,
      request: { type: keyof typeof VENUE_ACTION_ROLES; version: number; reason: string; inspectionId?: string },
      now: Date,
      assertVisible: (actor: Actor, scope: Scope, venue: Venue) => void,
    ): Promise<{ venue: Venue; event: VenueEvent }> {
      const { venue, tenant, scope, fetched } = await loadForAction(actor, venueId, referenceKeys(keys, { inspectionId: request.inspectionId }));
      assertVisible(actor, scope, venue);
      authorizeVenueAction(actor, scope, venue, request.type);
      if (request.inspectionId) assertInspectionOf(venue.id, fetched.get<Inspection>(keys.inspection(request.inspectionId)));
      if (venue.version !== request.version) throw staleVersion('venue', venue.version);
      const at = now.toISOString();
      const ctx = { by: actor.userId, at, date: localDate(now, tenant.timezone) };
      if (request.type === 'remove-black-card' || request.type === 'reopen') {
        // 摘牌 and reopening are judged by the venue's inspections themselves, and only if no
        // inspection arrived between that read and the write (lastInspectedAt unchanged).
        const since = evidenceSince(venue, request.type);
        const inspections = since ? await inspectionsSince(venue.id, since) : [];
        const change = applyVenueAction(venue, { type: request.type, reason: request.reason, inspections }, ctx);
        const result = await writeChanges(venue, change ? [change] : [], ctx, { lastInspectedAt: venue.lastInspectedAt });
        return { venue: result.venue, event: result.events[0] };
      }
      const action: VenueAction =
        request.type === 'issue-black-card'
          ? { type: 'issue-black-card', source: 'supervisor', reason: request.reason }
          : request.type === 'recommend-suspension'
            ? { type: 'recommend-suspension', reason: request.reason, inspectionId: request.inspectionId }
            : { type: request.type, reason: request.reason };
      const result = await apply(venue, action, ctx);
      return { venue: result.venue, event: result.events[0] };
    },

    /**
     * Black card by the tenant's rules for a venue not yet carded: facts by Query, then the card if a
     * trigger is met. Returns the triggers met (empty: none). A venue changed meanwhile is skipped.
     */
    async issueByRules(venue: Venue, rules: TenantRules, today: string, now: Date, also?: RecentInspection): Promise<BlackCardTrigger[]> {
      if (venue.blackCard) return [];
      const met = blackCardTriggers(rules, await facts(venue.id, rules, today, also), today);
      if (!met.length) return [];
      try {
        await apply(venue, { type: 'issue-black-card', source: 'rules', triggers: met, ...ruleCardReason(rules, met) }, { by: 'system', at: now.toISOString(), date: today });
      } catch (error) {
        if (error instanceof DomainError && error.status === 409) return [];
        throw error;
      }
      return met;
    },

    /**
     * After an inspection is stored (called by the submit): an outcome of suspension-recommended
     * records the recommendation; a non-pass outcome evaluates the failed-inspections black-card rule.
     * A pass: 0 calls. Otherwise 1 Query (the venue's recent inspections, if that trigger is on)
     * + 1 TransactWrite only if something changes.
     * A lost race (venue changed meanwhile) is retried once with a fresh read (+1 GetItem).
     */
    async afterInspection(
      venue: Venue,
      rules: TenantRules,
      inspection: { id: string; date: string; outcome: string; inspectorId: string },
      now: Date,
    ): Promise<{ blackCard: BlackCardTrigger[]; suspensionRecommended: boolean }> {
      const none = { blackCard: [] as BlackCardTrigger[], suspensionRecommended: false };
      if (inspection.outcome === 'pass') return none;
      const at = now.toISOString();
      // Only the failed-inspections trigger can change when an inspection arrives: deadlines pass at
      // day boundaries, and the daily escalation evaluates overdue rectifications.
      const onArrival: TenantRules = { ...rules, blackCard: { ...rules.blackCard, triggers: { ...rules.blackCard.triggers, overdueRectifications: null } } };
      const met = venue.blackCard || !onArrival.blackCard.triggers.failedInspections ? [] : blackCardTriggers(onArrival, await facts(venue.id, onArrival, inspection.date, inspection), inspection.date);
      for (let attempt = 0; attempt < 2; attempt++) {
        const changes: VenueChange[] = [];
        let current = venue;
        const recommend = inspection.outcome === 'suspension-recommended' && current.status === 'open' && !current.suspension;
        if (recommend) {
          const c = applyVenueAction(current, { type: 'recommend-suspension', ...systemReason([inspectionSuspensionReason]), inspectionId: inspection.id }, { by: inspection.inspectorId, at });
          if (c) {
            changes.push(c);
            current = { ...current, ...c.set };
          }
        }
        if (met.length && !current.blackCard) {
          const c = applyVenueAction(current, { type: 'issue-black-card', source: 'rules', triggers: met, ...ruleCardReason(rules, met) }, { by: 'system', at });
          if (c) changes.push(c);
        }
        if (!changes.length) return none;
        try {
          await writeChanges(venue, changes, { at, date: inspection.date });
          return { blackCard: changes.some((c) => c.event.type === 'black-card-issued') ? met : [], suspensionRecommended: recommend };
        } catch (error) {
          if (!(error instanceof DomainError && error.status === 409) || attempt === 1) throw error;
          const fresh = await getVenue(venue.id);
          if (!fresh) return none;
          venue = fresh;
        }
      }
      return none;
    },

    /** A venue's enforcement history, newest first. */
    events(venueId: string, options: { limit?: number; cursor?: string }): Promise<Page<VenueEvent>> {
      return queryPage<VenueEvent>(db, keys.venueEvents(venueId), { ...options, newestFirst: true });
    },

    /**
     * A register (venues black-carded now, or with a suspension), as the venues themselves: 1 Query
     * of the register (tens to hundreds of items) + BatchGets of the venues (current grid and state).
     */
    async register(name: RegisterName): Promise<Venue[]> {
      const entries = await queryRaw(db, keys.registerEntries(name));
      const venueKeys: Key[] = entries.map((e) => keys.venue(String(e.venueId)));
      const fetched = await batchGet(db, venueKeys, false);
      return venueKeys.map((k) => fetched.get<Venue>(k)).filter((v): v is Venue => !!v);
    },
  };
}
export type EnforcementRepository = ReturnType<typeof enforcementRepository>;
