/**
 * The residents' retention job (docs/privacy.md): for one tenant and tenant-local day, tombstone
 * everyone who moved out or died more than the tenant's `residents.retentionDays` ago. Runs after the
 * day's plan (run-job.ts) and can be sent alone; idempotent, so a retry or a second run does nothing
 * new. Logs counts only, never a person.
 */
import type { Clock } from '../clock';
import type { Db } from '../data/db';
import { tenantData } from '../data/tenant-data';

export async function runRetentionJob(db: Db, tenantId: string, date: string, clock: Clock) {
  // No key provider: tombstoning removes ciphertexts and blind indexes, it never reads them.
  return tenantData(db, tenantId).residents.retention.run(date, clock.now());
}
