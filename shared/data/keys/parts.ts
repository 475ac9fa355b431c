/**
 * The pieces every key builder uses (shared/data/keys.ts is the one way in): checked key parts,
 * query specs, index entries. An area's key builders (keys/residents.ts, keys/monitoring.ts, …) get
 * the tenant prefix from `tenantKeys` and build their keys with these.
 */
import { INDEX } from '../table';

/** Ids inside keys: ULIDs, user names, grid ids. No '#' or '/' so they can never break a key apart. */
const KEY_PART = /^[A-Za-z0-9._-]{1,100}$/;

export class InvalidKeyError extends Error {}

export function part(value: string, what: string): string {
  if (!KEY_PART.test(value)) throw new InvalidKeyError(`invalid ${what} for a key: ${JSON.stringify(value)}`);
  return value;
}

export interface Key {
  pk: string;
  sk: string;
}

/** A Query against the table or an index: the partition and an optional sort-key prefix. */
export interface QuerySpec {
  index?: string;
  pkName: string;
  skName: string;
  pk: string;
  skPrefix?: string;
  /** Instead of a prefix: sort keys strictly before this value (e.g. deadlines before today). */
  skBefore?: string;
}

export const onIndex =
  (index: (typeof INDEX)[keyof typeof INDEX]) =>
  (pk: string, skPrefix?: string): QuerySpec => ({ index: index.name, pkName: index.pk, skName: index.sk, pk, skPrefix });
export const gsi1 = onIndex(INDEX.gsi1);
export const gsi2 = onIndex(INDEX.gsi2);
export const gsi3 = onIndex(INDEX.gsi3);
export const onTable = (pk: string, skPrefix?: string): QuerySpec => ({ pkName: 'pk', skName: 'sk', pk, skPrefix });

/** Index attributes of an item: { gsi1pk, gsi1sk } and so on. */
export const indexEntry = (index: (typeof INDEX)[keyof typeof INDEX], pk: string, sk: string) => ({ [index.pk]: pk, [index.sk]: sk });

/** The top-level grid of a path ('/a/b/' → 'a'): big per-tenant indexes are split by it. */
export const topOf = (path: string) => {
  const top = path.split('/')[1];
  if (!top) throw new InvalidKeyError(`not a grid path: ${JSON.stringify(path)}`);
  return part(top, 'grid id');
};
export const pad = (n: number) => String(n).padStart(6, '0');
/** A tenant-local date inside a key. */
export const day = (date: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new InvalidKeyError(`not a date: ${JSON.stringify(date)}`);
  return date;
};
/** A grid path inside a sort key: '/a/b/' with every id a valid key part. */
export const gridPathPart = (path: string) => {
  if (!/^\/([A-Za-z0-9._-]{1,100}\/)+$/.test(path)) throw new InvalidKeyError(`not a grid path: ${JSON.stringify(path)}`);
  return path;
};
/** An ISO instant inside a sort key. */
export const instant = (at: string) => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(at)) throw new InvalidKeyError(`not an ISO instant: ${JSON.stringify(at)}`);
  return at;
};

