/** Pushed lists: rows, fingerprints, address rules, matching, deadlines, outcomes (pure). */
import { describe, expect, it } from 'vitest';
import { AddressRules, gridOfAddress, roadAndNumber } from '../../shared/domain/pushed-lists/address-rules';
import { parsePushedRow, PushedListRefused, readPushedHeader, rowFingerprintText } from '../../shared/domain/pushed-lists/row';
import { isOverdue, PushedListRules, taskDueDate } from '../../shared/domain/pushed-lists/rules';
import { acceptsOutcome, matchRow, OutcomeInput, statusAfter } from '../../shared/domain/pushed-lists/task';
import { residentIdCheckChar } from '../../shared/domain/residents/id-number';

const id = (first17: string) => `${first17}${residentIdCheckChar(first17)}`;
const ID = id('41018419800101123');
const header = readPushedHeader(['姓名', '身份证号', '电话', '地址', '来源地', '抵达日期', '推送来源', '风险等级']);
const rules = AddressRules.parse({
  compounds: [
    { name: '阳光花园', aliases: ['阳光小区'], gridId: 'g-sun' },
    { name: '阳光花园二期', gridId: 'g-sun2' },
  ],
  roads: [
    { road: '幸福路', from: 1, to: 99, side: 'odd', gridId: 'g-odd' },
    { road: '幸福路', from: 2, to: 98, side: 'even', gridId: 'g-even' },
    { road: '幸福路', from: 11, to: 21, gridId: 'g-narrow' },
  ],
});
const all = () => true;

describe('pushed list rows', () => {
  it('maps Chinese and English headers and refuses what cannot be a list', () => {
    expect(readPushedHeader(['name', 'phone'])).toEqual(['name', 'phone']);
    expect(() => readPushedHeader(['姓名', '地址'])).toThrow(PushedListRefused);
    expect(() => readPushedHeader(['姓名', '电话', '年龄'])).toThrow(/unknown column/);
  });

  it('reads a row, normalising dates, risk words and full-width digits', () => {
    const r = parsePushedRow(header, ['张三', ID.toLowerCase(), '138 1234 5678', '阳光小区3栋', '某市', '2026/12/6', '省大数据局', '高'], 2);
    expect(r).toEqual({ row: { line: 2, name: '张三', idNumber: ID, phone: '13812345678', address: '阳光小区3栋', arrivedFrom: '某市', arrivalDate: '2026-12-06', source: '省大数据局', riskLevel: 'high' } });
  });

  it('names the line and field of every problem, with personal values masked', () => {
    const r = parsePushedRow(header, ['', '410184198001011230', '123', '', '', '2026-13-01', '', 'extreme'], 7);
    if (!('errors' in r)) throw new Error('expected errors');
    expect(r.errors.map((e) => e.field).sort()).toEqual(['arrivalDate', 'idNumber', 'name', 'phone', 'riskLevel']);
    expect(r.errors.every((e) => e.line === 7)).toBe(true);
    expect(JSON.stringify(r.errors)).not.toContain('410184198001011230');
    const none = parsePushedRow(header, ['李四', '', '', '', '', '', '', ''], 3);
    expect('errors' in none && none.errors[0].field).toBe('row');
  });

  it('gives the same fingerprint to the same row on another line, another to a changed row', () => {
    const a = parsePushedRow(header, ['张三', ID, '13812345678', '阳光小区', '', '', '', '低'], 2);
    const b = parsePushedRow(header, ['张三', ID, '13812345678', '阳光小区', '', '', '', 'low'], 40);
    const c = parsePushedRow(header, ['张三', ID, '13812345678', '阳光小区', '', '2026-12-01', '', 'low'], 2);
    if (!('row' in a && 'row' in b && 'row' in c)) throw new Error('rows expected');
    expect(rowFingerprintText(a.row)).toBe(rowFingerprintText(b.row));
    expect(rowFingerprintText(c.row)).not.toBe(rowFingerprintText(a.row));
  });
});

