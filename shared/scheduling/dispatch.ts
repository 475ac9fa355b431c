/**
 * The dispatcher: which jobs are due now. Reads the tenant directory page by page (no Scan).
 */
import type { Db } from '../data/db';
import { tenantDirectory } from '../data/tenants';
import { localDate } from '../domain/local-day';
import type { Job, JobQueue } from './jobs';

export async function dispatchDueJobs(db: Db, queue: JobQueue, now: Date): Promise<{ sent: number }> {
  const jobs: Job[] = [];
  for await (const tenant of tenantDirectory(db).each()) {
    if (tenant.status !== 'active') continue;
    jobs.push({ kind: 'plan', tenantId: tenant.id, date: localDate(now, tenant.timezone) });
  }
  await queue.send(jobs);
  return { sent: jobs.length };
}
