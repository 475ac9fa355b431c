/**
 * People (人) of a household: added with a client ULID (a resend is the stored person), edited with a
 * version, ended (moved out, deceased) softly. Personal fields are sealed before they reach the table
 * (stored.ts); the identity document is unique per tenant through its blind index, so a second
 * registration is a 409 pointing at the household that has it.
 */
import type { Actor } from '../../domain/actor';
import { gridDeltas, personCounts } from '../../domain/residents/counts';
import { idNumberProblem, idNumberProblemKind, normaliseIdNumber, normalisePhone, residentIdBirthDate, residentIdGender } from '../../domain/residents/id-number';
import { personForwards } from './person-forwards';
import { personLookups } from './person-lookups';
import { maskIdNumber, maskName, maskPhone } from '../../domain/residents/mask';
import type { Household } from '../../domain/residents/household';
import { genderOf, type PersonEnd, type PersonInput, type PersonPatch, personalFieldsOf } from '../../domain/residents/person';
import { unknownCodes } from '../../domain/residents/rules';
import type { Scope } from '../../domain/scope';
import { badRequest, because, conflict, notFound } from '../../errors';
import { getItem, staleVersion } from '../write';
import { counterActions, dayCounterAction, shardOf, type TransactItem } from './counters';
import { assertKnownCodes, eventAction, failed, type ResidentsContext, transact, writeCipher } from './context';
import type { HouseholdRepository } from './households';
import { idBlindOf, type IdIndex, maskedPerson, sealPersonal, type StoredPerson } from './stored';

/** A person as an item (its keys and index entries), and a household's member count moved by n while it stays in its grid. */
export function personWrites(ctx: ResidentsContext) {
  const { db, keys } = ctx;
  return {
    personItem: (p: StoredPerson) => ({ ...keys.person(p.householdId, p.id), ...keys.personEntries(p), entity: 'person', schemaVersion: 1, ...p }),
    membersAdd: (h: Household, n: number): TransactItem => ({
      Update: {
        TableName: db.table,
        Key: keys.household(h.id),
        UpdateExpression: 'ADD members :n',
        // Still in the grid it was read in: a grid move in between would leave this person's path behind.
        ConditionExpression: 'gridPath = :path',
        ExpressionAttributeValues: { ':n': n, ':path': h.gridPath },
      },
    }),
  };
}

