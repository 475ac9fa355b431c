/**
 * Resident imports of one tenant: the same resumable path as venue imports (docs/venue-import.md,
 * docs/resident-import.md). Created before the file is uploaded; the job checks the file and stores
 * the sealed rows in chunks (import-check.ts), then writes the chunks (person-batch.ts): phase 1 with
 * a few parallel writers, phase 2 one chunk at a time. A run that stops part-way is finished by
 * running the job again: done chunks are skipped, and a chunk is counted once.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { RESIDENT_IMPORT_COUNTERS, type ResidentImport, type ResidentImportStatus, type ResidentImportView, type ResidentRowError } from '../../domain/residents/import';
import { notFound } from '../../errors';
import { type Page, queryPage, toEntity } from '../db';
import { writePendingChunks } from '../pending-chunks';
import { queryRaw } from '../batch';
import { TTL_ATTRIBUTE } from '../table';
import { updateExpression } from '../write';
import type { ResidentsContext } from './context';
import { personBatchWriter, type StoredChunk } from './person-batch';

/** Imports, their errors and chunks disappear after this (TTL); the people stay, of course. */
const KEEP_DAYS = 30;
export const residentImportExpiry = (now: Date) => Math.floor(now.getTime() / 1000) + KEEP_DAYS * 86_400;
/** Phase-1 chunks written at once (8: the bench measured 4 writers leaving DynamoDB idle between a chunk's calls); each writer adds to its own progress item. */
const WRITERS = 8;

export interface ResidentImportRunResult {
  status: 'done' | 'missing' | 'already-done' | 'not-uploaded' | 'refused';
  chunksWritten: number;
}

