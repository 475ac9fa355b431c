/**
 * Import templates the web app offers for download (web/public/templates): a UTF-8 CSV with a BOM
 * (Excel opens it as UTF-8) and an xlsx, both with the Chinese header and one example row. The
 * resident templates (resident-templates.ts) and the venue templates are written the same way.
 * `npx tsx local/import-templates.ts` writes both; unit tests keep the committed files equal.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMPORT_COLUMNS } from '../shared/domain/venues/venue-import';
import { xlsxChunks } from '../shared/export/xlsx';
import { templateCsv, templateXlsx } from './resident-templates';

export const TEMPLATE_DIR = join(import.meta.dirname, '..', 'web', 'public', 'templates');

export function csvTemplate(header: readonly string[], example: readonly string[]): Uint8Array {
  return Buffer.from(`\ufeff${[header, example].map((r) => r.join(',')).join('\r\n')}\r\n`);
}

export async function xlsxTemplate(sheet: string, header: readonly string[], example: readonly string[], widthOf: (header: string) => number): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  const rows = (async function* () {
    yield [[...example]];
  })();
  // A fixed date: the file is the same each time it is written.
  for await (const part of xlsxChunks([{ name: sheet, columns: header.map((h) => ({ header: h, width: widthOf(h) })), rows }], new Date('2026-01-01T00:00:00Z'))) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}

/** The venue import's header (the Chinese column names) and an example row of the demo town. */
export const VENUE_TEMPLATE_HEADER = IMPORT_COLUMNS.map((c) => c.zh);
export const VENUE_TEMPLATE_EXAMPLE = ['91410184MA0001', '泰山村便民超市', '商超', '泰山村/泰山村一组', '泰山村一组村口', '34.5921', '113.7102', '王桂兰', '13903710001', '黄'];
export const venueTemplateCsv = () => csvTemplate(VENUE_TEMPLATE_HEADER, VENUE_TEMPLATE_EXAMPLE);
export const venueTemplateXlsx = () =>
  xlsxTemplate('场所', VENUE_TEMPLATE_HEADER, VENUE_TEMPLATE_EXAMPLE, (h) => (h === '地址' || h === '网格' ? 24 : h === '外部编号' ? 20 : 12));

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(join(TEMPLATE_DIR, 'residents-template.csv'), templateCsv());
  writeFileSync(join(TEMPLATE_DIR, 'residents-template.xlsx'), await templateXlsx());
  writeFileSync(join(TEMPLATE_DIR, 'venues-template.csv'), venueTemplateCsv());
  writeFileSync(join(TEMPLATE_DIR, 'venues-template.xlsx'), await venueTemplateXlsx());
  console.log(`templates written to ${TEMPLATE_DIR}`);
}
