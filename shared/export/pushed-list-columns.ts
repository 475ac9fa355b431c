/**
 * The CSV export of a pushed list (推送名单导出): first its progress (the list's total, then each grid
 * rolled up the tree: received, matched, assigned, verified, overdue), a blank line, then its rows in
 * line order with their status and outcome, masked unless unmasked (an audited, permitted export).
 */
import { PROGRESS_COUNTERS, type Progress, type TaskStatus } from '../domain/pushed-lists/task';
import type { Cell } from './csv';

export const PROGRESS_HEADERS = ['网格 grid', '层级路径 path', '接收 received', '匹配 matched', '分派 assigned', '核实 verified', '逾期 overdue'];
export const TASK_HEADERS = ['行号 line', '网格 grid', '状态 status', '姓名 name', '身份证号 ID number', '电话 phone', '地址 address', '来源地 arrived from', '抵达日期 arrival date', '推送来源 source', '风险等级 risk', '截止日期 due', '核查次数 checks', '结果 outcome', '去向 where to', '说明 note', '升级 escalated', '接收时间 received'];

const STATUS_ZH: Record<TaskStatus, string> = { routing: '待分派', open: '核查中', escalated: '已升级', verified: '已核实' };
const OUTCOME_ZH: Record<string, string> = { found: '已找到', 'not-in-area': '不在辖区', unreachable: '联系不上', duplicate: '重复' };
const RISK_ZH: Record<string, string> = { high: '高', medium: '中', low: '低' };
const ESCALATED_ZH: Record<string, string> = { unreachable: '联系不上', overdue: '逾期' };

export const progressRow = (name: string, path: string, p: Progress): Cell[] => [name, path, ...PROGRESS_COUNTERS.map((c) => p[c])];

/** What a task row needs: the stored task's masked fields, or the unsealed ones (`clear`). */
export interface ExportedTask {
  line: number;
  gridId?: string;
  status: TaskStatus;
  nameMasked: string;
  idNumberMasked?: string;
  phoneMasked?: string;
  addressMasked?: string;
  arrivedFrom?: string;
  arrivalDate?: string;
  source?: string;
  riskLevel: string;
  dueDate?: string;
  checks: number;
  outcome?: string;
  whereTo?: string;
  outcomeNote?: string;
  escalated?: string;
  receivedAt: string;
}

export function taskRow(t: ExportedTask, gridNames: ReadonlyMap<string, string>, clear?: { name: string; idNumber?: string; phone?: string; address?: string }): Cell[] {
  return [
    t.line,
    t.gridId ? (gridNames.get(t.gridId) ?? t.gridId) : '',
    STATUS_ZH[t.status],
    clear ? clear.name : t.nameMasked,
    clear ? clear.idNumber : t.idNumberMasked,
    clear ? clear.phone : t.phoneMasked,
    clear ? clear.address : t.addressMasked,
    t.arrivedFrom,
    t.arrivalDate,
    t.source,
    RISK_ZH[t.riskLevel] ?? t.riskLevel,
    t.dueDate,
    t.checks,
    t.outcome && (OUTCOME_ZH[t.outcome] ?? t.outcome),
    t.whereTo,
    t.outcomeNote,
    t.escalated && (ESCALATED_ZH[t.escalated] ?? t.escalated),
    t.receivedAt,
  ];
}
