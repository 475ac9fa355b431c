/**
 * The daily report (日排查日报告) as stored and shown: the figures of shared/planning/day-close.ts per
 * grid (each with its whole subtree), per person and for the tenant, for any past day.
 */
import * as z from 'zod';
import { PushedListDaySection } from './pushed-lists/day';

export const CloseFiguresView = z.object({
  inspectors: z.number(),
  onLeave: z.number(),
  quota: z.number(),
  assigned: z.number(),
  done: z.number(),
  shortfall: z.number(),
  metQuota: z.number(),
  mandatoryMissed: z.number(),
  inspections: z.number(),
  failedInspections: z.number(),
  problemsFound: z.number(),
  problemsClosed: z.number(),
  blackCardsIssued: z.number(),
  blackCardsRemoved: z.number(),
  /** Rectification notices (整改通知书) issued. */
  noticesIssued: z.number(),
  /** Supervision bulletins (督查通报) published naming something in the grid (the tenant: all of them). */
  bulletinsIssued: z.number(),
  /** Hard cases referred to joint enforcement (联合执法). */
  jointReferrals: z.number(),
});
export type CloseFiguresView = z.infer<typeof CloseFiguresView>;

export const GridReport = CloseFiguresView.extend({
  gridId: z.string(),
  name: z.string(),
  path: z.string(),
  parentId: z.string().nullable(),
  level: z.number(),
  /** Ids of its child grids on that day. */
  children: z.array(z.string()),
});
export type GridReport = z.infer<typeof GridReport>;

export const InspectorReportRow = z.object({
  inspectorId: z.string(),
  displayName: z.string().optional(),
  homeGridId: z.string().optional(),
  homePath: z.string().optional(),
  onLeave: z.boolean(),
  quota: z.number(),
  assigned: z.number(),
  assignedDone: z.number(),
  otherDone: z.number(),
  done: z.number(),
  shortfall: z.number(),
  mandatoryMissed: z.array(z.string()),
  inspections: z.number(),
});
export type InspectorReportRow = z.infer<typeof InspectorReportRow>;

/**
 * 'not-closed': no report yet (the day has not ended, or its close has not run); 'live': not closed
 * yet (today, or yesterday before its close), its figures counted now by the close's own rules.
 */
export const ReportStatus = z.enum(['not-closed', 'live', 'closing', 'closed']);

export const CloseRunInfo = z.object({
  status: z.enum(['running', 'done']),
  startedAt: z.string(),
  closedAt: z.string().optional(),
  /** The plan the report measured against (absent: the day had no plan, so no quotas). */
  planGeneration: z.number().optional(),
  rulesVersion: z.number(),
  /** How many times this day was closed (re-closes after late inspections count too). */
  runs: z.number(),
});
export type CloseRunInfo = z.infer<typeof CloseRunInfo>;

/** The home-monitoring section of a closed day (shared/planning/monitoring-day.ts): counts and rates (%, one decimal; absent without a denominator). */
const n = z.number();
export const MonitoringDaySection = z.object({
  underMonitoring: n,
  due: n,
  done: n,
  missed: n,
  fevers: n,
  openAlerts: n,
  followedToday: n,
  finished: n,
  followedAllDays: n,
  lost: n,
  rates: z.object({ followedToday: n.optional(), followedAllDays: n.optional(), lost: n.optional() }),
});

/** GET /api/reports/daily/{date}. */
export const DailyReport = z.object({
  date: z.string(),
  status: ReportStatus,
  close: CloseRunInfo.nullable(),
  /** Inspections of this day arrived after its close; the next scheduler tick closes it again. */
  lateSyncPending: z.boolean(),
  /** The grid asked for; null for the whole tenant (or a combined report). */
  grid: GridReport.nullable(),
  /** A supervisor of several subtrees asking for no grid gets them combined: their root grids (also in `children`). */
  combinedOf: z.array(z.string()).optional(),
  /** The figures of `grid` (with its subtree), or the tenant's. Null when not closed. */
  figures: CloseFiguresView.nullable(),
  /** The grid's children (the top-level grids for the tenant), as they were that day. */
  children: z.array(GridReport),
  /** Residents that day in the grid's subtree (or the tenant): people registered, people who moved out or died, visits (走访). Live counters, so late visits count. */
  residents: z.object({ added: z.number(), ended: z.number(), visits: z.number() }),
  /** Home monitoring that day in the grid's subtree (or the tenant), as stored by the close; null before it. */
  monitoring: MonitoringDaySection.nullable(),
  /** Pushed lists that day in the grid's subtree (or the tenant): tasks received, verified, escalated, overdue; stored by the close, counted live for a live day; null when there were none. */
  pushedLists: PushedListDaySection.nullable(),
  /** People whose home grid is in the subtree (the whole tenant: everyone), a page. */
  inspectors: z.array(InspectorReportRow),
  cursor: z.string().optional(),
});
export type DailyReport = z.infer<typeof DailyReport>;

/** GET /api/reports/range: per-day figures for a trend line. */
export const ReportRange = z.object({
  from: z.string(),
  to: z.string(),
  gridId: z.string().nullable(),
  /** A combined range (a supervisor of several subtrees, no grid asked): the root grids summed. */
  combinedOf: z.array(z.string()).optional(),
  days: z.array(z.object({ date: z.string(), status: ReportStatus, figures: CloseFiguresView.nullable() })),
});
export type ReportRange = z.infer<typeof ReportRange>;