export function residentImportRepository(ctx: ResidentsContext) {
  const { db, keys } = ctx;

  /** The import with its live progress (sums of the writers' items while it runs) and kept errors: one Query. */
  async function read(importId: string): Promise<{ imp: ResidentImport; errors: ResidentRowError[] } | undefined> {
    const items = await queryRaw(db, keys.residentImportWithErrors(importId), { consistent: true });
    const main = items.find((i) => i.sk === keys.residentImport(importId).sk);
    if (!main) return undefined;
    const { [TTL_ATTRIBUTE]: _ttl, ...imp } = toEntity<ResidentImport & Record<string, unknown>>(main);
    const writers = items.filter((i) => i.entity === 'resident-import-progress');
    const errorItems = items.filter((i) => i.entity === 'resident-import-errors');
    if (imp.status !== 'done') {
      for (const c of RESIDENT_IMPORT_COUNTERS) imp[c] = writers.reduce((sum, w) => sum + Number(w[c] ?? 0), 0);
      imp.errorCount = Number(imp.checkErrors ?? 0) + imp.rejected;
    }
    // Errors found while checking first, then those of each chunk, in line order.
    const errors = errorItems
      .flatMap((i) => i.errors as ResidentRowError[])
      .sort((a, b) => a.line - b.line)
      .slice(0, 1000);
    return { imp: imp as ResidentImport, errors };
  }

  type Condition = { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
  const statusIs = (op: '=' | '<>', status: ResidentImportStatus): Condition => ({ expression: `#st ${op} :st`, names: { '#st': 'status' }, values: { ':st': status } });
  const NOT_CHECKED: Condition = { expression: 'attribute_not_exists(checkedAt)' };
  async function setStatus(importId: string, changes: Record<string, unknown>, remove: string[] = [], condition?: Condition) {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.residentImport(importId),
        ...updateExpression(changes, remove, { names: condition?.names, values: condition?.values }),
        ConditionExpression: ['attribute_exists(pk)', condition?.expression].filter(Boolean).join(' AND '),
      }),
    );
  }
  const ignoreCondition = (error: unknown) => {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return false;
  };

  async function fail(importId: string, reason: { message: string; messageZh?: string }, now: Date): Promise<void> {
    const changes = { status: 'failed', failure: reason.message.slice(0, 500), updatedAt: now.toISOString(), ...(reason.messageZh && { failureZh: reason.messageZh.slice(0, 500) }) };
    await setStatus(importId, changes, reason.messageZh ? [] : ['failureZh'], statusIs('<>', 'done'));
  }

  /** What callers see: without the check's bookkeeping (checkErrors, phase2). */
  const view = (imp: ResidentImport, errors: ResidentRowError[]): ResidentImportView => {
    const { checkErrors: _c, phase2: _p, ...shown } = imp as ResidentImport & { checkErrors?: number; phase2?: number };
    return { ...shown, processed: imp.created + imp.merged + imp.unchanged + imp.rejected, errors };
  };

  return {
    async create(meta: { fileName?: string; size: number; format: 'csv' | 'xlsx'; duplicates: 'reject' | 'merge'; by: string; now: Date }): Promise<ResidentImportView> {
      const id = ulid(meta.now.getTime());
      const at = meta.now.toISOString();
      const imp: ResidentImport = {
        id,
        status: 'uploading',
        fileName: meta.fileName,
        size: meta.size,
        format: meta.format,
        duplicates: meta.duplicates,
        total: 0,
        valid: 0,
        invalid: 0,
        created: 0,
        households: 0,
        merged: 0,
        unchanged: 0,
        rejected: 0,
        chunks: 0,
        chunksDone: 0,
        errorCount: 0,
        createdAt: at,
        createdBy: meta.by,
        updatedAt: at,
      };
      await db.doc.send(
        new PutCommand({
          TableName: db.table,
          Item: { ...keys.residentImport(id), ...keys.residentImportListEntry(imp), entity: 'resident-import', schemaVersion: 1, ...imp, [TTL_ATTRIBUTE]: residentImportExpiry(meta.now) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return view(imp, []);
    },

    /** uploading → queued; false if it was no longer uploading. */
    markQueued: (importId: string, now: Date) => setStatus(importId, { status: 'queued', updatedAt: now.toISOString() }, [], statusIs('=', 'uploading')).then(() => true, ignoreCondition),

    /** The job starts checking (again, if a run stopped while checking); false if it is checked already. */
    markChecking: (importId: string, now: Date) => setStatus(importId, { status: 'checking', updatedAt: now.toISOString() }, ['failure', 'failureZh'], NOT_CHECKED).then(() => true, ignoreCondition),

    /** The check is stored (chunks and error pages written before): the counts, then on to running. Only once. */
    async markChecked(importId: string, counts: { total: number; valid: number; invalid: number; chunks: number; phase2: number; checkErrors: number }, now: Date): Promise<void> {
      const at = now.toISOString();
      const next = counts.valid ? { status: 'running', startedAt: at } : { status: 'done', startedAt: at, finishedAt: at, errorCount: counts.checkErrors };
      await setStatus(importId, { ...counts, checkedAt: at, updatedAt: at, ...next }, [], NOT_CHECKED).catch(ignoreCondition);
    },

    fail,

    async find(importId: string): Promise<ResidentImport | undefined> {
      const found = await read(importId);
      return found && view(found.imp, []);
    },

    async get(importId: string): Promise<ResidentImportView> {
      const found = await read(importId);
      if (!found) throw notFound('import');
      return view(found.imp, found.errors);
    },

    async list(options: { limit?: number; cursor?: string }): Promise<Page<ResidentImport>> {
      const page = await queryPage<ResidentImport & Record<string, unknown>>(db, keys.residentImports(), { ...options, newestFirst: true });
      return { ...page, items: page.items.map(({ [TTL_ATTRIBUTE]: _ttl, checkErrors: _c, phase2: _p, ...imp }) => imp as ResidentImport) };
    },

    /**
     * Write the pending chunks: phase 1 with WRITERS at once, then phase 2 one at a time. Safe to run
     * again and at the same time as another run: each chunk is written once, counted once.
     */
    async run(importId: string, now: () => Date): Promise<ResidentImportRunResult> {
      const found = await read(importId);
      if (!found) return { status: 'missing', chunksWritten: 0 };
      const { imp } = found;
      if (imp.status === 'done') return { status: 'already-done', chunksWritten: 0 };
      if (!imp.checkedAt) throw new Error(`resident import ${importId} is not checked yet`);
      await setStatus(importId, { status: 'running', updatedAt: now().toISOString() }, ['failure', 'failureZh']);
      let chunksWritten = 0;
      try {
        const cipher = (await ctx.cipher(true))!;
        const batch = personBatchWriter(ctx, cipher, imp);
        // Errors kept so far (roughly, across writers): chunks stop storing theirs at 1,000.
        let kept = Math.min(1000, Number((imp as { checkErrors?: number }).checkErrors ?? 0)) + imp.rejected;
        for (const [phase, writers] of [[1, WRITERS], [2, 1]] as const) {
          await writePendingChunks<StoredChunk>(db, keys.residentImportChunks(importId, phase), writers, async (chunk, w) => {
            const outcome = await batch.write(chunk, w, now(), kept < 1000);
            if (!outcome) return;
            chunksWritten++;
            kept += outcome.rejected;
          });
        }
        const after = await read(importId);
        if (!after) return { status: 'missing', chunksWritten };
        if (after.imp.status !== 'done') {
          if (after.imp.chunksDone < after.imp.chunks) throw new Error(`${after.imp.chunks - after.imp.chunksDone} chunks of resident import ${importId} are not written`);
          const totals = Object.fromEntries([...RESIDENT_IMPORT_COUNTERS, 'errorCount'].map((c) => [c, after.imp[c as keyof ResidentImport]]));
          await setStatus(importId, { ...totals, status: 'done', finishedAt: now().toISOString(), updatedAt: now().toISOString() });
        }
        return { status: 'done', chunksWritten };
      } catch (error) {
        await fail(importId, { message: (error as Error).message }, now()).catch(() => undefined);
        throw error;
      }
    },
  };
}
export type ResidentImportRepository = ReturnType<typeof residentImportRepository>;
