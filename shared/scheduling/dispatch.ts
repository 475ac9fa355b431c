/**
 * The dispatcher (every 15 minutes; in AWS an EventBridge schedule, locally a timer): which jobs are
 * due now. Reads the tenant directory page by page (a Query, never a table-wide read) and, for 25 tenants at a time, their
 * day's plan run, yesterday's close, their late-sync marks and their rules in one BatchGetItem (4 keys a tenant).
 *
 * Once a tenant's local day has started (its rule `schedule.dayStartMinutes` after local midnight,
 * default 00:30, so phones that were offline at midnight have a moment to sync), at most one job per
 * tenant per tick,
 * the first that applies:
 *   1. `plan` today — no plan run yet, or one that stopped part-way (no live lease);
 *   2. `close` yesterday — not closed yet (or a close that failed, or died: still 'running' after 15 minutes);
 *   3. `close` of the oldest day with late-sync marks (inspections stored after that day's close).
 * Besides, a venue import whose worker died (its heartbeat stopped; the import's id is in the tenant's
 * scheduling state while it works) is sent again (`resume`), at most IMPORT_AUTO_RESUMES times (import-job.ts);
 * so is a lab import that stalled (one Query a tenant of its unfinished lab imports, lab-import-watch.ts;
 * at most LAB_IMPORT_AUTO_RESUMES times at the same line, lab-import-job.ts).
 * And a `monitoring-sweep` for a tenant with people under home monitoring when one of its
 * reading windows closed since its last sweep (a 4th key a tenant: its monitoring schedule item).
 * Jobs are idempotent, so a message sent twice does no harm. 2,500 tenants → ≤ 2,500 messages a tick.
 * docs/scheduling.md.
 */
import { batchGetAll } from '../data/bulk';
import type { Db } from '../data/db';
import { tenantKeys } from '../data/keys';
import { stalledLabImports } from '../data/testing/lab-import-watch';
import { tenantDirectory } from '../data/tenants';
import { addDays, localDate, localMinutes } from '../domain/local-day';
import { type TenantRules, withDefaults } from '../domain/rules';
import { sweepDue } from '../domain/monitoring/sweep-due';
import type { Tenant } from '../domain/tenant';
import { watchedImportStep } from '../domain/venues/venue-import';
import type { ImportJob, JobQueue, LabImportJob, ScheduledJob } from './jobs';

/** A close still 'running' after this long has died; it is sent again. */
const CLOSE_STALE_MS = 15 * 60_000;
/** Tenants per BatchGetItem (up to 5 keys each, 100 keys a call). */
const TENANTS_PER_BATCH = 20;
/** The latest a tenant's day may start (the rule's maximum): after it, its rules need not be read. */
const LATEST_DAY_START = 6 * 60;

export interface DispatchResult {
  sent: number;
  /** Active tenants whose local day had started. */
  tenants: number;
  plans: number;
  closes: number;
  /** Venue imports sent again because their worker died. */
  imports: number;
  /** Lab result imports sent again because they stalled (their worker died). */
  labImports: number;
  /** Missed-reading sweeps (home monitoring): a window closed since the tenant's last sweep. */
  sweeps: number;
}

/**
 * Venue imports whose worker died (no heartbeat for IMPORT_STALL_MS), from the ids in the tenants'
 * scheduling state (already read): 1 BatchGetItem of those imports, only when there are any.
 */
async function importsToResume(db: Db, tenants: { tenantId: string; schedule?: Record<string, unknown> }[], now: Date): Promise<ImportJob[]> {
  const watched = tenants.flatMap(({ tenantId, schedule }) => stringSet(schedule?.imports).map((importId) => ({ tenantId, importId })));
  if (!watched.length) return [];
  const keyOf = (w: { tenantId: string; importId: string }) => tenantKeys(w.tenantId).venueImport(w.importId);
  const got = await batchGetAll(db, watched.map(keyOf));
  // The dispatcher only reads: the job it sends resumes the import, gives up on it, or forgets it.
  return watched
    .filter((w) => watchedImportStep(got.get(keyOf(w)) as Parameters<typeof watchedImportStep>[0], now) !== undefined)
    .map((w) => ({ kind: 'import', tenantId: w.tenantId, importId: w.importId, resume: true }));
}

