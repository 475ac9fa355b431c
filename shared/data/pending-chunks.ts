/**
 * The pending chunks of an import (venue or resident), one Query page (~25 chunks) at a time, shared
 * by the import's parallel writers: each chunk is handed to one writer.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Db, toEntity } from './db';
import type { QuerySpec } from './keys';

export function pendingChunks<T>(db: Db, spec: QuerySpec) {
  const buffer: T[] = [];
  let start: Record<string, unknown> | undefined;
  let finished = false;
  let loading: Promise<void> | undefined;
  const load = async () => {
    const out = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        FilterExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': spec.pk, ':sk': spec.skPrefix, ':pending': 'pending' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    buffer.push(...(out.Items ?? []).map((i) => toEntity<T>(i)));
    start = out.LastEvaluatedKey;
    finished = !start;
  };
  return {
    async next(): Promise<T | undefined> {
      while (!buffer.length && !finished) {
        loading ??= load().finally(() => {
          loading = undefined;
        });
        await loading;
      }
      return buffer.shift();
    },
  };
}

/**
 * Hand every pending chunk to one of `writers` parallel writers. A failing writer stops the others
 * after their chunk in flight; the failure is thrown once they have all settled, so what a caller
 * records then is what was really written.
 */
export async function writePendingChunks<T>(db: Db, spec: QuerySpec, writers: number, write: (chunk: T, writer: number) => Promise<void>): Promise<void> {
  const pending = pendingChunks<T>(db, spec);
  let stop = false;
  const writer = async (w: number) => {
    while (!stop) {
      const chunk = await pending.next();
      if (!chunk) return;
      await write(chunk, w);
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: writers }, (_, w) =>
      writer(w).catch((error) => {
        stop = true;
        throw error;
      }),
    ),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
