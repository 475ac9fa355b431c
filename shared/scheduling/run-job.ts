/**
 * Runs one job: from the SQS worker in AWS (functions/scheduler/worker.ts) and from the in-process
 * loop locally (local/scheduler.ts). `plan` is the day's escalation (escalate.ts) then the daily plan
 * (plan-job.ts); `close` the day's close (close-job.ts); docs/scheduling.md. A job that throws is retried:
 * by SQS (then the dead-letter queue), locally at the next tick. Each kind's module is loaded by the
 * first job of that kind (a worker Lambda that only plans never compiles the import job).
 */
import type { Clock } from '../clock';
import type { Db } from '../data/db';
import type { ImportFileStore } from '../import-files/store';
import type { PersonalDataKeys } from '../personal-data/tenant-cipher';
import type { Job } from './jobs';

/** A plan run stops (resumably) after this long, well inside Lambda's 15 minutes; the retry resumes it. */
export const PLAN_TIME_BUDGET_MS = 12 * 60_000;

/**
 * `importFiles`: where uploaded import files are (S3 in AWS, a directory locally); needed by
 * import jobs only, so callers that run plans and closes may leave it out; `personalData` (the
 * tenants' data keys) by resident imports only.
 */
export async function runJob(_db: Db, job: Job, _clock: Clock, importFiles?: ImportFileStore, personalData?: PersonalDataKeys): Promise<void> {
  if (job.kind === 'resident-import') {
    // People's files are sealed with the tenant's key: the job needs the key provider too.
    if (!importFiles || !personalData) throw new Error('a resident import job needs the import file store and the personal-data keys');
    const { runResidentImportJob } = await import('./resident-import-job');
    await runResidentImportJob(_db, job, _clock, importFiles, personalData);
    return;
  }
  if (job.kind === 'pushed-list') {
    if (!importFiles || !personalData) throw new Error('a pushed-list job needs the import file store and the personal-data keys');
    await (await import('./pushed-list-job')).runPushedListJob(_db, job, _clock, importFiles, personalData);
    return;
  }
  if (job.kind === 'reseal') {
    if (!personalData) throw new Error('a re-seal job needs the personal-data keys');
    const state = await (await import('./reseal-job')).runResealJob(_db, job.tenantId, _clock, personalData, { stopAt: Date.now() + PLAN_TIME_BUDGET_MS });
    // Stopped on the time budget: fail the message so the queue delivers it again (it goes on from the saved place).
    if (state && state.status !== 'done') throw new Error(`re-seal of ${job.tenantId} stopped in area ${state.at + 1}; it resumes on retry`);
    return;
  }
  if (job.kind === 'lab-import') {
    if (!importFiles || !personalData) throw new Error('a lab import job needs the import file store and the personal-data keys');
    const result = await (await import('./lab-import-job')).runLabImportJob(_db, job, _clock, importFiles, personalData, { timeBudgetMs: PLAN_TIME_BUDGET_MS });
    // Stopped on the time budget: fail the message so the queue delivers it again (it goes on from the last batch).
    if (result.status === 'partial') throw new Error(`lab import ${job.importId} stopped after ${result.rows} rows; it goes on when run again`);
    return;
  }
  if (job.kind === 'import') {
    if (!importFiles) throw new Error('an import job needs the import file store');
    const { runImportJob } = await import('./import-job');
    await runImportJob(_db, job, _clock, importFiles);
    return;
  }
  if (job.kind === 'plan') {
    // Escalate first (overdue problems, black cards by the tenant's rules), so the day's plan already
    // has today's black-carded venues as mandatory. Idempotent: a retried job escalates nothing twice.
    const [{ escalate }, { runPlanJob }] = await Promise.all([import('./escalate'), import('./plan-job')]);
    if (!job.gridId) await escalate(_db, job.tenantId, job.date, _clock.now());
    const result = await runPlanJob(_db, job.tenantId, job.date, _clock, { gridId: job.gridId, timeBudgetMs: PLAN_TIME_BUDGET_MS });
    // Stopped part-way on the time budget: fail the message so the queue delivers it again (resume).
    if (result.status === 'partial') throw new Error(`plan ${job.tenantId} ${job.date} stopped after ${result.planned} subtrees; it resumes on retry`);
    // Once a day with the plan, after it (the plan is what the morning waits for): residents who left
    // longer ago than the tenant's rule become tombstones. A failure fails the message; the retry
    // finds the plan done and tries retention again.
    if (!job.gridId) await (await import('./retention-job')).runRetentionJob(_db, job.tenantId, job.date, _clock);
    // Pushed-list tasks due before today go to the supervisor (idempotent: each task once).
    if (!job.gridId) await (await import('./pushed-list-escalation')).escalatePushedTasks(_db, job.tenantId, job.date, _clock);
    return;
  }
  if (job.kind === 'retention') {
    await (await import('./retention-job')).runRetentionJob(_db, job.tenantId, job.date, _clock);
    return;
  }
  if (job.kind === 'monitoring-sweep') {
    await (await import('./monitoring-sweep-job')).runMonitoringSweep(_db, job.tenantId, _clock);
    return;
  }
  if (job.kind === 'grid-map-recount') {
    const { runGridMapRecount } = await import('./grid-map-recount-job');
    const state = await runGridMapRecount(_db, job.tenantId, _clock, { stopAt: Date.now() + PLAN_TIME_BUDGET_MS });
    // Stopped on the time budget: fail the message so the queue delivers it again (the recount resumes).
    if (state.status !== 'done') throw new Error(`grid-map recount of ${job.tenantId} stopped at top-level grid ${state.top + 1} of ${state.tops.length}; it resumes on retry`);
    return;
  }
  if (job.kind === 'close') {
    const { runCloseJob } = await import('./close-job');
    await runCloseJob(_db, job.tenantId, job.date, _clock);
    return;
  }
  throw new Error(`no runner for ${(job as { kind: string }).kind} jobs yet`);
}
