/**
 * The resident import job (docs/resident-import.md): check an uploaded CSV or xlsx of people and
 * store its sealed rows in chunks, delete the file, then write the chunks
 * (shared/data/residents/imports.ts). Sent by the API once the file is uploaded; running it again
 * finishes an import that stopped part-way — while checking (checked again: the same chunks) or while
 * writing (done chunks are skipped, none counted twice).
 */
import type { Clock } from '../clock';
import type { Db } from '../data/db';
import { residentImportRepository, type ResidentImportRunResult } from '../data/residents/imports';
import { residentsContext } from '../data/residents/context';
import { gridRepository } from '../data/grids';
import { rulesRepository } from '../data/rules';
import { ResidentFileRefused } from '../domain/residents/import';
import type { ImportFileStore } from '../import-files/store';
import type { PersonalDataKeys } from '../personal-data/tenant-cipher';
import type { ResidentImportJob } from './jobs';

const FILE_GONE = {
  message: 'the uploaded file is no longer there: start a new import with the file',
  messageZh: '上传的文件已不存在，请重新导入该文件',
};

export async function runResidentImportJob(db: Db, job: ResidentImportJob, clock: Clock, files: ImportFileStore, personalData: PersonalDataKeys): Promise<ResidentImportRunResult> {
  const ctx = residentsContext(db, job.tenantId, gridRepository(db, job.tenantId), rulesRepository(db, job.tenantId), personalData);
  const imports = residentImportRepository(ctx);
  const { importId } = job;
  const imp = await imports.find(importId);
  if (!imp) return { status: 'missing', chunksWritten: 0 };
  if (imp.status === 'done') return { status: 'already-done', chunksWritten: 0 };
  if (imp.status === 'uploading') return { status: 'not-uploaded', chunksWritten: 0 };
  if (!imp.checkedAt && (await imports.markChecking(importId, clock.now()))) {
    const file = { tenantId: job.tenantId, importId };
    const first = await files.open(file);
    if (!first) {
      // A run of the same job (SQS delivers at least once) may have checked it and deleted the file meanwhile.
      if ((await imports.find(importId))?.checkedAt) return imports.run(importId, () => clock.now());
      await imports.fail(importId, FILE_GONE, clock.now());
      return { status: 'refused', chunksWritten: 0 };
    }
    // The readers and the check load with the first resident import, not with every worker.
    const [{ readRows }, { checkResidentFile }] = await Promise.all([import('../domain/residents/import-file'), import('../data/residents/import-check')]);
    let opened: AsyncIterable<Uint8Array> | undefined = first;
    const open = async () => {
      const source = opened ?? (await files.open(file));
      opened = undefined;
      if (!source) throw new Error('the uploaded file went away while it was read');
      return source;
    };
    try {
      const counts = await checkResidentFile(ctx, imp, readRows(open, imp.format), clock.now());
      await imports.markChecked(importId, counts, clock.now());
    } catch (error) {
      if (!(error instanceof ResidentFileRefused)) {
        // Shown on the import until a retry (SQS's, or a start) checks the file again.
        await imports.fail(importId, { message: (error as Error).message }, clock.now()).catch(() => undefined);
        throw error;
      }
      await imports.fail(importId, error, clock.now());
      await files.remove(file);
      return { status: 'refused', chunksWritten: 0 };
    }
    // The rows are in the table now, sealed; the file, with names, document numbers and phones, goes.
    await files.remove(file);
  }
  return imports.run(importId, () => clock.now());
}
