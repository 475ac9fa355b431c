/**
 * The missed-reading sweep of one tenant (shared/data/residents/monitoring/sweep.ts): sent by the
 * dispatcher at its first tick after a reading window closes (every 15 minutes, so at most 15 minutes
 * late), run by the worker. Idempotent; logs counts only, never a person.
 */
import type { Clock } from '../clock';
import type { Db } from '../data/db';
import { tenantData } from '../data/tenant-data';

export async function runMonitoringSweep(db: Db, tenantId: string, clock: Clock) {
  // No key provider: the sweep reads window sets and writes alerts, never health data.
  return tenantData(db, tenantId).residents.monitoring.sweep.run(clock.now());
}
