/**
 * What the exports show, in Chinese: the problem ledger (问题台账) and a venue's history (检查记录,
 * 问题记录). Shared by the CSV and the xlsx output so both have the same columns.
 */
import { SEVERITY_ZH } from '../domain/venues/checklist';
import type { Inspection } from '../domain/venues/inspection';
import { isOverdue } from '../domain/venues/ladder';
import type { Problem } from '../domain/venues/problem';
import type { Cell } from './csv';

const STATUS_ZH: Record<string, string> = {
  open: '待整改',
  'notice-issued': '已下达整改通知',
  'rectification-reported': '已上报整改',
  closed: '已销号',
};
const OUTCOME_ZH: Record<string, string> = { pass: '合格', 'rectification-required': '限期整改', 'suspension-recommended': '建议停业整顿' };

export interface ExportContext {
  today: string;
  timeZone: string;
  /** Venue kind code → 中文名. */
  kindNames: Map<string, string>;
  /** Grid id → 名称. */
  gridNames: Map<string, string>;
  /** User id → display name (姓名), for the people a row names; the id when unknown. */
  userNames?: Map<string, string>;
}

export const personName = (ctx: ExportContext, userId: string | undefined) => (userId ? (ctx.userNames?.get(userId) ?? userId) : '');

/** 'YYYY-MM-DD HH:mm' in the tenant's time zone. */
export function localTimeFormatter(timeZone: string): (iso: string | undefined) => string {
  const format = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (iso) => (iso ? format.format(new Date(iso)) : '');
}

export const PROBLEM_COLUMNS = [
  { header: '问题编号', width: 34 },
  { header: '场所名称', width: 24 },
  { header: '场所类别', width: 12 },
  { header: '所属网格', width: 14 },
  { header: '检查项', width: 18 },
  { header: '问题说明', width: 30 },
  { header: '严重程度', width: 9 },
  { header: '状态', width: 14 },
  { header: '是否逾期', width: 9 },
  { header: '整改期限', width: 12 },
  { header: '发现时间', width: 17 },
  { header: '发现人', width: 12 },
  { header: '整改通知书编号', width: 16 },
  { header: '整改上报时间', width: 17 },
  { header: '复查结果', width: 10 },
  { header: '销号时间', width: 17 },
  { header: '回头看日期', width: 12 },
  { header: '复查不合格次数', width: 10 },
];

export function problemRowMaker(ctx: ExportContext) {
  const time = localTimeFormatter(ctx.timeZone);
  return (p: Problem): Cell[] => [
    p.id,
    p.venueName,
    ctx.kindNames.get(p.venueKind) ?? p.venueKind,
    ctx.gridNames.get(p.gridId) ?? p.gridId,
    p.itemLabelZh,
    p.note,
    SEVERITY_ZH[p.severity] ?? p.severity,
    STATUS_ZH[p.status] ?? p.status,
    isOverdue(p, ctx.today) ? '是' : '否',
    p.deadline,
    time(p.openedAt),
    personName(ctx, p.openedBy),
    p.notice?.number,
    time(p.rectification?.reportedAt),
    p.recheck ? (p.recheck.passed ? '合格' : '不合格') : '',
    time(p.closedAt),
    p.followUpDue,
    p.escalations,
  ];
}

export const INSPECTION_COLUMNS = [
  { header: '检查编号', width: 28 },
  { header: '检查日期', width: 12 },
  { header: '结束时间', width: 17 },
  { header: '检查人', width: 12 },
  { header: '检查结果', width: 14 },
  { header: '不合格项', width: 30 },
  { header: '真实性提示', width: 24 },
  { header: '备注', width: 30 },
];

export function inspectionRowMaker(ctx: ExportContext, itemLabels: Map<string, string>) {
  const time = localTimeFormatter(ctx.timeZone);
  return (i: Inspection): Cell[] => [
    i.id,
    i.date,
    time(i.endedAt),
    personName(ctx, i.inspectorId),
    OUTCOME_ZH[i.outcome] ?? i.outcome,
    i.failedItems.map((code) => itemLabels.get(code) ?? code).join('、'),
    i.flags.map((f) => f.code).join('、'),
    i.note,
  ];
}

/** A venue's history as one CSV table: inspections and problems, with a record-type column. */
export const VENUE_HISTORY_COLUMNS = ['记录类型', '编号', '时间', '人员', '结果或状态', '检查项', '整改期限', '备注'];
export function venueHistoryRows(ctx: ExportContext, itemLabels: Map<string, string>) {
  const time = localTimeFormatter(ctx.timeZone);
  return {
    inspection: (i: Inspection): Cell[] => ['检查', i.id, time(i.endedAt), personName(ctx, i.inspectorId), OUTCOME_ZH[i.outcome] ?? i.outcome, i.failedItems.map((c) => itemLabels.get(c) ?? c).join('、'), '', i.note],
    problem: (p: Problem): Cell[] => [
      '问题',
      p.id,
      time(p.openedAt),
      personName(ctx, p.openedBy),
      `${STATUS_ZH[p.status] ?? p.status}${isOverdue(p, ctx.today) ? '（逾期）' : ''}`,
      p.itemLabelZh,
      p.deadline,
      p.note ?? p.rectification?.note,
    ],
  };
}
