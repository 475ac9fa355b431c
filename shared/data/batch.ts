/**
 * Small read helpers for the enforcement repositories: BatchGet by key into a map (chunks of 100,
 * unprocessed keys retried), and raw Queries (with index keys, for items of several kinds in one
 * partition, or sort-key ranges the shared query helpers do not cover).
 */
import { BatchGetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../errors';
import { type Db, queryInput, toEntity } from './db';
import type { Key, QuerySpec } from './keys';

export type Raw = Record<string, unknown>;
const id = (key: Key) => `${key.pk}|${key.sk}`;

export interface Fetched {
  raw(key: Key): Raw | undefined;
  get<T>(key: Key): T | undefined;
}

/** BatchGet any number of keys (duplicates allowed), strongly consistent by default. */
export async function batchGet(db: Db, keys: Key[], consistent = true): Promise<Fetched> {
  const found = new Map<string, Raw>();
  const unique = [...new Map(keys.map((k) => [id(k), k])).values()];
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Key[] = unique.slice(i, i + 100);
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt === 4) throw new DomainError(429, 'busy', 'the store is busy; retry');
      if (attempt) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      const out = await db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys: pending, ConsistentRead: consistent } } }));
      for (const item of out.Responses?.[db.table] ?? []) found.set(`${item.pk}|${item.sk}`, item);
      pending = (out.UnprocessedKeys?.[db.table]?.Keys ?? []) as Key[];
    }
  }
  return {
    raw: (key) => found.get(id(key)),
    get: <T>(key: Key) => {
      const item = found.get(id(key));
      return item ? toEntity<T>(item) : undefined;
    },
  };
}

/** Every raw item of a Query (bounded partitions only), optionally with a sort-key lower bound and a projection. */
export async function queryRaw(
  db: Db,
  spec: QuerySpec,
  options: { skFrom?: string; projection?: string[]; newestFirst?: boolean; consistent?: boolean } = {},
): Promise<Raw[]> {
  const input: QueryCommandInput = {
    ...queryInput(db, spec, options.skFrom),
    ScanIndexForward: !options.newestFirst,
    ConsistentRead: options.consistent && !spec.index ? true : undefined,
  };
  const names = input.ExpressionAttributeNames as Record<string, string>;
  if (options.projection) {
    input.ProjectionExpression = options.projection.map((_, i) => `#p${i}`).join(', ');
    options.projection.forEach((name, i) => {
      names[`#p${i}`] = name;
    });
  }
  const items: Raw[] = [];
  let start: Raw | undefined;
  do {
    const out = await db.doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
