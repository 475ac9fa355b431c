/**
 * The DynamoDB connection and the few query helpers every repository shares.
 * The endpoint is configuration: AWS_ENDPOINT_URL_DYNAMODB points the SDK at DynamoDB Local.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { badRequest } from '../errors';
import type { QuerySpec } from './keys';
import { INDEX, KEY } from './table';

export interface Db {
  doc: DynamoDBDocumentClient;
  table: string;
  /** What the client was made with: a tenant's client is made alike, with the tenant's credentials (tenant-tables.ts). */
  clientConfig?: DynamoDBClientConfig;
}

export function createDb(table: string, config: DynamoDBClientConfig = {}): Db {
  const client = new DynamoDBClient({ maxAttempts: 5, ...config });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { doc, table, clientConfig: config };
}

/** Key and bookkeeping attributes: stored on every item, never part of the entity. */
/** `importMark`: which resident-import chunk wrote an item (person-batch.ts), bookkeeping only. */
const NOT_ENTITY = new Set([KEY.pk, KEY.sk, ...Object.values(INDEX).flatMap((i) => [i.pk, i.sk]), 'entity', 'schemaVersion', 'importMark']);

/**
 * Strip key and bookkeeping attributes so that only the entity leaves the data layer. Copied
 * attribute by attribute rather than spread-then-delete: `delete` turns an object into a slow
 * dictionary, which every later read and the response's JSON.stringify pay for (a page of venues).
 */
export function toEntity<T>(item: Record<string, unknown>): T {
  const entity: Record<string, unknown> = {};
  for (const name in item) if (!NOT_ENTITY.has(name)) entity[name] = item[name];
  return entity as T;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  cursor?: string;
}

/** The key condition of a Query; `skFrom` (a lower bound) takes the place of the spec's sort-key part. */
export function queryInput(db: Db, spec: QuerySpec, skFrom?: string): QueryCommandInput {
  const names: Record<string, string> = { '#pk': spec.pkName };
  const values: Record<string, unknown> = { ':pk': spec.pk };
  let condition = '#pk = :pk';
  if (skFrom !== undefined) {
    names['#sk'] = spec.skName;
    values[':sk'] = skFrom;
    condition += ' AND #sk >= :sk';
  } else if (spec.skPrefix !== undefined) {
    names['#sk'] = spec.skName;
    values[':sk'] = spec.skPrefix;
    condition += ' AND begins_with(#sk, :sk)';
  } else if (spec.skBefore !== undefined) {
    names['#sk'] = spec.skName;
    values[':sk'] = spec.skBefore;
    condition += ' AND #sk < :sk';
  }
  return {
    TableName: db.table,
    IndexName: spec.index,
    KeyConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

/**
 * A cursor is only honoured for the partition it came from: a cursor crafted to point into another
 * partition (another tenant's) is refused, not followed.
 */
function decodeCursor(cursor: string | undefined, spec: QuerySpec): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('cursor', 'not a cursor returned by this list');
  }
  if (typeof key !== 'object' || key === null || (key as Record<string, unknown>)[spec.pkName] !== spec.pk) {
    throw badRequest('cursor', 'not a cursor returned by this list');
  }
  return key as Record<string, unknown>;
}

export interface QueryFilter {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/**
 * One page of a Query. With a filter, DynamoDB may return fewer items than the limit per call, so
 * this keeps reading (bounded) until the page is full or the partition ends.
 */
export async function queryPage<T>(
  db: Db,
  spec: QuerySpec,
  options: { limit?: number; cursor?: string; newestFirst?: boolean; filter?: QueryFilter; keepKeys?: boolean } = {},
): Promise<Page<T>> {
  const limit = options.limit ?? 50;
  const base = queryInput(db, spec);
  const items: T[] = [];
  let start = decodeCursor(options.cursor, spec);
  for (let round = 0; round < 10; round++) {
    const out = await db.doc.send(
      new QueryCommand({
        ...base,
        Limit: limit - items.length,
        ScanIndexForward: !options.newestFirst,
        ExclusiveStartKey: start,
        ...(options.filter && {
          FilterExpression: options.filter.expression,
          ExpressionAttributeNames: { ...base.ExpressionAttributeNames, ...options.filter.names },
          ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ...options.filter.values },
        }),
      }),
    );
    // `keepKeys`: items as stored, keys and all (a job that rewrites whatever it reads, by its own key).
    items.push(...(out.Items ?? []).map((i) => (options.keepKeys ? (i as T) : toEntity<T>(i))));
    start = out.LastEvaluatedKey;
    if (!start || items.length >= limit) break;
  }
  return { items, cursor: encodeCursor(start) };
}

/**
 * Every page of a Query, streamed; for bounded partitions (a tenant's grids or users) and jobs.
 * `projection` reads only the named top-level attributes (jobs reading many items: less to read and hold).
 */
export async function* queryEach<T>(db: Db, spec: QuerySpec, options: { projection?: readonly string[]; consistent?: boolean } = {}): AsyncGenerator<T> {
  const input = queryInput(db, spec);
  if (options.projection?.length) {
    input.ProjectionExpression = options.projection.map((_, i) => `#q${i}`).join(', ');
    options.projection.forEach((name, i) => {
      (input.ExpressionAttributeNames as Record<string, string>)[`#q${i}`] = name;
    });
  }
  if (options.consistent && !spec.index) input.ConsistentRead = true;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    for (const item of out.Items ?? []) yield toEntity<T>(item);
    start = out.LastEvaluatedKey;
  } while (start);
}

export async function queryAll<T>(db: Db, spec: QuerySpec): Promise<T[]> {
  const items: T[] = [];
  for await (const item of queryEach<T>(db, spec)) items.push(item);
  return items;
}
