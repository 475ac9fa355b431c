/**
 * The stored daily plan (每日排查计划) and how the API shows it: a person's list for the day with the
 * venues' names, kinds and risk colours, why each is on it, and the progress against the quota.
 * The plan itself is computed by shared/planning/planner.ts; shared/data/venues/plans.ts stores it.
 */
import * as z from 'zod';
import { Risk } from './venue';

export const AssignmentReasonCode = z.enum(['black-card', 'recheck', 'follow-up', 'overdue', 'least-recently-inspected']);

/** One venue on a person's list, as stored (the planner's assignment plus what the list shows). */
export const PlanItem = z.object({
  venueId: z.string(),
  name: z.string(),
  kind: z.string(),
  risk: Risk,
  address: z.string().optional(),
  gridId: z.string(),
  gridPath: z.string(),
  /** Why it is on the list today (the first that applies): 挂黑牌, 复查, 回头看, 逾期, 最久未查. */
  reason: AssignmentReasonCode,
  /** Black-carded: must be inspected today, whatever the quota. */
  mandatory: z.boolean(),
  /** Given as the locality's inspector or as an industry authority. */
  as: z.enum(['locality', 'industry-authority']),
});
export type PlanItem = z.infer<typeof PlanItem>;

/** A list item with whether it has been inspected today. */
export const PlanItemView = PlanItem.extend({
  done: z.boolean(),
  /** The caller's latest inspection of the venue that day (the evidence link of a done item). */
  inspectionId: z.string().optional(),
});

export const PlanProgress = z.object({
  quota: z.number(),
  /** Distinct venues on the list. */
  assigned: z.number(),
  /** Distinct venues of the list inspected, plus distinct others of a kind that counts (the close's rule). */
  done: z.number(),
  assignedDone: z.number(),
  otherDone: z.number(),
  /** max(0, quota − done). */
  remaining: z.number(),
  /** Inspections logged today, every one. */
  inspections: z.number(),
});
export type PlanProgress = z.infer<typeof PlanProgress>;

/** The run that made (or is making) a day's plan. */
export const PlanRunInfo = z.object({
  status: z.enum(['running', 'done']),
  /** Bumped by every re-plan; subtrees planned under an older generation are planned again. */
  generation: z.number(),
  rulesVersion: z.number(),
  workingDay: z.boolean(),
  subtreesTotal: z.number(),
  subtreesDone: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  requestedBy: z.string().optional(),
  totals: z
    .object({ venues: z.number(), eligible: z.number(), assignments: z.number(), mandatory: z.number(), leftOver: z.number(), uncoveredGrids: z.number() })
    .optional(),
});
export type PlanRunInfo = z.infer<typeof PlanRunInfo>;

/** 'planning': a run is under way (or stopped part-way and will be resumed); lists may be partial. */
export const PlanStatus = z.enum(['not-planned', 'planning', 'planned']);
export type PlanStatus = z.infer<typeof PlanStatus>;

/** What every view of one person's day says: who, their quota and the black-carded venues on their list. */
const PersonOfDay = z.object({
  inspectorId: z.string(),
  displayName: z.string().optional(),
  quota: z.number(),
  onLeave: z.boolean(),
  homeGridId: z.string().optional(),
  homePath: z.string().optional(),
  /** Black-carded venues on the list. */
  mandatory: z.number(),
  /** On a working day the mandatory venues pushed the list past the quota. */
  mandatoryOverQuota: z.boolean(),
});

export const PersonPlan = PersonOfDay.extend({
  workingDay: z.boolean(),
  /** Done / assigned / quota, e.g. 12 / 20 / 20. */
  progress: PlanProgress,
  /** In the order to work them. */
  items: z.array(PlanItemView),
});
export type PersonPlan = z.infer<typeof PersonPlan>;

/** GET /api/plans/today. `person` is null when the caller has nothing planned that day. */
export const TodayPlan = z.object({
  date: z.string(),
  status: PlanStatus,
  run: PlanRunInfo.nullable(),
  person: PersonPlan.nullable(),
});
export type TodayPlan = z.infer<typeof TodayPlan>;

/** One person in a supervisor's overview of a day's plan. */
export const PersonPlanSummary = PersonOfDay.extend({ assigned: z.number() });
export type PersonPlanSummary = z.infer<typeof PersonPlanSummary>;

export const UncoveredGridView = z.object({
  gridId: z.string(),
  gridPath: z.string(),
  why: z.enum(['no-inspector', 'on-leave']),
  venues: z.number(),
  mandatoryVenueIds: z.array(z.string()),
});

/** GET /api/plans/{date}: the overview (`people`, `uncovered`), or one person (`?inspector=`: `person`). */
export const DayPlanView = z.object({
  date: z.string(),
  status: PlanStatus,
  run: PlanRunInfo.nullable(),
  people: z.array(PersonPlanSummary).optional(),
  uncovered: z.array(UncoveredGridView).optional(),
  person: PersonPlan.optional(),
});
export type DayPlanView = z.infer<typeof DayPlanView>;

/** POST /api/plans/{date}/replan. */
export const ReplanResult = z.object({
  date: z.string(),
  /** 'done': planned within the request; 'running': continues in the background (a job was queued). */
  status: z.enum(['done', 'running']),
  run: PlanRunInfo,
});
