/**
 * Whether a venue import's worker is alive, and who resumes it when it is not (docs/venue-import.md).
 * A job working on an import refreshes `heartbeatAt` on the import item every IMPORT_HEARTBEAT_MS.
 * While queued, checking or running the import's id is in the tenant's scheduling state (`imports`, a
 * string set next to `lateSync`), which the dispatcher reads every tick anyway: an import there whose
 * heartbeat has stopped for IMPORT_STALL_MS had its worker die (a server killed, a Lambda timed out),
 * and the dispatcher sends its job again (`resume`; the dispatcher itself only reads) — locally as in
 * AWS. The job ending by itself (done, refused, failed) takes the id out again.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { IMPORT_HEARTBEAT_MS } from '../../domain/venues/venue-import';
import type { Db } from '../db';
import { tenantKeys } from '../keys';

export function importLiveness(db: Db, tenantId: string) {
  const keys = tenantKeys(tenantId);
  const onImport = (importId: string, update: string, values: Record<string, unknown>) =>
    db.doc.send(new UpdateCommand({ TableName: db.table, Key: keys.venueImport(importId), UpdateExpression: update, ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: values }));
  const onSchedule = (op: 'ADD' | 'DELETE', importId: string) =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.schedule(),
        UpdateExpression: `SET entity = :e, schemaVersion = :sv ${op} imports :id`,
        ExpressionAttributeValues: { ':e': 'schedule', ':sv': 1, ':id': new Set([importId]) },
      }),
    );

  return {
    /** While `work` runs, a sign of life every IMPORT_HEARTBEAT_MS. */
    async whileAlive<T>(importId: string, now: () => Date, work: () => Promise<T>): Promise<T> {
      const beat = () => void onImport(importId, 'SET heartbeatAt = :at', { ':at': now().toISOString() }).catch(() => undefined);
      const timer = setInterval(beat, IMPORT_HEARTBEAT_MS);
      timer.unref?.();
      try {
        return await work();
      } finally {
        clearInterval(timer);
      }
    },

    /** A person started (or restarted) it: watched again, with the scheduler's resumes counted afresh. */
    async started(importId: string, now: Date): Promise<void> {
      await onImport(importId, 'SET heartbeatAt = :at REMOVE autoResumes', { ':at': now.toISOString() });
      await onSchedule('ADD', importId);
    },

    /** The scheduler sent its job again after its worker died: counted, and alive again from now. */
    async resumedByScheduler(importId: string, now: Date): Promise<void> {
      await onImport(importId, 'SET heartbeatAt = :at ADD autoResumes :one', { ':at': now.toISOString(), ':one': 1 });
    },

    /** Its job ended by itself (or the scheduler gave up on it): no longer watched. */
    async ended(importId: string): Promise<void> {
      await onSchedule('DELETE', importId);
    },
  };
}
