/**
 * Inspections of one tenant: the idempotent submit (what to store, decided here; the transaction in
 * inspection-store.ts) and the three ways to read them.
 */
import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../../domain/actor';
import { hasRole } from '../../domain/actor';
import {
  authenticityFlags,
  type Inspection,
  inspectionOutcome,
  type ParsedInspectionInput,
  resultProblems,
} from '../../domain/venues/inspection';
import { localDate } from '../../domain/local-day';
import { type Problem, problemIdFor } from '../../domain/venues/problem';
import { type TenantRules, problemDeadline, withDefaults } from '../../domain/rules';
import { inScope, scopeFromPaths, seesWholeTenant } from '../../domain/scope';
import type { Tenant } from '../../domain/tenant';
import type { Venue } from '../../domain/venues/venue';
import { checkVenueCode, type VenueCodeKeyring } from '../../domain/venues/venue-code';
import { badRequest, because, conflict, DomainError, forbidden, notFound } from '../../errors';
import type { ChecklistRepository } from './checklists';
import { type Db, type Page, queryAll, queryPage, toEntity } from '../db';
import { enforcementRepository } from './enforcement';
import { assertPhotos } from '../references';
import { reportRepository } from '../reports';
import { tenantKeys } from '../keys';
import { getItem } from '../write';
import { bodyHashOf, ProblemMovedOn, publicInspection, type StoredInspection, storeInspection } from './inspection-store';
import { failedAgainItems, openProblemsOfVenue } from './problem-failure-items';
import { splitFailures } from '../../domain/venues/failed-again';

/** Offline phones sync late; older than this is refused rather than silently counted. */
const MAX_LATE_DAYS = 7;
const MAX_CLOCK_SKEW_MS = 10 * 60_000;

/** The problems an inspection opens: one per failed item that needs rectifying and has none open. */
function problemsOpened(
  items: readonly { code: string; labelZh: string; labelEn: string; severity: Problem['severity'] }[],
  o: { venue: Venue; inspectionId: string; notes: Map<string, string | undefined>; deadline: (severity: Problem['severity']) => string; by: string; at: string },
): Problem[] {
  return items.map((item) => ({
    id: problemIdFor(o.inspectionId, item.code),
    venueId: o.venue.id,
    venueName: o.venue.name,
    venueKind: o.venue.kind,
    gridId: o.venue.gridId,
    gridPath: o.venue.gridPath,
    inspectionId: o.inspectionId,
    itemCode: item.code,
    itemLabelZh: item.labelZh,
    itemLabelEn: item.labelEn,
    ...(o.notes.get(item.code) && { note: o.notes.get(item.code) }),
    severity: item.severity,
    status: 'open',
    deadline: o.deadline(item.severity),
    openedAt: o.at,
    openedBy: o.by,
    escalations: 0,
    version: 1,
    updatedAt: o.at,
  }));
}

export interface SubmitResult {
  inspection: Inspection;
  /** false when this was a resend of an inspection already stored. */
  created: boolean;
  problems: Problem[];
  /** What the enforcement ladder did after storing it (absent on a resend). */
  enforcement?: { blackCard: string[]; suspensionRecommended: boolean };
  /** The venue's open problems as read with the submit (any: the inspection may re-check them). */
  venueOpenProblems: number;
}

