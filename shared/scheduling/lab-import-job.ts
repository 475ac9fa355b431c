/**
 * The lab import job: a lab's result file (CSV: 样本编号, 身份证号或人员码, 结果) read as a stream from
 * the import file store. First the rows are counted (the header checked), then stored a batch at a
 * time (results.ts `store`, a few writers at once); after each batch the import's counts and
 * `linesDone` move on together (lab-imports.ts). A run that stops — a crash, the time budget, an
 * error — is finished by running the job again (SQS's retry, or POST …/start): it starts after
 * `linesDone`, and the rows of the batch it was in count once (a result carries its import's id).
 * A worker that dies leaves the import queued, checking or running without a sign of life: the
 * dispatcher finds it on the open-imports index and sends the job again with `resume` (at most
 * LAB_IMPORT_AUTO_RESUMES times at the same line; then it fails, saying so, for a person to start).
 * A sign of life every LAB_IMPORT_HEARTBEAT_MS shows whether the run is alive. The file goes at the end.
 */
import type { Clock } from '../clock';
import type { Db } from '../data/db';
import { gridRepository } from '../data/grids';
import { residentsRepository } from '../data/residents';
import { rulesRepository } from '../data/rules';
import type { TestingRepository } from '../data/testing';
import type { LabBatchCounts } from '../data/testing/lab-imports';
import { ResidentFileRefused } from '../domain/residents/import';
import { isLabError, labHeader, labRow, type LabRow, type LabRowError } from '../domain/testing/lab-file';
import { LAB_IMPORT_AUTO_RESUMES, LAB_IMPORT_BATCH_ROWS, LAB_IMPORT_HEARTBEAT_MS, LAB_IMPORT_MAX_ROWS, labImportResumeStep } from '../domain/testing/lab-import';
import type { ImportFileStore } from '../import-files/store';
import type { PersonalDataKeys } from '../personal-data/tenant-cipher';
import type { LabImportJob } from './jobs';

/** Rows stored at once (each a lookup or two and one transaction). */
const WRITERS = 16;

/** `alive`: a resume the dispatcher sent found the import's worker alive after all, or another resume went on with it. */
export type LabImportRunResult = { status: 'done' | 'partial' | 'superseded' | 'missing' | 'already-done' | 'not-uploaded' | 'refused' | 'alive'; rows: number };

const GAVE_UP = {
  message: `the import stopped ${LAB_IMPORT_AUTO_RESUMES + 1} times at the same line and was resumed ${LAB_IMPORT_AUTO_RESUMES} times: start it again`,
  messageZh: `导入在同一位置多次中断（已自动继续 ${LAB_IMPORT_AUTO_RESUMES} 次），请重新开始`,
};

export interface LabImportOptions {
  /** Stop (resumably) after a batch once this long has passed; the caller has the job run again. */
  timeBudgetMs?: number;
  batchRows?: number;
}

export async function runLabImportJob(db: Db, job: LabImportJob, clock: Clock, files: ImportFileStore, personalData: PersonalDataKeys, options: LabImportOptions = {}): Promise<LabImportRunResult> {
  const testing = residentsRepository(db, job.tenantId, gridRepository(db, job.tenantId), rulesRepository(db, job.tenantId), personalData).testing;
  return runLabImport(testing, job, clock, files, options);
}

