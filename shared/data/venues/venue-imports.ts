/**
 * Venue imports of one tenant. An import is created before its file is uploaded; the import job
 * checks the file and stores the valid rows in chunks next to the import item, then writes the
 * chunks with a few parallel writers, each chunk in one transaction with its "done" mark and its
 * writer's progress counters. A run that stops part-way is finished by running the job again: done
 * chunks are skipped, and a chunk is never counted twice. See docs/venue-import.md.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import {
  IMPORT_CHUNK_ROWS,
  IMPORT_MAX_STORED_ERRORS,
  type ImportField,
  type ImportRow,
  type ImportStatus,
  importAsShown,
  importChange,
  type ParsedImport,
  type RowError,
  type VenueImport,
  type VenueImportView,
} from '../../domain/venues/venue-import';
import type { Venue } from '../../domain/venues/venue';
import { addCounts, type Counts, gridDeltas } from '../../domain/residents/counts';
import { shardOf } from '../residents/counters';
import { venueCounterActions, venueCounts } from './venue-counters';
import { notFound } from '../../errors';
import { batchGetAll, batchWriteAll, put } from '../bulk';
import { type Db, type Page, queryPage, toEntity } from '../db';
import { writePendingChunks } from '../pending-chunks';
import type { GridRepository } from '../grids';
import { tenantKeys } from '../keys';
import { TTL_ATTRIBUTE } from '../table';
import { updateExpression } from '../write';
import { type VenueRepository, venueIdForExternalId } from './venues';

/** Imports, their errors and their chunks disappear after this (TTL); the venues stay, of course. */
const KEEP_DAYS = 30;
const ERRORS_PER_PAGE = 200;
const expiresAt = (now: Date) => Math.floor(now.getTime() / 1000) + KEEP_DAYS * 86_400;
/** Attempts at one chunk when venues change under it (an edit, an inspection) or transactions collide. */
const CHUNK_ATTEMPTS = 8;
/**
 * Chunks written at the same time. Each writer adds to its own progress item, so the writers'
 * transactions never touch the same item (two runs at once do, and retry).
 */
const WRITERS = 4;
const COUNTERS = ['created', 'updated', 'unchanged', 'chunksDone'] as const;

