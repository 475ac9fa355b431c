/**
 * Small read helpers for the enforcement repositories: BatchGet by key into a map (bulk.ts's
 * batchGetAll, a 429 when the store stays busy), and raw Queries (with index keys, for items of several kinds in one
 * partition, or sort-key ranges the shared query helpers do not cover).
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { because, DomainError } from '../errors';
import { batchGetAll, UnprocessedError } from './bulk';
import { type Db, queryInput, toEntity } from './db';
import type { Key, QuerySpec } from './keys';

export type Raw = Record<string, unknown>;

export interface Fetched {
  raw(key: Key): Raw | undefined;
  get<T>(key: Key): T | undefined;
}

/**
 * BatchGet any number of keys (duplicates allowed), strongly consistent by default: batchGetAll
 * (bulk.ts) with few retries, since a request is waiting; keys the store keeps refusing are a 429.
 */
export async function batchGet(db: Db, keys: Key[], consistent = true): Promise<Fetched> {
  let found: Awaited<ReturnType<typeof batchGetAll>>;
  try {
    found = await batchGetAll(db, keys, { consistent, maxAttempts: 4 });
  } catch (error) {
    if (error instanceof UnprocessedError) throw new DomainError(429, 'busy', 'the store is busy; retry', because('busy'));
    throw error;
  }
  return {
    raw: (key) => found.get(key),
    get: <T>(key: Key) => {
      const item = found.get(key);
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
