/**
 * Reading a resident import's file as a stream of rows (cells and line numbers), so memory holds a
 * few thousand rows, never the file: CSV with csv-parse's stream parser behind a strict UTF-8
 * decoder; xlsx with fflate's streaming unzip and the saxes XML parser (kept libraries, no reader of
 * our own). An xlsx is read twice from its source: first the workbook and the shared-string table
 * (the texts Excel keeps once), then the first sheet. Loaded by the resident import job only.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { Unzip, UnzipInflate } from 'fflate';
import { SaxesParser } from 'saxes';
import { ResidentFileRefused } from './import';

export interface FileRow {
  /** Line of the file where the row starts (CSV), or the sheet's row number (xlsx). */
  line: number;
  cells: string[];
}

/** Opens the file from its start (each call a new stream of its bytes). */
export type OpenFile = () => Promise<AsyncIterable<Uint8Array>>;

const refuse = (message: string, messageZh: string) => new ResidentFileRefused(message, messageZh);
const NOT_UTF8 = () => refuse('the file is not UTF-8 text. In Excel choose Save As → "CSV UTF-8", or send the .xlsx', '文件不是 UTF-8 编码。请在 Excel 中选择“另存为”→“CSV UTF-8 (逗号分隔)”，或直接上传 .xlsx 文件');

/** Is this the start of a zip (an xlsx)? */
export const looksLikeZip = (head: Uint8Array) => head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;

export async function* readRows(open: OpenFile, format: 'csv' | 'xlsx'): AsyncGenerator<FileRow> {
  yield* format === 'xlsx' ? xlsxRows(open) : csvRows(open);
}

async function* utf8(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of source) yield decoder.decode(chunk, { stream: true });
    yield decoder.decode();
  } catch (error) {
    if (error instanceof TypeError) throw NOT_UTF8();
    throw error;
  }
}

async function* csvRows(open: OpenFile): AsyncGenerator<FileRow> {
  const parser = parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 64 * 1024 });
  const source = Readable.from(utf8(await open()));
  // pipe() does not pass the source's errors on (a file that is not UTF-8): the parser fails with them.
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // info.lines is where the record ends; quoted fields may hold line breaks.
      yield { line: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0), cells: record };
    }
  } catch (error) {
    if (error instanceof ResidentFileRefused) throw error;
    const e = error as { code?: string; lines?: number; message: string };
    // Only the parser's own errors say the file is unreadable; the stream failing (a read cut off) is worth a retry.
    if (!e.code?.startsWith('CSV_')) throw error;
    const [what, whatZh] = e.code === 'CSV_QUOTE_NOT_CLOSED' ? ['a quoted field is never closed', '引号未闭合'] : e.code === 'CSV_INVALID_CLOSING_QUOTE' ? ['a quote is followed by more text', '引号后还有字符'] : [e.message, '格式有误'];
    throw refuse(`not a readable CSV file near line ${e.lines ?? '?'}: ${what}`, `第 ${e.lines ?? '?'} 行附近无法读取：${whatZh}`);
  }
}

/**
 * Stream the zip entries named by `want` through `onText` (decoded UTF-8 pieces, in order), pushing
 * the source a chunk at a time; after each chunk `drain` may hand out what the entries produced.
 */
