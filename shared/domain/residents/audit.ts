/**
 * The access log of personal data (PIPL): every unmask, every person's file opened, every lookup that
 * found someone and every export, every list of a venue's visitors — who, when, whose record, why, from where. Append-only. Pure schemas.
 */
import * as z from 'zod';

export const AUDIT_ACTIONS = ['unmask', 'open-person', 'open-household', 'lookup', 'export-masked', 'export-unmasked', 'open-monitoring', 'open-pushed-task', 'venue-visitors', 'tombstone'] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  /** The tenant-local day (the log's partition). */
  day: z.string(),
  userId: z.string(),
  roles: z.array(z.string()),
  action: AuditAction,
  householdId: z.string().optional(),
  personId: z.string().optional(),
  /** A pushed list's verification task whose row was unmasked. */
  taskId: z.string().optional(),
  /** A pushed list that was exported. */
  listId: z.string().optional(),
  /** How many people an export or lookup touched. */
  count: z.number().optional(),
  reason: z.string().optional(),
  ip: z.string().optional(),
  forwardedFor: z.string().optional(),
  requestId: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AUDIT_COLUMNS = ['时间 at', '日期 day', '用户 user', '角色 roles', '操作 action', '户 household', '人 person', '数量 count', '理由 reason', 'IP'] as const;
export const auditRow = (e: AuditEntry) => [e.at, e.day, e.userId, e.roles.join(' '), e.action, e.householdId ?? '', e.personId ?? '', e.count ?? '', e.reason ?? '', e.ip ?? ''];