interface StoredChunk {
  n: number;
  status: 'pending' | 'done';
  /** JSON of ImportRow[]; removed when the chunk is done. */
  rows?: string;
  count: number;
  expiresAt: number;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export interface ImportRunResult {
  /**
   * `refused`: the file could not be read as a venue CSV (or was gone), or the scheduler gave up
   * resuming it; the import failed with the reason. `alive`: a resume the dispatcher sent found its
   * worker alive after all (nothing done).
   */
  status: 'done' | 'missing' | 'already-done' | 'not-uploaded' | 'refused' | 'alive';
  chunksWritten: number;
}

export function venueImportRepository(db: Db, tenantId: string, venues: VenueRepository, grids: GridRepository) {
  const keys = tenantKeys(tenantId);

  const view = (imp: VenueImport, errors: RowError[]): VenueImportView => ({
    ...imp,
    written: imp.created + imp.updated,
    processed: imp.created + imp.updated + imp.unchanged,
    errors,
  });

  /** The stored venues with these ids (consistent reads: their versions guard the writes). */
  async function venuesById(ids: string[]): Promise<Map<string, Venue>> {
    const found = await batchGetAll(db, ids.map((id) => keys.venue(id)), { consistent: true, maxAttempts: 11 });
    const venues = new Map<string, Venue>();
    for (const id of ids) {
      const item = found.get(keys.venue(id));
      if (item) venues.set(id, toEntity<Venue>(item));
    }
    return venues;
  }

  /**
   * The import with its live progress and kept errors: one Query of the items under 'IMPORT' in its
   * partition. While it runs, the counters are the sums of the writers' progress items; when it is
   * done, the import item holds the totals.
   */
  async function read(importId: string): Promise<{ imp: VenueImport; errors: RowError[] } | undefined> {
    const spec = keys.venueImportWithErrors(importId);
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await db.doc.send(
        new QueryCommand({
          TableName: db.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
          ExpressionAttributeValues: { ':pk': spec.pk, ':sk': spec.skPrefix },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    const main = items.find((i) => i.sk === keys.venueImport(importId).sk);
    if (!main) return undefined;
    const { [TTL_ATTRIBUTE]: _ttl, ...imp } = toEntity<VenueImport & Record<string, unknown>>(main);
    const writers = items.filter((i) => i.entity === 'venue-import-progress');
    if (imp.status !== 'done') for (const c of COUNTERS) imp[c] = writers.reduce((sum, w) => sum + Number(w[c] ?? 0), 0);
    const errors = items.filter((i) => i.entity === 'venue-import-errors').flatMap((i) => i.errors as RowError[]);
    return { imp: imp as VenueImport, errors };
  }

  type Condition = { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
  const statusIs = (op: '=' | '<>', status: ImportStatus): Condition => ({ expression: `#st ${op} :st`, names: { '#st': 'status' }, values: { ':st': status } });
  const NOT_CHECKED: Condition = { expression: 'attribute_not_exists(checkedAt)' };
  async function setStatus(importId: string, changes: Record<string, unknown>, remove: string[] = [], condition?: Condition) {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.venueImport(importId),
        ...updateExpression(changes, remove, { names: condition?.names, values: condition?.values }),
        ConditionExpression: ['attribute_exists(pk)', condition?.expression].filter(Boolean).join(' AND '),
      }),
    );
  }

  /** The import stopped: why, in English and (where known) Chinese. A done import stays done. */
  async function fail(importId: string, reason: { message: string; messageZh?: string }, now: Date): Promise<void> {
    const changes = { status: 'failed', failure: reason.message.slice(0, 500), updatedAt: now.toISOString(), ...(reason.messageZh && { failureZh: reason.messageZh.slice(0, 500) }) };
    await setStatus(importId, changes, reason.messageZh ? [] : ['failureZh'], statusIs('<>', 'done'));
  }

  /**
   * Write one chunk: read the venues its rows name (1 BatchGet), then one TransactWrite of the
   * creates (`attribute_not_exists`), the updates (`version = seen`), the chunk's done mark
   * (`status = pending`) and the progress counters. Returns false if another run had done it.
   */
  async function writeChunk(importId: string, chunk: StoredChunk, owns: ImportField[], paths: Map<string, string>, writer: number, now: Date): Promise<boolean> {
    const rows = JSON.parse(chunk.rows ?? '[]') as ImportRow[];
    const at = now.toISOString();
    for (let attempt = 0; ; attempt++) {
      const stored = await venuesById(rows.map((r) => venueIdForExternalId(r.externalId)));
      const counts = { created: 0, updated: 0, unchanged: 0 };
      const deltas = new Map<string, Counts>();
      const actions: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [];
      for (const row of rows) {
        // The grid's path now (a grid may have moved since the upload).
        const current = { ...row, gridPath: paths.get(row.gridId) ?? row.gridPath };
        const existing = stored.get(venueIdForExternalId(row.externalId));
        const change = importChange(existing, current, owns);
        if (change.kind === 'create') {
          const venue = venues.newVenue(change.input, current.gridPath, now);
          actions.push({ Put: { TableName: db.table, Item: venues.item(venue), ConditionExpression: 'attribute_not_exists(pk)' } });
          addCounts(deltas.get(venue.gridId) ?? deltas.set(venue.gridId, {}).get(venue.gridId)!, venueCounts(venue));
          counts.created++;
        } else if (change.kind === 'update' && existing) {
          const { actions: updated } = venues.countedUpdate(existing, existing.version, change.set, change.remove, now);
          // The venue's own Update, and its counter changes folded into the chunk's (one update per grid).
          actions.push(updated[0]);
          if (updated.length > 1) for (const [gridId, counts] of gridDeltas({ gridId: existing.gridId, counts: venueCounts(existing) }, { gridId: change.set.gridId ?? existing.gridId, counts: venueCounts({ ...existing, ...change.set }) })) addCounts(deltas.get(gridId) ?? deltas.set(gridId, {}).get(gridId)!, counts);
          counts.updated++;
        } else {
          counts.unchanged++;
        }
      }
      // The chunk's venue figures: one counter update per grid, in the chunk's own shard.
      actions.push(...venueCounterActions(db, keys, deltas, shardOf(`${importId}#${chunk.n}`)));
      const chunkAction = actions.length;
      actions.push({
        Update: {
          TableName: db.table,
          Key: keys.venueImportChunk(importId, chunk.n),
          UpdateExpression: 'SET #status = :done, doneAt = :at REMOVE #rows',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status', '#rows': 'rows' },
          ExpressionAttributeValues: { ':done': 'done', ':pending': 'pending', ':at': at },
        },
      });
      // The writer's counters (created on its first chunk; the chunk's condition guarantees the import exists).
      actions.push({
        Update: {
          TableName: db.table,
          Key: keys.venueImportProgress(importId, writer),
          UpdateExpression: 'ADD created :c, updated :u, unchanged :n, chunksDone :one SET updatedAt = :at, entity = :entity, #ttl = if_not_exists(#ttl, :ttl)',
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':c': counts.created, ':u': counts.updated, ':n': counts.unchanged, ':one': 1, ':at': at, ':entity': 'venue-import-progress', ':ttl': chunk.expiresAt },
        },
      });
      try {
        await db.doc.send(new TransactWriteCommand({ TransactItems: actions }));
        return true;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        if (reasons[chunkAction]?.Code === 'ConditionalCheckFailed') return false; // done by another run
        const retriable = reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError');
        if (!retriable || attempt + 1 >= CHUNK_ATTEMPTS) throw error;
        // A venue changed under us (an edit, an inspection, the same import run twice): read again.
        await sleep(Math.min(2000, 20 * 2 ** attempt + Math.random() * 50));
      }
    }
  }

  return {
    /** A new import, waiting for its file (status uploading): nothing checked, nothing counted yet. */
    async create(meta: { fileName?: string; size: number; by: string; now: Date }): Promise<VenueImportView> {
      const id = ulid(meta.now.getTime());
      const at = meta.now.toISOString();
      const imp: VenueImport = {
        id,
        status: 'uploading',
        fileName: meta.fileName,
        size: meta.size,
        columns: [],
        owns: [],
        total: 0,
        valid: 0,
        invalid: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
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
          Item: { ...keys.venueImport(id), ...keys.venueImportListEntry(imp), entity: 'venue-import', schemaVersion: 1, ...imp, [TTL_ATTRIBUTE]: expiresAt(meta.now) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return view(imp, []);
    },

    /** The file is uploaded: uploading → queued (false if it was no longer uploading). */
    async markQueued(importId: string, now: Date): Promise<boolean> {
      return setStatus(importId, { status: 'queued', updatedAt: now.toISOString() }, [], statusIs('=', 'uploading')).then(
        () => true,
        (error) => {
          if (error instanceof ConditionalCheckFailedException) return false;
          throw error;
        },
      );
    },

    /** The job starts checking the file (again, if a run stopped while checking). */
    async markChecking(importId: string, now: Date): Promise<void> {
      await setStatus(importId, { status: 'checking', updatedAt: now.toISOString() }, ['failure', 'failureZh'], NOT_CHECKED);
    },

    /**
     * Store the checked file: its chunks and its error pages, then the counts on the import, which
     * goes on to running (or done, with no valid row). Run twice, the second run finds it checked and
     * changes nothing (the chunks it wrote are the same items, with the same content).
     */
    async storeChecked(importId: string, parsed: ParsedImport, now: Date): Promise<void> {
      const ttl = expiresAt(now);
      const chunks: Record<string, unknown>[] = [];
      for (let i = 0, n = 1; i < parsed.rows.length; i += IMPORT_CHUNK_ROWS, n++) {
        const rows = parsed.rows.slice(i, i + IMPORT_CHUNK_ROWS);
        const chunk: StoredChunk = { n, status: 'pending', rows: JSON.stringify(rows), count: rows.length, [TTL_ATTRIBUTE]: ttl };
        chunks.push({ ...keys.venueImportChunk(importId, n), entity: 'venue-import-chunk', schemaVersion: 1, importId, ...chunk });
      }
      const kept = parsed.errors.slice(0, IMPORT_MAX_STORED_ERRORS);
      const errorPages: Record<string, unknown>[] = [];
      for (let i = 0, page = 1; i < kept.length; i += ERRORS_PER_PAGE, page++) {
        errorPages.push({ ...keys.venueImportErrors(importId, page), entity: 'venue-import-errors', schemaVersion: 1, errors: kept.slice(i, i + ERRORS_PER_PAGE), [TTL_ATTRIBUTE]: ttl });
      }
      await batchWriteAll(db, [...chunks, ...errorPages].map(put), { concurrency: WRITERS, maxAttempts: 11 });
      const at = now.toISOString();
      const counts = {
        columns: parsed.columns,
        owns: parsed.owns,
        total: parsed.total,
        valid: parsed.rows.length,
        invalid: parsed.invalid,
        chunks: chunks.length,
        errorCount: parsed.errors.length,
        checkedAt: at,
        updatedAt: at,
      };
      const next = parsed.rows.length ? { status: 'running', startedAt: at } : { status: 'done', startedAt: at, finishedAt: at };
      await setStatus(importId, { ...counts, ...next }, [], NOT_CHECKED).catch((error) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
    },

    fail,

    /** The import, or undefined (the job's read: no 404 to throw). */
    async find(importId: string): Promise<VenueImport | undefined> {
      return (await read(importId))?.imp;
    },

    /** Progress (live while it runs) and the kept row errors: one Query. As of `now`, one whose worker died shows as stopped. */
    async get(importId: string, now?: Date): Promise<VenueImportView> {
      const found = await read(importId);
      if (!found) throw notFound('import');
      return view(now ? importAsShown(found.imp, now) : found.imp, found.errors);
    },

    /** The tenant's imports, newest first (the counters of an import still running are those of its last finish: 0). */
    async list(options: { limit?: number; cursor?: string }, now?: Date): Promise<Page<VenueImport>> {
      const page = await queryPage<VenueImport & Record<string, unknown>>(db, keys.venueImports(), { ...options, newestFirst: true });
      return { ...page, items: page.items.map(({ [TTL_ATTRIBUTE]: _ttl, ...imp }) => (now ? importAsShown(imp as VenueImport, now) : (imp as VenueImport))) };
    },

    /**
     * Write the pending chunks of an import (the import job), WRITERS chunks at a time. Safe to run
     * again, and at the same time as another run: each chunk is written once, counted once.
     * Calls per chunk: 1 BatchGet + 1 TransactWrite (+ one Query page per ~25 chunks to find them).
     */
    async run(importId: string, now: () => Date): Promise<ImportRunResult> {
      const found = await read(importId);
      if (!found) return { status: 'missing', chunksWritten: 0 };
      const { imp } = found;
      if (imp.status === 'done') return { status: 'already-done', chunksWritten: 0 };
      if (!imp.checkedAt) throw new Error(`import ${importId} is not checked yet`);
      await setStatus(importId, { status: 'running', startedAt: imp.startedAt ?? now().toISOString(), updatedAt: now().toISOString() }, ['failure', 'failureZh']);
      let chunksWritten = 0;
      try {
        const paths = new Map((await grids.tree()).filter((g) => g.status === 'active').map((g) => [g.id, g.path]));
        await writePendingChunks<StoredChunk>(db, keys.venueImportChunks(importId), WRITERS, async (chunk, w) => {
          if (await writeChunk(importId, chunk, imp.owns as ImportField[], paths, w, now())) chunksWritten++;
        });
        // Done when every chunk is: the totals move to the import item.
        const after = await read(importId);
        if (!after) return { status: 'missing', chunksWritten };
        if (after.imp.status !== 'done') {
          if (after.imp.chunksDone < after.imp.chunks) throw new Error(`${after.imp.chunks - after.imp.chunksDone} chunks of import ${importId} are not written`);
          const totals = Object.fromEntries(COUNTERS.map((c) => [c, after.imp[c]]));
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
export type VenueImportRepository = ReturnType<typeof venueImportRepository>;
