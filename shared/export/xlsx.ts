/**
 * A small streaming .xlsx writer: the workbook is a zip of a few XML parts, and each worksheet is
 * deflated as its rows arrive, so memory holds one batch of rows, never the sheet. Cells are inline
 * strings and numbers; the header row is bold and frozen. No dependencies (node:zlib for deflate and
 * CRC-32), and loaded with a dynamic import by the export routes only.
 *
 * Zip layout: for each part a local header with the data-descriptor flag (sizes and CRC follow the
 * data), the deflated data, the descriptor; then the central directory and its end record.
 * Limits: < 4 GiB per part (no ZIP64) and 1,048,575 data rows per sheet (Excel's own limit).
 */
import { Readable } from 'node:stream';
import { createDeflateRaw, crc32 } from 'node:zlib';
import type { Cell } from './csv';

export interface SheetSource {
  /** ≤ 31 characters, none of []:*?/\ */
  name: string;
  columns: { header: string; width?: number }[];
  /** Rows in batches. */
  rows: AsyncIterable<Cell[][]>;
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_ROWS = 1_048_575;
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

// Characters XML 1.0 does not allow, and the five it escapes.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are what it removes
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const xmlText = (s: string) => s.replace(INVALID_XML, '').replace(/[&<>"]/g, (c) => ESCAPES[c]);

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function cellXml(ref: string, value: Cell, style = ''): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${style}><v>${value}</v></c>` : '';
  const text = typeof value === 'boolean' ? (value ? '是' : '否') : value;
  return `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${xmlText(text)}</t></is></c>`;
}

async function* sheetXml(sheet: SheetSource): AsyncGenerator<Buffer> {
  const names = sheet.columns.map((_, i) => columnName(i));
  const cols = sheet.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width ?? 14}" customWidth="1"/>`).join('');
  const header = sheet.columns.map((c, i) => cellXml(`${names[i]}1`, c.header, ' s="1"')).join('');
  yield Buffer.from(
    `${XML_HEAD}<worksheet xmlns="${NS}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>${cols}</cols><sheetData><row r="1">${header}</row>`,
  );
  let r = 1;
  for await (const rows of sheet.rows) {
    let xml = '';
    for (const row of rows) {
      if (r > MAX_ROWS) break;
      r++;
      xml += `<row r="${r}">`;
      for (let i = 0; i < row.length && i < names.length; i++) xml += cellXml(`${names[i]}${r}`, row[i]);
      xml += '</row>';
    }
    if (xml) yield Buffer.from(xml);
  }
  yield Buffer.from('</sheetData></worksheet>');
}

function workbookParts(sheets: SheetSource[]): { name: string; data: string }[] {
  const sheetNames = sheets.map((s, i) => xmlText(s.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || `Sheet${i + 1}`));
  return [
    {
      name: '[Content_Types].xml',
      data: `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${sheets
        .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
        .join('')}</Types>`,
    },
    {
      name: '_rels/.rels',
      data: `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `${XML_HEAD}<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets>${sheetNames.map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${sheets
        .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
        .join('')}<Relationship Id="rId${sheets.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
    },
    {
      name: 'xl/styles.xml',
      data: `${XML_HEAD}<styleSheet xmlns="${NS}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
    },
  ];
}

interface EntryRecord {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/** DOS date and time of an instant, as zip headers want them. */
function dosDateTime(at: Date): { time: number; date: number } {
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
    date: ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

/** The workbook as a stream of bytes. */
export async function* xlsxChunks(sheets: SheetSource[], now = new Date()): AsyncGenerator<Buffer> {
  const { time, date } = dosDateTime(now);
  const records: EntryRecord[] = [];
  let offset = 0;

  async function* entry(name: string, source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0808, 6); // data descriptor follows; names are UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt16LE(nameBytes.length, 26);
    const record: EntryRecord = { name: nameBytes, crc: 0, compressed: 0, size: 0, offset };
    yield local;
    yield nameBytes;
    offset += local.length + nameBytes.length;

    const counted = Readable.from(
      (async function* () {
        for await (const chunk of source) {
          record.crc = crc32(chunk, record.crc);
          record.size += chunk.length;
          yield chunk;
        }
      })(),
    );
    const deflate = createDeflateRaw({ level: 6 });
    counted.on('error', (error) => deflate.destroy(error));
    counted.pipe(deflate);
    for await (const out of deflate as AsyncIterable<Buffer>) {
      record.compressed += out.length;
      yield out;
    }
    if (record.size > 0xffffffff || record.compressed > 0xffffffff) throw new Error(`${name} is larger than 4 GiB`);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(record.crc >>> 0, 4);
    descriptor.writeUInt32LE(record.compressed, 8);
    descriptor.writeUInt32LE(record.size, 12);
    yield descriptor;
    offset += record.compressed + descriptor.length;
    records.push(record);
  }

  async function* once(data: string) {
    yield Buffer.from(data, 'utf8');
  }

  for (const part of workbookParts(sheets)) yield* entry(part.name, once(part.data));
  for (let i = 0; i < sheets.length; i++) yield* entry(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(sheets[i]));

  const central: Buffer[] = [];
  for (const r of records) {
    const h = Buffer.alloc(46);
    h.writeUInt32LE(0x02014b50, 0);
    h.writeUInt16LE(20, 4); // made by
    h.writeUInt16LE(20, 6); // needed
    h.writeUInt16LE(0x0808, 8);
    h.writeUInt16LE(8, 10);
    h.writeUInt16LE(time, 12);
    h.writeUInt16LE(date, 14);
    h.writeUInt32LE(r.crc >>> 0, 16);
    h.writeUInt32LE(r.compressed, 20);
    h.writeUInt32LE(r.size, 24);
    h.writeUInt16LE(r.name.length, 28);
    h.writeUInt32LE(r.offset, 42);
    central.push(h, r.name);
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(records.length, 8);
  end.writeUInt16LE(records.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  yield directory;
  yield end;
}
