/**
 * The re-seal job's work (docs/privacy.md "Where keys live"): after a data-key rotation, every person's
 * sealed fields are opened and sealed again with the newest key version, page by page — a Query of each
 * top-level grid's people (GSI1 `PERSONS#<top>`) — with the place reached (the grid and
 * the page's cursor) saved after each page. Idempotent and resumable: a value already sealed with the
 * newest version is left as it is, so a second run changes nothing and a run killed half-way is
 * finished by the next from the saved cursor. Each person is rewritten only if unchanged since read.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TenantCipher } from '../../personal-data/tenant-cipher';
import { type Page, queryPage } from '../db';
import { getItem, getRaw } from '../write';
import type { ResidentsContext } from './context';
import type { StoredPerson } from './stored';

/** A person's sealed fields (attribute → the field named in its encryption context). */
const SEALED = { nameEnc: 'name', idNumberEnc: 'idNumber', phoneEnc: 'phone', birthDateEnc: 'birthDate' } as const;

export interface ResealState {
  /** The key version values are moved to. */
  version: number;
  status: 'running' | 'done';
  /** Top-level grid paths, in order; `at` is the one being read, `cursor` the next page of it. */
  tops: string[];
  at: number;
  cursor?: string;
  /** People read, and people whose values were sealed again. */
  checked: number;
  resealed: number;
  startedAt: string;
  updatedAt: string;
}

export function resealRepository(ctx: ResidentsContext) {
  const { db, keys } = ctx;

  /** One person's values sealed with the newest version; false if nothing needed it. Retries a concurrent edit. */
  async function resealPerson(cipher: TenantCipher, read: StoredPerson): Promise<boolean> {
    let p: StoredPerson | undefined = read;
    for (let attempt = 0; p && attempt < 3; attempt++) {
      const stale = (Object.keys(SEALED) as (keyof typeof SEALED)[]).filter((a) => p![a] !== undefined && cipher.versionOf(p![a]!) !== cipher.newest);
      if (!stale.length) return false;
      const values: Record<string, unknown> = { ':v': p.version, ':one': 1 };
      const sets = stale.map((a, i) => {
        values[`:s${i}`] = cipher.reseal(p![a]!, `person/${p!.id}/${SEALED[a]}`);
        return `${a} = :s${i}`;
      });
      try {
        // The version moves on: an edit that read the old values is refused (409) rather than writing them back.
        await db.doc.send(new UpdateCommand({ TableName: db.table, Key: keys.person(p.householdId, p.id), UpdateExpression: `SET ${sets.join(', ')}, version = version + :one`, ConditionExpression: 'version = :v', ExpressionAttributeValues: values }));
        return true;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        p = await getItem<StoredPerson>(db, keys.person(p.householdId, p.id), true);
      }
    }
    return false;
  }

  async function save(state: ResealState) {
    await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...keys.resealState(), entity: 'reseal-state', schemaVersion: 1, ...state } }));
  }

  return {
    state: async (): Promise<ResealState | undefined> => (await getRaw(db, keys.resealState(), true)) as ResealState | undefined,

    /**
     * Run (or resume) the re-seal to the cipher's newest version. `maxPages` stops it early (as if killed):
     * the next run goes on from the saved place.
     */
    async run(now: () => Date, options: { pageSize?: number; maxPages?: number } = {}): Promise<ResealState | undefined> {
      const cipher = await ctx.cipher(false);
      if (!cipher) return undefined;
      let state = (await getRaw(db, keys.resealState(), true)) as ResealState | undefined;
      if (!state || state.version < cipher.newest) {
        const tops = (await ctx.grids.topLevel()).map((g) => g.path).sort();
        const at = now().toISOString();
        state = { version: cipher.newest, status: 'running', tops, at: 0, checked: 0, resealed: 0, startedAt: at, updatedAt: at };
        await save(state);
      }
      let pages = 0;
      while (state.status === 'running') {
        if (options.maxPages !== undefined && pages >= options.maxPages) return state;
        if (state.at >= state.tops.length) {
          state = { ...state, status: 'done', cursor: undefined, updatedAt: now().toISOString() };
          await save(state);
          break;
        }
        const page: Page<StoredPerson> = await queryPage<StoredPerson>(db, keys.personsInSubtree(state.tops[state.at]), { limit: options.pageSize ?? 100, cursor: state.cursor });
        let resealed = 0;
        for (const p of page.items) if (await resealPerson(cipher, p)) resealed++;
        state = { ...state, ...(page.cursor ? { cursor: page.cursor } : { at: state.at + 1, cursor: undefined }), checked: state.checked + page.items.length, resealed: state.resealed + resealed, updatedAt: now().toISOString() };
        await save(state);
        pages++;
      }
      return state;
    },
  };
}
