/**
 * Resident import rows, without DynamoDB: the header (spellings, required columns), each row's checks
 * (check digit, grid by code / path / name, category, relationship, address), masked error values,
 * the streamed CSV and xlsx readers, derived ids and the fingerprint set, and the generated file.
 */
import { describe, expect, it } from 'vitest';
import { generatedId, residentCsv, residentRows } from '../../bench/resident-file';
import { idNumberProblem } from '../../shared/domain/residents/id-number';
import { ResidentFileRefused } from '../../shared/domain/residents/import';
import { type FileRow, readRows } from '../../shared/domain/residents/import-file';
import { derivedUlid, FingerprintSet, fingerprintOf } from '../../shared/domain/residents/import-ids';
import { readHeader, rowChecker, splitAddress } from '../../shared/domain/residents/import-row';
import { defaultResidentRules } from '../../shared/domain/residents/rules';
import { xlsxChunks } from '../../shared/export/xlsx';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATE_DIR, templateCsv, templateXlsx } from '../../local/resident-templates';
import { residentId, wrongCheckDigit } from '../support/residents';

const grids = [
  { id: 'lh', name: '龙湖镇', path: '/lh/', parentId: null },
  { id: 'ts', name: '泰山村', path: '/lh/ts/', parentId: 'lh' },
  { id: 'ts-1', name: '一组', path: '/lh/ts/ts-1/', parentId: 'ts' },
  { id: 'xq', name: '小乔村', path: '/lh/xq/', parentId: 'lh' },
  { id: 'xq-1', name: '一组', path: '/lh/xq/xq-1/', parentId: 'xq' },
];
const ctx = { grids, categories: defaultResidentRules().personCategories };
const HEADER = ['户号', '本户地址', '姓名', '性别', '身份证号', '人员类别', '联系电话', '与户主关系', '网格'];
const check = rowChecker(readHeader(HEADER), ctx, '2026-11-25');
const row = (over: Partial<Record<(typeof HEADER)[number], string>>) => {
  const base: Record<string, string> = { 户号: 'A1', 本户地址: '幸福小区3栋2单元301室', 姓名: '张三', 性别: '', 身份证号: residentId('41018419800101001'), 人员类别: '本地常住', 联系电话: '', 与户主关系: '户主', 网格: 'ts-1', ...over };
  return HEADER.map((h) => base[h]);
};

describe('the header', () => {
  it('takes Chinese, English and mixed spellings, in any order', () => {
    const h = readHeader(['姓名 name', 'ID_Number', '人员类别', '所属网格', '房号', '小区']);
    expect(h.fieldAt).toEqual(['name', 'idNumber', 'category', 'grid', 'room', 'compound']);
  });
  it('refuses unknown, repeated and missing columns, in both languages', () => {
    expect(() => readHeader([...HEADER, '备注'])).toThrow(/unknown column "备注"/);
    expect(() => readHeader([...HEADER, '姓名'])).toThrow(/twice/);
    const missing = (() => {
      try {
        readHeader(['姓名', '身份证号', '网格', '户号']);
      } catch (error) {
        return error as ResidentFileRefused;
      }
    })();
    expect(missing).toBeInstanceOf(ResidentFileRefused);
    expect(missing?.messageZh).toContain('人员类别');
    expect(() => readHeader(['姓名', '身份证号', '网格', '人员类别'])).toThrow(/户号/);
  });
});

describe('a row', () => {
  it('becomes a person of a household, with what the ID says', () => {
    const { person, errors } = check(row({ 身份证号: residentId('41018419900215002'), 与户主关系: '女儿', 联系电话: '138-0013-8000' }), 2);
    expect(errors).toEqual([]);
    expect(person).toMatchObject({ householdKey: 'no:A1', gridId: 'ts-1', gridPath: '/lh/ts/ts-1/', gender: 'female', birthDate: '1990-02-15', category: 'local-permanent', relationship: 'child', phone: '13800138000', address: { compound: '幸福小区', building: '3', unit: '2', room: '301' } });
  });
  it('finds a grid by code, id path, name path, its tail, or a name only one grid has', () => {
    for (const text of ['ts-1', '/lh/ts/ts-1/', '龙湖镇/泰山村/一组', '泰山村/一组', '泰山村 > 一组']) expect(check(row({ 网格: text }), 2).person?.gridId, text).toBe('ts-1');
    expect(check(row({ 网格: '小乔村' }), 2).person?.gridId).toBe('xq');
    expect(check(row({ 网格: '一组' }), 2).errors[0]).toMatchObject({ field: 'grid', code: 'ambiguous-grid' });
    expect(check(row({ 网格: '大王村' }), 2).errors[0]).toMatchObject({ field: 'grid', code: 'unknown-grid', value: '大王村' });
  });
  it('reports a wrong check digit, masked, and every other problem of the row', () => {
    const bad = wrongCheckDigit(residentId('41018419800101001'));
    const { person, errors } = check(row({ 身份证号: bad, 人员类别: '游客', 与户主关系: '邻居', 性别: '?', 联系电话: '12345' }), 7);
    expect(person).toBeUndefined();
    expect(errors.map((e) => [e.line, e.field, e.code])).toEqual([
      [7, 'idNumber', 'check-digit'],
      [7, 'gender', 'invalid'],
      [7, 'phone', 'invalid'],
      [7, 'category', 'unknown-category'],
      [7, 'relationship', 'invalid'],
    ]);
    expect(errors[0].value).toBe(`4101**********${bad.slice(-4)}`);
    expect(errors[2].value).not.toContain('12345');
    expect(errors[0].messageZh).toContain('校验位');
  });
  it('needs a name, a document, a category, a grid, and 户号 or an address', () => {
    const { errors } = check(row({ 姓名: '', 身份证号: '', 人员类别: '', 网格: '', 户号: '', 本户地址: '' }), 3);
    expect(errors.map((e) => `${e.field}:${e.code}`)).toEqual(['name:required', 'idNumber:required', 'category:required', 'grid:required', 'address:required']);
  });
  it('groups households without 户号 by grid and address', () => {
    expect(check(row({ 户号: '' }), 2).person?.householdKey).toBe('addr:ts-1|幸福小区|3|2|301');
    expect(splitAddress('和谐家园A座1单元1202')).toEqual({ compound: '和谐家园', building: 'A', unit: '1', room: '1202' });
    expect(splitAddress('西街12号')).toEqual({ room: '西街12号' });
  });
  it('accepts passports by type', () => {
    const h = rowChecker(readHeader([...HEADER, '证件类型']), ctx);
    expect(h([...row({ 身份证号: 'E12345678' }), '护照'], 2).person).toMatchObject({ idType: 'passport', gender: 'unknown' });
  });
});

