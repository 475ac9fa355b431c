/**
 * Moving a person to another household (perhaps in another grid), in one transaction: the person's
 * item leaves the old household's partition and is written in the new one (same id, version + 1, the
 * move in their own history), the identity index follows them, both households' member counts, the
 * grids' counters when the grid changes, and a history entry on each household. The move's client
 * ULID is a create-once record, so a resend is the same move. Both households must be in the mover's
 * scope; a person under live home monitoring is refused (end or move the episode first). The household
 * left keeps a forwarding to the new one, so older records' (household, person) pairs still resolve.
 */
import type { Actor } from '../../domain/actor';
import { addCounts, gridDeltas, householdCounts, personCounts } from '../../domain/residents/counts';
import type { Household } from '../../domain/residents/household';
import { KEPT_MOVES, moveTarget, type PersonMoveInput, type PersonMoveRecord } from '../../domain/residents/person-move';
import { unknownCodes } from '../../domain/residents/rules';
import type { Scope } from '../../domain/scope';
import { badRequest, because, conflict, notFound } from '../../errors';
import { getItem, staleVersion } from '../write';
import { counterActions, shardOf, type TransactItem } from './counters';
import { assertKnownCodes, eventAction, failed, gridForHousehold, type ResidentsContext, transact } from './context';
import type { HouseholdRepository } from './households';
import { personForwards } from './person-forwards';
import { personWrites } from './persons';
import type { StoredPerson } from './stored';

interface StoredMove {
  personId: string;
  fromHouseholdId: string;
  toHouseholdId: string;
}

