/**
 * Helpers of the export routes (problem-exports.ts, venue-files.ts): the names exports show, and
 * streamed CSV / xlsx responses (Hono's stream helper; the xlsx writer is imported only when an xlsx
 * is asked for).
 */
import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import { type Cell, csvChunks } from '../../../shared/export/csv';
import type { ExportContext } from '../../../shared/export/columns';
import type { SheetSource } from '../../../shared/export/xlsx';
import type { AppEnv } from '../context';
import { tenantToday } from './tenant-today';

/** Names for the export: venue kinds (catalogue) and grids (the tree, a few pages). */
export async function exportContext(c: Context<AppEnv>): Promise<ExportContext> {
  // The tenant's users (a Query of a few pages even for thousands): rows name people by display name.
  const [{ tenant, today }, kinds, tree, users] = await Promise.all([tenantToday(c), c.var.data.checklists.venueKinds(), c.var.data.grids.tree(), c.var.data.users.all()]);
  return {
    today,
    timeZone: tenant.timezone,
    kindNames: new Map(kinds.kinds.map((k) => [k.code, k.nameZh])),
    gridNames: new Map(tree.map((g) => [g.id, g.name])),
    userNames: new Map(users.map((u) => [u.id, u.displayName])),
  };
}

const BATCH = 500;

/** Items in batches of 500, the rows the CSV writer takes at a time. */
export async function* batches<T>(items: AsyncIterable<T>): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

const disposition = (fileName: string, ascii: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

export function csvResponse(c: Context<AppEnv>, names: { zh: string; ascii: string }, headers: string[], batches: AsyncIterable<Cell[][]>) {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', disposition(`${names.zh}.csv`, `${names.ascii}.csv`));
  c.header('Cache-Control', 'no-store');
  return stream(
    c,
    async (s) => {
      for await (const chunk of csvChunks(headers, batches)) await s.write(chunk);
    },
    async (error, s) => {
      c.var.deps.logger.error('export failed', { requestId: c.var.requestId, error: { name: error.name, message: error.message } });
      // A CSV cut short would look complete: say so in the file.
      await s.write('\r\n导出未完成（出错），请重新导出 / export failed part-way; export again\r\n');
    },
  );
}

export async function xlsxResponse(c: Context<AppEnv>, names: { zh: string; ascii: string }, sheets: SheetSource[]) {
  const { xlsxChunks, XLSX_CONTENT_TYPE } = await import('../../../shared/export/xlsx');
  c.header('Content-Type', XLSX_CONTENT_TYPE);
  c.header('Content-Disposition', disposition(`${names.zh}.xlsx`, `${names.ascii}.xlsx`));
  c.header('Cache-Control', 'no-store');
  return stream(
    c,
    async (s) => {
      for await (const chunk of xlsxChunks(sheets, c.var.deps.clock.now())) await s.write(chunk);
    },
    async (error) => {
      // A zip cut short has no central directory: spreadsheet programs refuse it rather than show part of it.
      c.var.deps.logger.error('export failed', { requestId: c.var.requestId, error: { name: error.name, message: error.message } });
    },
  );
}

/** Map batches of things to batches of rows. */
export async function* rowsOf<T>(batches: AsyncIterable<T[]>, row: (thing: T) => Cell[]): AsyncGenerator<Cell[][]> {
  for await (const batch of batches) yield batch.map(row);
}
