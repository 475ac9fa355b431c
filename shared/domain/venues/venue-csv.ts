/**
 * Reading a venue CSV (场所批量导入): parse and check every row. Apart from the rest of the import
 * (shared/domain/venues/venue-import.ts) so that the CSV parser loads only where a file is uploaded,
 * not on the cold start of every other route or of the job worker.
 */
import { parse } from 'csv-parse/sync';
import { type GridRef, gridFinder } from '../grid-finder';
import { type Coordinates, type Risk, VenueInput } from './venue';
import type { VenueKind } from './venue-kind';
import { IMPORT_COLUMNS, IMPORT_MAX_ROWS, type ImportColumn, type ImportField, type ImportRow, type ParsedImport, type RowError } from './venue-import';

export interface ImportContext {
  kinds: VenueKind[];
  /** Active grids of the tenant (found by code, path or name: grid-finder.ts). */
  grids: readonly GridRef[];
}

/** A file that cannot be read as a venue CSV at all: the import fails with this reason, in both languages. */
export class ImportFileRefused extends Error {
  constructor(
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
  }
}
const fileError = (message: string, messageZh: string) => new ImportFileRefused(message, messageZh);

/** Header spelling → column: case, spaces, `_` and `-` do not matter; "名称 name", "名称(name)" work too. */
const squash = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s_\-()（）/:：]/g, '');
const HEADER_SPELLINGS = new Map<string, ImportColumn>(
  IMPORT_COLUMNS.flatMap((c) => [c.zh, c.en, `${c.zh}${c.en}`, `${c.en}${c.zh}`, ...c.aliases].map((s) => [squash(s), c.field as ImportColumn] as const)),
);

const RISK_WORDS: Record<string, Risk> = {
  红: 'red', 红色: 'red', 高: 'red', red: 'red',
  黄: 'yellow', 黄色: 'yellow', 中: 'yellow', yellow: 'yellow',
  绿: 'green', 绿色: 'green', 低: 'green', green: 'green',
};

function decode(body: Uint8Array | string): string {
  if (typeof body === 'string') return body;
  try {
    // A BOM is dropped here; a file that is not UTF-8 (e.g. GBK from Excel's plain "CSV") is refused.
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw fileError('the file is not UTF-8 text. In Excel choose Save As → "CSV UTF-8"', '文件不是 UTF-8 编码。请在 Excel 中选择“另存为”→“CSV UTF-8 (逗号分隔)”');
  }
}

/**
 * Parse and check a venue CSV. Structural problems (no header, a required column missing, an
 * unclosed quote) refuse the whole file (ImportFileRefused, naming the line); anything wrong in a row is
 * reported for that row, by line and field, and the other rows go on.
 */
