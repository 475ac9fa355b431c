/**
 * Resident import (人员批量导入): a CSV or xlsx file of people with the headers registers already use
 * (户号, 本户地址 or 小区/楼栋/单元/室, 姓名, 性别, 身份证号, 人员类别, 联系电话, 与户主关系, 网格).
 * Schemas, columns and limits; the row rules are in import-row.ts, the file readers in import-file.ts.
 * docs/resident-import.md.
 */
import * as z from 'zod';
import { FileTransfer } from '../file-transfer';
import { ImportId } from '../venues/venue-import';
import { RESIDENT_IMPORT_MAX_BYTES } from '../upload-limits';

export { ImportId, RESIDENT_IMPORT_MAX_BYTES };
/** A district's registry in one file (the seed town: 210,186 people). */
export const RESIDENT_IMPORT_MAX_ROWS = 500_000;
export const RESIDENT_IMPORT_MAX_STORED_ERRORS = 1000;
/**
 * Rows per stored chunk, and grids per chunk. A chunk ends with one transaction: its done mark, the
 * progress, ONE counter update per grid (and one day counter), the members of households that
 * existed before it, and its row errors: 3 + 2 × 8 + 80 ≤ 100 actions.
 */
export const RESIDENT_CHUNK_ROWS = 80;
export const RESIDENT_CHUNK_GRIDS = 8;

/** What to do with a person whose identity document is already registered (or on an earlier line). */
export const DuplicatePolicy = z.enum(['reject', 'merge']);
export type DuplicatePolicy = z.infer<typeof DuplicatePolicy>;

export const RESIDENT_IMPORT_COLUMNS = [
  { field: 'householdNumber', zh: '户号', en: 'householdNumber', aliases: ['户编号', 'household'] },
  { field: 'address', zh: '本户地址', en: 'address', aliases: ['地址', '家庭住址', '住址', '户籍地址'] },
  { field: 'compound', zh: '小区', en: 'compound', aliases: ['小区名称', '村组', '小区/村组'] },
  { field: 'building', zh: '楼栋', en: 'building', aliases: ['楼号', '栋'] },
  { field: 'unit', zh: '单元', en: 'unit', aliases: ['单元号'] },
  { field: 'room', zh: '室', en: 'room', aliases: ['房号', '门牌号', '室号'] },
  { field: 'name', zh: '姓名', en: 'name', aliases: [] },
  { field: 'gender', zh: '性别', en: 'gender', aliases: ['sex'] },
  { field: 'idType', zh: '证件类型', en: 'idType', aliases: [] },
  { field: 'idNumber', zh: '身份证号', en: 'idNumber', aliases: ['证件号码', '身份证号码', '公民身份号码', '证件号'] },
  { field: 'category', zh: '人员类别', en: 'category', aliases: ['类别', '人员类型'] },
  { field: 'phone', zh: '联系电话', en: 'phone', aliases: ['电话', '手机', '手机号', '联系方式'] },
  { field: 'relationship', zh: '与户主关系', en: 'relationship', aliases: ['关系'] },
  { field: 'grid', zh: '网格', en: 'grid', aliases: ['所属网格', '网格编号', 'gridId'] },
] as const;
export type ResidentColumn = (typeof RESIDENT_IMPORT_COLUMNS)[number]['field'];
/** Always needed; a household is named by 户号 or an address (本户地址, or 室 with 小区/楼栋/单元). */
export const RESIDENT_REQUIRED_COLUMNS: readonly ResidentColumn[] = ['name', 'idNumber', 'category', 'grid'];

/** The template's header, in the order of the downloadable template (web/public/templates). */
export const RESIDENT_TEMPLATE_HEADER = ['户号', '本户地址', '姓名', '性别', '身份证号', '人员类别', '联系电话', '与户主关系', '网格'] as const;

export const RESIDENT_ERROR_CODES = [
  'required',
  'too-long',
  'invalid',
  'check-digit',
  'unknown-grid',
  'ambiguous-grid',
  'unknown-category',
  'household-grid',
  'duplicate-in-file',
  'duplicate-registry',
  'columns',
] as const;

export const ResidentRowError = z.object({
  /** Line in the file where the row starts (the header is line 1; in xlsx the sheet's row number). */
  line: z.number(),
  field: z.string(),
  /** The header cell as written in the file. */
  column: z.string().optional(),
  /** The cell as written, or masked for personal fields (name, document number, phone). */
  value: z.string().optional(),
  code: z.enum(RESIDENT_ERROR_CODES),
  message: z.string(),
  messageZh: z.string(),
  /** A duplicate of a registered person: where that person lives (masked). */
  existing: z.object({ householdId: z.string(), personId: z.string(), name: z.string().optional() }).optional(),
});
export type ResidentRowError = z.infer<typeof ResidentRowError>;

export const ResidentImportStatus = z.enum(['uploading', 'queued', 'checking', 'running', 'done', 'failed']);
export type ResidentImportStatus = z.infer<typeof ResidentImportStatus>;

export const ResidentImportRequest = z.strictObject({
  fileName: z.string().trim().min(1).max(200).optional(),
  size: z.number().int().min(1).max(RESIDENT_IMPORT_MAX_BYTES),
  format: z.enum(['csv', 'xlsx']).default('csv'),
  duplicates: DuplicatePolicy.default('reject'),
});

/** Counters a chunk adds (the writers' progress items; the totals on the import once done). */
export const RESIDENT_IMPORT_COUNTERS = ['created', 'households', 'merged', 'unchanged', 'rejected', 'chunksDone'] as const;

export const ResidentImport = z.object({
  id: z.string(),
  status: ResidentImportStatus,
  fileName: z.string().optional(),
  size: z.number(),
  format: z.enum(['csv', 'xlsx']),
  duplicates: DuplicatePolicy,
  /** Data rows in the file; rows that passed the check; rows with an error found while checking. */
  total: z.number(),
  valid: z.number(),
  invalid: z.number(),
  /** People created; households created; people merged into a registered one; merges that changed nothing. */
  created: z.number(),
  households: z.number(),
  merged: z.number(),
  unchanged: z.number(),
  /** Duplicates of registered people refused (duplicates: reject). */
  rejected: z.number(),
  chunks: z.number(),
  chunksDone: z.number(),
  /** Every row error (checking and writing); the first 1,000 are kept. */
  errorCount: z.number(),
  checkedAt: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  failure: z.string().optional(),
  failureZh: z.string().optional(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type ResidentImport = z.infer<typeof ResidentImport>;

export const ResidentImportView = ResidentImport.extend({
  /** Rows written or decided: created + merged + unchanged + rejected. */
  processed: z.number(),
  errors: z.array(ResidentRowError),
});
export type ResidentImportView = z.infer<typeof ResidentImportView>;

export const ResidentImportUpload = z.object({ import: ResidentImportView, upload: FileTransfer });

/** A file that cannot be read as a resident list at all: the import fails with this reason, in both languages. */
export class ResidentFileRefused extends Error {
  constructor(
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
  }
}
