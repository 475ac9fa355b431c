/**
 * CSV for spreadsheets people open in Excel: UTF-8 with a byte-order mark (so Chinese shows), CRLF
 * lines, RFC 4180 quoting, and text that would start a formula (= + - @) prefixed with ' so a venue
 * name can never run as a formula. Streamed: rows come in batches and leave as text chunks.
 */
export type Cell = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (cells: Cell[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** The whole file as chunks: BOM + header, then one chunk per batch of rows. */
export async function* csvChunks(headers: string[], batches: AsyncIterable<Cell[][]>): AsyncGenerator<string> {
  yield `\uFEFF${csvLine(headers)}`;
  for await (const rows of batches) {
    let chunk = '';
    for (const row of rows) chunk += csvLine(row);
    if (chunk) yield chunk;
  }
}
