/**
 * Overdue verification tasks of pushed lists go to the supervisor: once a day after the day's plan
 * (run-job.ts), when the tenant's new day has begun. Reads open tasks due before today from their
 * index (a Query, never a read of the whole table); a task escalates once (its version), so a retried job does nothing new.
 * Logs counts only.
 */
import type { Clock } from '../clock';
import type { Db } from '../data/db';
import { tenantData } from '../data/tenant-data';

export async function escalatePushedTasks(db: Db, tenantId: string, today: string, clock: Clock): Promise<number> {
  // No key provider: escalation moves tasks and counters, it never opens a row.
  return tenantData(db, tenantId).residents.pushedLists.tasks.escalateOverdue(today, clock.now());
}
