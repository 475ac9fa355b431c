/**
 * Pushed lists of one tenant: created before the file is uploaded (like a resident import), then
 * read by the pushed-list job (shared/scheduling/pushed-list-job.ts). The list's progress counters
 * are written with each task change (tasks.ts, rows.ts); reading a list is one Query of its partition.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { addProgress, emptyProgress, type PushedList, type PushedListRequest, type PushedListStatus, type PushedListView, rollUp } from '../../../domain/pushed-lists/list';
import type { PushedRowError } from '../../../domain/pushed-lists/row';
import type { Progress } from '../../../domain/pushed-lists/task';
import { notFound } from '../../../errors';
import { queryRaw } from '../../batch';
import { type Page, queryPage, toEntity } from '../../db';
import { updateExpression } from '../../write';
import type { ResidentsContext } from '../context';

const ERRORS_PER_PAGE = 100;
/** Counter shards of a list: its rows are written by parallel writers, each row's changes to one shard. */
export const LIST_SHARDS = 8;

/** Counter attributes of a list's (or grid's) counter items: the change they count adds to them. */
export function progressAdd(ctx: ResidentsContext, key: { pk: string; sk: string }, delta: Partial<Progress>, set: Record<string, string>) {
  const entries = Object.entries(delta).filter(([, n]) => n);
  return {
    Update: {
      TableName: ctx.db.table,
      Key: key,
      UpdateExpression: `SET ${Object.keys(set).map((_, i) => `#s${i} = :s${i}`).join(', ')} ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
      ExpressionAttributeNames: { ...Object.fromEntries(entries.map(([name], i) => [`#c${i}`, name])), ...Object.fromEntries(Object.keys(set).map((name, i) => [`#s${i}`, name])) },
      ExpressionAttributeValues: { ...Object.fromEntries(entries.map(([, n], i) => [`:c${i}`, n])), ...Object.fromEntries(Object.values(set).map((v, i) => [`:s${i}`, v])) },
    },
  };
}

/**
 * The counter updates of a change: the list's total and its grid's (each on a shard). `gridDelta`:
 * what the grid counts when it differs (a routed row reaches its grid now, but the list received it before).
 */
export function progressActions(ctx: ResidentsContext, listId: string, gridId: string | undefined, delta: Partial<Progress>, shard: number, gridDelta = delta) {
  const counts = (d: Partial<Progress>) => Object.values(d).some(Boolean);
  return [
    ...(counts(delta) ? [progressAdd(ctx, ctx.keys.pushedListTotal(listId, shard), delta, { entity: 'pushed-list-counter' })] : []),
    ...(gridId && counts(gridDelta) ? [progressAdd(ctx, ctx.keys.pushedListGrid(listId, gridId, shard), gridDelta, { entity: 'pushed-list-counter', gridId })] : []),
  ];
}

export function pushedListRepository(ctx: ResidentsContext) {
  const { db, keys } = ctx;

  async function read(listId: string): Promise<{ list: PushedList; errors: PushedRowError[]; perGrid: Map<string, Progress> } | undefined> {
    const items = await queryRaw(db, keys.pushedListFile(listId), { consistent: true });
    const main = items.find((i) => i.sk === 'LIST');
    if (!main) return undefined;
    const progress = emptyProgress();
    const perGrid = new Map<string, Progress>();
    const errors: PushedRowError[] = [];
    for (const item of items) {
      if (item.entity === 'pushed-list-errors') errors.push(...(item.errors as PushedRowError[]));
      if (item.entity !== 'pushed-list-counter') continue;
      if (item.gridId) addProgress(perGrid.get(item.gridId as string) ?? perGrid.set(item.gridId as string, emptyProgress()).get(item.gridId as string)!, item as Partial<Progress>);
      else addProgress(progress, item as Partial<Progress>);
    }
    return { list: { ...toEntity<PushedList>(main), progress }, errors: errors.sort((a, b) => a.line - b.line), perGrid };
  }

  const setStatus = async (listId: string, changes: Record<string, unknown>, onlyIf?: PushedListStatus) => {
    try {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: keys.pushedList(listId),
          ...updateExpression(changes, [], onlyIf ? { names: { '#st': 'status' }, values: { ':st': onlyIf } } : {}),
          ConditionExpression: onlyIf ? 'attribute_exists(pk) AND #st = :st' : 'attribute_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };

  return {
    async create(input: PushedListRequest, by: string, now: Date): Promise<PushedList> {
      const at = now.toISOString();
      const list: PushedList = { id: ulid(now.getTime()), name: input.name, status: 'uploading', fileName: input.fileName, size: input.size, format: input.format, rows: 0, invalid: 0, duplicates: 0, progress: emptyProgress(), createdAt: at, createdBy: by, updatedAt: at };
      const { progress: _p, ...stored } = list;
      await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...keys.pushedList(list.id), ...keys.pushedListEntry(list), entity: 'pushed-list', schemaVersion: 1, ...stored }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return list;
    },

    async find(listId: string): Promise<PushedList | undefined> {
      return (await read(listId))?.list;
    },

    /** The list with its progress, its kept row errors and its grids' progress rolled up the tree. */
    async get(listId: string): Promise<PushedListView> {
      const found = await read(listId);
      if (!found) throw notFound('pushed list');
      const grids = found.perGrid.size ? await ctx.grids.tree() : [];
      return { ...found.list, errors: found.errors, grids: rollUp(found.perGrid, grids) };
    },

    async list(page: { limit?: number; cursor?: string }): Promise<Page<Omit<PushedList, 'progress'>>> {
      return queryPage(db, keys.pushedLists(), { ...page, newestFirst: true });
    },

    markQueued: (listId: string, now: Date) => setStatus(listId, { status: 'queued', updatedAt: now.toISOString() }, 'uploading'),
    markRunning: (listId: string, now: Date) => setStatus(listId, { status: 'running', updatedAt: now.toISOString() }),
    /** What the job has read so far (set, not added: a run again from the file's start sets the same). */
    setRead: (listId: string, counts: { rows: number; invalid: number; duplicates: number }, now: Date) => setStatus(listId, { ...counts, updatedAt: now.toISOString() }),
    markDone: (listId: string, counts: { rows: number; invalid: number; duplicates: number }, now: Date) => setStatus(listId, { ...counts, status: 'done', finishedAt: now.toISOString(), updatedAt: now.toISOString() }),
    fail: (listId: string, reason: { message: string; messageZh?: string }, now: Date) => setStatus(listId, { status: 'failed', failure: reason.message.slice(0, 500), failureZh: reason.messageZh?.slice(0, 500), updatedAt: now.toISOString() }),

    /** The kept row errors, in pages (written whole each time: a run again writes the same pages). */
    async storeErrors(listId: string, errors: PushedRowError[]): Promise<void> {
      for (let i = 0; i * ERRORS_PER_PAGE < errors.length; i++) {
        await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...keys.pushedListErrors(listId, i), entity: 'pushed-list-errors', schemaVersion: 1, errors: errors.slice(i * ERRORS_PER_PAGE, (i + 1) * ERRORS_PER_PAGE) } }));
      }
    },
  };
}
export type PushedListRepository = ReturnType<typeof pushedListRepository>;
