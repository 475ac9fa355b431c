/**
 * A venue file sent as an xlsx (the template, filled in Excel and uploaded as it is): its first
 * sheet read with the resident import's streaming reader and handed to the CSV checker as CSV text,
 * one line per sheet row (gaps kept), so the row errors name the sheet's row numbers. Loaded by the
 * import job only.
 */
import { ResidentFileRefused } from '../residents/import';
import { looksLikeZip, readRows } from '../residents/import-file';
import { ImportFileRefused } from './venue-csv';

const quote = (cell: string) => (/[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** The file as the CSV checker reads it: a CSV as it is, an xlsx as CSV text. */
export async function venueFileText(bytes: Uint8Array): Promise<Uint8Array | string> {
  if (!looksLikeZip(bytes)) return bytes;
  const open = async () =>
    (async function* () {
      yield bytes;
    })();
  const lines: string[] = [];
  try {
    for await (const row of readRows(open, 'xlsx')) {
      while (lines.length < row.line - 1) lines.push('');
      lines.push(row.cells.map(quote).join(','));
    }
  } catch (error) {
    if (error instanceof ResidentFileRefused) throw new ImportFileRefused(error.message, error.messageZh);
    throw error;
  }
  return lines.join('\n');
}
