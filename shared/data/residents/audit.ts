/**
 * The personal-data access log: append-only. Entries are only ever Put with `attribute_not_exists` under
 * a fresh ULID; this module has no update or delete, and no route changes an entry. Read by day (the
 * partition), by record (GSI1) and by user (GSI2), newest first.
 */
import { monotonicFactory } from 'ulid';
import type { Actor } from '../../domain/actor';
import type { AuditAction, AuditEntry } from '../../domain/residents/audit';
import { type Page, queryEach, queryPage } from '../db';
import { putNew } from '../write';
import type { ResidentsContext } from './context';

/** Where a request came from, as the audit log records it. */
export interface RequestOrigin {
  ip?: string;
  forwardedFor?: string;
  requestId?: string;
}

/** Entries of the same millisecond keep their order (the sort key is the time, then the id). */
const ulid = monotonicFactory();

export function auditRepository(ctx: ResidentsContext) {
  const { db, keys } = ctx;
  return {
    /** Append one entry; the caller goes on only if this succeeded (no unaudited access). */
    async append(actor: Actor, origin: RequestOrigin, entry: { action: AuditAction; householdId?: string; personId?: string; taskId?: string; listId?: string; count?: number; reason?: string }, now: Date): Promise<AuditEntry> {
      const at = now.toISOString();
      const e: AuditEntry = { id: ulid(now.getTime()), at, day: await ctx.dayOf(now), userId: actor.userId, roles: actor.roles, ...entry, ...origin };
      await putNew(db, { ...keys.auditEntry(e), ...keys.auditEntries(e), entity: 'audit', schemaVersion: 1, ...e }, 'audit entry id collision');
      return e;
    },
    ofDay: (day: string, page: { limit?: number; cursor?: string }): Promise<Page<AuditEntry>> => queryPage<AuditEntry>(db, keys.auditOfDay(day), { ...page, newestFirst: true }),
    ofRecord: (recordId: string, page: { limit?: number; cursor?: string }): Promise<Page<AuditEntry>> => queryPage<AuditEntry>(db, keys.auditOfRecord(recordId), { ...page, newestFirst: true }),
    ofUser: (userId: string, page: { limit?: number; cursor?: string }): Promise<Page<AuditEntry>> => queryPage<AuditEntry>(db, keys.auditOfUser(userId), { ...page, newestFirst: true }),
    /** A day's entries in order, streamed (the CSV export). */
    eachOfDay: (day: string) => queryEach<AuditEntry>(db, keys.auditOfDay(day)),
  };
}
export type AuditRepository = ReturnType<typeof auditRepository>;
