/**
 * The import job: write the pending chunks of one venue import (see shared/data/venue-imports.ts).
 * Sent by the API after an upload; SQS retries it in AWS, and running it again finishes an import
 * that stopped part-way.
 */
import type { Clock } from '../clock';
import type { Db } from '../data/db';
import { tenantData } from '../data/tenant-data';
import type { ImportJob } from './jobs';

export async function runImportJob(db: Db, job: ImportJob, clock: Clock) {
  return tenantData(db, job.tenantId).imports.run(job.importId, () => clock.now());
}
