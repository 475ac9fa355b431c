/**
 * The daily report (日排查日报告) of one tenant (docs/data-model.md "Daily report"): written by the
 * close job (shared/scheduling/close-job.ts) as one item per grid per day, one per person and the
 * tenant's total, so any past day reads back with a few calls; and the late-sync marks that make the
 * scheduler close a day again when inspections of it arrive after its close.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CloseRunInfo, GridReport, InspectorReportRow, CloseFiguresView } from '../domain/report';
import type { DayClose } from '../planning/day-close';
import { batchGetAll, batchWriteAll, del, put, sortKeysOf } from './bulk';
import { type Db, type Page, queryPage, toEntity } from './db';
import { type Key, tenantKeys } from './keys';
import { getItem, getRaw } from './write';

export interface CloseRun extends CloseRunInfo {
  date: string;
}

export interface TotalReport extends CloseFiguresView {
  date: string;
  children: string[];
}

export type StoredGridReport = GridReport & { date: string };
export type StoredPersonRow = InspectorReportRow & { date: string };

const FIGURES = [
  'inspectors',
  'onLeave',
  'quota',
  'assigned',
  'done',
  'shortfall',
  'metQuota',
  'mandatoryMissed',
  'inspections',
  'failedInspections',
  'problemsFound',
  'problemsClosed',
  'blackCardsIssued',
  'blackCardsRemoved',
  'noticesIssued',
  'bulletinsIssued',
  'jointReferrals',
] as const satisfies readonly (keyof CloseFiguresView)[];

/** Only the figures of a stored grid or total item (a figure added later reads 0 in older reports). */
export const figuresOf = (item: Record<string, unknown>): CloseFiguresView =>
  Object.fromEntries(FIGURES.map((f) => [f, Number(item[f] ?? 0)])) as unknown as CloseFiguresView;