async function* unzipEntries(source: AsyncIterable<Uint8Array>, want: (name: string) => ((text: string, final: boolean) => void) | undefined, drain: () => Iterable<FileRow>): AsyncGenerator<FileRow> {
  let failure: Error | undefined;
  const unzip = new Unzip((file) => {
    const onText = want(file.name);
    if (!onText) return;
    const decoder = new TextDecoder('utf-8');
    file.ondata = (error, data, final) => {
      if (error) failure = error;
      else {
        try {
          onText(decoder.decode(data, { stream: !final }), final);
        } catch (e) {
          failure = e as Error;
        }
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  let started = false;
  for await (const chunk of source) {
    if (!started && !looksLikeZip(chunk)) throw refuse('not an xlsx file (it is not a zip); send a .xlsx or a UTF-8 CSV', '不是 xlsx 文件；请上传 .xlsx 或 UTF-8 编码的 CSV 文件');
    started = true;
    try {
      unzip.push(chunk, false);
    } catch (error) {
      failure = error as Error;
    }
    if (failure) break;
    yield* drain();
  }
  if (!failure) unzip.push(new Uint8Array(0), true);
  if (failure) throw failure instanceof ResidentFileRefused ? failure : refuse(`the xlsx file cannot be read: ${failure.message}`, 'xlsx 文件无法读取（文件损坏？）');
  yield* drain();
}

/** Column index of a cell reference ("C12" → 2). */
const columnIndex = (ref: string) => {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
};

async function* xlsxRows(open: OpenFile): AsyncGenerator<FileRow> {
  // Pass 1: which part is the first sheet, and the shared strings.
  const strings: string[] = [];
  let workbook = '';
  let rels = '';
  const sst = new SaxesParser();
  let inSi = false;
  let inT = false;
  let si = '';
  sst.on('opentag', (t) => {
    if (t.name === 'si') {
      inSi = true;
      si = '';
    } else if (t.name === 't' && inSi) inT = true;
    // Phonetic runs (rPh) hold pronunciations, not the text.
    else if (t.name === 'rPh') inSi = false;
  });
  sst.on('closetag', (t) => {
    if (t.name === 't') inT = false;
    else if (t.name === 'rPh') inSi = true;
    else if (t.name === 'si') {
      strings.push(si);
      inSi = false;
    }
  });
  sst.on('text', (text) => {
    if (inSi && inT) si += text;
  });
  const first = unzipEntries(
    await open(),
    (name) => (name === 'xl/sharedStrings.xml' ? (text) => sst.write(text) : name === 'xl/workbook.xml' ? (text) => (workbook += text) : name === 'xl/_rels/workbook.xml.rels' ? (text) => (rels += text) : undefined),
    () => [],
  );
  for await (const _ of first);
  const rid = /<(?:\w+:)?sheet\b[^>]*\br:id="([^"]+)"/.exec(workbook)?.[1];
  const target = rid && new RegExp(`<Relationship\\b[^>]*Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
  const sheetPart = target ? (target.startsWith('/') ? target.slice(1) : `xl/${target}`) : 'xl/worksheets/sheet1.xml';

  // Pass 2: the sheet's rows, as they are inflated.
  const ready: FileRow[] = [];
  const sheet = new SaxesParser();
  let row: string[] | undefined;
  let rowNumber = 0;
  let col = 0;
  let type = '';
  let text = '';
  let inValue = false;
  sheet.on('opentag', (t) => {
    const a = t.attributes as Record<string, string>;
    if (t.name === 'row') {
      rowNumber = a.r ? Number(a.r) : rowNumber + 1;
      row = [];
      col = 0;
    } else if (t.name === 'c') {
      col = a.r ? columnIndex(a.r) : col + 1;
      type = a.t ?? 'n';
      text = '';
    } else if (t.name === 'v' || t.name === 't') inValue = true;
  });
  sheet.on('text', (s) => {
    if (inValue) text += s;
  });
  sheet.on('closetag', (t) => {
    if (t.name === 'v' || t.name === 't') inValue = false;
    else if (t.name === 'c' && row) {
      while (row.length < col) row.push('');
      row[col] = type === 's' ? (strings[Number(text)] ?? '') : type === 'b' ? (text === '1' ? 'TRUE' : 'FALSE') : text;
      col++;
    } else if (t.name === 'row' && row) {
      if (row.some((c) => c.trim() !== '')) ready.push({ line: rowNumber, cells: row });
      row = undefined;
    }
  });
  let found = false;
  yield* unzipEntries(
    await open(),
    (name) => {
      if (name !== sheetPart) return undefined;
      found = true;
      return (s) => sheet.write(s);
    },
    () => ready.splice(0),
  );
  if (!found) throw refuse('the xlsx file has no worksheet', 'xlsx 文件中没有工作表');
}
