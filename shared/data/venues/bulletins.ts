/**
 * Supervision bulletins (督查通报): numbered per tenant and year (2026-第15期), the number taken from a
 * counter item in the same transaction as the bulletin. Naming a venue can black-card it
 * (rules.blackCard.triggers.namedInBulletin).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Actor } from '../../domain/actor';
import { bulletinNumber } from '../../domain/venues/ladder';
import { localDate } from '../../domain/local-day';
import { InspectionId } from '../../domain/venues/inspection';
import { type Problem, ProblemId } from '../../domain/venues/problem';
import { defaultRules, type TenantRules, withDefaults } from '../../domain/rules';
import { type Scope, scopeFromPaths, seesWholeTenant } from '../../domain/scope';
import { bulletinCardReason, systemReason } from '../../domain/venues/system-reason';
import type { Tenant } from '../../domain/tenant';
import { type Venue, VenueId } from '../../domain/venues/venue';
import { badRequest, because, conflict, DomainError, notFound } from '../../errors';
import { batchGet, type Fetched } from '../batch';
import { type Db, type Page, queryPage } from '../db';
import type { EnforcementRepository } from './enforcement';
import { tenantKeys } from '../keys';
import { getItem, getRaw } from '../write';
import { eachOnce } from '../../errors';

/** A client-generated ULID: the same rule and message as an inspection id. */
const Ulid = InspectionId;

export const BulletinInput = z
  .strictObject({
    /** Client-generated: a resend returns the published bulletin. */
    id: Ulid,
    title: z.string().trim().min(1).max(100),
    body: z.string().trim().min(1).max(10_000),
    venues: z
      .array(z.strictObject({ venueId: VenueId, note: z.string().trim().max(500).optional() }))
      .max(30)
      .default([]),
    problemIds: z.array(ProblemId).max(60).default([]),
  })
  .refine((b) => new Set(b.venues.map((v) => v.venueId)).size === b.venues.length, { ...eachOnce('venue'), path: ['venues'] })
  .refine((b) => new Set(b.problemIds).size === b.problemIds.length, { ...eachOnce('problem'), path: ['problemIds'] });
export type BulletinInput = z.output<typeof BulletinInput>;

export const BulletinVenue = z.object({ venueId: z.string(), venueName: z.string(), venueKind: z.string(), gridPath: z.string(), note: z.string().optional() });
export const BulletinProblem = z.object({
  problemId: z.string(),
  venueId: z.string(),
  venueName: z.string(),
  venueKind: z.string(),
  gridPath: z.string(),
  itemLabelZh: z.string(),
  status: z.string(),
  deadline: z.string(),
});
export const Bulletin = z.object({
  id: z.string(),
  /** 2026-第15期 */
  number: z.string(),
  year: z.string(),
  seq: z.number(),
  title: z.string(),
  body: z.string(),
  venues: z.array(BulletinVenue),
  problems: z.array(BulletinProblem),
  publishedAt: z.string(),
  publishedBy: z.string(),
  /** Entries left out because they are outside the reader's scope. */
  hiddenEntries: z.number().optional(),
});
export type Bulletin = z.infer<typeof Bulletin>;

const MAX_ATTEMPTS = 5;

/**
 * A resend is the same publisher sending the same content; the same id with anything else is a 409
 * (as for inspections, closure notices and photos), never the stored bulletin with the new text dropped.
 */
function assertSameBulletin(stored: Bulletin, input: BulletinInput, actor: Actor): void {
  const same =
    stored.publishedBy === actor.userId &&
    stored.title === input.title &&
    stored.body === input.body &&
    JSON.stringify(stored.venues.map((v) => [v.venueId, v.note ?? ''])) === JSON.stringify(input.venues.map((v) => [v.venueId, v.note ?? ''])) &&
    JSON.stringify(stored.problems.map((p) => p.problemId)) === JSON.stringify(input.problemIds);
  if (!same) throw conflict(`bulletin ${input.id} was already published with different content`, because('resend.differs'));
}