export function reportRepository(db: Db, tenantId: string) {
  const keys = tenantKeys(tenantId);
  const asSet = (value: unknown): string[] => (value instanceof Set ? [...value] : Array.isArray(value) ? value : []).map(String);

  return {
    async getClose(date: string, consistent = false): Promise<CloseRun | undefined> {
      return getItem<CloseRun>(db, keys.reportClose(date), consistent);
    },

    /** Marks of inspections of `date` that arrived after its day ended and no close has counted yet. */
    async lateEntries(date?: string): Promise<string[]> {
      const all = asSet((await getRaw(db, keys.schedule(), true))?.lateSync);
      return date ? all.filter((e) => e.startsWith(`${date}#`)) : all;
    },

    /**
     * An inspection of a day that has already ended was stored (offline sync): mark the day so the
     * dispatcher closes it again. The mark is `<date>#<receivedAt>#<inspection id>` (one small
     * UpdateItem, only for late inspections; marking twice adds the same mark once).
     */
    async noteLateInspection(date: string, receivedAt: string, inspectionId: string): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: keys.schedule(),
          UpdateExpression: 'SET entity = :e, schemaVersion = :sv ADD lateSync :mark',
          ExpressionAttributeValues: { ':e': 'schedule', ':sv': 1, ':mark': new Set([`${date}#${receivedAt}#${inspectionId}`]) },
        }),
      );
    },

    /** The close of `date` has started (a crashed close stays 'running' and is run again). */
    async startClose(date: string, now: Date): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: keys.reportClose(date),
          UpdateExpression:
            'SET #status = :running, startedAt = :now, #date = :date, entity = :e, schemaVersion = :sv, rulesVersion = if_not_exists(rulesVersion, :zero), runs = if_not_exists(runs, :zero) REMOVE failedAt, failure',
          ExpressionAttributeNames: { '#status': 'status', '#date': 'date' },
          ExpressionAttributeValues: { ':running': 'running', ':now': now.toISOString(), ':date': date, ':e': 'report-close', ':sv': 1, ':zero': 0 },
        }),
      );
    },

    /** The close failed: the dispatcher sends it again at its next tick (not only after the 15-minute staleness). */
    async failClose(date: string, now: Date, message: string): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: keys.reportClose(date),
          UpdateExpression: 'SET failedAt = :now, failure = :m',
          ExpressionAttributeValues: { ':now': now.toISOString(), ':m': message.slice(0, 500) },
        }),
      );
    },

    /**
     * Replace the day's report: the tenant total, one item per grid, one per person; items of an
     * earlier close that this one no longer has (a grid since removed) are deleted. BatchWrite.
     */
    async writeReport(
      date: string,
      close: DayClose,
      ctx: {
        names: ReadonlyMap<string, string>;
        children: ReadonlyMap<string, string[]>;
        topIds: string[];
        people: ReadonlyMap<string, { displayName?: string; homePath?: string }>;
        /** Home monitoring that day: the tenant's and each grid's subtree counts. */
        monitoring?: { total: Record<string, number>; grids: ReadonlyMap<string, Record<string, number>> };
        /** Pushed lists that day: the tenant's and each grid's subtree section. */
        pushedLists?: { total: Record<string, number>; grids: ReadonlyMap<string, Record<string, number>> };
      },
    ): Promise<{ items: number; deleted: number }> {
      const items: Record<string, unknown>[] = [
        { ...keys.reportTotal(date), entity: 'report-total', schemaVersion: 1, date, ...close.total, children: ctx.topIds, ...(ctx.monitoring ? { monitoring: ctx.monitoring.total } : {}), ...(ctx.pushedLists ? { pushedLists: ctx.pushedLists.total } : {}) },
      ];
      for (const g of close.grids) {
        items.push({
          ...keys.reportGrid(date, g.gridId),
          entity: 'report-grid',
          schemaVersion: 1,
          date,
          ...g,
          name: ctx.names.get(g.gridId) ?? g.gridId,
          children: ctx.children.get(g.gridId) ?? [],
          ...(ctx.monitoring?.grids.get(g.gridId) ? { monitoring: ctx.monitoring.grids.get(g.gridId) } : {}),
          ...(ctx.pushedLists?.grids.get(g.gridId) ? { pushedLists: ctx.pushedLists.grids.get(g.gridId) } : {}),
        });
      }
      for (const row of close.inspectors) {
        const person = ctx.people.get(row.inspectorId);
        items.push({
          ...keys.reportPerson(date, person?.homePath, row.inspectorId),
          entity: 'report-person',
          schemaVersion: 1,
          date,
          ...row,
          ...(person?.displayName ? { displayName: person.displayName } : {}),
          ...(person?.homePath ? { homePath: person.homePath } : {}),
        });
      }
      const fresh = new Set(items.map((i) => i.sk as string));
      const closeSk = keys.reportClose(date).sk;
      const stale = (await sortKeysOf(db, keys.reportItems(date))).filter((sk) => sk !== closeSk && !fresh.has(sk));
      await batchWriteAll(db, items.map(put));
      if (stale.length) await batchWriteAll(db, stale.map((sk) => del({ pk: keys.reportClose(date).pk, sk })));
      return { items: items.length, deleted: stale.length };
    },

    /** The close is done; late marks it has counted are cleared (marks that arrived meanwhile stay). */
    async finishClose(date: string, o: { now: Date; rulesVersion: number; planGeneration?: number; counted: string[] }): Promise<CloseRun> {
      const out = await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: keys.reportClose(date),
          UpdateExpression: `SET #status = :done, closedAt = :now, rulesVersion = :rv${o.planGeneration !== undefined ? ', planGeneration = :pg' : ''} ADD runs :one${o.planGeneration === undefined ? ' REMOVE planGeneration' : ''}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':done': 'done', ':now': o.now.toISOString(), ':rv': o.rulesVersion, ':one': 1, ...(o.planGeneration !== undefined ? { ':pg': o.planGeneration } : {}) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (o.counted.length) {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.schedule(),
            UpdateExpression: 'DELETE lateSync :marks',
            ExpressionAttributeValues: { ':marks': new Set(o.counted) },
          }),
        );
      }
      return toEntity<CloseRun>(out.Attributes ?? {});
    },

    /** The close item, the asked-for item (a grid, or the total) and the late marks in one BatchGet. */
    async head(date: string, gridId?: string) {
      const self: Key = gridId ? keys.reportGrid(date, gridId) : keys.reportTotal(date);
      const got = await batchGetAll(db, [keys.reportClose(date), self, keys.schedule()]);
      const close = got.get(keys.reportClose(date));
      const item = got.get(self);
      const late = asSet(got.get(keys.schedule())?.lateSync).some((e) => e.startsWith(`${date}#`));
      return {
        close: close ? toEntity<CloseRun>(close) : undefined,
        item: item ? (toEntity<Record<string, unknown>>(item) as StoredGridReport | TotalReport) : undefined,
        lateSyncPending: late,
      };
    },

    /** Grid items of one day by id (a grid's children), in the order asked. */
    async grids(date: string, gridIds: readonly string[]): Promise<StoredGridReport[]> {
      const got = await batchGetAll(db, gridIds.map((id) => keys.reportGrid(date, id)));
      return gridIds.map((id) => got.get(keys.reportGrid(date, id))).filter((i) => !!i).map((i) => toEntity<StoredGridReport>(i as Record<string, unknown>));
    },

    /** People whose home grid is in the subtree at `homePath` (everyone without), a page in path order. */
    people(date: string, homePath: string | undefined, options: { limit?: number; cursor?: string }): Promise<Page<StoredPersonRow>> {
      return queryPage<StoredPersonRow>(db, keys.reportPeople(date, homePath), options);
    },

    /** For each day: the close item and a grid's (or the tenant's) item. 2 keys a day, one BatchGet per 50 days. */
    async range(dates: readonly string[], gridId?: string) {
      const itemKey = (d: string) => (gridId ? keys.reportGrid(d, gridId) : keys.reportTotal(d));
      const got = await batchGetAll(db, dates.flatMap((d) => [keys.reportClose(d), itemKey(d)]));
      return dates.map((date) => {
        const close = got.get(keys.reportClose(date));
        const item = got.get(itemKey(date));
        return { date, close: close ? toEntity<CloseRun>(close) : undefined, item };
      });
    },
  };
}
export type ReportRepository = ReturnType<typeof reportRepository>;