export function personMoves(ctx: ResidentsContext, households: HouseholdRepository, options: { underMonitoring(personId: string): Promise<boolean>; getHere(householdId: string, personId: string): Promise<StoredPerson> }) {
  const { db, keys } = ctx;
  const { personItem, membersAdd } = personWrites(ctx);
  const forwards = personForwards(ctx);

  /** A resend of a stored move: the person where it put them; another move under the same id: 409. */
  async function resent(stored: StoredMove, personId: string, fromHouseholdId: string, input: PersonMoveInput): Promise<StoredPerson> {
    if (stored.personId !== personId || stored.fromHouseholdId !== fromHouseholdId || stored.toHouseholdId !== moveTarget(input)) throw conflict('a move with this id exists with other values');
    const here = (h: string, p: string, consistent: boolean) => getItem<StoredPerson>(db, keys.person(h, p), consistent);
    // Where they live now (they may have moved on since).
    const person = (await here(stored.toHouseholdId, personId, true)) ?? (await forwards.follow(stored.toHouseholdId, personId, true, here));
    if (!person) throw notFound('person');
    return person;
  }

  return {
    async move(actor: Actor, scope: Scope, fromHouseholdId: string, personId: string, input: PersonMoveInput, now: Date): Promise<{ person: StoredPerson; created: boolean }> {
      const stored = await getItem<StoredMove>(db, keys.personMove(input.id), true);
      if (stored) return { person: await resent(stored, personId, fromHouseholdId, input), created: false };
      const target = moveTarget(input);
      if (target === fromHouseholdId) throw badRequest('body.toHouseholdId', 'the person already lives in this household');
      const from = await households.visible(scope, fromHouseholdId, true);
      // Moved away from here already: 409 naming where they live now.
      const before = await options.getHere(fromHouseholdId, personId);
      if (before.version !== input.version) throw staleVersion('person', before.version);
      if (before.status !== 'active') throw conflict('a person who moved out or died cannot be moved', because('resident.ended'));
      if (await options.underMonitoring(personId)) throw conflict('this person is under home monitoring: end the episode before moving them', because('resident.underMonitoring'));

      const at = now.toISOString();
      const extra: TransactItem[] = [];
      let to: Household;
      if (input.newHousehold) {
        const h = input.newHousehold;
        const grid = await gridForHousehold(ctx, scope, h.gridId);
        assertKnownCodes(unknownCodes(await ctx.residentRules(), { householdTags: h.tags }).map((p) => ({ ...p, field: `newHousehold.${p.field}` })));
        to = { id: h.id, gridId: grid.id, gridPath: grid.path, number: h.number, address: h.address, tags: h.tags, members: 1, version: 1, createdAt: at, updatedAt: at, createdBy: actor.userId };
        extra.push(
          { Put: { TableName: db.table, Item: { ...keys.household(to.id), ...keys.householdEntries(to), entity: 'household', schemaVersion: 1, ...to }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { ConditionCheck: { TableName: db.table, Key: keys.grid(grid.id), ConditionExpression: '#path = :path AND #status = :active', ExpressionAttributeNames: { '#path': 'path', '#status': 'status' }, ExpressionAttributeValues: { ':path': grid.path, ':active': 'active' } } },
          ...(h.number ? [{ Put: { TableName: db.table, Item: { ...keys.householdNumber(h.number), entity: 'household-number', householdId: h.id }, ConditionExpression: 'attribute_not_exists(pk)' } }] : []),
          eventAction(ctx, to.id, { at, by: actor.userId, action: 'household-created', changes: [{ field: 'gridId', to: grid.id }, { field: 'tags', to: h.tags }] }),
        );
      } else {
        // Outside the mover's grids: 403 (another tenant's or no such household: 404), as every household route.
        to = await households.visible(scope, target, true);
        extra.push(membersAdd(to, 1));
      }

      const record: PersonMoveRecord = { id: input.id, at, by: actor.userId, fromHouseholdId, toHouseholdId: to.id, fromGridId: before.gridId, toGridId: to.gridId, reason: input.reason };
      const after: StoredPerson = {
        ...before,
        householdId: to.id,
        gridId: to.gridId,
        gridPath: to.gridPath,
        relationship: input.relationship ?? before.relationship,
        moves: [...(before.moves ?? []), record].slice(-KEPT_MOVES),
        version: before.version + 1,
        updatedAt: at,
        updatedBy: actor.userId,
      };
      const moved = { field: 'householdId', from: fromHouseholdId, to: to.id };
      const gridChange = to.gridId !== from.gridId ? [{ field: 'gridId', from: from.gridId, to: to.gridId }] : [];
      const items: TransactItem[] = [
        { Put: { TableName: db.table, Item: { ...keys.personMove(input.id), entity: 'person-move', schemaVersion: 1, personId, fromHouseholdId, toHouseholdId: to.id, at, by: actor.userId }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Delete: { TableName: db.table, Key: keys.person(fromHouseholdId, personId), ConditionExpression: 'version = :v AND #status = :active', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':v': before.version, ':active': 'active' } } },
        { Put: { TableName: db.table, Item: personItem(after), ConditionExpression: 'attribute_not_exists(pk)' } },
        membersAdd(from, -1),
        ...extra,
        // The grids' counters when the grid changes (a move inside a grid changes no figure), and a new
        // household's; one update per counter item (a transaction touches an item once).
        ...(gridChange.length ? counterActions(db, keys, gridDeltas({ gridId: before.gridId, counts: personCounts(before) }, undefined), shardOf(fromHouseholdId)) : []),
        ...counterActions(db, keys, gridDeltas(undefined, { gridId: to.gridId, counts: addCounts(input.newHousehold ? householdCounts(to) : {}, gridChange.length ? personCounts(after) : {}) }), shardOf(to.id)),
        eventAction(ctx, fromHouseholdId, { at, by: actor.userId, action: 'person-moved-out', personId, changes: [moved, ...gridChange] }),
        eventAction(ctx, to.id, { at, by: actor.userId, action: 'person-moved-in', personId, changes: [moved, ...gridChange] }),
      ];
      // The identity index names the household that holds the document.
      if (before.idBlind) items.push({ Update: { TableName: db.table, Key: keys.idNumberIndex(before.idBlind), UpdateExpression: 'SET householdId = :to', ConditionExpression: 'personId = :p', ExpressionAttributeValues: { ':to': to.id, ':p': personId } } });
      // Older records keep the old pair: the household left forwards it (person-forwards.ts).
      items.push(forwards.put({ moveId: input.id, personId, fromHouseholdId, toHouseholdId: to.id, at }));

      // Where the new household's number index sits in the transaction (a taken 户号 is named).
      const numberAt = input.newHousehold?.number ? 6 : -1;
      let created = true;
      let person = after;
      await transact(db, items, async (codes) => {
        const [moveRecord, del] = codes;
        if (failed(moveRecord)) {
          // The same move sent twice at once: the other one stored it.
          person = await resent((await getItem<StoredMove>(db, keys.personMove(input.id), true))!, personId, fromHouseholdId, input);
          created = false;
          return undefined as never;
        }
        if (failed(del)) {
          const now = await getItem<StoredPerson>(db, keys.person(fromHouseholdId, personId), true);
          if (!now) throw conflict('this person was moved meanwhile; reload', because('resident.moved'));
          throw staleVersion('person', now.version);
        }
        throw conflict(input.newHousehold ? 'the new household could not be registered (its id or its number 户号 exists, or its grid changed)' : 'a household changed meanwhile; reload and try again', ...(codes[numberAt] && failed(codes[numberAt]) ? [because('resident.householdNumberRegistered')] : []));
      });
      return { person, created };
    },
  };
}
