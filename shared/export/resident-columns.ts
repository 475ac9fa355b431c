/** Rows of the residents' exports: people (masked unless unmasked with a reason) and the access log. */
import type { PersonalFields } from '../domain/residents/person';
import type { Cell } from './csv';

export const PERSON_HEADERS = ['户 household', '网格 grid', '姓名 name', '性别 gender', '出生年 birth year', '证件类型 ID type', '证件号码 ID number', '联系电话 phone', '人员类别 category', '与户主关系 relationship', '标签 tags', '状态 status', '迁入 moved in', '离开 ended on', '离开原因 reason'];

interface ExportedPerson {
  householdId: string;
  gridId: string;
  nameMasked: string;
  gender: string;
  birthYear?: number;
  idType: string;
  idNumberMasked: string;
  phoneMasked?: string;
  category: string;
  relationship: string;
  tags: string[];
  status: string;
  movedInOn?: string;
  endedOn?: string;
  endReason?: string;
}

/** One person's row; `clear`: their personal fields unmasked (an audited, permitted export). */
export function personRow(p: ExportedPerson, names: { grids: Map<string, string>; categories: Map<string, string> }, clear?: PersonalFields): Cell[] {
  return [
    p.householdId,
    names.grids.get(p.gridId) ?? p.gridId,
    clear?.name ?? p.nameMasked,
    p.gender,
    p.birthYear,
    p.idType,
    clear?.idNumber ?? p.idNumberMasked,
    clear ? clear.phone : p.phoneMasked,
    names.categories.get(p.category) ?? p.category,
    p.relationship,
    p.tags.join(' '),
    p.status,
    p.movedInOn,
    p.endedOn,
    p.endReason,
  ];
}
