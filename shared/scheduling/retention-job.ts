/**
 * The residents' retention job (docs/privacy.md): for one tenant and tenant-local day, tombstone
 * everyone who moved out or died more than the tenant's `residents.retentionDays` ago, and delete the
 * rows of pushed lists older than `residents.pushedLists.retentionDays` (pushed-lists/retention.ts). Runs after the
 * day's plan (run-job.ts) and can be sent alone; idempotent, so a retry or a second run does nothing
 * new. Logs counts only, never a person.
 */
import type { Clock } from '../clock';
import type { Db } from '../data/db';
import { tenantData } from '../data/tenant-data';

export async function runRetentionJob(db: Db, tenantId: string, date: string, clock: Clock) {
  // No key provider: tombstoning and deleting remove ciphertexts and blind indexes, they never read them.
  const { residents } = tenantData(db, tenantId);
  const people = await residents.retention.run(date, clock.now());
  const pushedLists = await residents.pushedLists.retention.run(clock.now());
  return { ...people, pushedLists };
}