export function parseVenueCsv(body: Uint8Array | string, ctx: ImportContext): ParsedImport {
  // One kind of line break, so that line numbers are plain to count (also inside quoted fields).
  const text = decode(body).replace(/\r\n?/g, '\n');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 64 * 1024 }) as never;
  } catch (error) {
    const e = error as { code?: string; lines?: number; message: string };
    const [what, whatZh] =
      e.code === 'CSV_QUOTE_NOT_CLOSED'
        ? ['a quoted field is never closed', '引号未闭合']
        : e.code === 'CSV_INVALID_CLOSING_QUOTE'
          ? ['a quote is followed by more text', '引号后还有字符']
          : [e.message, '格式有误'];
    throw fileError(`not a readable CSV file near line ${e.lines ?? '?'}: ${what}`, `第 ${e.lines ?? '?'} 行附近无法读取：${whatZh}`);
  }
  if (!records.length) throw fileError('the file is empty; the first line must be the header', '文件为空；第一行应为表头');

  // Header.
  const columns = records[0].record.map((c) => c.trim());
  const fieldAt: ImportColumn[] = [];
  const columnOf = new Map<ImportColumn, string>();
  columns.forEach((cell, i) => {
    const field = HEADER_SPELLINGS.get(squash(cell));
    if (!field) throw fileError(`unknown column "${cell}" in the header (line 1); the columns are listed in docs/venue-import.md`, `表头（第 1 行）中有未知的列“${cell}”`);
    if (columnOf.has(field)) throw fileError(`column "${cell}" appears twice in the header (line 1)`, `表头（第 1 行）中“${cell}”列出现了两次`);
    columnOf.set(field, cell);
    fieldAt[i] = field;
  });
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !columnOf.has(c.field));
  if (missing.length) throw fileError(`the header lacks the column(s) ${missing.map((c) => `${c.en} (${c.zh})`).join(', ')}`, `表头缺少列：${missing.map((c) => c.zh).join('、')}`);
  if (columnOf.has('lat') !== columnOf.has('lng')) throw fileError('the header needs both lat (纬度) and lng (经度), or neither', '纬度和经度两列须同时提供或同时省略');
  if (records.length - 1 > IMPORT_MAX_ROWS) throw fileError(`more than ${IMPORT_MAX_ROWS} rows; split the file`, `超过 ${IMPORT_MAX_ROWS} 行，请拆分文件`);

  const owns: ImportField[] = ['name', 'kind', 'gridId', 'address'];
  if (columnOf.has('lat')) owns.push('coordinates');
  for (const f of ['contactName', 'contactPhone', 'risk'] as const) if (columnOf.has(f)) owns.push(f);

  const grids = gridFinder(ctx.grids);
  const kindOf = new Map<string, string>();
  for (const k of ctx.kinds) for (const s of [k.code, k.nameZh, k.nameEn]) kindOf.set(s.normalize('NFKC').toLowerCase(), k.code);

  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  let total = 0;
  let invalid = 0;

  for (const { record, info } of records.slice(1)) {
    if (record.every((cell) => cell.trim() === '')) continue; // ",,,," lines Excel leaves behind
    total++;
    // info.lines is where the record ends; quoted fields may hold line breaks.
    const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const rowErrors: RowError[] = [];
    const fail = (field: string, code: RowError['code'], message: string, messageZh: string, value?: string) =>
      rowErrors.push({ line, field, column: columnOf.get(field as ImportColumn), value: value?.slice(0, 100), code, message, messageZh });

    if (record.length > columns.length) {
      fail('row', 'columns', `${record.length} cells but the header has ${columns.length} (an unquoted comma?)`, `有 ${record.length} 个单元格，表头只有 ${columns.length} 列（逗号未加引号？）`);
      errors.push(...rowErrors);
      invalid++;
      continue;
    }
    const cell = (field: ImportColumn): string => {
      const i = fieldAt.indexOf(field);
      return i < 0 ? '' : (record[i] ?? '').trim();
    };

    const text = (field: 'externalId' | 'name' | 'address' | 'contactName', max: number, required: boolean): string | undefined => {
      const value = cell(field);
      if (!value) {
        if (required) fail(field, 'required', 'required', '必填');
        return undefined;
      }
      if ([...value].length > max) {
        fail(field, 'too-long', `longer than ${max} characters`, `超过 ${max} 个字`, value);
        return undefined;
      }
      return value;
    };

    const externalId = text('externalId', 64, true);
    if (externalId) {
      const first = seen.get(externalId);
      if (first !== undefined) fail('externalId', 'duplicate', `the same external id as line ${first}`, `与第 ${first} 行外部编号重复`, externalId);
      else seen.set(externalId, line);
    }
    const name = text('name', VENUE_LIMITS.name, true);
    const address = text('address', VENUE_LIMITS.address, true);
    const contactName = text('contactName', VENUE_LIMITS.contactName, false);

    const kindCell = cell('kind');
    const kind = kindCell ? kindOf.get(kindCell.normalize('NFKC').toLowerCase()) : undefined;
    if (!kindCell) fail('kind', 'required', 'required', '必填');
    else if (!kind) fail('kind', 'unknown-kind', `unknown venue kind "${kindCell}": use a code or name from the tenant's venue kinds`, `未知的场所类别“${kindCell}”：请填写本辖区场所类别的代码或名称`, kindCell);

    const gridCell = cell('gridId');
    const found = gridCell ? grids.find(gridCell) : undefined;
    const gridId = found?.grid?.id;
    const gridPath = found?.grid?.path;
    if (!gridCell) fail('gridId', 'required', 'required', '必填');
    else if (found?.problem === 'ambiguous-grid') {
      fail('gridId', 'ambiguous-grid', `more than one grid is called "${gridCell}": ${found.candidates.join('; ')}. Give its code or its full path`, `有多个网格名为“${gridCell}”：${found.candidates.join('、')}。请填写网格编号或完整路径`, gridCell);
    } else if (!gridPath) fail('gridId', 'unknown-grid', `no active grid with the code, path or name "${gridCell}" in this tenant`, `本辖区没有编号、路径或名称为“${gridCell}”的网格（或已撤销）`, gridCell);

    let coordinates: Coordinates | undefined;
    if (columnOf.has('lat')) {
      const lat = coordinate('lat', cell('lat'), 90, fail);
      const lng = coordinate('lng', cell('lng'), 180, fail);
      if (lat !== undefined && lng !== undefined) {
        if (Number.isNaN(lat) !== Number.isNaN(lng)) {
          // One given, the other empty.
          const empty = Number.isNaN(lat) ? 'lat' : 'lng';
          fail(empty, 'required', 'required when the other coordinate is given', '经纬度须同时填写');
        } else if (!Number.isNaN(lat)) coordinates = { lat, lng };
      }
    }

    let contactPhone: string | undefined = cell('contactPhone').normalize('NFKC') || undefined;
    if (contactPhone && !VenueInput.shape.contactPhone.safeParse(contactPhone).success) {
      fail('contactPhone', 'invalid', 'not a phone number (digits, spaces, dashes, optional +; 5–20)', '电话号码格式不正确（数字、空格、短横线，5–20 位）', contactPhone);
      contactPhone = undefined;
    }

    let risk: Risk | undefined;
    if (columnOf.has('risk')) {
      const word = cell('risk').normalize('NFKC').toLowerCase();
      risk = word ? RISK_WORDS[word] : 'green';
      if (!risk) fail('risk', 'invalid', 'use 红/黄/绿 or red/yellow/green', '请填写 红/黄/绿 或 red/yellow/green', cell('risk'));
    }

    if (rowErrors.length) {
      errors.push(...rowErrors);
      invalid++;
      continue;
    }
    rows.push({
      line,
      externalId: externalId!,
      name: name!,
      kind: kind!,
      gridId: gridId!,
      gridPath: gridPath!,
      address: address!,
      ...(coordinates && { coordinates }),
      ...(contactName && { contactName }),
      ...(contactPhone && { contactPhone }),
      ...(risk && { risk }),
    });
  }
  if (!total) throw fileError('the file has a header but no rows', '文件只有表头，没有数据行');
  return { columns, owns, total, rows, invalid, errors };
}

/** Limits of the venue fields, the same as the API's (shared/domain/venues/venue.ts). */
const VENUE_LIMITS = { name: 100, address: 200, contactName: 40 };

/** NaN for an empty cell; undefined after reporting an error. */
function coordinate(field: 'lat' | 'lng', raw: string, max: number, fail: (field: string, code: RowError['code'], message: string, messageZh: string, value?: string) => void): number | undefined {
  const value = raw.normalize('NFKC');
  if (!value) return Number.NaN;
  if (!/^[+-]?\d{1,3}(\.\d+)?$/.test(value)) {
    fail(field, 'invalid', 'not a number in decimal degrees (e.g. 34.52)', '不是十进制度数（例如 34.52）', raw);
    return undefined;
  }
  const n = Number(value);
  if (Math.abs(n) > max) {
    fail(field, 'out-of-range', `must be between -${max} and ${max}`, `须在 -${max} 到 ${max} 之间`, raw);
    return undefined;
  }
  return n;
}