async function collect(rows: AsyncIterable<FileRow>) {
  const out: FileRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}
const pieces = (bytes: Uint8Array, size: number) => async () =>
  (async function* () {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  })();

describe('the file readers', () => {
  it('stream CSV in small pieces: BOM, CRLF, quoted line breaks, blank lines, line numbers', async () => {
    const csv = Buffer.from('\ufeff户号,姓名\r\nA1,"张\n三"\r\n\r\nA2,"李,四"\r\n');
    expect(await collect(readRows(pieces(csv, 3), 'csv'))).toEqual([
      { line: 1, cells: ['户号', '姓名'] },
      { line: 2, cells: ['A1', '张\n三'] },
      { line: 5, cells: ['A2', '李,四'] },
    ]);
  });
  it('refuse a CSV that is not UTF-8, and a zip that is not one', async () => {
    await expect(collect(readRows(pieces(new Uint8Array([0xd5, 0xc5, 0x0a]), 2), 'csv'))).rejects.toThrow(/UTF-8/);
    await expect(collect(readRows(pieces(Buffer.from('a,b\n'), 2), 'xlsx'))).rejects.toThrow(/not an xlsx/);
  });
  it('stream an xlsx: inline and shared strings, gaps, sheet row numbers', async () => {
    const parts: Buffer[] = [];
    const data = (async function* () {
      yield [['A1', '张三', residentId('41018419800101001')], ['A1', '', '41018419800101002X']];
    })();
    for await (const p of xlsxChunks([{ name: '人员', columns: ['户号', '姓名', '身份证号'].map((header) => ({ header })), rows: data }])) parts.push(p);
    const rows = await collect(readRows(pieces(new Uint8Array(Buffer.concat(parts)), 64), 'xlsx'));
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3]);
    expect(rows[2].cells).toEqual(['A1', '', '41018419800101002X']);
  });
});

describe('ids and fingerprints', () => {
  it('derive the same ULID-shaped id from the same seed', () => {
    expect(derivedUlid('a')).toBe(derivedUlid('a'));
    expect(derivedUlid('a')).not.toBe(derivedUlid('b'));
    expect(derivedUlid('a')).toMatch(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
  });
  it('remember 100,000 fingerprints in a typed array, none lost', () => {
    const set = new FingerprintSet();
    let seen = 0;
    for (let i = 0; i < 100_000; i++) if (set.add(i * 7919 + 1)) seen++;
    expect(seen).toBe(0);
    expect(set.size).toBe(100_000);
    expect(set.add(7919 * 500 + 1)).toBe(true);
    expect(fingerprintOf('AAAAAAAAAAAA')).toBe(0);
  });
});

describe('the generated register', () => {
  it('has valid, distinct IDs and exactly the categories asked', () => {
    const rows = Array.from(residentRows({ categories: { 本地常住: 700, 外地暂住: 300 }, grids: ['g1', 'g2'] })).slice(1);
    expect(rows).toHaveLength(1000);
    expect(new Set(rows.map((r) => r[4])).size).toBe(1000);
    expect(rows.every((r) => idNumberProblem('resident-id', r[4]) === undefined)).toBe(true);
    expect(rows.filter((r) => r[5] === '本地常住')).toHaveLength(700);
    expect(generatedId(60_000)).toHaveLength(18);
    expect(residentCsv({ categories: { 本地常住: 1 }, grids: ['g'] }).split('\n')[0]).toBe(HEADER.join(','));
  });
});

describe('the templates to download', () => {
  it('are what local/resident-templates.ts writes, and read back as a valid register', async () => {
    const csv = readFileSync(join(TEMPLATE_DIR, 'residents-template.csv'));
    const xlsx = readFileSync(join(TEMPLATE_DIR, 'residents-template.xlsx'));
    expect(Buffer.compare(csv, Buffer.from(templateCsv()))).toBe(0);
    expect(Buffer.compare(xlsx, Buffer.from(await templateXlsx()))).toBe(0);
    for (const [bytes, format] of [[csv, 'csv'], [xlsx, 'xlsx']] as const) {
      const [header, example] = await collect(readRows(pieces(new Uint8Array(bytes), 500), format));
      const checked = rowChecker(readHeader(header.cells), ctx)(example.cells, example.line);
      expect(checked.errors, format).toEqual([]);
      expect(checked.person).toMatchObject({ gridId: 'ts-1', householdKey: 'no:LH-0001', category: 'local-permanent' });
    }
  });
});
