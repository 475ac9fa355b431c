/**
 * Writes the resident import templates the web app offers for download (web/public/templates):
 * a UTF-8 CSV with a BOM (Excel opens it as UTF-8) and an xlsx, both with the Chinese header and one
 * example row (docs/resident-import.md). `npx tsx local/resident-templates.ts`; a unit test keeps the
 * committed files equal to what this writes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESIDENT_TEMPLATE_HEADER } from '../shared/domain/residents/import';
import { xlsxChunks } from '../shared/export/xlsx';

export const TEMPLATE_EXAMPLE = ['LH-0001', '幸福小区3栋2单元301室', '张伟', '男', '410184198001010012', '本地常住', '13800138000', '户主', '泰山村/一组'];
export const TEMPLATE_DIR = join(import.meta.dirname, '..', 'web', 'public', 'templates');

export function templateCsv(): Uint8Array {
  return Buffer.from(`\ufeff${[RESIDENT_TEMPLATE_HEADER, TEMPLATE_EXAMPLE].map((r) => r.join(',')).join('\r\n')}\r\n`);
}

export async function templateXlsx(): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  const rows = (async function* () {
    yield [TEMPLATE_EXAMPLE];
  })();
  // A fixed date: the file is the same each time it is written.
  for await (const part of xlsxChunks([{ name: '人员登记', columns: RESIDENT_TEMPLATE_HEADER.map((header) => ({ header, width: header === '本户地址' ? 28 : header === '身份证号' ? 22 : 12 })), rows }], new Date('2026-01-01T00:00:00Z'))) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(join(TEMPLATE_DIR, 'residents-template.csv'), templateCsv());
  writeFileSync(join(TEMPLATE_DIR, 'residents-template.xlsx'), await templateXlsx());
  console.log(`templates written to ${TEMPLATE_DIR}`);
}
