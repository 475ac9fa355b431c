/**
 * A lab's result file (CSV: sample id, ID number or person code, result), checked row by row: the
 * header is found by its names (Chinese or English), each row says whose sample it is and whether
 * it was positive. A row that cannot be read is named with its line, the rest go on. Pure.
 */
import { idNumberProblem, normaliseIdNumber } from '../residents/id-number';
import { parsePersonCode } from './record';

export type LabResult = 'positive' | 'negative';
export interface LabRow {
  line: number;
  sampleId: string;
  who: { code: string } | { idNumber: string };
  result: LabResult;
}
export interface LabRowError {
  line: number;
  /** The row's field at fault: `sampleId`, `who`, `result`. */
  field: string;
  message: string;
  messageZh: string;
}
/** A row's error (never the ID number itself: the list is shown and kept). */
export const labError = (line: number, field: string, message: string, messageZh: string): LabRowError => ({ line, field, message, messageZh });

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s_]/g, '');
const HEADERS = {
  sampleId: ['样本编号', '试管编号', '采样管号', 'sampleid', 'sample', 'tube'],
  who: ['身份证号', '证件号码', '人员码', '身份证号或人员码', 'idnumber', 'personcode', 'code', 'idnumberorpersoncode'],
  result: ['结果', '检测结果', 'result'],
} as const;
const RESULTS: Record<string, LabResult> = { 阳性: 'positive', positive: 'positive', pos: 'positive', '+': 'positive', 阴性: 'negative', negative: 'negative', neg: 'negative', '-': 'negative' };
const SAMPLE = /^[A-Za-z0-9._-]{1,40}$/;

/** Column positions of the three fields, or what is missing. */
export function labHeader(cells: readonly string[]): { sampleId: number; who: number; result: number } | { missing: string[] } {
  const at = (names: readonly string[]) => cells.findIndex((c) => names.includes(norm(c)));
  const cols = { sampleId: at(HEADERS.sampleId), who: at(HEADERS.who), result: at(HEADERS.result) };
  const missing = Object.entries(cols).filter(([, i]) => i < 0).map(([k]) => k);
  return missing.length ? { missing } : cols;
}

export function labRow(header: { sampleId: number; who: number; result: number }, line: number, cells: readonly string[]): LabRow | LabRowError {
  const sampleId = (cells[header.sampleId] ?? '').trim();
  const whoText = (cells[header.who] ?? '').trim();
  const result = RESULTS[norm(cells[header.result] ?? '')];
  if (!SAMPLE.test(sampleId)) return labError(line, 'sampleId', `sample id: letters, digits, . _ - (1–40), got "${sampleId.slice(0, 40)}"`, `样本编号只能是字母、数字和 . _ -（1–40 位），这里是“${sampleId.slice(0, 40)}”`);
  if (!result) return labError(line, 'result', 'result: 阳性/阴性 (positive/negative)', '结果应为“阳性”或“阴性”');
  const code = parsePersonCode(whoText);
  if (code) return { line, sampleId, who: { code: whoText.toUpperCase() }, result };
  const idNumber = normaliseIdNumber(whoText);
  const problem = idNumberProblem('resident-id', idNumber);
  // Never echo the number: the error list is shown and kept.
  if (problem) return labError(line, 'who', `ID number or person code: ${problem}`, '身份证号或人员码无效');
  return { line, sampleId, who: { idNumber }, result };
}

export const isLabError = (r: LabRow | LabRowError): r is LabRowError => 'message' in r;