/** Lab imports that stalled, for the batch's tenants: one Query each (of their unfinished lab imports), all at once. */
async function labImportsToResume(db: Db, tenants: readonly Tenant[], now: Date): Promise<LabImportJob[]> {
  const found = await Promise.all(tenants.map(async (t) => (await stalledLabImports(db, t.id, now)).map((importId) => ({ kind: 'lab-import' as const, tenantId: t.id, importId, resume: true as const }))));
  return found.flat();
}

const stringSet = (value: unknown): string[] => (value instanceof Set ? [...value] : Array.isArray(value) ? value : []).map(String);

const lateDates = (value: unknown): string[] => {
  const marks = value instanceof Set ? [...value] : Array.isArray(value) ? value : [];
  return [...new Set(marks.map((m) => String(m).slice(0, 10)))].sort();
};

/** The minute of the local day from which a tenant's day has started, by its stored rules (raw, possibly absent). */
export function dayStartOf(rules: Record<string, unknown> | undefined): number {
  return withDefaults({ version: 0, ...(rules ?? {}) } as TenantRules).schedule.dayStartMinutes;
}

/** The job due for one tenant, given its run, close, schedule and rules items (raw, possibly absent). */
export function dueJob(
  tenant: Pick<Tenant, 'id' | 'timezone' | 'createdAt'>,
  items: { run?: Record<string, unknown>; close?: Record<string, unknown>; schedule?: Record<string, unknown>; rules?: Record<string, unknown> },
  now: Date,
): ScheduledJob | undefined {
  if (localMinutes(now, tenant.timezone) < dayStartOf(items.rules)) return undefined;
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

export async function dispatchDueJobs(db: Db, queue: JobQueue, now: Date): Promise<DispatchResult> {
  const result: DispatchResult = { sent: 0, tenants: 0, plans: 0, closes: 0, imports: 0, labImports: 0, sweeps: 0 };
  let batch: Tenant[] = [];

  const flush = async () => {
    if (!batch.length) return;
    const keysOf = (t: Tenant) => {
      const k = tenantKeys(t.id);
      const today = localDate(now, t.timezone);
      // The rules only while the day may not have started yet (their day start is at most 06:00).
      const early = localMinutes(now, t.timezone) < LATEST_DAY_START;
      return { run: k.planRun(today), close: k.reportClose(addDays(today, -1)), schedule: k.schedule(), monitoring: k.monitoringSchedule(), ...(early ? { rules: k.rules() } : {}) };
    };
    const got = await batchGetAll(db, batch.flatMap((t) => Object.values(keysOf(t))));
    const jobs: ScheduledJob[] = [];
    for (const t of batch) {
      const k = keysOf(t);
      const rules = k.rules && got.get(k.rules);
      if (localMinutes(now, t.timezone) >= dayStartOf(rules)) {
        result.tenants++;
        const job = dueJob(t, { run: got.get(k.run), close: got.get(k.close), schedule: got.get(k.schedule), rules }, now);
        if (job) jobs.push(job);
      }
      // Apart from the day's jobs: a window that closed is swept at this tick, whatever else is due.
      if (sweepDue(got.get(k.monitoring), t.timezone, now)) jobs.push({ kind: 'monitoring-sweep', tenantId: t.id, date: localDate(now, t.timezone) });
    }
    const [imports, labImports] = await Promise.all([
      importsToResume(db, batch.map((t) => ({ tenantId: t.id, schedule: got.get(keysOf(t).schedule) })), now),
      labImportsToResume(db, batch, now),
    ]);
    batch = [];
    if (!jobs.length && !imports.length && !labImports.length) return;
    await queue.send([...jobs, ...imports, ...labImports]);
    result.sent += jobs.length + imports.length + labImports.length;
    result.labImports += labImports.length;
    result.plans += jobs.filter((j) => j.kind === 'plan').length;
    result.closes += jobs.filter((j) => j.kind === 'close').length;
    result.imports += imports.length;
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