export function bulletinRepository(db: Db, tenantId: string, enforcement: EnforcementRepository) {
  const keys = tenantKeys(tenantId);

  async function find(id: string): Promise<Bulletin | undefined> {
    return getItem<Bulletin>(db, keys.bulletin(id), true);
  }

  /**
   * Black-card the named venues if the rules say so; venues already carded are left as they are.
   * `fetched` holds the venues the publish BatchGet already read (strongly consistent); only the
   * others are read here. A stale version on an already-read venue is re-read once and retried.
   */
  async function cardNamedVenues(bulletin: Bulletin, rules: TenantRules, today: string, now: Date, fetched: Fetched): Promise<string[]> {
    if (!rules.blackCard.triggers.namedInBulletin) return [];
    const carded: string[] = [];
    for (const named of bulletin.venues) {
      const known = fetched.get<Venue>(keys.venue(named.venueId));
      let venue = known ?? (await enforcement.getVenue(named.venueId));
      for (let reread = !known; ; reread = true) {
        if (!venue || venue.blackCard) break;
        try {
          await enforcement.apply(
            venue,
            { type: 'issue-black-card', source: 'bulletin', bulletinId: bulletin.id, triggers: ['named-in-bulletin'], ...systemReason([bulletinCardReason(bulletin.number)]) },
            { by: bulletin.publishedBy, at: now.toISOString(), date: today },
          );
          carded.push(venue.id);
          break;
        } catch (error) {
          if (!(error instanceof DomainError && error.status === 409)) throw error;
          if (reread) break;
          venue = await enforcement.getVenue(named.venueId);
        }
      }
    }
    return carded;
  }

  return {
    find,

    /**
     * Publish a bulletin. Calls: BatchGet (bulletin id, tenant, rules, caller's grids, the named
     * venues and problems) + GetItem (counter) + TransactWrite (counter + bulletin), then per named
     * venue that earns a black card: TransactWrite (and a GetItem only for a venue the BatchGet did
     * not read). A resend of the same id returns the
     * bulletin (created: false) and finishes any black cards a crash left out.
     */
    async publish(
      actor: Actor,
      input: BulletinInput,
      now: Date,
      assertVisible: (actor: Actor, scope: Scope, thing: { kind: string; gridPath: string }) => void,
    ): Promise<{ bulletin: Bulletin; created: boolean; blackCarded: string[] }> {
      const gridKeys = seesWholeTenant(actor) ? [] : [...new Set(actor.gridIds)].slice(0, 95).map((g) => keys.grid(g));
      const fetched = await batchGet(db, [
        keys.bulletin(input.id),
        keys.tenant(),
        keys.rules(),
        ...gridKeys,
        ...input.venues.map((v) => keys.venue(v.venueId)),
        ...input.problemIds.map((id) => keys.problem(id)),
      ]);
      const tenant = fetched.get<Tenant>(keys.tenant());
      if (!tenant) throw notFound('tenant');
      const stored = fetched.get<TenantRules>(keys.rules());
      const rules = stored ? withDefaults(stored) : defaultRules();
      const today = localDate(now, tenant.timezone);
      const existing = fetched.get<Bulletin>(keys.bulletin(input.id));
      if (existing) {
        assertSameBulletin(existing, input, actor);
        return { bulletin: existing, created: false, blackCarded: await cardNamedVenues(existing, rules, today, now, fetched) };
      }

      const scope: Scope = seesWholeTenant(actor)
        ? { kind: 'tenant' }
        : scopeFromPaths(actor, gridKeys.map((k) => fetched.get<{ path: string; status: string }>(k)).filter((g) => g?.status === 'active').map((g) => g!.path));
      const venues = input.venues.map((entry, i) => {
        const venue = fetched.get<Venue>(keys.venue(entry.venueId));
        if (!venue) throw badRequest(`venues.${i}.venueId`, 'no venue with this id');
        assertVisible(actor, scope, venue);
        return { venueId: venue.id, venueName: venue.name, venueKind: venue.kind, gridPath: venue.gridPath, ...(entry.note && { note: entry.note }) };
      });
      const problems = input.problemIds.map((id, i) => {
        const p = fetched.get<Problem>(keys.problem(id));
        if (!p) throw badRequest(`problemIds.${i}`, 'no problem with this id');
        assertVisible(actor, scope, { kind: p.venueKind, gridPath: p.gridPath });
        return { problemId: p.id, venueId: p.venueId, venueName: p.venueName, venueKind: p.venueKind, gridPath: p.gridPath, itemLabelZh: p.itemLabelZh, status: p.status, deadline: p.deadline };
      });

      const year = today.slice(0, 4);
      const counterKey = keys.counter('BULLETIN', year);
      for (let attempt = 1; ; attempt++) {
        const current = Number((await getRaw(db, counterKey, true))?.seq ?? 0);
        const bulletin: Bulletin = {
          id: input.id,
          number: bulletinNumber(year, current + 1),
          year,
          seq: current + 1,
          title: input.title,
          body: input.body,
          venues,
          problems,
          publishedAt: now.toISOString(),
          publishedBy: actor.userId,
        };
        try {
          await db.doc.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Update: {
                    TableName: db.table,
                    Key: counterKey,
                    UpdateExpression: 'SET seq = :next, entity = :entity',
                    ConditionExpression: current === 0 ? 'attribute_not_exists(pk)' : 'seq = :current',
                    ExpressionAttributeValues: { ':next': current + 1, ':entity': 'counter', ...(current === 0 ? {} : { ':current': current }) },
                  },
                },
                {
                  Put: {
                    TableName: db.table,
                    Item: { ...keys.bulletin(bulletin.id), ...keys.bulletinListEntry(bulletin), entity: 'bulletin', schemaVersion: 1, ...bulletin },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ],
            }),
          );
          return { bulletin, created: true, blackCarded: await cardNamedVenues(bulletin, rules, today, now, fetched) };
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          if (error.CancellationReasons?.[1]?.Code === 'ConditionalCheckFailed') {
            // The same bulletin was published by a concurrent resend.
            const other = await find(input.id);
            if (other) {
              assertSameBulletin(other, input, actor);
              return { bulletin: other, created: false, blackCarded: [] };
            }
          }
          if (attempt >= MAX_ATTEMPTS) throw new DomainError(409, 'busy', 'bulletin numbers are being taken at the same moment; resend', because('busy'));
        }
      }
    },

    /** Bulletins, newest number first. */
    list(options: { limit?: number; cursor?: string }): Promise<Page<Bulletin>> {
      return queryPage<Bulletin>(db, keys.bulletins(), { ...options, newestFirst: true });
    },
  };
}
export type BulletinRepository = ReturnType<typeof bulletinRepository>;

/** A bulletin as a reader sees it: the entries outside their scope are left out (and counted). */
export function bulletinForReader(b: Bulletin, canSee: (thing: { kind: string; gridPath: string }) => boolean): Bulletin {
  const venues = b.venues.filter((v) => canSee({ kind: v.venueKind, gridPath: v.gridPath }));
  const problems = b.problems.filter((p) => canSee({ kind: p.venueKind, gridPath: p.gridPath }));
  const hidden = b.venues.length - venues.length + b.problems.length - problems.length;
  return { ...b, venues, problems, ...(hidden ? { hiddenEntries: hidden } : {}) };
}
