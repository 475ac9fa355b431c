/**
 * Households (户): created with a client ULID (a resend returns the stored one), edited with a version
 * (a stale one is a 409), moved between grids with their members and counts, read with their members,
 * history and visits in one Query of the household's partition.
 */
import type { Actor } from '../../domain/actor';
import { gridDeltas, householdCounts, mergeGridDeltas, personCounts } from '../../domain/residents/counts';
import type { Household, HouseholdEvent, HouseholdInput, HouseholdPatch } from '../../domain/residents/household';
import { unknownCodes } from '../../domain/residents/rules';
import type { Scope } from '../../domain/scope';
import type { Visit } from '../../domain/residents/visit';
import { badRequest, because, conflict, notFound } from '../../errors';
import { queryRaw } from '../batch';
import { type Page, queryAll, queryEach, queryPage, toEntity } from '../db';
import { getItem, staleVersion } from '../write';
import { counterActions, shardOf, type TransactItem } from './counters';
import { assertInScope, assertKnownCodes, eventAction, failed, gridForHousehold, type ResidentsContext, transact } from './context';
import { maskedPerson, type StoredPerson } from './stored';

export interface HouseholdFile {
  household: Household;
  members: ReturnType<typeof maskedPerson>[];
  history: HouseholdEvent[];
  visits: Visit[];
}

const sameAddress = (a: Household['address'], b: Household['address']) => JSON.stringify([a.compound, a.building, a.unit, a.room]) === JSON.stringify([b.compound, b.building, b.unit, b.room]);

