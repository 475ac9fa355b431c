/**
 * The resident import templates the web app offers for download (web/public/templates), with the
 * Chinese header and one example row (docs/resident-import.md); written the way import-templates.ts
 * writes every template (`npx tsx local/import-templates.ts`). A unit test keeps the committed files
 * equal to what these make.
 */
import { RESIDENT_TEMPLATE_HEADER } from '../shared/domain/residents/import';
import { csvTemplate, xlsxTemplate } from './import-templates';

export { TEMPLATE_DIR } from './import-templates';
export const TEMPLATE_EXAMPLE = ['LH-0001', '幸福小区3栋2单元301室', '张伟', '男', '410184198001010012', '本地常住', '13800138000', '户主', '泰山村/一组'];

export const templateCsv = () => csvTemplate(RESIDENT_TEMPLATE_HEADER, TEMPLATE_EXAMPLE);
export const templateXlsx = () =>
  xlsxTemplate('人员登记', RESIDENT_TEMPLATE_HEADER, TEMPLATE_EXAMPLE, (header) => (header === '本户地址' ? 28 : header === '身份证号' ? 22 : 12));
