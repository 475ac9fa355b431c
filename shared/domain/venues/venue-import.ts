/**
 * Venue import (场所批量导入): a CSV file of venues, checked row by row. Pure: the caller passes the
 * tenant's venue kinds and active grids; the rows that pass are written later by the import job.
 * The header, the accepted spellings and the rules are documented in docs/venue-import.md.
 */
import { isDeepStrictEqual } from 'node:util';
import * as z from 'zod';
import type { Coordinates, Risk, Venue, VenueInput } from './venue';
import { FileTransfer } from '../file-transfer';

import { IMPORT_MAX_BYTES } from '../upload-limits';

export { IMPORT_MAX_BYTES };
export const IMPORT_MAX_ROWS = 50_000;
/** Row errors kept with an import; `errorCount` still counts them all. */
export const IMPORT_MAX_STORED_ERRORS = 1000;
/**
 * Rows per stored chunk. A chunk is written in one TransactWrite of at most 100 actions: its rows,
 * one venue-figures counter update per grid its rows touch (at most one per row), the chunk's own
 * "done" mark and the import's progress counters, so neither the progress nor the figures can ever
 * disagree with what was written and a re-run skips exactly the chunks that are done. 49 + 49 + 2 = 100.
 */
export const IMPORT_CHUNK_ROWS = 49;

/** The columns of the file. Header cells may be the Chinese or the English name (or both, "名称 name"). */
export const IMPORT_COLUMNS = [
  { field: 'externalId', zh: '外部编号', en: 'externalId', required: true, aliases: ['编号', '统一社会信用代码', 'external_id', 'id'] },
  { field: 'name', zh: '名称', en: 'name', required: true, aliases: ['场所名称'] },
  { field: 'kind', zh: '类别', en: 'kind', required: true, aliases: ['场所类别', '类型'] },
  { field: 'gridId', zh: '网格', en: 'gridId', required: true, aliases: ['所属网格', '网格编号', 'grid'] },
  { field: 'address', zh: '地址', en: 'address', required: true, aliases: ['详细地址'] },
  { field: 'lat', zh: '纬度', en: 'lat', required: false, aliases: ['latitude'] },
  { field: 'lng', zh: '经度', en: 'lng', required: false, aliases: ['longitude', 'lon'] },
  { field: 'contactName', zh: '联系人', en: 'contactName', required: false, aliases: ['负责人', 'contact'] },
  { field: 'contactPhone', zh: '电话', en: 'contactPhone', required: false, aliases: ['联系电话', '手机', 'phone'] },
  { field: 'risk', zh: '风险等级', en: 'risk', required: false, aliases: ['风险'] },
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number]['field'];

/** The venue fields an import sets; fields of columns the file does not have are left as they are. */
export type ImportField = 'name' | 'kind' | 'gridId' | 'address' | 'coordinates' | 'contactName' | 'contactPhone' | 'risk';

export const RowError = z.object({
  /** Line in the file where the row starts (the header is line 1). */
  line: z.number(),
  /** The field: externalId, name, kind, gridId, address, lat, lng, contactName, contactPhone, risk, or `row`. */
  field: z.string(),
  /** The header cell as written in the file. */
  column: z.string().optional(),
  value: z.string().optional(),
  code: z.enum(['required', 'too-long', 'invalid', 'out-of-range', 'unknown-kind', 'unknown-grid', 'ambiguous-grid', 'duplicate', 'columns']),
  message: z.string(),
  messageZh: z.string(),
});
export type RowError = z.infer<typeof RowError>;

/** A row that passed: ready to become (or update) the venue with id venueIdForExternalId(externalId). */
export interface ImportRow {
  line: number;
  externalId: string;
  name: string;
  kind: string;
  gridId: string;
  gridPath: string;
  address: string;
  coordinates?: Coordinates;
  contactName?: string;
  contactPhone?: string;
  risk?: Risk;
}

export interface ParsedImport {
  /** The header cells as written. */
  columns: string[];
  /** The fields the file sets (from its columns). */
  owns: ImportField[];
  /** Data rows in the file (blank lines not counted). */
  total: number;
  rows: ImportRow[];
  /** Rows with at least one error. */
  invalid: number;
  errors: RowError[];
}

