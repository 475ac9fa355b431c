/**
 * The dispatcher (every 15 minutes; in AWS an EventBridge schedule, locally a timer): which jobs are
 * due now. Reads the tenant directory page by page (a Query, never a table-wide read) and, for 33 tenants at a time, their
 * day's plan run, yesterday's close and their late-sync marks in one BatchGetItem (3 keys a tenant).
 *
 * Once a tenant's local day has started (`dayStartMinutes` after local midnight, default 00:30, so
 * phones that were offline at midnight have a moment to sync), at most one job per tenant per tick,
 * the first that applies:
 *   1. `plan` today — no plan run yet, or one that stopped part-way (no live lease);
 *   2. `close` yesterday — not closed yet (or a close that failed, or died: still 'running' after 15 minutes);
 *   3. `close` of the oldest day with late-sync marks (inspections stored after that day's close).
 * Besides these, a `monitoring-sweep` for a tenant with people under home monitoring when one of its
 * reading windows closed since its last sweep (a 4th key a tenant: its monitoring schedule item).
 * Jobs are idempotent, so a message sent twice does no harm. 2,500 tenants → ≤ 2,500 messages a tick.
 * docs/scheduling.md.
 */
import { batchGetAll } from '../data/bulk';
import type { Db } from '../data/db';
import { tenantKeys } from '../data/keys';
import { tenantDirectory } from '../data/tenants';
import { addDays, localDate, localMinutes } from '../domain/local-day';
import { sweepDue } from '../domain/monitoring/sweep-due';
import type { Tenant } from '../domain/tenant';
import type { JobQueue, ScheduledJob } from './jobs';

export const DAY_START_MINUTES = 30;
/** A close still 'running' after this long has died; it is sent again. */
const CLOSE_STALE_MS = 15 * 60_000;
/** Tenants per BatchGetItem (4 keys each, 100 keys a call). */
const TENANTS_PER_BATCH = 25;

export interface DispatchOptions {
  /** Minutes after local midnight from which the day's plan and yesterday's close are due (default 30). */
  dayStartMinutes?: number;
}

export interface DispatchResult {
  sent: number;
  /** Active tenants whose local day had started. */
  tenants: number;
  plans: number;
  closes: number;
  /** Missed-reading sweeps (home monitoring): a window closed since the tenant's last sweep. */
  sweeps: number;
}

const lateDates = (value: unknown): string[] => {
  const marks = value instanceof Set ? [...value] : Array.isArray(value) ? value : [];
  return [...new Set(marks.map((m) => String(m).slice(0, 10)))].sort();
};

/** The job due for one tenant, given its run, close and schedule items (raw, possibly absent). */
export function dueJob(
  tenant: Pick<Tenant, 'id' | 'timezone' | 'createdAt'>,
  items: { run?: Record<string, unknown>; close?: Record<string, unknown>; schedule?: Record<string, unknown> },
  now: Date,
): ScheduledJob | undefined {
  const today = localDate(now, tenant.timezone);
  const yesterday = addDays(today, -1);
  const nowIso = now.toISOString();
  const { run, close, schedule } = items;

  const leaseLive = typeof run?.leaseUntil === 'string' && run.leaseUntil > nowIso;
  if (!run || (run.status !== 'done' && !leaseLive)) return { kind: 'plan', tenantId: tenant.id, date: today };

  const firstDay = localDate(new Date(tenant.createdAt), tenant.timezone);
  const closeRunning =
    close?.status === 'running' && !close.failedAt && typeof close.startedAt === 'string' && Date.parse(close.startedAt) > now.getTime() - CLOSE_STALE_MS;
  if (yesterday >= firstDay && close?.status !== 'done' && !closeRunning) return { kind: 'close', tenantId: tenant.id, date: yesterday };

  const late = lateDates(schedule?.lateSync).find((d) => d < today && d >= firstDay);
  if (late) return { kind: 'close', tenantId: tenant.id, date: late };
  return undefined;
}

export async function dispatchDueJobs(db: Db, queue: JobQueue, now: Date, options: DispatchOptions = {}): Promise<DispatchResult> {
  const start = options.dayStartMinutes ?? DAY_START_MINUTES;
  const result: DispatchResult = { sent: 0, tenants: 0, plans: 0, closes: 0, sweeps: 0 };
  let batch: Tenant[] = [];

  const flush = async () => {
    if (!batch.length) return;
    const keysOf = (t: Tenant) => {
      const k = tenantKeys(t.id);
      const today = localDate(now, t.timezone);
      return { run: k.planRun(today), close: k.reportClose(addDays(today, -1)), schedule: k.schedule(), monitoring: k.monitoringSchedule() };
    };
    const got = await batchGetAll(db, batch.flatMap((t) => Object.values(keysOf(t))));
    const jobs: ScheduledJob[] = [];
    for (const t of batch) {
      const k = keysOf(t);
      if (localMinutes(now, t.timezone) >= start) {
        result.tenants++;
        const job = dueJob(t, { run: got.get(k.run), close: got.get(k.close), schedule: got.get(k.schedule) }, now);
        if (job) jobs.push(job);
      }
      // Apart from the day's jobs: a window that closed is swept at this tick, whatever else is due.
      if (sweepDue(got.get(k.monitoring), t.timezone, now)) jobs.push({ kind: 'monitoring-sweep', tenantId: t.id, date: localDate(now, t.timezone) });
    }
    batch = [];
    if (!jobs.length) return;
    await queue.send(jobs);
    result.sent += jobs.length;
    result.plans += jobs.filter((j) => j.kind === 'plan').length;
    result.closes += jobs.filter((j) => j.kind === 'close').length;
    result.sweeps += jobs.filter((j) => j.kind === 'monitoring-sweep').length;
  };

  for await (const tenant of tenantDirectory(db).each()) {
    if (tenant.status !== 'active') continue;
    batch.push(tenant);
    if (batch.length >= TENANTS_PER_BATCH) await flush();
  }
  await flush();
  return result;
}
