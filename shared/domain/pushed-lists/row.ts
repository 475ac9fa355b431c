/**
 * A row of a pushed list (大数据推送名单): who, reachable how, living where, back from where and when,
 * pushed by whom, how risky. The header is mapped once (Chinese or English names), then each row
 * becomes a `PushedRow` or errors naming the line and the field, personal values masked. Pure.
 */
import { idNumberProblem, normaliseIdNumber, normalisePhone, phoneProblem } from '../residents/id-number';
import { maskIdNumber, maskPhone } from '../residents/mask';

export const RISK_LEVELS = ['high', 'medium', 'low'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const PUSHED_LIST_COLUMNS = [
  { field: 'name', zh: '姓名', en: 'name' },
  { field: 'idNumber', zh: '身份证号', en: 'idNumber', aliases: ['身份证号码', '证件号码', 'id'] },
  { field: 'phone', zh: '电话', en: 'phone', aliases: ['手机号', '联系电话', '手机'] },
  { field: 'address', zh: '地址', en: 'address', aliases: ['现住址', '居住地址'] },
  { field: 'arrivedFrom', zh: '来源地', en: 'arrivedFrom', aliases: ['来自', '途经地'] },
  { field: 'arrivalDate', zh: '抵达日期', en: 'arrivalDate', aliases: ['返回日期', '到达日期'] },
  { field: 'source', zh: '推送来源', en: 'source', aliases: ['来源', '数据来源'] },
  { field: 'riskLevel', zh: '风险等级', en: 'riskLevel', aliases: ['风险'] },
] as const;
export type PushedColumn = (typeof PUSHED_LIST_COLUMNS)[number]['field'];

export interface PushedRow {
  line: number;
  name: string;
  /** A resident ID card number (18 characters, check digit valid), normalised. */
  idNumber?: string;
  phone?: string;
  address?: string;
  arrivedFrom?: string;
  arrivalDate?: string;
  source?: string;
  riskLevel: RiskLevel;
}

export interface PushedRowError {
  line: number;
  field: PushedColumn | 'row';
  /** The value as written, masked when personal. */
  value?: string;
  message: string;
  messageZh: string;
}

/** Thrown for a file that cannot be read as a list at all (its header): the whole upload fails. */
export class PushedListRefused extends Error {
  constructor(
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
  }
}

const squash = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s_\-()（）/:：*]/g, '');
const SPELLINGS = new Map<string, PushedColumn>(PUSHED_LIST_COLUMNS.flatMap((c) => [c.zh, c.en, `${c.zh}${c.en}`, ...('aliases' in c ? c.aliases : [])].map((s) => [squash(s), c.field] as const)));

/** Column of each cell position; refuses a header without a name, or without both ID number and phone. */
export function readPushedHeader(cells: string[]): PushedColumn[] {
  const fieldAt: PushedColumn[] = [];
  cells.forEach((raw, i) => {
    const cell = raw.trim();
    if (!cell) return;
    const field = SPELLINGS.get(squash(cell));
    if (!field) throw new PushedListRefused(`unknown column "${cell}" in the header (line 1)`, `表头（第 1 行）中有未知的列“${cell}”`);
    if (fieldAt.includes(field)) throw new PushedListRefused(`column "${cell}" appears twice in the header`, `表头中“${cell}”列出现了两次`);
    fieldAt[i] = field;
  });
  if (!fieldAt.includes('name')) throw new PushedListRefused('the header lacks the column 姓名 (name)', '表头缺少“姓名”列');
  if (!fieldAt.includes('idNumber') && !fieldAt.includes('phone')) throw new PushedListRefused('the header needs 身份证号 (idNumber) or 电话 (phone)', '表头须有“身份证号”或“电话”列');
  return fieldAt;
}

const RISK_WORDS: Record<string, RiskLevel> = { high: 'high', 高: 'high', 高风险: 'high', medium: 'medium', 中: 'medium', 中风险: 'medium', low: 'low', 低: 'low', 低风险: 'low', '': 'low' };

/** A date as 2026-12-06, 2026/12/6 or 2026年12月6日. */
function calendarDate(text: string): string | undefined {
  const m = /^(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?$/.exec(text);
  if (!m) return undefined;
  const date = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date) ? date : undefined;
}

export function parsePushedRow(fieldAt: PushedColumn[], cells: string[], line: number): { row: PushedRow } | { errors: PushedRowError[] } {
  const v: Partial<Record<PushedColumn, string>> = {};
  fieldAt.forEach((field, i) => {
    const text = (cells[i] ?? '').normalize('NFKC').trim();
    if (field && text) v[field] = text;
  });
  const errors: PushedRowError[] = [];
  const err = (field: PushedRowError['field'], message: string, messageZh: string, value?: string) => errors.push({ line, field, message, messageZh, ...(value !== undefined && { value }) });
  if (!v.name) err('name', 'a name is needed', '姓名不能为空');
  else if (v.name.length > 50) err('name', 'at most 50 characters', '姓名最多 50 个字');
  const idNumber = v.idNumber ? normaliseIdNumber(v.idNumber) : undefined;
  const idProblem = idNumber && idNumberProblem('resident-id', idNumber);
  if (idProblem) err('idNumber', idProblem, '身份证号无效', maskIdNumber(idNumber!));
  const phone = v.phone ? normalisePhone(v.phone) : undefined;
  if (phone && phoneProblem(phone)) err('phone', phoneProblem(phone)!, '电话号码无效', maskPhone(phone));
  if (!idNumber && !phone) err('row', 'an ID number or a phone is needed to find the person', '身份证号和电话至少填一项');
  const arrivalDate = v.arrivalDate ? calendarDate(v.arrivalDate) : undefined;
  if (v.arrivalDate && !arrivalDate) err('arrivalDate', 'a date like 2026-12-06', '日期格式应为 2026-12-06', v.arrivalDate.slice(0, 20));
  const riskLevel = RISK_WORDS[(v.riskLevel ?? '').toLowerCase()];
  if (!riskLevel) err('riskLevel', 'high, medium or low (高/中/低)', '风险等级应为高、中或低', v.riskLevel!.slice(0, 20));
  for (const field of ['address', 'arrivedFrom', 'source'] as const) {
    if ((v[field]?.length ?? 0) > 200) err(field, 'at most 200 characters', '最多 200 个字');
  }
  if (errors.length) return { errors };
  return { row: { line, name: v.name!, idNumber, phone, address: v.address, arrivedFrom: v.arrivedFrom, arrivalDate, source: v.source, riskLevel } };
}

/**
 * What makes a row the same row again: everything it says, normalised (not the line: the same list
 * sent again in another order is the same list). Blind-indexed before it is stored (never in clear).
 */
export const rowFingerprintText = (r: PushedRow) => JSON.stringify([r.name, r.idNumber ?? '', r.phone ?? '', r.address ?? '', r.arrivedFrom ?? '', r.arrivalDate ?? '', r.source ?? '', r.riskLevel]);