/** What writing a row means for the venue stored under its derived id. */
export type ImportChange =
  | { kind: 'create'; input: VenueInput & { externalId: string } }
  | { kind: 'unchanged' }
  | { kind: 'update'; set: Partial<Venue>; remove: ('coordinates' | 'contactName' | 'contactPhone')[] };

/**
 * Compare a row with the stored venue. Only the fields the file owns are set; an empty optional
 * cell in an owned column clears the field. Fields kept by inspections, the black card, the status
 * and the venue code are never touched.
 */
export function importChange(existing: Venue | undefined, row: ImportRow, owns: ImportField[]): ImportChange {
  if (!existing) {
    return {
      kind: 'create',
      input: {
        externalId: row.externalId,
        name: row.name,
        kind: row.kind,
        gridId: row.gridId,
        address: row.address,
        coordinates: row.coordinates,
        contactName: row.contactName,
        contactPhone: row.contactPhone,
        risk: row.risk ?? 'green',
      },
    };
  }
  const set: Partial<Venue> = {};
  const remove: ('coordinates' | 'contactName' | 'contactPhone')[] = [];
  // Deep equality that ignores key order (maps come back from DynamoDB in any order).
  const same = (a: unknown, b: unknown) => isDeepStrictEqual(a, b);
  for (const field of owns) {
    const value = field === 'gridId' ? row.gridId : field === 'risk' ? (row.risk ?? 'green') : row[field];
    if (field === 'coordinates' || field === 'contactName' || field === 'contactPhone') {
      if (value === undefined) {
        if (existing[field] !== undefined) remove.push(field);
        continue;
      }
    }
    if (!same(existing[field], value)) (set as Record<string, unknown>)[field] = value;
  }
  if (set.gridId !== undefined || existing.gridPath !== row.gridPath) set.gridPath = row.gridPath;
  if (existing.externalId !== row.externalId) set.externalId = row.externalId;
  if (!Object.keys(set).length && !remove.length) return { kind: 'unchanged' };
  return { kind: 'update', set, remove };
}

/**
 * uploading (waiting for the file) → queued (uploaded, job sent) → checking (the job reads and checks
 * every row) → running (the job writes the valid rows) → done; `failed` when a run stopped on an
 * error or the file could not be read (running the job again resumes). `stopped` is shown, never
 * stored: queued, checking or running without a sign of life for IMPORT_STALL_MS — its worker died
 * (a server killed, a Lambda timed out); the scheduler resumes it, and so does `start`.
 */
export const ImportStatus = z.enum(['uploading', 'queued', 'checking', 'running', 'done', 'failed', 'stopped']);
export type ImportStatus = z.infer<typeof ImportStatus>;

/** A job working on an import records a sign of life (`heartbeatAt`) this often. */
export const IMPORT_HEARTBEAT_MS = 20_000;
/** No sign of life for this long while queued, checking or running: the worker has died. */
export const IMPORT_STALL_MS = 2 * 60_000;
/** Resumes the scheduler tries on its own before it leaves an import stopped for a person to start. */
export const IMPORT_AUTO_RESUMES = 3;

/** Whether an import whose worker should be at work has shown no sign of life for IMPORT_STALL_MS. */
export function importStalled(imp: { status: string; updatedAt: string; heartbeatAt?: string }, now: Date): boolean {
  if (imp.status !== 'queued' && imp.status !== 'checking' && imp.status !== 'running') return false;
  const lastSign = imp.heartbeatAt && imp.heartbeatAt > imp.updatedAt ? imp.heartbeatAt : imp.updatedAt;
  return now.getTime() - Date.parse(lastSign) >= IMPORT_STALL_MS;
}

/**
 * What the scheduler does with an import it watches: resume it (its worker died), give up on it
 * (resumed IMPORT_AUTO_RESUMES times already: it stays stopped for a person to start), forget it
 * (its job ended, or it is gone), or nothing (its worker is alive).
 */
