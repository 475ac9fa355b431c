/**
 * Lab result imports of one tenant (docs/data-model.md "Testing rounds"): the same resumable path
 * as the resident import. Created before the file is uploaded; the job counts the rows, then stores
 * them a batch at a time; after each batch ONE update adds the batch's counts and moves `linesDone`
 * on condition that it is still where this run found it, so a batch is counted once even when two
 * runs meet (the later one stops). Row errors are kept per batch (overwritten, never added twice).
 * While queued, checking or running an import is on GSI2 `T#t#TLABIMPS#OPEN` (set with the status,
 * removed when done or failed), where the dispatcher looks for stalled ones (lab-import-watch.ts).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { type LabImport, type LabImportStatus, type LabImportView, LAB_IMPORT_MAX_STORED_ERRORS, labImportAsShown, sameLineResumes } from '../../domain/testing/lab-import';
import type { LabRowError } from '../../domain/testing/lab-file';
import { notFound } from '../../errors';
import { queryRaw } from '../batch';
import { queryAll, toEntity } from '../db';
import { INDEX, TTL_ATTRIBUTE } from '../table';
import { updateExpression } from '../write';
import type { ResidentsContext } from '../residents/context';

/** The GSI2 attributes that keep an import on the dispatcher's watch while it is unfinished. */
const OPEN_ENTRY = [INDEX.gsi2.pk, INDEX.gsi2.sk];

/** Imports and their errors disappear after this (TTL); the results stay. */
const KEEP_DAYS = 30;

export interface LabBatchCounts {
  firstLine: number;
  lastLine: number;
  stored: number;
  unchanged: number;
  positives: number;
  errors: LabRowError[];
}

