/**
 * A lab's result file through the import path (检测结果导入): announced, uploaded where the answer
 * says (S3 in AWS), started; the job counts the rows, then stores them a batch at a time, keeping
 * the last line done so a run that stops (a crash, the time budget) is finished by the next. The
 * import's shape matches the other imports' so the web shows the same progress. Pure.
 */
import * as z from 'zod';
import { ImportId, STOPPED_IMPORT } from '../venues/venue-import';
import { RoundId } from './round';

/** A lab's file of a day's batch, or a whole round of a district (150,000 rows and more). */
export const LAB_IMPORT_MAX_BYTES = 20 * 1024 * 1024;
export const LAB_IMPORT_MAX_ROWS = 500_000;
export const LAB_IMPORT_MAX_STORED_ERRORS = 1000;
/** Rows stored between two progress marks: a run that stops repeats at most this many. */
export const LAB_IMPORT_BATCH_ROWS = 200;
/** A running import with no sign of life for this long had its worker die: it may be started again. */
export const LAB_IMPORT_STALL_MS = 2 * 60_000;
export const LAB_IMPORT_HEARTBEAT_MS = 20_000;
/** Resumes the scheduler tries on its own at the same line before it leaves the import stopped for a person to start. */
export const LAB_IMPORT_AUTO_RESUMES = 3;

export const LabImportId = ImportId;

export const LabImportRequest = z.strictObject({
  roundId: RoundId,
  fileName: z.string().trim().min(1).max(200).optional(),
  size: z.number().int().min(1).max(LAB_IMPORT_MAX_BYTES),
});
export type LabImportRequest = z.infer<typeof LabImportRequest>;

export const LAB_IMPORT_STATUSES = ['uploading', 'queued', 'checking', 'running', 'done', 'failed', 'stopped'] as const;
export type LabImportStatus = (typeof LAB_IMPORT_STATUSES)[number];

export const LabImportError = z.object({ line: z.number(), field: z.string(), message: z.string(), messageZh: z.string() });

export const LabImport = z.object({
  id: z.string(),
  roundId: z.string(),
  status: z.enum(LAB_IMPORT_STATUSES),
  fileName: z.string().optional(),
  size: z.number(),
  /** Rows of the file (known once counted: `checkedAt`). */
  total: z.number(),
  /** Rows stored or found stored already, and rows refused. */
  valid: z.number(),
  invalid: z.number(),
  stored: z.number(),
  unchanged: z.number(),
  positives: z.number(),
  /** The last line every row up to which is done: a run again starts after it. */
  linesDone: z.number(),
  errorCount: z.number(),
  checkedAt: z.string().optional(),
  heartbeatAt: z.string().optional(),
  /** The scheduler's resumes in a row at the same `linesDone` (`resumedAtLine`): a run that got further starts the count again. */
  autoResumes: z.number().optional(),
  resumedAtLine: z.number().optional(),
  failure: z.string().optional(),
  failureZh: z.string().optional(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().optional(),
});
export type LabImport = z.infer<typeof LabImport>;

export const LabImportView = LabImport.extend({ processed: z.number(), errors: z.array(LabImportError) });
export type LabImportView = z.infer<typeof LabImportView>;

type Liveness = Pick<LabImport, 'status' | 'updatedAt' | 'heartbeatAt'>;

/** An import a worker should be at (queued, checking, running) with no sign of life for LAB_IMPORT_STALL_MS: its worker died. */
export function labImportStalled(imp: Liveness, now: Date, statuses: readonly LabImportStatus[] = ['queued', 'checking', 'running']): boolean {
  if (!statuses.includes(imp.status)) return false;
  const last = Math.max(Date.parse(imp.updatedAt), imp.heartbeatAt ? Date.parse(imp.heartbeatAt) : 0);
  return now.getTime() - last > LAB_IMPORT_STALL_MS;
}

/** A running import whose worker stopped giving signs of life shows as stopped, saying the scheduler resumes it (or start it again). */
export function labImportAsShown<T extends Liveness>(imp: T, now: Date): T {
  return labImportStalled(imp, now, ['running', 'checking']) ? { ...imp, status: 'stopped', ...STOPPED_IMPORT } : imp;
}

/**
 * What the scheduler's resume does with an import it found stalled, judged again as the import is
 * now: `resume` it; `give-up` after LAB_IMPORT_AUTO_RESUMES resumes that each died at the same line
 * (it fails, saying so, for a person to start); nothing when its worker is alive or it has ended.
 */
export function labImportResumeStep(imp: (Liveness & Pick<LabImport, 'linesDone' | 'autoResumes' | 'resumedAtLine'>) | undefined, now: Date): 'resume' | 'give-up' | 'alive' | 'ended' {
  if (!imp || !['queued', 'checking', 'running'].includes(imp.status)) return 'ended';
  if (!labImportStalled(imp, now)) return 'alive';
  return sameLineResumes(imp) >= LAB_IMPORT_AUTO_RESUMES ? 'give-up' : 'resume';
}

/** Resumes so far at the import's current line (a run that moved `linesDone` on starts the count again). */
export const sameLineResumes = (imp: Pick<LabImport, 'linesDone' | 'autoResumes' | 'resumedAtLine'>) => (imp.resumedAtLine === imp.linesDone ? (imp.autoResumes ?? 0) : 0);
