/**
 * The re-seal's walk, the same for every area where sealed values live: the partitions to visit are
 * listed a page at a time (the parents: top-level grids, episodes, rounds, lists, days …), each
 * partition's items are read a page at a time (the children), and each item's values sealed with an
 * older key version are opened and sealed again with the newest by one conditional UpdateItem of the
 * item's own key (each old value unchanged since read). Query only. The place reached is a small cursor
 * the caller saves after every step, so a run killed anywhere goes on from there; a value already
 * sealed with the newest version is left as it is, so a second run writes nothing.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TenantCipher } from '../../../personal-data/tenant-cipher';
import { type Db, type Page, queryPage } from '../../db';
import type { QuerySpec } from '../../keys';
import { TTL_ATTRIBUTE } from '../../table';
import { getRaw } from '../../write';

/** An item as stored (keys included). */
export type Raw = Record<string, unknown>;

/** The values of one item to write: attribute → its value sealed again; undefined when every value is newest. */
export type Rewrite = (cipher: TenantCipher, item: Raw) => Record<string, unknown> | undefined;

export interface Walk {
  /** A page of the partitions to visit, from a cursor (undefined: the first). */
  parents(cursor: string | undefined): Promise<Page<Raw>>;
  /** The Query of one parent's items; absent: the parents are the sealed items themselves. */
  children?(parent: Raw): QuerySpec;
  rewrite: Rewrite;
  /** Items edited whole under a version (a person, a task, a submission): the version moves on, so an edit based on the old values is a 409 rather than a write-back. */
  versioned?: boolean;
}

/** Where a walk is: the parents' page (`p`: its cursor), the parent in it (`i`), the children's page (`c`). */
export interface WalkCursor {
  p?: string;
  i: number;
  c?: string;
}

export interface Tally {
  checked: number;
  resealed: number;
  /** Items past their expiry (TTL not yet applied) met with old values: deleted instead. */
  deleted: number;
  /** Changed by others three times while tried: the next run takes them. */
  missed: number;
}

export const noTally = (): Tally => ({ checked: 0, resealed: 0, deleted: 0, missed: 0 });
export const addTally = (a: Tally, b: Partial<Tally>): Tally => ({ checked: a.checked + (b.checked ?? 0), resealed: a.resealed + (b.resealed ?? 0), deleted: a.deleted + (b.deleted ?? 0), missed: a.missed + (b.missed ?? 0) });

/** A rewrite of plain sealed attributes: `[attribute, encryption context]` of an item. */
export const sealedFields =
  (fieldsOf: (item: Raw) => [string, string][]): Rewrite =>
  (cipher, item) => {
    const out: Record<string, unknown> = {};
    for (const [attr, context] of fieldsOf(item)) {
      const value = item[attr];
      if (typeof value === 'string' && cipher.versionOf(value) !== cipher.newest) out[attr] = cipher.reseal(value, context);
    }
    return Object.keys(out).length ? out : undefined;
  };

/** One item's stale values sealed again (or the item deleted when past its expiry); re-read and retried when it changed meanwhile. */
async function resealItem(db: Db, cipher: TenantCipher, read: Raw, walk: Walk, nowSeconds: number): Promise<keyof Tally | undefined> {
  let item: Raw | undefined = read;
  for (let attempt = 0; item && attempt < 3; attempt++) {
    const set = walk.rewrite(cipher, item);
    if (!set) return undefined;
    const key = { pk: item.pk, sk: item.sk };
    const expiry = item[TTL_ATTRIBUTE];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    const conditions: string[] = [];
    Object.entries(set).forEach(([attr, value], i) => {
      names[`#a${i}`] = attr;
      values[`:s${i}`] = value;
      values[`:o${i}`] = item![attr];
      sets.push(`#a${i} = :s${i}`);
      conditions.push(`#a${i} = :o${i}`);
    });
    try {
      if (typeof expiry === 'number' && expiry < nowSeconds) {
        await db.doc.send(new DeleteCommand({ TableName: db.table, Key: key, ConditionExpression: '#e = :e', ExpressionAttributeNames: { '#e': TTL_ATTRIBUTE }, ExpressionAttributeValues: { ':e': expiry } }));
        return 'deleted';
      }
      if (walk.versioned && typeof item.version === 'number') {
        Object.assign(names, { '#version': 'version' });
        Object.assign(values, { ':v': item.version, ':one': 1 });
        sets.push('#version = #version + :one');
        conditions.push('#version = :v');
      }
      await db.doc.send(new UpdateCommand({ TableName: db.table, Key: key, UpdateExpression: `SET ${sets.join(', ')}`, ConditionExpression: conditions.join(' AND '), ExpressionAttributeNames: names, ExpressionAttributeValues: values }));
      return 'resealed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      item = (await getRaw(db, key as { pk: string; sk: string }, true)) as Raw | undefined;
    }
  }
  return item ? 'missed' : undefined;
}

async function resealAll(db: Db, cipher: TenantCipher, items: Raw[], walk: Walk, nowSeconds: number): Promise<Tally> {
  const tally = { ...noTally(), checked: items.length };
  for (const item of items) {
    const outcome = await resealItem(db, cipher, item, walk, nowSeconds);
    if (outcome) tally[outcome]++;
  }
  return tally;
}

/** One step of a walk: one page of children (or of parents, when they are the items). `next` undefined: the area is done. */
export async function walkStep(db: Db, cipher: TenantCipher, walk: Walk, at: WalkCursor, options: { pageSize: number; now: Date }): Promise<{ next?: WalkCursor; tally: Tally }> {
  const nowSeconds = Math.floor(options.now.getTime() / 1000);
  const parents = await walk.parents(at.p);
  const nextPage = parents.cursor ? { p: parents.cursor, i: 0 } : undefined;
  if (!walk.children) return { next: nextPage, tally: await resealAll(db, cipher, parents.items, walk, nowSeconds) };
  const parent = parents.items[at.i];
  if (!parent) return { next: nextPage, tally: noTally() };
  const page = await queryPage<Raw>(db, walk.children(parent), { limit: options.pageSize, cursor: at.c, keepKeys: true });
  const tally = await resealAll(db, cipher, page.items, walk, nowSeconds);
  if (page.cursor) return { next: { ...at, c: page.cursor }, tally };
  return { next: at.i + 1 < parents.items.length ? { p: at.p, i: at.i + 1 } : nextPage, tally };
}
