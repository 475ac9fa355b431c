/**
 * The pushed-list section of a tenant's residents rules: the address rules and the deadline of a
 * verification task (days after the day it reached the grid; 0 = the same day, the articles' "当日").
 * Pure.
 */
import * as z from 'zod';
import { addDays, localDate } from '../local-day';
import { eachOnce } from '../../errors';
import { AddressRules } from './address-rules';

/** The residents' roles (shared/domain/residents/rules.ts RESIDENT_ROLES, which imports this file). */
const ROLES = ['tenant-admin', 'supervisor', 'inspector'] as const;
/** By default every role that works tasks: the phone and door checks need the number. */
export const DEFAULT_PUSHED_UNMASK_ROLES = [...ROLES];

/** Lists pushed for a day's verification are worked within days; their rows are kept a quarter. */
export const DEFAULT_PUSHED_RETENTION_DAYS = 90;

export const PushedListRules = z.strictObject({
  addressRules: AddressRules.default({ compounds: [], roads: [] }),
  deadlineDays: z.number().int().min(0).max(7).default(0),
  /** Roles that may open a task's row unmasked (with a reason, audited); the residents' unmaskRoles govern the registry. */
  unmaskRoles: z
    .array(z.enum(ROLES))
    .max(3)
    .refine((r) => new Set(r).size === r.length, eachOnce('role'))
    .default(DEFAULT_PUSHED_UNMASK_ROLES),
  /** Days a list's rows (its tasks, their checks and sealed fields) are kept after upload; then the retention job deletes them. */
  retentionDays: z.number().int().min(7).max(3650).default(DEFAULT_PUSHED_RETENTION_DAYS),
  /**
   * Rows no grid took yet (the routing queue, a list's invalid rows) are for the whole tenant's
   * supervisors and admins; true: supervisors of some grids too, who route them into their grids.
   */
  scopedRouting: z.boolean().default(false),
});
export type PushedListRules = z.infer<typeof PushedListRules>;

export const defaultPushedListRules = (): PushedListRules => ({ addressRules: { compounds: [], roads: [] }, deadlineDays: 0, unmaskRoles: [...DEFAULT_PUSHED_UNMASK_ROLES], retentionDays: DEFAULT_PUSHED_RETENTION_DAYS, scopedRouting: false });

/** The tenant-local day a task must be verified by: the day it reached a grid, plus the rule's days. */
export function taskDueDate(assignedAt: Date, timeZone: string, rules: Pick<PushedListRules, 'deadlineDays'> = { deadlineDays: 0 }): string {
  return addDays(localDate(assignedAt, timeZone), rules.deadlineDays);
}

/** Overdue once the tenant-local day after its due date has begun. */
export const isOverdue = (dueDate: string, today: string) => today > dueDate;
