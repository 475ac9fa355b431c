/**
 * Checking one row of a resident import (pure): the header is mapped to columns once, then each row
 * becomes a person of a household, or errors naming the line and the field. Grids are found by id,
 * path (ids `/a/b/` or names `龙湖镇/泰山村/一组`) or an unambiguous name; categories by code or name.
 * Personal values never appear in an error as written: they are masked.
 */
import { type GridRef, gridFinder } from '../grid-finder';
import { type IdType, idNumberProblem, normaliseIdNumber, normalisePhone, phoneProblem, residentIdBirthDate, residentIdGender } from './id-number';
import { RESIDENT_IMPORT_COLUMNS, RESIDENT_REQUIRED_COLUMNS, type ResidentColumn, ResidentFileRefused, type ResidentRowError } from './import';
import { maskIdNumber, maskName, maskPhone } from './mask';
import type { Relationship } from './person';
import type { ResidentRules } from './rules';

type RelationshipCode = (typeof Relationship.options)[number];

/** Header spelling → column: case, spaces, `_`, `-`, brackets do not matter; "姓名 name" works too. */
const squash = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s_\-()（）/:：*]/g, '');
const HEADER_SPELLINGS = new Map<string, ResidentColumn>(
  RESIDENT_IMPORT_COLUMNS.flatMap((c) => [c.zh, c.en, `${c.zh}${c.en}`, `${c.en}${c.zh}`, ...c.aliases].map((s) => [squash(s), c.field as ResidentColumn] as const)),
);

const COLUMN_ZH = new Map(RESIDENT_IMPORT_COLUMNS.map((c) => [c.field as ResidentColumn, c.zh]));

export interface ResidentHeader {
  /** Column of each cell position. */
  fieldAt: ResidentColumn[];
  /** The header cell as written, by column. */
  columnOf: Map<ResidentColumn, string>;
}

const refuse = (message: string, messageZh: string) => new ResidentFileRefused(message, messageZh);

export function readHeader(cells: string[]): ResidentHeader {
  const fieldAt: ResidentColumn[] = [];
  const columnOf = new Map<ResidentColumn, string>();
  cells.forEach((raw, i) => {
    const cell = raw.trim();
    if (!cell) return;
    const field = HEADER_SPELLINGS.get(squash(cell));
    if (!field) throw refuse(`unknown column "${cell}" in the header (line 1); the columns are listed in docs/resident-import.md`, `表头（第 1 行）中有未知的列“${cell}”`);
    if (columnOf.has(field)) throw refuse(`column "${cell}" appears twice in the header (line 1)`, `表头（第 1 行）中“${cell}”列出现了两次`);
    columnOf.set(field, cell);
    fieldAt[i] = field;
  });
  const missing = RESIDENT_REQUIRED_COLUMNS.filter((f) => !columnOf.has(f));
  if (missing.length) throw refuse(`the header lacks the column(s) ${missing.join(', ')}`, `表头缺少列：${missing.map((f) => COLUMN_ZH.get(f)).join('、')}`);
  if (!columnOf.has('householdNumber') && !columnOf.has('address') && !columnOf.has('room')) {
    throw refuse('the header needs 户号 (householdNumber), 本户地址 (address) or 室 (room) to group people into households', '表头须有“户号”、“本户地址”或“室”列，用以按户归集');
  }
  return { fieldAt, columnOf };
}

/** What the rows are checked against: the tenant's active grids and its person categories. */
export interface ResidentRowContext {
  grids: GridRef[];
  categories: ResidentRules['personCategories'];
}

