/**
 * The pushed-list job: read an uploaded list (CSV or xlsx, with the resident import's streaming
 * readers and file store), match and store each row as a verification task (rows.ts), then delete
 * the file. Resumable by idempotence rather than by stored chunks: every row claims its fingerprint in
 * the transaction that stores it, so a run again (SQS redelivers; POST …/start) reads the file from
 * its start and writes only what the stopped run did not; nothing is counted twice.
 */
import type { Clock } from '../clock';
import type { Db } from '../data/db';
import { gridRepository } from '../data/grids';
import { residentsRepository } from '../data/residents';
import { rulesRepository } from '../data/rules';
import { PUSHED_LIST_MAX_ROWS, PUSHED_LIST_MAX_STORED_ERRORS } from '../domain/pushed-lists/list';
import { parsePushedRow, PushedListRefused, type PushedRow, type PushedRowError, readPushedHeader } from '../domain/pushed-lists/row';
import { ResidentFileRefused } from '../domain/residents/import';
import type { ImportFileStore } from '../import-files/store';
import type { PersonalDataKeys } from '../personal-data/tenant-cipher';
import type { PushedListJob } from './jobs';

/** Rows written at once (each a few lookups and one transaction), by a pool: none waits for the slowest. */
const WRITERS = 16;
const BATCH = 200;

export type PushedListRunResult = { status: 'done' | 'missing' | 'already-done' | 'not-uploaded' | 'refused'; written: number };

export async function runPushedListJob(db: Db, job: PushedListJob, clock: Clock, files: ImportFileStore, personalData: PersonalDataKeys): Promise<PushedListRunResult> {
  const residents = residentsRepository(db, job.tenantId, gridRepository(db, job.tenantId), rulesRepository(db, job.tenantId), personalData);
  const { lists } = residents.pushedLists;
  const list = await lists.find(job.listId);
  if (!list) return { status: 'missing', written: 0 };
  if (list.status === 'done') return { status: 'already-done', written: 0 };
  if (list.status === 'uploading') return { status: 'not-uploaded', written: 0 };
  const file = { tenantId: job.tenantId, importId: job.listId };
  const source = await files.open(file);
  if (!source) {
    await lists.fail(job.listId, { message: 'the uploaded file is no longer there: upload the list again', messageZh: '上传的文件已不存在，请重新上传名单' }, clock.now());
    return { status: 'refused', written: 0 };
  }
  await lists.markRunning(job.listId, clock.now());
  const { readRows } = await import('../domain/residents/import-file');
  let opened: AsyncIterable<Uint8Array> | undefined = source;
  const open = async () => {
    const s = opened ?? (await files.open(file));
    opened = undefined;
    if (!s) throw new Error('the uploaded file went away while it was read');
    return s;
  };
  const writer = await residents.pushedLists.rowWriter();
  const counts = { rows: 0, invalid: 0, duplicates: 0 };
  const errors: PushedRowError[] = [];
  let written = 0;
  const flush = async (batch: PushedRow[]) => {
    let next = 0;
    const work = async () => {
      while (next < batch.length) {
        const r = await writer.write(job.listId, batch[next++], clock.now(), list.createdBy);
        if (r === 'duplicate') counts.duplicates++;
        if (r === 'new') written++;
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, work));
    await lists.setRead(job.listId, counts, clock.now());
  };
  try {
    let header: ReturnType<typeof readPushedHeader> | undefined;
    let batch: PushedRow[] = [];
    for await (const { line, cells } of readRows(open, list.format)) {
      if (!header) {
        header = readPushedHeader(cells);
        continue;
      }
      if (++counts.rows > PUSHED_LIST_MAX_ROWS) throw new PushedListRefused(`more than ${PUSHED_LIST_MAX_ROWS} rows: split the list`, `超过 ${PUSHED_LIST_MAX_ROWS} 行，请拆分名单`);
      const parsed = parsePushedRow(header, cells, line);
      if ('errors' in parsed) {
        counts.invalid++;
        if (errors.length < PUSHED_LIST_MAX_STORED_ERRORS) errors.push(...parsed.errors.slice(0, PUSHED_LIST_MAX_STORED_ERRORS - errors.length));
        continue;
      }
      batch.push(parsed.row);
      if (batch.length >= BATCH) {
        await flush(batch);
        batch = [];
      }
    }
    if (!header) throw new PushedListRefused('the file is empty', '文件为空');
    await flush(batch);
  } catch (error) {
    if (error instanceof PushedListRefused || error instanceof ResidentFileRefused) {
      await lists.fail(job.listId, { message: error.message, messageZh: error.messageZh }, clock.now());
      await files.remove(file);
      return { status: 'refused', written };
    }
    // Shown on the list until a run again (SQS's retry, or POST …/start) reads the file again.
    await lists.fail(job.listId, { message: (error as Error).message }, clock.now()).catch(() => undefined);
    throw error;
  }
  await lists.storeErrors(job.listId, errors);
  await lists.markDone(job.listId, counts, clock.now());
  // The rows are in the table now, sealed; the file, with names, ID numbers and phones, goes.
  await files.remove(file);
  return { status: 'done', written };
}
