/**
 * The dispatcher's look at a tenant's unfinished lab imports: one Query of GSI2 `T#t#TLABIMPS#OPEN`
 * (queued, checking or running imports only — a handful, usually none), projected to what tells
 * whether the worker is alive. Those with no sign of life for LAB_IMPORT_STALL_MS are to be resumed;
 * the job judges each again before it goes on (lab-import-job.ts), so a stale index read does no harm.
 */
import { labImportStalled, type LabImport } from '../../domain/testing/lab-import';
import { type Db, queryEach } from '../db';
import { tenantKeys } from '../keys';

const PROJECTION = ['id', 'status', 'updatedAt', 'heartbeatAt'] as const;

/** Ids of the tenant's lab imports whose worker died. */
export async function stalledLabImports(db: Db, tenantId: string, now: Date): Promise<string[]> {
  const stalled: string[] = [];
  for await (const imp of queryEach<Pick<LabImport, (typeof PROJECTION)[number]>>(db, tenantKeys(tenantId).labImportsOpen(), { projection: PROJECTION })) {
    if (labImportStalled(imp, now)) stalled.push(imp.id);
  }
  return stalled;
}
