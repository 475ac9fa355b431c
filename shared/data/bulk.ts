/**
 * Bulk reads and writes for jobs (the daily plan, the day's close, the dispatcher, benchmarks):
 * BatchWriteItem in calls of 25 with a few calls in flight, BatchGetItem in calls of 100, and the
 * sort keys of a partition. Unprocessed items and keys are retried with exponential backoff and
 * jitter, a bounded number of times; then the job fails (and its queue retries it later).
 */
import { BatchGetCommand, BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db';
import type { Key, QuerySpec } from './keys';
import { type WritePacer, writeUnitsOf } from './write-pacer';

export type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Key } };

export const put = (Item: Record<string, unknown>): WriteRequest => ({ PutRequest: { Item } });
export const del = (key: Key): WriteRequest => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } });

export interface BulkOptions {
  /** BatchWrite calls in flight at once (default 4). */
  concurrency?: number;
  /** Calls per batch before giving up on unprocessed items (default 8: ~13 s of backoff in all). */
  maxAttempts?: number;
  /** Writes into one hot partition: each call waits for its write units (write-pacer.ts). */
  pacer?: WritePacer;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** 50 ms, 100 ms, 200 ms … capped at 5 s, with full jitter. */
const backoff = (attempt: number) => sleep(Math.random() * Math.min(5000, 50 * 2 ** attempt));

export class UnprocessedError extends Error {}

/**
 * Write every request, 25 per BatchWriteItem, `concurrency` calls at a time. The requests are read
 * lazily from the iterable, so a generator of 150,000 items never sits in memory at once. A key must
 * not appear twice within the same 25 (DynamoDB refuses such a batch).
 */
export async function batchWriteAll(db: Db, requests: Iterable<WriteRequest>, options: BulkOptions = {}): Promise<{ written: number; calls: number; retries: number }> {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const maxAttempts = options.maxAttempts ?? 8;
  const iterator = requests[Symbol.iterator]();
  let done = false;
  const next25 = (): WriteRequest[] => {
    const batch: WriteRequest[] = [];
    while (!done && batch.length < 25) {
      const r = iterator.next();
      if (r.done) done = true;
      else batch.push(r.value);
    }
    return batch;
  };
  const stats = { written: 0, calls: 0, retries: 0 };
  const worker = async () => {
    for (let batch = next25(); batch.length; batch = next25()) {
      let pending = batch;
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt >= maxAttempts) throw new UnprocessedError(`BatchWrite: ${pending.length} items still unprocessed after ${maxAttempts} attempts`);
        if (attempt > 0) {
          stats.retries++;
          await backoff(attempt);
        }
        stats.calls++;
        await options.pacer?.take(pending.reduce((n, r) => n + writeUnitsOf(r), 0));
        const out = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: pending as never } }));
        const unprocessed = (out.UnprocessedItems?.[db.table] ?? []) as WriteRequest[];
        stats.written += pending.length - unprocessed.length;
        pending = unprocessed;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return stats;
}

const keyId = (key: { pk: unknown; sk: unknown }) => `${key.pk}\u0000${key.sk}`;

/**
 * Read any number of items by key, 100 per BatchGetItem. Returns raw items (with their keys) by key.
 * Eventually consistent unless `consistent`.
 */
export async function batchGetAll(
  db: Db,
  keys: readonly Key[],
  options: { consistent?: boolean; maxAttempts?: number } = {},
): Promise<{ get(key: Key): Record<string, unknown> | undefined; size: number }> {
  const maxAttempts = options.maxAttempts ?? 8;
  const found = new Map<string, Record<string, unknown>>();
  const unique = [...new Map(keys.map((k) => [keyId(k), { pk: k.pk, sk: k.sk }])).values()];
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Key[] = unique.slice(i, i + 100);
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt >= maxAttempts) throw new UnprocessedError(`BatchGet: ${pending.length} keys still unprocessed after ${maxAttempts} attempts`);
      if (attempt > 0) await backoff(attempt);
      const out = await db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys: pending, ConsistentRead: options.consistent } } }));
      for (const item of out.Responses?.[db.table] ?? []) found.set(keyId(item as Key), item);
      pending = (out.UnprocessedKeys?.[db.table]?.Keys ?? []) as Key[];
    }
  }
  return { get: (key) => found.get(keyId(key)), size: found.size };
}

/** The sort keys of a table partition (optionally under a prefix), all pages: what a job may have to delete. */
export async function sortKeysOf(db: Db, spec: QuerySpec): Promise<string[]> {
  if (spec.index) throw new Error('sortKeysOf reads table partitions only');
  const names: Record<string, string> = { '#pk': 'pk', '#sk': 'sk' };
  const values: Record<string, unknown> = { ':pk': spec.pk };
  let condition = '#pk = :pk';
  if (spec.skPrefix !== undefined) {
    values[':p'] = spec.skPrefix;
    condition += ' AND begins_with(#sk, :p)';
  }
  const sks: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        KeyConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ProjectionExpression: '#sk',
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) sks.push(item.sk as string);
    start = out.LastEvaluatedKey;
  } while (start);
  return sks;
}
