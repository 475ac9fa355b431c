/**
 * The import job (docs/venue-import.md): check an uploaded venue CSV, then write its valid rows
 * (shared/data/venues/venue-imports.ts). Sent by the API once the file is uploaded; SQS retries it in AWS,
 * and running it again finishes an import that stopped part-way — while checking (the check is
 * done again; its chunks are the same items) or while writing (done chunks are skipped).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Clock } from '../clock';
import type { Db } from '../data/db';
import { importLiveness } from '../data/venues/import-liveness';
import { tenantData } from '../data/tenant-data';
import type { ImportRunResult } from '../data/venues/venue-imports';
import type { ImportFileStore } from '../import-files/store';
import { IMPORT_AUTO_RESUMES, watchedImportStep } from '../domain/venues/venue-import';
import type { ImportJob } from './jobs';

const GAVE_UP = {
  message: `the import stopped ${IMPORT_AUTO_RESUMES + 1} times without finishing and was resumed ${IMPORT_AUTO_RESUMES} times: start it again`,
  messageZh: `导入多次中断（已自动继续 ${IMPORT_AUTO_RESUMES} 次），请重新开始`,
};

const FILE_GONE = {
  message: 'the uploaded file is no longer there: start a new import with the file',
  messageZh: '上传的文件已不存在，请重新导入该文件',
};

export async function runImportJob(db: Db, job: ImportJob, clock: Clock, files: ImportFileStore): Promise<ImportRunResult> {
  const liveness = importLiveness(db, job.tenantId);
  if (job.resume) {
    // Sent by the dispatcher for an import whose worker died: decide again with the import as it is now.
    const data = tenantData(db, job.tenantId);
    const imp = await data.imports.find(job.importId);
    const step = watchedImportStep(imp, clock.now());
    if (step === undefined) return { status: 'alive', chunksWritten: 0 };
    if (step === 'give-up') {
      await data.imports.fail(job.importId, GAVE_UP, clock.now());
      await liveness.ended(job.importId);
      return { status: 'refused', chunksWritten: 0 };
    }
    if (step === 'forget') {
      // Its job had ended after all (the mark stayed behind): stop watching it.
      await liveness.ended(job.importId);
      return { status: imp ? 'already-done' : 'missing', chunksWritten: 0 };
    }
    await liveness.resumedByScheduler(job.importId, clock.now());
  }
  // A sign of life while it works; when the job ends by itself (whichever way) the scheduler stops
  // watching it. A worker that dies does neither: the scheduler sends the job again.
  const result = await liveness.whileAlive(job.importId, () => clock.now(), () => importOnce(db, job, clock, files)).catch(async (error) => {
    await liveness.ended(job.importId).catch(() => undefined);
    throw error;
  });
  await liveness.ended(job.importId);
  return result;
}

async function importOnce(db: Db, job: ImportJob, clock: Clock, files: ImportFileStore): Promise<ImportRunResult> {
  const data = tenantData(db, job.tenantId);
  const { importId } = job;
  const imp = await data.imports.find(importId);
  if (!imp) return { status: 'missing', chunksWritten: 0 };
  if (imp.status === 'done') return { status: 'already-done', chunksWritten: 0 };
  if (imp.status === 'uploading') return { status: 'not-uploaded', chunksWritten: 0 };
  if (!imp.checkedAt) {
    const refused = await check(data, job, clock, files).catch(async (error: Error) => {
      // Shown on the import until a retry (SQS's, or a start) checks the file again.
      await data.imports.fail(importId, { message: error.message }, clock.now()).catch(() => undefined);
      throw error;
    });
    if (refused) return { status: 'refused', chunksWritten: 0 };
  }
  return data.imports.run(importId, () => clock.now());
}

/** Check the file and store its rows; true if it was refused (the import has failed with the reason). */
async function check(data: ReturnType<typeof tenantData>, job: ImportJob, clock: Clock, files: ImportFileStore): Promise<boolean> {
  const file = { tenantId: job.tenantId, importId: job.importId };
  try {
    await data.imports.markChecking(job.importId, clock.now());
  } catch (error) {
    // Another run has checked it meanwhile: go on to writing.
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
  const bytes = await files.read(file);
  if (!bytes) {
    // A run of the same job (SQS delivers at least once) may have checked it and deleted the file meanwhile.
    if ((await data.imports.find(job.importId))?.checkedAt) return false;
    await data.imports.fail(job.importId, FILE_GONE, clock.now());
    return true;
  }
  const [{ kinds }, grids, { parseVenueCsv, ImportFileRefused }, { venueFileText }] = await Promise.all([
    data.checklists.venueKinds(),
    data.grids.tree(),
    // The CSV parser (and the xlsx reader) load with the first import job, not with every worker.
    import('../domain/venues/venue-csv'),
    import('../domain/venues/venue-xlsx'),
  ]);
  try {
    const parsed = parseVenueCsv(await venueFileText(bytes), { kinds, grids: grids.filter((g) => g.status === 'active') });
    await data.imports.storeChecked(job.importId, parsed, clock.now());
  } catch (error) {
    if (!(error instanceof ImportFileRefused)) throw error;
    await data.imports.fail(job.importId, error, clock.now());
    // The file is of no further use (and holds personal data).
    await files.remove(file);
    return true;
  }
  // The rows are in the table now; the file, with its contacts and phone numbers, goes.
  await files.remove(file);
  return false;
}