export function inspectionRepository(db: Db, tenantId: string, checklists: ChecklistRepository) {
  const keys = tenantKeys(tenantId);

  async function find(id: string): Promise<StoredInspection | undefined> {
    return getItem<StoredInspection>(db, keys.inspection(id), true);
  }

  /**
   * Late sync: an inspection of a day that has already ended marks that day, so the scheduler closes
   * it again and its report counts it (docs/scheduling.md). After the store, so a close that sees the
   * mark also sees the inspection; a failure here fails the request, and its resend marks again.
   */
  async function noteIfLate(i: Pick<StoredInspection, 'id' | 'date' | 'receivedAt'>, timezone: string | undefined, now: Date) {
    if (timezone && i.date < localDate(now, timezone)) await reportRepository(db, tenantId).noteLateInspection(i.date, i.receivedAt, i.id);
  }

  function resend(stored: StoredInspection, bodyHash: string, venueOpenProblems: number): SubmitResult {
    if (stored.bodyHash !== bodyHash) {
      throw conflict(`inspection ${stored.id} was already submitted with different content`, because('resend.differs'));
    }
    return { inspection: publicInspection(stored), created: false, problems: [], venueOpenProblems };
  }

  /** One attempt at storing an inspection (see `submit`). */
  async function submitOnce(actor: Actor, input: ParsedInspectionInput, ctx: { now: Date; venueCodeKeys: VenueCodeKeyring }): Promise<SubmitResult> {
    const bodyHash = bodyHashOf(input);
    const scoped = !seesWholeTenant(actor) && !hasRole(actor, 'industry-authority');
    // Photos listed must be this tenant's (a photo item is written by POST /api/photos); read in the same BatchGet.
    const photoKeys = [...new Set(input.photoIds)].map((p) => keys.photo(p));
    const gridKeys = scoped ? [...new Set(actor.gridIds)].slice(0, 95 - photoKeys.length).map((g) => keys.grid(g)) : [];
    const batch = await db.doc.send(
      new BatchGetCommand({
        RequestItems: {
          [db.table]: { Keys: [keys.inspection(input.id), keys.venue(input.venueId), keys.tenant(), keys.rules(), ...photoKeys, ...gridKeys], ConsistentRead: true },
        },
      }),
    );
    const found = new Map((batch.Responses?.[db.table] ?? []).map((item) => [`${item.pk}|${item.sk}`, item]));
    const pick = <T>(key: { pk: string; sk: string }) => {
      const item = found.get(`${key.pk}|${key.sk}`);
      return item ? toEntity<T>(item) : undefined;
    };
    if (Object.keys(batch.UnprocessedKeys ?? {}).length) throw new DomainError(429, 'busy', 'the store is busy; retry the submission', because('busy'));

    const venue = pick<Venue>(keys.venue(input.venueId));
    /** Who may inspect this venue: scoped callers within their grids; industry authorities their kinds. */
    function assertMayInspect(v: Venue | undefined): asserts v is Venue {
      if (!v) throw notFound('venue');
      if (hasRole(actor, 'industry-authority') && !hasRole(actor, 'tenant-admin', 'supervisor', 'inspector')) {
        if (!actor.venueKinds.includes(v.kind)) throw forbidden('this venue is not of a kind your authority oversees', because('scope.kind'));
      } else if (scoped) {
        const paths = gridKeys.map((k) => pick<{ path: string; status: string }>(k)).filter((g) => g?.status === 'active').map((g) => g!.path);
        if (!inScope(scopeFromPaths(actor, paths), v.gridPath)) throw forbidden('this venue is outside your grids', because('scope.venue'));
      }
    }

    const existing = pick<StoredInspection>(keys.inspection(input.id));
    if (existing) {
      // A resend gets the authorisation of a first submit: to anyone but its inspector who may not
      // inspect the venue, the id answers as if it were unknown (and tells nothing about its body).
      if (existing.inspectorId !== actor.userId) assertMayInspect(venue);
      const result = resend(existing, bodyHash, venue?.openProblems ?? 0);
      // A resend after a failed late-sync mark marks again (same mark: idempotent).
      await noteIfLate(existing, pick<Tenant>(keys.tenant())?.timezone, ctx.now);
      return result;
    }

    assertMayInspect(venue);
    const tenant = pick<Tenant>(keys.tenant());
    if (!tenant) throw notFound('tenant');
    const storedRules = pick<TenantRules>(keys.rules());
    const rules = storedRules ? withDefaults(storedRules) : withDefaults({ version: 0 });
    assertPhotos(keys, input.photoIds, pick, { venueId: venue.id, inspectionId: input.id });

    const ended = new Date(input.endedAt);
    if (ended.getTime() > ctx.now.getTime() + MAX_CLOCK_SKEW_MS) throw badRequest('endedAt', 'is in the future', 'date.future');
    if (ctx.now.getTime() - ended.getTime() > MAX_LATE_DAYS * 86_400_000) throw badRequest('endedAt', `is more than ${MAX_LATE_DAYS} days ago`, 'date.tooLate', { days: MAX_LATE_DAYS });

    let checklist;
    try {
      checklist = await checklists.version(venue.kind, input.checklistVersion);
    } catch {
      throw badRequest('checklistVersion', `no checklist version ${input.checklistVersion} for ${venue.kind}`);
    }
    const mismatch = resultProblems(input.results, checklist.items);
    if (mismatch.length) throw badRequest('results', mismatch.join('; '));

    const date = localDate(ended, tenant.timezone);
    // A day before the tenant existed has no plan, no report and no close to count it: refuse it.
    if (date < localDate(new Date(tenant.createdAt), tenant.timezone)) throw badRequest('endedAt', 'is before the tenant was set up', 'date.beforeTenant');
    const { outcome, failed } = inspectionOutcome(input.results, checklist.items, rules.outcome);

    const neighbourOut = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        IndexName: keys.inspectorDay(actor.userId, date).index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': keys.inspectorDay(actor.userId, date).pkName },
        ExpressionAttributeValues: { ':pk': keys.inspectorDay(actor.userId, date).pk },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const neighbour = neighbourOut.Items?.[0] as StoredInspection | undefined;
    const venueCode = checkVenueCode(ctx.venueCodeKeys, input.venueCode, { tenantId, venueId: venue.id, codeVersion: venue.codeVersion });
    const flags = authenticityFlags(
      {
        venueCode: !rules.authenticity.requireVenueCodeScan && venueCode === 'missing' ? 'valid' : venueCode,
        venueCoordinates: venue.coordinates,
        position: input.position,
        endedAt: input.endedAt,
        venueId: venue.id,
        neighbour: neighbour && { venueId: neighbour.venueId, endedAt: neighbour.endedAt, coordinates: neighbour.venueCoordinates },
      },
      rules.authenticity,
    );

    const at = ctx.now.toISOString();
    // An item failed again while its problem is open is recorded on it, not opened twice (+1 Query, only then).
    const rectify = failed.filter((item) => item.requiresRectification);
    const openBefore = rectify.length && (venue.openProblems ?? 0) > 0 ? (await openProblemsOfVenue(db, keys, venue.id)).items : [];
    const split = splitFailures(rectify, openBefore);
    const again = split.again.flatMap(({ problem }) => failedAgainItems(db, keys, problem as Problem, { inspectionId: input.id, by: actor.userId, at, today: date }));
    const seenAgain = [...split.again, ...split.awaitingRecheck].map(({ problem }) => problem.id);
    const problems = problemsOpened(split.toOpen, { venue, inspectionId: input.id, notes: new Map(input.results.map((r) => [r.itemCode, r.note])), deadline: (severity) => problemDeadline(rules, severity, date), by: actor.userId, at });

    const inspection: StoredInspection = {
      id: input.id,
      venueId: venue.id,
      venueName: venue.name,
      venueKind: venue.kind,
      gridId: venue.gridId,
      gridPath: venue.gridPath,
      inspectorId: actor.userId,
      date,
      checklistVersion: input.checklistVersion,
      results: input.results,
      note: input.note,
      photoIds: input.photoIds,
      startedAt: input.startedAt,
      endedAt: input.endedAt,
      position: input.position,
      venueCodeScanned: venueCode === 'valid',
      outcome,
      failedItems: failed.map((i) => i.code),
      problemIds: problems.map((p) => p.id),
      ...(seenAgain.length && { failedAgainProblemIds: seenAgain }),
      flags,
      receivedAt: at,
      bodyHash,
      venueCoordinates: venue.coordinates,
    };

    const newestAsRead = !venue.lastInspectedAt || venue.lastInspectedAt <= input.endedAt;
    const stored = await storeInspection(db, keys, { inspection, problems, again, venue, newestAsRead });
    if (stored === 'raced') {
      // Two sends of the same inspection raced: the other one won; answer as a resend.
      const other = await find(input.id);
      if (other) return resend(other, bodyHash, venue.openProblems ?? 0);
      throw conflict('the inspection could not be stored: one of its problems already exists', because('resend.differs'));
    }
    // The enforcement ladder (docs/enforcement.md): a suspension recommendation and the black-card
    // rules. 0 calls for a pass; otherwise 1 Query (+ 1 TransactWrite if it changes something). A failure here does not
    // undo the stored inspection: the scheduled escalation evaluates the rules again.
    let enforcement: SubmitResult['enforcement'];
    try {
      enforcement = await enforcementRepository(db, tenantId).afterInspection(venue, rules, { id: inspection.id, date, outcome, inspectorId: actor.userId }, ctx.now);
    } catch (error) {
      console.error(JSON.stringify({ message: 'enforcement after inspection failed', tenantId, inspectionId: inspection.id, error: (error as Error).message }));
    }
    await noteIfLate(inspection, tenant.timezone, ctx.now);
    return { inspection: publicInspection(inspection), created: true, problems, enforcement, venueOpenProblems: venue.openProblems ?? 0 };
  }

  return {
    /**
     * Store an inspection once. A resend of the same id and body returns the stored inspection;
     * the same id with a different body is a 409. Calls: 1 BatchGet (inspection, venue, tenant,
     * rules, caller's grids), 1 Get (checklist version), 1 Query (caller's latest inspection that
     * day, for the travel flag), 1 TransactWrite.
     */
    async submit(actor: Actor, input: ParsedInspectionInput, ctx: { now: Date; venueCodeKeys: VenueCodeKeyring }): Promise<SubmitResult> {
      try {
        return await submitOnce(actor, input, ctx);
      } catch (error) {
        if (!(error instanceof ProblemMovedOn)) throw error;
        return submitOnce(actor, input, ctx);
      }
    },

    async get(id: string): Promise<Inspection> {
      const stored = await find(id);
      if (!stored) throw notFound('inspection');
      return publicInspection(stored);
    },

    /** A venue's inspections, newest first. */
    async ofVenue(venueId: string, options: { limit?: number; cursor?: string }): Promise<Page<Inspection>> {
      const page = await queryPage<StoredInspection>(db, keys.venueInspections(venueId), { ...options, newestFirst: true });
      return { ...page, items: page.items.map(publicInspection) };
    },

    /** One inspector's inspections on one tenant-local day (tens, not thousands). */
    async ofInspectorDay(userId: string, date: string): Promise<Inspection[]> {
      return (await queryAll<StoredInspection>(db, keys.inspectorDay(userId, date))).map(publicInspection);
    },

    /** All inspections of a grid subtree on a day, page by page. */
    async ofSubtreeDay(date: string, gridPath: string, options: { limit?: number; cursor?: string }): Promise<Page<Inspection>> {
      const page = await queryPage<StoredInspection>(db, keys.dayInspections(date, gridPath), options);
      return { ...page, items: page.items.map(publicInspection) };
    },
  };
}
export type InspectionRepository = ReturnType<typeof inspectionRepository>;
