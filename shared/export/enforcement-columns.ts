/**
 * A venue's enforcement history (督办记录: black cards, suspensions, closures, joint enforcement) in a
 * venue's history export, in Chinese like every export: a reason the system wrote is worded from its
 * codes (shared/domain/venues/system-reason.ts), a person's reason as typed.
 */
import type { VenueEvent, VenueEventType } from '../domain/venues/ladder';
import { storedReasonText } from '../domain/venues/system-reason';
import { type ExportContext, localTimeFormatter, personName } from './columns';
import type { Cell } from './csv';

const EVENT_ZH: Record<VenueEventType, string> = {
  'black-card-issued': '挂黑牌',
  'black-card-removed': '摘牌',
  'suspension-recommended': '建议停业整顿',
  'suspension-approved': '批准停业整顿',
  'suspension-rejected': '不批准停业整顿',
  reopened: '恢复营业',
  'closed-by-notice': '通告关停',
  'reopened-by-notice': '通告恢复',
  'joint-referred': '移交联合执法',
  'joint-concluded': '联合执法办结',
};

export const ENFORCEMENT_COLUMNS = [
  { header: '编号', width: 28 },
  { header: '时间', width: 17 },
  { header: '人员', width: 12 },
  { header: '事项', width: 14 },
  { header: '理由', width: 40 },
];

/** Who did it: a person's name, or 系统 for the rules and the scheduled escalation. */
const actorName = (ctx: ExportContext, by: string) => (by === 'system' ? '系统' : personName(ctx, by));

export function enforcementRowMaker(ctx: ExportContext) {
  const time = localTimeFormatter(ctx.timeZone);
  return {
    /** A row of the one-table CSV (its columns: VENUE_HISTORY_COLUMNS). */
    history: (e: VenueEvent): Cell[] => ['督办', e.id, time(e.at), actorName(ctx, e.by), EVENT_ZH[e.type] ?? e.type, '', '', storedReasonText(e, 'zh')],
    /** A row of the xlsx sheet 督办记录. */
    sheet: (e: VenueEvent): Cell[] => [e.id, time(e.at), actorName(ctx, e.by), EVENT_ZH[e.type] ?? e.type, storedReasonText(e, 'zh')],
  };
}
