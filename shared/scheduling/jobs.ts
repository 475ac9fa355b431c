/**
 * Scheduled work is split into jobs, one per tenant and day (or per grid subtree of a big tenant).
 * The dispatcher decides which jobs are due; a queue carries them; a worker runs each one.
 * In AWS the queue is SQS (with retries and a dead-letter queue); locally it is an in-process loop.
 */
import * as z from 'zod';
import { CalendarDate } from '../domain/local-day';

export const ScheduledJob = z.object({
  /**
   * `retention` also runs after every tenant-wide `plan` (run-job.ts); it can be sent alone.
   * `monitoring-sweep`: missed readings of the windows closed since the last sweep (date: today).
   */
  kind: z.enum(['plan', 'close', 'retention', 'monitoring-sweep']),
  tenantId: z.string(),
  /** The tenant-local day the job is for, YYYY-MM-DD. */
  date: CalendarDate,
  /** For big tenants, the job can be limited to one grid subtree. */
  gridId: z.string().optional(),
});
export type ScheduledJob = z.infer<typeof ScheduledJob>;

/** Write the rows of a venue import (sent by POST /api/venues/imports; re-sending it resumes the import). */
export const ImportJob = z.object({
  kind: z.literal('import'),
  tenantId: z.string(),
  importId: z.string(),
  /** Sent by the dispatcher because the import's worker died (its heartbeat stopped): the job decides what to do. */
  resume: z.literal(true).optional(),
});
export type ImportJob = z.infer<typeof ImportJob>;

/** Check and write a resident import (sent by POST /api/residents/imports/{id}/start; re-sending it resumes it). */
export const ResidentImportJob = z.object({
  kind: z.literal('resident-import'),
  tenantId: z.string(),
  importId: z.string(),
});
export type ResidentImportJob = z.infer<typeof ResidentImportJob>;

/** Read and match a pushed list (sent by POST /api/pushed-lists/{id}/start; re-sending it finishes the list). */
export const PushedListJob = z.object({
  kind: z.literal('pushed-list'),
  tenantId: z.string(),
  listId: z.string(),
});
export type PushedListJob = z.infer<typeof PushedListJob>;

/** Seal a tenant's people again with its newest data key (sent by POST /api/residents/data-key/reseal; re-sending it resumes). */
export const ResealJob = z.object({
  kind: z.literal('reseal'),
  tenantId: z.string(),
});
export type ResealJob = z.infer<typeof ResealJob>;
/** Count and store a lab's result file (sent by POST /api/testing/lab-imports/{id}/start; re-sending it goes on from the last batch done). */
export const LabImportJob = z.object({
  kind: z.literal('lab-import'),
  tenantId: z.string(),
  importId: z.string(),
  /** Sent by the dispatcher because the import stalled (its worker died): the job judges it again before it goes on. */
  resume: z.literal(true).optional(),
});
export type LabImportJob = z.infer<typeof LabImportJob>;

/** Recount a tenant's 三色管理图 venue counters (POST /api/grid-map/recount; re-sending it finishes a stopped recount). */
export const GridMapRecountJob = z.object({
  kind: z.literal('grid-map-recount'),
  tenantId: z.string(),
});
export type GridMapRecountJob = z.infer<typeof GridMapRecountJob>;

export const Job = z.discriminatedUnion('kind', [ScheduledJob, ImportJob, ResidentImportJob, PushedListJob, ResealJob, LabImportJob, GridMapRecountJob]);
export type Job = z.infer<typeof Job>;

export interface JobQueue {
  send(jobs: Job[]): Promise<void>;
}
