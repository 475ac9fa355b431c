/**
 * Writing one chunk of a resident import (docs/resident-import.md): people and households in bulk,
 * the figures in one aggregated update per grid. Per chunk:
 *
 * 1. read (consistent BatchGet) the identity-document index of each row, the 户号 index and the
 *    households the rows name, then the households found by 户号 and the registered people the rows
 *    duplicate;
 * 2. BatchWrite the new people, their document index items, the new households with their 户号
 *    (no condition: ids are derived from the import and the row, so a second run writes the same
 *    items);
 * 3. merges (duplicates: merge) one transaction each: the person with `version = seen`, its history
 *    entry and its counter change — a second run finds them equal and writes nothing;
 * 4. ONE transaction: the chunk's done mark (`status = pending`), the writer's progress, one counter
 *    update per grid and one day counter, the members of households that existed before, and the
 *    chunk's row errors. So the figures and the progress count a chunk exactly once, and a run killed
 *    between 2 and 4 is finished by the next run (which recognises its own items by their ids).
 *
 * An import and a hand-entered registration of the same document in the same instant can both win
 * (step 2 has no condition); the registry's own writes are transactions and never race each other.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { addCounts, type Counts, householdCounts, personCounts } from '../../domain/residents/counts';
import type { Household } from '../../domain/residents/household';
import type { DuplicatePolicy, ResidentRowError } from '../../domain/residents/import';
import type { IdType } from '../../domain/residents/id-number';
import type { TenantCipher } from '../../personal-data/tenant-cipher';
import { batchGetAll, batchWriteAll, put } from '../bulk';
import { toEntity } from '../db';
import { TTL_ATTRIBUTE } from '../table';
import type { ResidentsContext } from './context';
import { counterActions, dayCounterAction, shardOf, type TransactItem } from './counters';
import { personMerger } from './person-merge';
import type { StoredPerson } from './stored';

/** A checked row as the chunk stores it: personal fields sealed under the id the row's person gets. */
export interface SealedRow {
  line: number;
  householdId: string;
  number?: string;
  address: Household['address'];
  gridId: string;
  gridPath: string;
  personId: string;
  gender: StoredPerson['gender'];
  idType: IdType;
  category: string;
  relationship: StoredPerson['relationship'];
  birthYear?: number;
  nameEnc: string;
  nameMasked: string;
  idNumberEnc: string;
  idNumberMasked: string;
  idBlind: string;
  phoneEnc?: string;
  phoneMasked?: string;
  phoneBlind?: string;
  birthDateEnc?: string;
}

export interface StoredChunk {
  phase: 1 | 2;
  n: number;
  status: 'pending' | 'done';
  /** JSON of SealedRow[]; removed when the chunk is done. */
  rows?: string;
  count: number;
  expiresAt: number;
}

export interface ChunkOutcome {
  created: number;
  households: number;
  merged: number;
  unchanged: number;
  rejected: number;
}

interface IdIndex {
  householdId: string;
  personId: string;
  active: boolean;
}