export function personRepository(ctx: ResidentsContext, households: HouseholdRepository) {
  const { db, keys } = ctx;
  const { personItem, membersAdd } = personWrites(ctx);
  const idIndexPut = (blind: string, p: { householdId: string; id: string }): TransactItem => ({
    Put: {
      TableName: db.table,
      Item: { ...keys.idNumberIndex(blind), entity: 'id-index', householdId: p.householdId, personId: p.id, active: true },
      // A document is held by one person at a time; one who moved out or died can be registered again.
      ConditionExpression: 'attribute_not_exists(pk) OR active = :false',
      ExpressionAttributeValues: { ':false': false },
    },
  });

  const forwards = personForwards(ctx);
  const here = (householdId: string, personId: string, consistent = false) => getItem<StoredPerson>(db, keys.person(householdId, personId), consistent);

  /** The person an old or current (household, person) pair names, where they live now (a miss follows the moves' forwardings). */
  async function find(householdId: string, personId: string, consistent = false): Promise<StoredPerson | undefined> {
    return (await here(householdId, personId, consistent)) ?? forwards.follow(householdId, personId, consistent, here);
  }

  async function get(householdId: string, personId: string, consistent = false): Promise<StoredPerson> {
    const person = await find(householdId, personId, consistent);
    if (!person) throw notFound('person');
    return person;
  }

  /** The person in this very household, for a change: one who moved away is a 409 naming where they live now (reload there). */
  async function getHere(householdId: string, personId: string): Promise<StoredPerson> {
    const person = await here(householdId, personId, true);
    if (person) return person;
    const moved = await forwards.follow(householdId, personId, true, here);
    if (moved) throw conflict('this person moved to another household; open them there', { ...because('resident.moved'), current: { householdId: moved.householdId, personId: moved.id } });
    throw notFound('person');
  }

  /** 409 pointing at the household that already has this document (masked). */
  async function duplicateOf(blind: string): Promise<never> {
    const index = await getItem<IdIndex>(db, keys.idNumberIndex(blind), true);
    const existing = index ? await find(index.householdId, index.personId, true) : undefined;
    throw conflict('this identity document is already registered', {
      ...because('resident.identityRegistered'),
      existing: existing && { householdId: existing.householdId, personId: existing.id, gridId: existing.gridId, name: existing.nameMasked, idNumber: existing.idNumberMasked },
    });
  }

  return {
    find,
    get,
    getHere,

    /** A person the actor may see, where they live now (an old pair follows their moves): that household must be in scope. */
    async visible(scope: Scope, householdId: string, personId: string): Promise<StoredPerson> {
      const person = await get(householdId, personId);
      await households.visible(scope, person.householdId);
      return person;
    },

    async add(actor: Actor, scope: Scope, householdId: string, input: PersonInput, now: Date): Promise<{ person: StoredPerson; created: boolean }> {
      const household = await households.visible(scope, householdId, true);
      assertKnownCodes(unknownCodes(await ctx.residentRules(), { personTags: input.tags, category: input.category }));
      const cipher = await writeCipher(ctx);
      const at = now.toISOString();
      const fields = personalFieldsOf(input);
      const sealed = sealPersonal(cipher, input.id, input.idType, fields);
      const person: StoredPerson = {
        id: input.id,
        householdId,
        gridId: household.gridId,
        gridPath: household.gridPath,
        gender: genderOf(input),
        idType: input.idType,
        category: input.category,
        relationship: input.relationship,
        tags: input.tags,
        movedInOn: input.movedInOn,
        status: 'active',
        ...sealed,
        inputBlind: cipher.blind('body', JSON.stringify(input)),
        version: 1,
        createdAt: at,
        updatedAt: at,
        createdBy: actor.userId,
        updatedBy: actor.userId,
      };
      const shard = shardOf(householdId);
      const items: TransactItem[] = [
        { Put: { TableName: db.table, Item: personItem(person), ConditionExpression: 'attribute_not_exists(pk)' } },
        idIndexPut(sealed.idBlind, person),
        membersAdd(household, 1),
        ...counterActions(db, keys, gridDeltas(undefined, { gridId: household.gridId, counts: personCounts(person) }), shard),
        dayCounterAction(db, keys, await ctx.dayOf(now), household.gridId, { added: 1 }, shard),
        eventAction(ctx, householdId, { at, by: actor.userId, action: 'person-added', personId: person.id, changes: [{ field: 'category', to: person.category }, { field: 'tags', to: person.tags }] }),
      ];
      let created = true;
      await transact(db, items, async ([put, index, member]) => {
        if (failed(put)) {
          const stored = await get(householdId, input.id, true);
          if (stored.inputBlind === person.inputBlind) {
            created = false;
            return undefined as never;
          }
          throw conflict('a person with this id exists with other values');
        }
        if (failed(index)) return duplicateOf(sealed.idBlind);
        if (failed(member)) throw conflict('the household moved meanwhile; try again');
        throw conflict('the person could not be stored; try again');
      });
      return { person: created ? person : await get(householdId, input.id, true), created };
    },

    async update(actor: Actor, scope: Scope, householdId: string, personId: string, patch: PersonPatch, now: Date): Promise<StoredPerson> {
      await households.visible(scope, householdId);
      const before = await getHere(householdId, personId);
      if (before.version !== patch.version) throw staleVersion('person', before.version);
      if (before.status !== 'active') throw conflict('a person who moved out or died cannot be edited', because('resident.ended'));
      assertKnownCodes(unknownCodes(await ctx.residentRules(), { personTags: patch.tags, category: patch.category }));
      const at = now.toISOString();
      const after: StoredPerson = {
        ...before,
        gender: patch.gender ?? before.gender,
        category: patch.category ?? before.category,
        relationship: patch.relationship ?? before.relationship,
        tags: patch.tags ?? before.tags,
        movedInOn: patch.movedInOn ?? before.movedInOn,
        version: before.version + 1,
        updatedAt: at,
        updatedBy: actor.userId,
      };
      const personalChanged: string[] = [];
      const personal = patch.name !== undefined || patch.idNumber !== undefined || patch.phone !== undefined || patch.birthDate !== undefined;
      if (personal) {
        const cipher = await writeCipher(ctx);
        const ctxOf = (field: string) => `person/${personId}/${field}`;
        if (patch.name !== undefined) {
          Object.assign(after, { nameEnc: cipher.encrypt(patch.name.trim(), ctxOf('name')), nameMasked: maskName(patch.name) });
          personalChanged.push('name');
        }
        if (patch.idNumber !== undefined) {
          const idType = patch.idType ?? before.idType;
          const idNumber = normaliseIdNumber(patch.idNumber);
          const problem = idNumberProblem(idType, idNumber);
          if (problem) throw badRequest('body.idNumber', problem, `idNumber.${idNumberProblemKind(problem) ?? 'format'}`);
          Object.assign(after, { idType, idNumberEnc: cipher.encrypt(idNumber, ctxOf('idNumber')), idNumberMasked: maskIdNumber(idNumber), idBlind: idBlindOf(cipher, idType, idNumber) });
          if (idType === 'resident-id' && patch.gender === undefined) after.gender = residentIdGender(idNumber);
          const born = patch.birthDate ?? (idType === 'resident-id' ? residentIdBirthDate(idNumber) : undefined);
          if (born) Object.assign(after, { birthDateEnc: cipher.encrypt(born, ctxOf('birthDate')), birthYear: Number(born.slice(0, 4)) });
          personalChanged.push('idNumber');
        } else if (patch.birthDate !== undefined) {
          Object.assign(after, { birthDateEnc: cipher.encrypt(patch.birthDate, ctxOf('birthDate')), birthYear: Number(patch.birthDate.slice(0, 4)) });
        }
        if (patch.birthDate !== undefined) personalChanged.push('birthDate');
        if (patch.phone !== undefined) {
          const phone = patch.phone ? normalisePhone(patch.phone) : undefined;
          Object.assign(after, phone ? { phoneEnc: cipher.encrypt(phone, ctxOf('phone')), phoneMasked: maskPhone(phone), phoneBlind: cipher.blind('phone', phone) } : { phoneEnc: undefined, phoneMasked: undefined, phoneBlind: undefined });
          personalChanged.push('phone');
        }
      }
      const plain = (['gender', 'category', 'relationship', 'tags', 'movedInOn'] as const).filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
      if (!plain.length && !personalChanged.length) return before;
      const items: TransactItem[] = [
        { Put: { TableName: db.table, Item: personItem(after), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': before.version } } },
        ...counterActions(db, keys, gridDeltas({ gridId: before.gridId, counts: personCounts(before) }, { gridId: after.gridId, counts: personCounts(after) }), shardOf(householdId)),
        eventAction(ctx, householdId, {
          at,
          by: actor.userId,
          action: 'person-changed',
          personId,
          changes: [...plain.map((field) => ({ field, from: field === 'gender' ? undefined : before[field], to: field === 'gender' ? undefined : after[field] })), ...personalChanged.map((field) => ({ field }))],
        }),
      ];
      const idChanged = after.idBlind !== before.idBlind;
      if (idChanged) {
        items.push(idIndexPut(after.idBlind!, after));
        if (before.idBlind) items.push({ Delete: { TableName: db.table, Key: keys.idNumberIndex(before.idBlind), ConditionExpression: 'personId = :p', ExpressionAttributeValues: { ':p': personId } } });
      }
      await transact(db, items, async (codes) => {
        if (failed(codes[0])) throw staleVersion('person', (await getHere(householdId, personId)).version);
        if (idChanged && failed(codes[items.length - (before.idBlind ? 2 : 1)])) return duplicateOf(after.idBlind!);
        throw conflict('the person changed meanwhile; reload and try again');
      });
      return after;
    },

    /** Moved out or died: a soft end with its reason and date; counted out, listed for retention. */
    async end(actor: Actor, scope: Scope, householdId: string, personId: string, end: PersonEnd, now: Date): Promise<StoredPerson> {
      const household = await households.visible(scope, householdId, true);
      const before = await getHere(householdId, personId);
      if (before.version !== end.version) throw staleVersion('person', before.version);
      if (before.status !== 'active') throw conflict('this person has already moved out or died', because('resident.ended'));
      const at = now.toISOString();
      const after: StoredPerson = { ...before, status: end.reason, endReason: end.reason, endedOn: end.endedOn, endNote: end.note, version: before.version + 1, updatedAt: at, updatedBy: actor.userId };
      const shard = shardOf(householdId);
      const items: TransactItem[] = [
        { Put: { TableName: db.table, Item: personItem(after), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': before.version } } },
        membersAdd(household, -1),
        ...counterActions(db, keys, gridDeltas({ gridId: before.gridId, counts: personCounts(before) }, undefined), shard),
        dayCounterAction(db, keys, await ctx.dayOf(now), before.gridId, { ended: 1 }, shard),
        { Put: { TableName: db.table, Item: { ...keys.retentionEntry(end.endedOn, householdId, personId), entity: 'retention-entry', householdId, personId, endedOn: end.endedOn } } },
        eventAction(ctx, householdId, { at, by: actor.userId, action: 'person-ended', personId, changes: [{ field: 'status', from: 'active', to: end.reason }, { field: 'endedOn', to: end.endedOn }] }),
      ];
      if (before.idBlind) {
        items.push({ Update: { TableName: db.table, Key: keys.idNumberIndex(before.idBlind), UpdateExpression: 'SET active = :false', ConditionExpression: 'personId = :p', ExpressionAttributeValues: { ':false': false, ':p': personId } } });
      }
      await transact(db, items, async (codes) => {
        if (failed(codes[0])) throw staleVersion('person', (await getHere(householdId, personId)).version);
        throw conflict('the household changed meanwhile; reload and try again');
      });
      return after;
    },

    ...personLookups(ctx, find),

    masked: maskedPerson,
  };
}
export type PersonRepository = ReturnType<typeof personRepository>;
