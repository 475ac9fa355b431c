/**
 * Scheduled work is split into jobs, one per tenant and day (or per grid subtree of a big tenant).
 * The dispatcher decides which jobs are due; a queue carries them; a worker runs each one.
 * In AWS the queue is SQS (with retries and a dead-letter queue); locally it is an in-process loop.
 */
import { z } from 'zod';

export const Job = z.object({
  kind: z.enum(['plan', 'close']),
  tenantId: z.string(),
  /** The tenant-local day the job is for, YYYY-MM-DD. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** For big tenants, the job can be limited to one grid subtree. */
  gridId: z.string().optional(),
});
export type Job = z.infer<typeof Job>;

export interface JobQueue {
  send(jobs: Job[]): Promise<void>;
}