describe('address rules', () => {
  it('finds road and number in a written address', () => {
    expect(roadAndNumber('河南省郑州市金水区幸福路１５号2单元')).toEqual({ road: '幸福路', number: 15 });
    expect(roadAndNumber('阳光花园3栋')).toBeUndefined();
  });

  it('takes the longest compound name, then the narrowest road range on the right side', () => {
    expect(gridOfAddress('阳光花园二期5栋', rules)?.gridId).toBe('g-sun2');
    expect(gridOfAddress('某区阳光小区1栋', rules)?.gridId).toBe('g-sun');
    expect(gridOfAddress('幸福路 15 号', rules)?.gridId).toBe('g-narrow');
    expect(gridOfAddress('幸福路33号', rules)?.gridId).toBe('g-odd');
    expect(gridOfAddress('幸福路34号', rules)?.gridId).toBe('g-even');
    expect(gridOfAddress('幸福路120号', rules)).toBeUndefined();
    expect(gridOfAddress('建设路3号', rules)).toBeUndefined();
    expect(gridOfAddress(undefined, rules)).toBeUndefined();
  });

  it('refuses a range that ends before it starts', () => {
    expect(AddressRules.safeParse({ roads: [{ road: '幸福路', from: 9, to: 3, gridId: 'g' }] }).success).toBe(false);
  });
});

describe('matching', () => {
  const person = (pid: string, gridId = 'g-1', status = 'active') => ({ id: pid, householdId: `h-${pid}`, gridId, status });
  const none = { byIdNumber: [], byPhone: [] };

  it('matches the ID number first, then a phone only one active person has', () => {
    expect(matchRow({}, { byIdNumber: [person('p1')], byPhone: [person('p2')] }, rules, all)).toMatchObject({ kind: 'person', by: 'id-number', personId: 'p1' });
    expect(matchRow({}, { byIdNumber: [], byPhone: [person('p2')] }, rules, all)).toMatchObject({ kind: 'person', by: 'phone', personId: 'p2' });
    expect(matchRow({ address: '幸福路3号' }, { byIdNumber: [], byPhone: [person('p2'), person('p3')] }, rules, all)).toMatchObject({ kind: 'grid', gridId: 'g-odd' });
    expect(matchRow({}, { byIdNumber: [person('p1', 'g', 'moved-out')], byPhone: [] }, rules, all)).toEqual({ kind: 'unmatched' });
  });

  it('falls back to the address rules, then to the routing queue; a retired grid is no match', () => {
    expect(matchRow({ address: '阳光花园' }, none, rules, all)).toEqual({ kind: 'grid', by: 'compound', gridId: 'g-sun' });
    expect(matchRow({ address: '阳光花园' }, none, rules, (g) => g !== 'g-sun')).toEqual({ kind: 'unmatched' });
    expect(matchRow({ address: '无名路' }, none, undefined, all)).toEqual({ kind: 'unmatched' });
  });
});

describe('deadlines and outcomes', () => {
  it('is due the same tenant-local day by default, later by the rule', () => {
    // 17:30 UTC is already the next day in Shanghai.
    expect(taskDueDate(new Date('2026-12-06T17:30:00Z'), 'Asia/Shanghai')).toBe('2026-12-07');
    expect(taskDueDate(new Date('2026-12-06T08:00:00Z'), 'Asia/Shanghai', { deadlineDays: 1 })).toBe('2026-12-07');
    expect(PushedListRules.parse({}).deadlineDays).toBe(0);
    expect(isOverdue('2026-12-06', '2026-12-06')).toBe(false);
    expect(isOverdue('2026-12-06', '2026-12-07')).toBe(true);
  });

  it('escalates the unreachable and closes the rest; a verified task is final', () => {
    expect(statusAfter('unreachable')).toBe('escalated');
    expect(statusAfter('found')).toBe('verified');
    expect(acceptsOutcome('verified')).toBe(false);
    expect(acceptsOutcome('escalated')).toBe(true);
  });

  it('asks where a person went, and whom a found person is', () => {
    expect(OutcomeInput.safeParse({ version: 1, outcome: 'not-in-area' }).error?.issues[0].path).toEqual(['whereTo']);
    expect(OutcomeInput.safeParse({ version: 1, outcome: 'found' }).error?.issues[0].path).toEqual(['found']);
    expect(OutcomeInput.safeParse({ version: 1, outcome: 'duplicate', monitoring: { episodeId: '01JEXAMPLE0000000000000000', type: 'home-isolation' } }).success).toBe(false);
    expect(OutcomeInput.safeParse({ version: 1, outcome: 'unreachable', note: '三次未接' }).success).toBe(true);
  });
});