const CHUNK_ATTEMPTS = 8;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export function personBatchWriter(ctx: ResidentsContext, cipher: TenantCipher, imp: { id: string; duplicates: DuplicatePolicy; createdBy: string }) {
  const { db, keys } = ctx;
  const { merged, mergeOne } = personMerger(ctx, cipher, imp);
  const personItem = (p: StoredPerson) => ({ ...keys.person(p.householdId, p.id), ...keys.personEntries(p), entity: 'person', schemaVersion: 1, ...p });
  const householdItem = (h: Household & { importMark: string }) => ({ ...keys.household(h.id), ...keys.householdEntries(h), entity: 'household', schemaVersion: 1, ...h });

  async function readState(rows: SealedRow[]) {
    const numbers = [...new Set(rows.flatMap((r) => (r.number ? [r.number] : [])))];
    const derived = new Set(rows.map((r) => r.householdId));
    const first = await batchGetAll(db, [...rows.map((r) => keys.idNumberIndex(r.idBlind)), ...numbers.map((n) => keys.householdNumber(n)), ...[...derived].map((id) => keys.household(id))], { consistent: true, maxAttempts: 11 });
    const index = (r: SealedRow) => first.get(keys.idNumberIndex(r.idBlind)) as IdIndex | undefined;
    // The household each row goes to: the one registered under its 户号, else the one its key names.
    const householdOf = new Map<string, string>();
    for (const r of rows) householdOf.set(r.householdId, (r.number && (first.get(keys.householdNumber(r.number))?.householdId as string | undefined)) || r.householdId);
    const dupes = rows.map(index).filter((i): i is IdIndex => !!i?.active);
    const second = await batchGetAll(
      db,
      [...[...new Set(householdOf.values())].filter((id) => !derived.has(id)).map((id) => keys.household(id)), ...dupes.map((d) => keys.person(d.householdId, d.personId))],
      { consistent: true, maxAttempts: 11 },
    );
    const household = (id: string) => {
      const item = first.get(keys.household(id)) ?? second.get(keys.household(id));
      return item && { ...toEntity<Household>(item), importMark: item.importMark as string | undefined };
    };
    const person = (i: IdIndex) => {
      const item = second.get(keys.person(i.householdId, i.personId));
      return item && toEntity<StoredPerson>(item);
    };
    return { index, householdOf, household, person };
  }

  /**
   * Write a chunk. Returns the outcome, or undefined if another run had done it. `writer` names the
   * progress item this run adds to (writers never share one, so their transactions never collide);
   * `keepErrors` false once an import has kept 1,000 errors (the count goes on in `rejected`).
   */
  async function write(chunk: StoredChunk, writer: number, now: Date, keepErrors = true): Promise<ChunkOutcome | undefined> {
    const rows = JSON.parse(chunk.rows ?? '[]') as SealedRow[];
    const tag = `${chunk.phase}-${chunk.n}`;
    const shard = shardOf(`${imp.id}#${tag}`);
    const at = now.toISOString();
    for (let attempt = 0; ; attempt++) {
      const state = await readState(rows);
      const outcome: ChunkOutcome = { created: 0, households: 0, merged: 0, unchanged: 0, rejected: 0 };
      const errors: ResidentRowError[] = [];
      const puts: Record<string, unknown>[] = [];
      const merges: { existing: StoredPerson; change: { after: StoredPerson; changed: string[] } }[] = [];
      const deltas = new Map<string, Counts>();
      const added = new Map<string, number>();
      const newHouseholds = new Map<string, Household & { importMark: string }>();
      const joined = new Map<string, { household: Household; n: number }>();
      const refuse = (r: SealedRow, code: ResidentRowError['code'], message: string, messageZh: string, existing?: ResidentRowError['existing']) => {
        errors.push({ line: r.line, field: code === 'household-grid' ? 'grid' : 'idNumber', value: code === 'household-grid' ? r.gridId : r.idNumberMasked, code, message, messageZh, ...(existing && { existing }) });
        outcome.rejected++;
      };

      for (const r of rows) {
        const householdId = state.householdOf.get(r.householdId)!;
        const stored = state.household(householdId);
        // A household this chunk made on an earlier attempt is still "new" to it.
        const existing = stored && stored.importMark !== `${imp.id}#${tag}` ? stored : undefined;
        const gridOf = existing ?? newHouseholds.get(householdId);
        if (gridOf && gridOf.gridId !== r.gridId) {
          refuse(r, 'household-grid', `this household (户号 ${r.number ?? ''}) is registered in grid ${gridOf.gridId}`, `该户已登记在网格 ${gridOf.gridId}，与本行网格不符`);
          continue;
        }
        const index = state.index(r);
        if (index?.active && index.personId !== r.personId) {
          const registered = state.person(index);
          if (imp.duplicates === 'reject' || !registered) {
            refuse(r, 'duplicate-registry', 'this identity document is already registered', '该证件号码已登记', { householdId: index.householdId, personId: index.personId, name: registered?.nameMasked });
            continue;
          }
          const change = merged(registered, r, at);
          if (change) {
            merges.push({ existing: registered, change });
            outcome.merged++;
          } else outcome.unchanged++;
          continue;
        }
        // A new person (or this import's own, written by an earlier attempt).
        let household: Household | undefined = existing;
        if (!household) {
          let made = newHouseholds.get(householdId);
          if (!made) {
            const created: Household & { importMark: string } = { id: householdId, gridId: r.gridId, gridPath: r.gridPath, ...(r.number && { number: r.number }), address: r.address, tags: [], members: 0, version: 1, createdAt: at, updatedAt: at, createdBy: imp.createdBy, importMark: `${imp.id}#${tag}` };
            newHouseholds.set(householdId, created);
            addCounts(deltas.get(r.gridId) ?? deltas.set(r.gridId, {}).get(r.gridId)!, householdCounts(created));
            outcome.households++;
            made = created;
          }
          made.members++;
          household = made;
        } else {
          const j = joined.get(householdId) ?? { household, n: 0 };
          j.n++;
          joined.set(householdId, j);
        }
        const person: StoredPerson = {
          id: r.personId,
          householdId,
          gridId: household.gridId,
          gridPath: household.gridPath,
          gender: r.gender,
          birthYear: r.birthYear,
          idType: r.idType,
          category: r.category,
          relationship: r.relationship,
          tags: [],
          status: 'active',
          nameEnc: r.nameEnc,
          nameMasked: r.nameMasked,
          idNumberEnc: r.idNumberEnc,
          idNumberMasked: r.idNumberMasked,
          idBlind: r.idBlind,
          phoneEnc: r.phoneEnc,
          phoneMasked: r.phoneMasked,
          phoneBlind: r.phoneBlind,
          birthDateEnc: r.birthDateEnc,
          version: 1,
          createdAt: at,
          updatedAt: at,
          createdBy: imp.createdBy,
          updatedBy: imp.createdBy,
        };
        puts.push(personItem(person), { ...keys.idNumberIndex(r.idBlind), entity: 'id-index', householdId, personId: r.personId, active: true });
        addCounts(deltas.get(household.gridId) ?? deltas.set(household.gridId, {}).get(household.gridId)!, personCounts(person));
        added.set(household.gridId, (added.get(household.gridId) ?? 0) + 1);
        outcome.created++;
      }
      for (const h of newHouseholds.values()) {
        puts.push(householdItem(h));
        // No history entry: an imported household's creation is its createdAt and createdBy (the import's admin).
        if (h.number) puts.push({ ...keys.householdNumber(h.number), entity: 'household-number', householdId: h.id });
      }
      if (puts.length) await batchWriteAll(db, puts.map(put), { concurrency: 2, maxAttempts: 11 });
      try {
        for (const m of merges) await mergeOne(m.existing, m.change, at, shard);
      } catch (error) {
        // Changed meanwhile (another run merged it, or an edit): read again and retry.
        if (!(error instanceof TransactionCanceledException) || attempt + 1 >= CHUNK_ATTEMPTS) throw error;
        await sleep(Math.min(2000, 20 * 2 ** attempt + Math.random() * 50));
        continue;
      }

      const date = await ctx.dayOf(now);
      const actions: TransactItem[] = [
        {
          Update: {
            TableName: db.table,
            Key: keys.residentImportChunk(imp.id, chunk.phase, chunk.n),
            UpdateExpression: 'SET #status = :done, doneAt = :at REMOVE #rows',
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status', '#rows': 'rows' },
            ExpressionAttributeValues: { ':done': 'done', ':pending': 'pending', ':at': at },
          },
        },
        {
          Update: {
            TableName: db.table,
            Key: keys.residentImportProgress(imp.id, writer),
            UpdateExpression: 'ADD created :c, households :h, merged :m, unchanged :u, rejected :r, chunksDone :one SET updatedAt = :at, entity = :entity, #ttl = if_not_exists(#ttl, :ttl)',
            ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':c': outcome.created, ':h': outcome.households, ':m': outcome.merged, ':u': outcome.unchanged, ':r': outcome.rejected, ':one': 1, ':at': at, ':entity': 'resident-import-progress', ':ttl': chunk.expiresAt },
          },
        },
        ...counterActions(db, keys, deltas, shard),
        ...[...added].map(([gridId, n]) => dayCounterAction(db, keys, date, gridId, { added: n }, shard)),
        ...[...joined.values()].map(
          ({ household, n }): TransactItem => ({
            Update: { TableName: db.table, Key: keys.household(household.id), UpdateExpression: 'ADD members :n', ConditionExpression: 'gridPath = :path', ExpressionAttributeValues: { ':n': n, ':path': household.gridPath } },
          }),
        ),
        ...(errors.length && keepErrors ? [{ Put: { TableName: db.table, Item: { ...keys.residentImportErrors(imp.id, `W${tag}`), entity: 'resident-import-errors', schemaVersion: 1, errors, [TTL_ATTRIBUTE]: chunk.expiresAt } } }] : []),
      ];
      try {
        await db.doc.send(new TransactWriteCommand({ TransactItems: actions }));
        return outcome;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') return undefined; // done by another run
        const retriable = reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError');
        if (!retriable || attempt + 1 >= CHUNK_ATTEMPTS) throw error;
        await sleep(Math.min(2000, 20 * 2 ** attempt + Math.random() * 50));
      }
    }
  }

  return { write };
}