export function labImportRepository(ctx: ResidentsContext) {
  const { db, keys } = ctx;

  async function read(importId: string): Promise<{ imp: LabImport; errors: LabRowError[] } | undefined> {
    const items = await queryRaw(db, keys.labImportWithErrors(importId), { consistent: true });
    const main = items.find((i) => i.sk === 'IMPORT');
    if (!main) return undefined;
    const { [TTL_ATTRIBUTE]: _ttl, ...imp } = toEntity<LabImport & Record<string, unknown>>(main);
    const errors = items
      .filter((i) => i.entity === 'lab-import-errors')
      .flatMap((i) => i.errors as LabRowError[])
      .slice(0, LAB_IMPORT_MAX_STORED_ERRORS);
    return { imp: imp as LabImport, errors };
  }

  type Condition = { expression: string; values?: Record<string, unknown> };
  const statusIs = (op: '=' | '<>', status: LabImportStatus): Condition => ({ expression: `#st ${op} :cst`, values: { ':cst': status } });
  async function set(importId: string, changes: Record<string, unknown>, remove: string[] = [], condition?: Condition): Promise<boolean> {
    const names = condition?.expression.includes('#st') ? { '#st': 'status' } : undefined;
    try {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: keys.labImport(importId),
          ...updateExpression(changes, remove, { names, values: condition?.values }),
          ConditionExpression: ['attribute_exists(pk)', condition?.expression].filter(Boolean).join(' AND '),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  const view = (imp: LabImport, errors: LabRowError[], now: Date): LabImportView => ({ ...labImportAsShown(imp, now), processed: imp.valid, errors });

  return {
    async create(meta: { roundId: string; fileName?: string; size: number; by: string; now: Date }): Promise<LabImportView> {
      const at = meta.now.toISOString();
      const imp: LabImport = { id: ulid(meta.now.getTime()), roundId: meta.roundId, status: 'uploading', fileName: meta.fileName, size: meta.size, total: 0, valid: 0, invalid: 0, stored: 0, unchanged: 0, positives: 0, linesDone: 1, errorCount: 0, createdAt: at, createdBy: meta.by, updatedAt: at };
      const expires = Math.floor(meta.now.getTime() / 1000) + KEEP_DAYS * 86_400;
      await db.doc.send(
        new PutCommand({
          TableName: db.table,
          Item: { ...keys.labImport(imp.id), ...keys.labImportListEntry(imp), entity: 'lab-import', schemaVersion: 1, ...imp, [TTL_ATTRIBUTE]: expires },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return view(imp, [], meta.now);
    },

    async find(importId: string): Promise<LabImport | undefined> {
      return (await read(importId))?.imp;
    },

    async get(importId: string, now: Date): Promise<LabImportView> {
      const found = await read(importId);
      if (!found) throw notFound('import');
      return view(found.imp, found.errors, now);
    },

    /** A round's imports, newest first (a few a day). */
    async ofRound(roundId: string, now: Date): Promise<LabImport[]> {
      const items = await queryAll<LabImport & Record<string, unknown>>(db, keys.labImportsOfRound(roundId));
      return items.reverse().map(({ [TTL_ATTRIBUTE]: _ttl, ...imp }) => labImportAsShown(imp as LabImport, now));
    },

    /** Queued (its file is there, its job sent): open, so the dispatcher watches it from now. */
    markQueued: (importId: string, now: Date) => set(importId, { status: 'queued', updatedAt: now.toISOString(), ...keys.labImportOpenEntry(importId) }, [], statusIs('=', 'uploading')),
    /** The job starts (again): counting the rows first unless they are counted; open (watched) again after a failure. */
    markStarted: (importId: string, checked: boolean, now: Date) =>
      set(importId, { status: checked ? 'running' : 'checking', updatedAt: now.toISOString(), heartbeatAt: now.toISOString(), ...keys.labImportOpenEntry(importId) }, ['failure', 'failureZh'], statusIs('<>', 'done')),
    /**
     * The scheduler resumes a stalled import: counted (at its line) and alive from now, on condition
     * that it is as the resume found it — of two resumes sent for one stall, one goes on.
     */
    async claimResume(imp: Pick<LabImport, 'id' | 'updatedAt' | 'heartbeatAt' | 'linesDone' | 'autoResumes' | 'resumedAtLine'>, now: Date): Promise<boolean> {
      const beat = imp.heartbeatAt ? { expression: '#hb = :seenBeat', values: { ':seenBeat': imp.heartbeatAt } } : { expression: 'attribute_not_exists(#hb)', values: {} };
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.labImport(imp.id),
            UpdateExpression: 'SET #hb = :now, #upd = :now, #ar = :ar, #ral = :line',
            ConditionExpression: `#done = :line AND #upd = :seenUpd AND ${beat.expression}`,
            ExpressionAttributeNames: { '#hb': 'heartbeatAt', '#upd': 'updatedAt', '#ar': 'autoResumes', '#ral': 'resumedAtLine', '#done': 'linesDone' },
            ExpressionAttributeValues: { ':now': now.toISOString(), ':ar': sameLineResumes(imp) + 1, ':line': imp.linesDone, ':seenUpd': imp.updatedAt, ...beat.values },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    markChecked: (importId: string, total: number, now: Date) =>
      set(importId, { total, checkedAt: now.toISOString(), status: 'running', updatedAt: now.toISOString() }, [], { expression: 'attribute_not_exists(checkedAt)' }),
    beat: (importId: string, now: Date) => set(importId, { heartbeatAt: now.toISOString() }),

    /**
     * A batch is done: its errors kept (while fewer than the cap are), then its counts added and
     * `linesDone` moved from `from` to the batch's last line. False: another run moved it first.
     */
    async batchDone(importId: string, from: number, batch: LabBatchCounts, keptSoFar: number, now: Date): Promise<boolean> {
      if (batch.errors.length && keptSoFar < LAB_IMPORT_MAX_STORED_ERRORS) {
        const errors = batch.errors.slice(0, LAB_IMPORT_MAX_STORED_ERRORS - keptSoFar);
        await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...keys.labImportErrors(importId, batch.firstLine), entity: 'lab-import-errors', schemaVersion: 1, errors } }));
      }
      const valid = batch.stored + batch.unchanged;
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.labImport(importId),
            UpdateExpression: 'SET #done = :to, #upd = :at, #beat = :at ADD #valid :valid, #invalid :invalid, #stored :stored, #unchanged :unchanged, #pos :pos, #errors :invalid',
            ConditionExpression: '#done = :from',
            ExpressionAttributeNames: { '#done': 'linesDone', '#upd': 'updatedAt', '#beat': 'heartbeatAt', '#valid': 'valid', '#invalid': 'invalid', '#stored': 'stored', '#unchanged': 'unchanged', '#pos': 'positives', '#errors': 'errorCount' },
            ExpressionAttributeValues: { ':to': batch.lastLine, ':from': from, ':at': now.toISOString(), ':valid': valid, ':invalid': batch.errors.length, ':stored': batch.stored, ':unchanged': batch.unchanged, ':pos': batch.positives },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    markDone: (importId: string, now: Date) => set(importId, { status: 'done', finishedAt: now.toISOString(), updatedAt: now.toISOString() }, ['heartbeatAt', ...OPEN_ENTRY]),

    /** Failed (a retry, or a person's start, opens it again). */
    async fail(importId: string, reason: { message: string; messageZh?: string }, now: Date): Promise<void> {
      await set(importId, { status: 'failed', failure: reason.message.slice(0, 500), updatedAt: now.toISOString(), ...(reason.messageZh && { failureZh: reason.messageZh.slice(0, 500) }) }, [...(reason.messageZh ? [] : ['failureZh']), ...OPEN_ENTRY], statusIs('<>', 'done'));
    },
  };
}
export type LabImportRepository = ReturnType<typeof labImportRepository>;