export function householdRepository(ctx: ResidentsContext) {
  const { db, keys } = ctx;

  const householdItem = (h: Household) => ({ ...keys.household(h.id), ...keys.householdEntries(h), entity: 'household', schemaVersion: 1, ...h });
  const numberAction = (number: string, householdId: string): TransactItem => ({
    Put: { TableName: db.table, Item: { ...keys.householdNumber(number), entity: 'household-number', householdId }, ConditionExpression: 'attribute_not_exists(pk)' },
  });

  async function find(householdId: string, consistent = false): Promise<Household | undefined> {
    return getItem<Household>(db, keys.household(householdId), consistent);
  }

  async function get(householdId: string, consistent = false): Promise<Household> {
    const household = await find(householdId, consistent);
    if (!household) throw notFound('household');
    return household;
  }

  /** The household, if the actor may see it (403 outside their grids). */
  async function visible(scope: Scope, householdId: string, consistent = false): Promise<Household> {
    const household = await get(householdId, consistent);
    assertInScope(scope, household.gridPath);
    return household;
  }

  /** The members who live here now, as stored (a household's members are a few items of its partition). */
  async function members(householdId: string): Promise<StoredPerson[]> {
    return queryAll<StoredPerson>(db, keys.householdFile(householdId, 'PERSON#'));
  }

  return {
    find,
    get,
    visible,
    members,

    async create(actor: Actor, scope: Scope, input: HouseholdInput, now: Date): Promise<{ household: Household; created: boolean }> {
      const grid = await gridForHousehold(ctx, scope, input.gridId);
      assertKnownCodes(unknownCodes(await ctx.residentRules(), { householdTags: input.tags }));
      const at = now.toISOString();
      const household: Household = { id: input.id, gridId: grid.id, gridPath: grid.path, number: input.number, address: input.address, tags: input.tags, members: 0, version: 1, createdAt: at, updatedAt: at, createdBy: actor.userId };
      const items: TransactItem[] = [
        { Put: { TableName: db.table, Item: householdItem(household), ConditionExpression: 'attribute_not_exists(pk)' } },
        // The grid is still where it was read (a grid move re-paths what it finds; this must be found).
        { ConditionCheck: { TableName: db.table, Key: keys.grid(grid.id), ConditionExpression: '#path = :path AND #status = :active', ExpressionAttributeNames: { '#path': 'path', '#status': 'status' }, ExpressionAttributeValues: { ':path': grid.path, ':active': 'active' } } },
        ...(input.number ? [numberAction(input.number, input.id)] : []),
        ...counterActions(db, keys, gridDeltas(undefined, { gridId: grid.id, counts: householdCounts(household) }), shardOf(household.id)),
        eventAction(ctx, household.id, { at, by: actor.userId, action: 'household-created', changes: [{ field: 'gridId', to: grid.id }, { field: 'tags', to: input.tags }] }),
      ];
      let created = true;
      await transact(db, items, async ([put, gridCheck, number]) => {
        if (failed(put)) {
          // A resend of the same create is the stored household; another body with the same id is a conflict.
          const stored = await get(input.id, true);
          if (stored.gridId === input.gridId && stored.number === input.number && sameAddress(stored.address, input.address)) {
            created = false;
            return undefined as never;
          }
          throw conflict('a household with this id exists with other values');
        }
        if (failed(gridCheck)) throw conflict('the grid changed meanwhile; try again');
        if (input.number && failed(number)) {
          const existing = await getItem<{ householdId: string }>(db, keys.householdNumber(input.number), true);
          throw conflict('a household with this number (户号) is already registered', { existing: { householdId: existing?.householdId }, ...because('resident.householdNumberRegistered') });
        }
        throw conflict('the household could not be stored; try again');
      });
      return { household: created ? household : await get(input.id, true), created };
    },

    /** The household's file: the household, its members (masked), its history and visits, newest first. */
    async file(scope: Scope, householdId: string): Promise<HouseholdFile> {
      const items = await queryRaw(db, keys.householdFile(householdId), { consistent: true });
      const raw = items.find((i) => i.entity === 'household');
      if (!raw) throw notFound('household');
      const household = toEntity<Household>(raw);
      assertInScope(scope, household.gridPath);
      const members: StoredPerson[] = [];
      const history: HouseholdEvent[] = [];
      const visits: Visit[] = [];
      // Kinds by the `entity` the data layer wrote, read here before toEntity drops it.
      for (const item of items) {
        if (item.entity === 'person') members.push(toEntity<StoredPerson>(item));
        else if (item.entity === 'household-event') history.push(toEntity<HouseholdEvent>(item));
        else if (item.entity === 'visit') visits.push(toEntity<Visit>(item));
      }
      return { household, members: members.map(maskedPerson), history: history.reverse(), visits: visits.sort((a, b) => b.visitedAt.localeCompare(a.visitedAt)) };
    },

    /** Every household of a grid subtree (the community map), at most `max`: more is a 400 (pick a smaller grid). */
    async allIn(gridPath: string, max: number): Promise<Household[]> {
      const all: Household[] = [];
      for await (const h of queryEach<Household>(db, keys.householdsInSubtree(gridPath))) {
        if (all.length >= max) throw badRequest('query.grid', `more than ${max} households: choose a smaller grid`);
        all.push(h);
      }
      return all;
    },

    /** Households of a grid subtree, in path order. */
    list(gridPath: string, options: { limit?: number; cursor?: string } = {}): Promise<Page<Household>> {
      return queryPage<Household>(db, keys.householdsInSubtree(gridPath), options);
    },

    /**
     * Edit a household. A new grid moves the household, its members (their grid and index entries) and
     * their counts in the same transaction, so figures never count anyone twice or not at all.
     */
    async update(actor: Actor, scope: Scope, householdId: string, patch: HouseholdPatch, now: Date): Promise<Household> {
      const before = await visible(scope, householdId, true);
      if (before.version !== patch.version) throw staleVersion('household', before.version);
      if (patch.tags) assertKnownCodes(unknownCodes(await ctx.residentRules(), { householdTags: patch.tags }));
      const grid = patch.gridId && patch.gridId !== before.gridId ? await gridForHousehold(ctx, scope, patch.gridId) : undefined;
      const at = now.toISOString();
      const after: Household = {
        ...before,
        gridId: grid?.id ?? before.gridId,
        gridPath: grid?.path ?? before.gridPath,
        number: patch.number === null ? undefined : (patch.number ?? before.number),
        address: patch.address ?? before.address,
        tags: patch.tags ?? before.tags,
        version: before.version + 1,
        updatedAt: at,
      };
      const changes = (['gridId', 'number', 'address', 'tags'] as const)
        .filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]))
        .map((field) => ({ field, from: before[field], to: after[field] }));
      if (!changes.length) return before;

      const people = grid ? (await members(householdId)).filter((p) => p.status !== 'tombstone') : [];
      const deltas = gridDeltas({ gridId: before.gridId, counts: householdCounts(before) }, { gridId: after.gridId, counts: householdCounts(after) });
      for (const p of people) mergeGridDeltas(deltas, gridDeltas({ gridId: before.gridId, counts: personCounts(p) }, { gridId: after.gridId, counts: personCounts(p) }));

      const items: TransactItem[] = [
        { Put: { TableName: db.table, Item: householdItem(after), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': before.version } } },
        ...people.map(
          (p): TransactItem => ({
            Put: {
              TableName: db.table,
              Item: { ...keys.person(householdId, p.id), ...keys.personEntries({ ...p, gridPath: after.gridPath }), entity: 'person', schemaVersion: 1, ...p, gridId: after.gridId, gridPath: after.gridPath },
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': p.version },
            },
          }),
        ),
        ...counterActions(db, keys, deltas, shardOf(householdId)),
        eventAction(ctx, householdId, { at, by: actor.userId, action: 'household-changed', changes: changes.map((c) => (c.field === 'address' ? { field: c.field } : c)) }),
      ];
      const numberChanged = after.number !== before.number;
      if (numberChanged && after.number) items.push({ Put: { TableName: db.table, Item: { ...keys.householdNumber(after.number), entity: 'household-number', householdId }, ConditionExpression: 'attribute_not_exists(pk)' } });
      if (numberChanged && before.number) items.push({ Delete: { TableName: db.table, Key: keys.householdNumber(before.number), ConditionExpression: 'householdId = :h', ExpressionAttributeValues: { ':h': householdId } } });
      await transact(db, items, async (codes) => {
        if (failed(codes[0])) throw staleVersion('household', (await get(householdId, true)).version);
        if (numberChanged && after.number && failed(codes[items.length - (before.number ? 2 : 1)])) throw conflict('a household with this number (户号) is already registered');
        throw conflict('the household or its members changed meanwhile; reload and try again');
      });
      return after;
    },
  };
}
export type HouseholdRepository = ReturnType<typeof householdRepository>;