const GENDERS: Record<string, 'male' | 'female'> = { 男: 'male', 女: 'female', m: 'male', f: 'female', male: 'male', female: 'female', 男性: 'male', 女性: 'female' };
const ID_TYPES: Record<string, IdType> = {
  居民身份证: 'resident-id', 身份证: 'resident-id', 'resident-id': 'resident-id',
  护照: 'passport', passport: 'passport',
  港澳居民来往内地通行证: 'hk-macao-permit', 港澳通行证: 'hk-macao-permit', 回乡证: 'hk-macao-permit', 'hk-macao-permit': 'hk-macao-permit',
  台湾居民来往大陆通行证: 'taiwan-permit', 台胞证: 'taiwan-permit', 'taiwan-permit': 'taiwan-permit',
};
const RELATIONSHIPS: Record<string, RelationshipCode> = {
  户主: 'householder', 本人: 'householder', householder: 'householder',
  配偶: 'spouse', 妻: 'spouse', 妻子: 'spouse', 夫: 'spouse', 丈夫: 'spouse', spouse: 'spouse',
  子: 'child', 女: 'child', 儿子: 'child', 女儿: 'child', 子女: 'child', 长子: 'child', 长女: 'child', 次子: 'child', 次女: 'child', child: 'child',
  父亲: 'parent', 母亲: 'parent', 父母: 'parent', 父: 'parent', 母: 'parent', parent: 'parent',
  祖父: 'grandparent', 祖母: 'grandparent', 外祖父: 'grandparent', 外祖母: 'grandparent', 祖父母: 'grandparent', grandparent: 'grandparent',
  孙子: 'grandchild', 孙女: 'grandchild', 外孙: 'grandchild', 外孙女: 'grandchild', 孙子女: 'grandchild', grandchild: 'grandchild',
  兄弟姐妹: 'sibling', 兄: 'sibling', 弟: 'sibling', 姐: 'sibling', 妹: 'sibling', 哥哥: 'sibling', 弟弟: 'sibling', 姐姐: 'sibling', 妹妹: 'sibling', sibling: 'sibling',
  儿媳: 'in-law', 女婿: 'in-law', 岳父: 'in-law', 岳母: 'in-law', 公公: 'in-law', 婆婆: 'in-law', 'in-law': 'in-law',
  租户: 'tenant', 租客: 'tenant', 租住: 'tenant', tenant: 'tenant',
  其他: 'other', 其它: 'other', other: 'other',
};

/** 本户地址 as written → 小区 / 楼栋 / 单元 / 室 where it reads that way ("幸福小区3栋2单元301室"), else the whole text as the room. */
const ADDRESS = /^(.*?)(\d+|[A-Za-z]\d*)(?:栋|幢|号楼|座)(?:(\d+)单元)?(\d+)(?:室|号)?$/;
export function splitAddress(text: string): { compound?: string; building?: string; unit?: string; room: string } {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  const m = ADDRESS.exec(t);
  if (!m) return { room: t };
  return { ...(m[1] && { compound: m[1] }), building: m[2], ...(m[3] && { unit: m[3] }), room: m[4] };
}

/** A row that passed: one person of one household, personal fields normalised (still in the clear). */
export interface CheckedPerson {
  line: number;
  /** The household this person belongs to: `no:<户号>` or `addr:<grid>|<小区>|<楼栋>|<单元>|<室>`. */
  householdKey: string;
  householdNumber?: string;
  address: { compound?: string; building?: string; unit?: string; room: string };
  gridId: string;
  gridPath: string;
  name: string;
  gender: 'male' | 'female' | 'unknown';
  idType: IdType;
  idNumber: string;
  phone?: string;
  birthDate?: string;
  category: string;
  relationship: RelationshipCode;
}

const PERSONAL: ReadonlySet<ResidentColumn> = new Set(['name', 'idNumber', 'phone']);
const maskValue = (field: ResidentColumn, value: string) =>
  field === 'name' ? maskName(value) : field === 'idNumber' ? maskIdNumber(normaliseIdNumber(value)) : field === 'phone' ? maskPhone(normalisePhone(value)) : value.slice(0, 100);

