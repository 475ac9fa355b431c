/**
 * Runs one scheduled job. The quota planner and the day's close are built in shared/planning
 * (issue: daily inspection quotas); until then a job is refused rather than silently dropped.
 */
import type { Clock } from '../clock';
import type { Db } from '../data/db';
import { runImportJob } from './import-job';
import type { Job } from './jobs';

export async function runJob(_db: Db, job: Job, _clock: Clock): Promise<void> {
  if (job.kind === 'import') {
    await runImportJob(_db, job, _clock);
    return;
  }
  throw new Error(`no runner for ${job.kind} jobs yet`);
}
