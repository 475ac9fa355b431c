/**
 * The pushed-list section of a tenant's residents rules: the address rules and the deadline of a
 * verification task (days after the day it reached the grid; 0 = the same day, the articles' "当日").
 * Pure.
 */
import * as z from 'zod';
import { addDays, localDate } from '../local-day';
import { AddressRules } from './address-rules';

export const PushedListRules = z.strictObject({
  addressRules: AddressRules.default({ compounds: [], roads: [] }),
  deadlineDays: z.number().int().min(0).max(7).default(0),
});
export type PushedListRules = z.infer<typeof PushedListRules>;

export const defaultPushedListRules = (): PushedListRules => ({ addressRules: { compounds: [], roads: [] }, deadlineDays: 0 });

/** The tenant-local day a task must be verified by: the day it reached a grid, plus the rule's days. */
export function taskDueDate(assignedAt: Date, timeZone: string, rules: Pick<PushedListRules, 'deadlineDays'> = { deadlineDays: 0 }): string {
  return addDays(localDate(assignedAt, timeZone), rules.deadlineDays);
}

/** Overdue once the tenant-local day after its due date has begun. */
export const isOverdue = (dueDate: string, today: string) => today > dueDate;
