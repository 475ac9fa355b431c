/**
 * One chunk of an import (the CSV/xlsx import job calls this; docs/data-model.md "How an import
 * should write"): households and people already validated by the domain schemas, written in one
 * transaction with ONE counter update per grid (on the chunk's shard) instead of one per person.
 * Duplicates against the registry are found first (one consistent BatchGet of the identity indexes)
 * and reported, not written. A chunk that was written already (a retried job) is recognised and
 * reported as such, so the import can resume.
 */
import { type Counts, addCounts, householdCounts, personCounts } from '../../domain/residents/counts';
import type { Household, HouseholdInput } from '../../domain/residents/household';
import { genderOf, type PersonInput, personalFieldsOf } from '../../domain/residents/person';
import { badRequest, conflict } from '../../errors';
import { batchGetAll } from '../bulk';
import { toEntity } from '../db';
import { counterActions, dayCounterAction, type TransactItem } from './counters';
import { eventAction, type ResidentsContext, transact, writeCipher } from './context';
import { sealPersonal, type StoredPerson } from './stored';

export interface ImportChunk {
  /** Households the chunk creates (existing ones, by id, are only added to). */
  households: HouseholdInput[];
  people: { householdId: string; input: PersonInput }[];
}

export interface ImportChunkResult {
  written: number;
  /** Rows (by their index in `people`) whose document is registered already, and where. */
  duplicates: { row: number; householdId: string; personId: string }[];
  /** Rows an earlier run of this chunk wrote already (a retried job): neither written nor duplicates. */
  alreadyWritten: number;
}

export function importBatchRepository(ctx: ResidentsContext) {
  const { db, keys } = ctx;
  return {
    async addChunk(by: string, chunk: ImportChunk, options: { now: Date; shard: number }): Promise<ImportChunkResult> {
      const cipher = await writeCipher(ctx);
      const at = options.now.toISOString();
      const sealed = chunk.people.map(({ input }) => sealPersonal(cipher, input.id, input.idType, personalFieldsOf(input)));
      const householdIds = [...new Set([...chunk.households.map((h) => h.id), ...chunk.people.map((p) => p.householdId)])];
      const found = await batchGetAll(db, [...sealed.map((s) => keys.idNumberIndex(s.idBlind)), ...householdIds.map((id) => keys.household(id))], { consistent: true });

      const duplicates: ImportChunkResult['duplicates'] = [];
      let alreadyWritten = 0;
      const rows = chunk.people.flatMap((row, i) => {
        const index = found.get(keys.idNumberIndex(sealed[i].idBlind));
        if (index?.active && index.personId === row.input.id) {
          alreadyWritten++;
          return [];
        }
        if (index?.active) {
          duplicates.push({ row: i, householdId: String(index.householdId), personId: String(index.personId) });
          return [];
        }
        return [{ ...row, sealed: sealed[i] }];
      });

      const existing = new Map(householdIds.flatMap((id) => {
        const item = found.get(keys.household(id));
        return item ? [[id, toEntity<Household>(item)] as const] : [];
      }));
      const creating = chunk.households.filter((h) => !existing.has(h.id));
      const { paths, missing } = await ctx.grids.pathsOf(creating.map((h) => h.gridId));
      if (missing.length) throw badRequest('gridId', `no active grid: ${missing.join(', ')}`);
      const households = new Map<string, Household>(existing);
      for (const h of creating) {
        households.set(h.id, { id: h.id, gridId: h.gridId, gridPath: paths.get(h.gridId)!, number: h.number, address: h.address, tags: h.tags, members: 0, version: 1, createdAt: at, updatedAt: at, createdBy: by });
      }

      const membersOf = new Map<string, number>();
      for (const { householdId } of rows) {
        if (!households.has(householdId)) throw badRequest('householdId', `no household ${householdId} in this chunk or the registry`);
        membersOf.set(householdId, (membersOf.get(householdId) ?? 0) + 1);
      }
      const perGrid = new Map<string, Counts>();
      const added = new Map<string, number>();
      const items: TransactItem[] = [];
      for (const h of creating) {
        const household = { ...households.get(h.id)!, members: membersOf.get(h.id) ?? 0 };
        items.push({ Put: { TableName: db.table, Item: { ...keys.household(h.id), ...keys.householdEntries(household), entity: 'household', schemaVersion: 1, ...household }, ConditionExpression: 'attribute_not_exists(pk)' } });
        perGrid.set(household.gridId, addCounts(perGrid.get(household.gridId) ?? {}, householdCounts(household)));
      }
      for (const { householdId, input, sealed: s } of rows) {
        const household = households.get(householdId)!;
        const person: StoredPerson = {
          id: input.id, householdId, gridId: household.gridId, gridPath: household.gridPath, gender: genderOf(input), idType: input.idType,
          category: input.category, relationship: input.relationship, tags: input.tags, movedInOn: input.movedInOn, status: 'active', ...s,
          inputBlind: cipher.blind('body', JSON.stringify(input)), version: 1, createdAt: at, updatedAt: at, createdBy: by, updatedBy: by,
        };
        items.push({ Put: { TableName: db.table, Item: { ...keys.person(householdId, person.id), ...keys.personEntries(person), entity: 'person', schemaVersion: 1, ...person }, ConditionExpression: 'attribute_not_exists(pk)' } });
        items.push({ Put: { TableName: db.table, Item: { ...keys.idNumberIndex(s.idBlind), entity: 'id-index', householdId, personId: person.id, active: true }, ConditionExpression: 'attribute_not_exists(pk) OR active = :false', ExpressionAttributeValues: { ':false': false } } });
        perGrid.set(household.gridId, addCounts(perGrid.get(household.gridId) ?? {}, personCounts(person)));
        added.set(household.gridId, (added.get(household.gridId) ?? 0) + 1);
      }
      for (const [householdId, n] of membersOf) {
        const household = households.get(householdId)!;
        if (existing.has(householdId)) items.push({ Update: { TableName: db.table, Key: keys.household(householdId), UpdateExpression: 'ADD members :n', ConditionExpression: 'gridPath = :path', ExpressionAttributeValues: { ':n': n, ':path': household.gridPath } } });
        items.push(eventAction(ctx, householdId, { at, by, action: existing.has(householdId) ? 'person-added' : 'household-created', changes: [{ field: 'people', to: n }] }));
      }
      items.push(...counterActions(db, keys, perGrid, options.shard));
      const day = await ctx.dayOf(options.now);
      for (const [gridId, n] of added) items.push(dayCounterAction(db, keys, day, gridId, { added: n }, options.shard));

      if (!items.length) return { written: 0, duplicates, alreadyWritten };
      // A cancellation: a household or a document changed since the BatchGet (another writer); the
      // import checks the chunk again, which then reports those rows.
      await transact(db, items, () => {
        throw conflict('the chunk could not be written: a household or document changed meanwhile; check it again');
      });
      return { written: rows.length, duplicates, alreadyWritten };
    },
  };
}