/** A row checker for one file: the header's columns and the tenant's grids and categories. */
export function rowChecker(header: ResidentHeader, ctx: ResidentRowContext, today?: string) {
  const grids = gridFinder(ctx.grids);
  const categoryOf = new Map<string, string>();
  for (const c of ctx.categories) for (const s of [c.code, c.nameZh, c.nameEn]) categoryOf.set(squash(s), c.code);
  const index = new Map(header.fieldAt.map((f, i) => [f, i] as const).filter(([f]) => f !== undefined));

  return function check(record: string[], line: number): { person?: CheckedPerson; errors: ResidentRowError[] } {
    const errors: ResidentRowError[] = [];
    const cell = (field: ResidentColumn): string => {
      const i = index.get(field);
      return i === undefined ? '' : String(record[i] ?? '').trim();
    };
    const fail = (field: ResidentColumn | 'row', code: ResidentRowError['code'], message: string, messageZh: string) => {
      const value = field === 'row' ? undefined : cell(field);
      errors.push({ line, field, column: field === 'row' ? undefined : header.columnOf.get(field), ...(value && { value: PERSONAL.has(field as ResidentColumn) ? maskValue(field as ResidentColumn, value) : value.slice(0, 100) }), code, message, messageZh });
    };
    const tooLong = (field: ResidentColumn, max: number) => {
      if (cell(field).length > max) fail(field, 'too-long', `at most ${max} characters`, `最多 ${max} 个字符`);
    };

    // Who.
    const name = cell('name');
    if (!name) fail('name', 'required', 'the name is missing', '缺少姓名');
    tooLong('name', 40);
    const idTypeText = cell('idType');
    const idType: IdType | undefined = idTypeText ? ID_TYPES[squash(idTypeText)] : 'resident-id';
    if (!idType) fail('idType', 'invalid', 'not a document type: 居民身份证, 护照, 港澳居民来往内地通行证 or 台湾居民来往大陆通行证', '证件类型应为居民身份证、护照、港澳居民来往内地通行证或台湾居民来往大陆通行证');
    const idNumber = normaliseIdNumber(cell('idNumber'));
    if (!idNumber) fail('idNumber', 'required', 'the document number is missing', '缺少身份证号（证件号码）');
    else if (idType) {
      const problem = idNumberProblem(idType, idNumber, today);
      if (problem) {
        const checkDigit = problem.startsWith('the check digit');
        fail('idNumber', checkDigit ? 'check-digit' : 'invalid', problem, checkDigit ? '身份证号校验位不符（GB 11643）' : '身份证号格式有误（应为 18 位，含出生日期）');
      }
    }
    const genderText = cell('gender');
    const genderGiven = genderText ? GENDERS[squash(genderText)] : undefined;
    if (genderText && !genderGiven) fail('gender', 'invalid', 'not a gender: 男 or 女', '性别应为“男”或“女”');
    const phoneText = cell('phone');
    const phone = phoneText ? normalisePhone(phoneText) : undefined;
    if (phone && phoneProblem(phone)) fail('phone', 'invalid', phoneProblem(phone)!, '联系电话应为 11 位手机号或带区号的固定电话');

    // Category, relationship.
    const categoryText = cell('category');
    const category = categoryOf.get(squash(categoryText));
    if (!categoryText) fail('category', 'required', 'the person category is missing', '缺少人员类别');
    else if (!category) fail('category', 'unknown-category', `not a person category of this tenant: ${ctx.categories.map((c) => c.nameZh).join(', ')}`, `不是本辖区的人员类别（${ctx.categories.map((c) => c.nameZh).join('、')}）`);
    const relationshipText = cell('relationship');
    const relationship = relationshipText ? RELATIONSHIPS[squash(relationshipText)] : 'other';
    if (!relationship) fail('relationship', 'invalid', 'not a relationship to the householder (户主, 配偶, 子女, 父母, 兄弟姐妹, 其他 …)', '与户主关系无法识别（户主、配偶、子女、父母、兄弟姐妹、其他…）');

    // Where: the grid, the household.
    const gridText = cell('grid');
    const found = gridText ? grids.find(gridText) : undefined;
    if (!gridText) fail('grid', 'required', 'the grid is missing', '缺少网格');
    else if (found?.problem === 'ambiguous-grid') fail('grid', 'ambiguous-grid', 'more than one grid has this name: give its code or its path (泰山村/一组)', '有多个网格同名，请填写网格编号或完整路径（如 泰山村/一组）');
    else if (!found?.grid) fail('grid', 'unknown-grid', 'no active grid with this code, path or name in this tenant', '本辖区没有该编号、路径或名称的网格（或已撤销）');
    const number = cell('householdNumber');
    if (number && !/^[A-Za-z0-9._-]{1,30}$/.test(number)) fail('householdNumber', 'invalid', 'letters, digits, . _ - (1–30)', '户号只能含字母、数字和 . _ -（最多 30 位）');
    const address = cell('address') ? splitAddress(cell('address')) : { compound: cell('compound') || undefined, building: cell('building') || undefined, unit: cell('unit') || undefined, room: cell('room') };
    for (const f of ['address', 'compound', 'building', 'unit', 'room'] as const) tooLong(f, f === 'address' ? 160 : 40);
    if (address.room.length > 40) fail('address', 'too-long', 'the room part of the address is over 40 characters', '地址中的门牌（室）部分超过 40 个字符');
    if (!address.room && !number) fail(header.columnOf.has('address') ? 'address' : 'room', 'required', 'the household needs 户号 or an address', '须有户号或本户地址');

    if (errors.length || !found?.grid || !idType || !category || !relationship) return { errors };
    const grid = found.grid;
    const room = address.room || number;
    const householdKey = number ? `no:${number}` : `addr:${grid.id}|${address.compound ?? ''}|${address.building ?? ''}|${address.unit ?? ''}|${room}`;
    return {
      errors,
      person: {
        line,
        householdKey,
        householdNumber: number || undefined,
        address: { ...address, room },
        gridId: grid.id,
        gridPath: grid.path,
        name,
        gender: genderGiven ?? (idType === 'resident-id' ? residentIdGender(idNumber) : 'unknown'),
        idType,
        idNumber,
        phone,
        birthDate: idType === 'resident-id' ? residentIdBirthDate(idNumber) : undefined,
        category,
        relationship,
      },
    };
  };
}