export function watchedImportStep(
  imp: { status: string; updatedAt: string; heartbeatAt?: string; autoResumes?: number } | undefined,
  now: Date,
): 'resume' | 'give-up' | 'forget' | undefined {
  if (!imp || (imp.status !== 'queued' && imp.status !== 'checking' && imp.status !== 'running')) return 'forget';
  if (!importStalled(imp, now)) return undefined;
  return (imp.autoResumes ?? 0) >= IMPORT_AUTO_RESUMES ? 'give-up' : 'resume';
}

/** Why a stalled import shows as `stopped`, and what to do (venue and lab imports alike). */
export const STOPPED_IMPORT = {
  failure: 'the import stopped: the job working on it ended without finishing (a restart?); the scheduler resumes it, or start it again',
  failureZh: '导入已中断：处理任务未完成即已结束（可能是服务重启）；调度程序会自动继续，也可以点击重新开始',
};

/** The import as a person sees it: a stalled one is `stopped`, with why and what to do. */
export function importAsShown<T extends { status: string; updatedAt: string; heartbeatAt?: string }>(imp: T, now: Date): T {
  if (!importStalled(imp, now)) return imp;
  return { ...imp, status: 'stopped', ...STOPPED_IMPORT };
}

/** An import's id: a ULID, made when the import is announced. */
export const ImportId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'an import id (ULID)');

/** An import's progress, as stored and as the API shows it. */
export const VenueImport = z.object({
  id: z.string(),
  status: ImportStatus,
  fileName: z.string().optional(),
  /** The file's size in bytes, as announced before the upload (the upload must be exactly this). */
  size: z.number(),
  /** When the job had checked every row (the counts below are known from then on). */
  checkedAt: z.string().optional(),
  columns: z.array(z.string()),
  /** The venue fields this import sets (from its columns); the others are left as they are. */
  owns: z.array(z.string()),
  /** Data rows in the file; `valid` of them are being written, `invalid` were refused. */
  total: z.number(),
  valid: z.number(),
  invalid: z.number(),
  /** Written so far, by chunk: new venues, changed venues, and rows equal to what was stored. */
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  chunks: z.number(),
  chunksDone: z.number(),
  /** All row errors found; the first IMPORT_MAX_STORED_ERRORS are kept in `errors`. */
  errorCount: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  updatedAt: z.string(),
  /** The last sign of life of the job working on it (IMPORT_HEARTBEAT_MS). */
  heartbeatAt: z.string().optional(),
  /** Times the scheduler resumed it after its worker died (IMPORT_AUTO_RESUMES at most). */
  autoResumes: z.number().optional(),
  /** Why the import stopped (status failed), in English; `failureZh` in Chinese when known. */
  failure: z.string().optional(),
  failureZh: z.string().optional(),
});
export type VenueImport = z.infer<typeof VenueImport>;

/** The API's view: progress plus the kept row errors. */
export const VenueImportView = VenueImport.extend({
  /** created + updated (rows that changed a venue). */
  written: z.number(),
  /** Rows handled so far (created + updated + unchanged) out of `valid`. */
  processed: z.number(),
  errors: z.array(RowError),
});
export type VenueImportView = z.infer<typeof VenueImportView>;

/** What a tenant admin announces before uploading a file. */
export const VenueImportRequest = z.strictObject({
  fileName: z.string().trim().min(1).max(200).optional(),
  size: z
    .number()
    .int()
    .min(1, 'the file is empty')
    .max(IMPORT_MAX_BYTES, `larger than ${IMPORT_MAX_BYTES} bytes (${IMPORT_MAX_BYTES / 1024 / 1024} MB): split the file`)
    .describe('The file size in bytes; the upload must be exactly this long'),
});
export type VenueImportRequest = z.infer<typeof VenueImportRequest>;

/** How the file is sent: one PUT of exactly `size` bytes as text/csv, before `expiresAt`. */
export const VenueImportUpload = z.object({ import: VenueImportView, upload: FileTransfer });
export type VenueImportUpload = z.infer<typeof VenueImportUpload>;