/** The job's work over a tenant's testing repository (the demo runs it too). */
export async function runLabImport(testing: TestingRepository, job: Omit<LabImportJob, 'kind'>, clock: Clock, files: ImportFileStore, options: LabImportOptions = {}): Promise<LabImportRunResult> {
  const labs = testing.labImports;
  const imp = await labs.find(job.importId);
  if (!imp) return { status: 'missing', rows: 0 };
  if (imp.status === 'done') return { status: 'already-done', rows: 0 };
  if (imp.status === 'uploading') return { status: 'not-uploaded', rows: 0 };
  if (job.resume) {
    // Sent by the dispatcher for a stalled import: judged again as it is now; of two resumes for one stall, one goes on.
    const step = labImportResumeStep(imp, clock.now());
    if (step === 'give-up') {
      await labs.fail(job.importId, GAVE_UP, clock.now());
      return { status: 'refused', rows: 0 };
    }
    if (step !== 'resume' || !(await labs.claimResume(imp, clock.now()))) return { status: 'alive', rows: 0 };
  }
  const file = { tenantId: job.tenantId, importId: job.importId };
  if ((await files.size(file)) === undefined) {
    await labs.fail(job.importId, { message: 'the uploaded file is no longer there: start a new import with the file', messageZh: '上传的文件已不存在，请重新导入该文件' }, clock.now());
    return { status: 'refused', rows: 0 };
  }
  const started = clock.now().getTime();
  const { readRows } = await import('../domain/residents/import-file');
  const rowsOf = () =>
    readRows(async () => {
      const source = await files.open(file);
      if (!source) throw new Error('the uploaded file went away while it was read');
      return source;
    }, 'csv');
  const beat = setInterval(() => void labs.beat(job.importId, clock.now()).catch(() => undefined), LAB_IMPORT_HEARTBEAT_MS);
  beat.unref?.();
  try {
    await labs.markStarted(job.importId, Boolean(imp.checkedAt), clock.now());
    if (!imp.checkedAt) await labs.markChecked(job.importId, await countRows(rowsOf()), clock.now());
    const round = await testing.rounds.get(imp.roundId);
    let linesDone = imp.linesDone;
    let kept = Math.min(imp.errorCount, 1000);
    let rows = 0;
    let header: ReturnType<typeof labHeader> | undefined;
    let batch: (LabRow | LabRowError)[] = [];
    // One batch: its rows stored by a pool of writers, then its counts and last line in one update.
    const flush = async (): Promise<boolean> => {
      if (!batch.length) return true;
      const counts: LabBatchCounts = { firstLine: batch[0].line, lastLine: batch[batch.length - 1].line, stored: 0, unchanged: 0, positives: 0, errors: [] };
      const work = batch;
      let next = 0;
      const writer = async () => {
        while (next < work.length) {
          const row = work[next++];
          const outcome = isLabError(row) ? row : await testing.results.store(round, row, clock.now(), job.importId);
          if (typeof outcome !== 'string') counts.errors.push(outcome);
          else {
            counts[outcome]++;
            if ((row as LabRow).result === 'positive') counts.positives++;
          }
        }
      };
      await Promise.all(Array.from({ length: WRITERS }, writer));
      counts.errors.sort((a, b) => a.line - b.line);
      if (!(await labs.batchDone(job.importId, linesDone, counts, kept, clock.now()))) return false;
      kept += counts.errors.length;
      rows += work.length;
      linesDone = counts.lastLine;
      batch = [];
      return true;
    };
    for await (const { line, cells } of rowsOf()) {
      if (!header) {
        header = labHeader(cells);
        continue;
      }
      if (line <= linesDone || 'missing' in header) continue;
      batch.push(labRow(header, line, cells));
      if (batch.length < (options.batchRows ?? LAB_IMPORT_BATCH_ROWS)) continue;
      if (!(await flush())) return { status: 'superseded', rows };
      if (options.timeBudgetMs !== undefined && clock.now().getTime() - started >= options.timeBudgetMs) return { status: 'partial', rows };
    }
    if (!(await flush())) return { status: 'superseded', rows };
    await labs.markDone(job.importId, clock.now());
    // The results are in the table now, sealed; the file, with ID numbers, goes.
    await files.remove(file);
    return { status: 'done', rows };
  } catch (error) {
    if (error instanceof ResidentFileRefused) {
      await labs.fail(job.importId, { message: error.message, messageZh: error.messageZh }, clock.now());
      await files.remove(file);
      return { status: 'refused', rows: 0 };
    }
    // Shown on the import until a run again (SQS's retry, or POST …/start) goes on from `linesDone`.
    await labs.fail(job.importId, { message: (error as Error).message }, clock.now()).catch(() => undefined);
    throw error;
  } finally {
    clearInterval(beat);
  }
}

/** The file's rows, its header checked; refused when the header lacks a column or the file is too long. */
async function countRows(rows: AsyncIterable<{ cells: string[] }>): Promise<number> {
  let header = false;
  let total = 0;
  for await (const { cells } of rows) {
    if (!header) {
      const found = labHeader(cells);
      if ('missing' in found) throw new ResidentFileRefused(`the header has no column for ${found.missing.join(', ')} (样本编号, 身份证号或人员码, 结果)`, '表头缺少列：样本编号、身份证号或人员码、结果');
      header = true;
      continue;
    }
    if (++total > LAB_IMPORT_MAX_ROWS) throw new ResidentFileRefused(`more than ${LAB_IMPORT_MAX_ROWS} rows: split the file`, `超过 ${LAB_IMPORT_MAX_ROWS} 行，请拆分文件`);
  }
  if (!header) throw new ResidentFileRefused('the file is empty: a header and rows', '文件为空：需要表头和数据行');
  return total;
}
