/**
 * The scheduler on this machine: the same dispatcher and job runner as the Lambda functions, on a
 * timer, with an in-process queue instead of SQS. A failed job is logged and tried at the next tick;
 * a venue or lab import whose worker died with a previous server is resumed by the dispatcher.
 */
import type { Clock } from '../shared/clock';
import type { Db } from '../shared/data/db';
import type { ImportFileStore } from '../shared/import-files/store';
import type { PersonalDataKeys } from '../shared/personal-data/tenant-cipher';
import { dispatchDueJobs } from '../shared/scheduling/dispatch';
import type { Job, JobQueue } from '../shared/scheduling/jobs';
import { runJob } from '../shared/scheduling/run-job';

/**
 * `importFiles`: where uploaded import files are, for the imports it resumes after their worker died;
 * `personalData`: the tenants' data keys, for the lab imports it resumes (results are sealed).
 */
export function startLocalScheduler(db: Db, clock: Clock, intervalMs: number, importFiles?: ImportFileStore, personalData?: PersonalDataKeys) {
  let running: Promise<void> | undefined;
  const queue: JobQueue = {
    async send(jobs: Job[]) {
      for (const job of jobs) {
        try {
          await runJob(db, job, clock, importFiles, personalData);
        } catch (error) {
          console.error(`[scheduler] ${job.kind} ${job.tenantId} ${'importId' in job ? job.importId : 'listId' in job ? job.listId : 'date' in job ? job.date : ''}: ${(error as Error).message}`);
        }
      }
    },
  };
  const tick = () => {
    running ??= dispatchDueJobs(db, queue, clock.now())
      .then(() => undefined)
      .catch((error) => console.error(`[scheduler] dispatch failed: ${(error as Error).message}`))
      .finally(() => {
        running = undefined;
      });
  };
  const first = setTimeout(tick, 1000);
  const timer = setInterval(tick, intervalMs);
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
