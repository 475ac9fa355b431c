/**
 * A pushed list as uploaded: its file, how far the job got, what it refused, and its progress
 * (received, matched, assigned, verified, overdue) in total and per grid, rolled up the grid tree.
 * Schemas and the roll-up, pure.
 */
import * as z from 'zod';
import { PUSHED_LIST_MAX_BYTES } from '../upload-limits';
import { ImportId } from '../venues/venue-import';
import { PROGRESS_COUNTERS, type Progress } from './task';

export { PUSHED_LIST_MAX_BYTES };
export const PushedListId = ImportId;
/** A list beyond this is refused while read (the articles' lists are hundreds to tens of thousands). */
export const PUSHED_LIST_MAX_ROWS = 200_000;
export const PUSHED_LIST_MAX_STORED_ERRORS = 1000;

export const PushedListRequest = z.strictObject({
  /** What the list is, as the notice names it (e.g. 省大数据局 12月6日 第3批). */
  name: z.string().trim().min(1).max(100),
  fileName: z.string().trim().min(1).max(200).optional(),
  size: z.number().int().min(1).max(PUSHED_LIST_MAX_BYTES),
  format: z.enum(['csv', 'xlsx']).default('csv'),
});
export type PushedListRequest = z.infer<typeof PushedListRequest>;

export const PushedListStatus = z.enum(['uploading', 'queued', 'running', 'done', 'failed']);
export type PushedListStatus = z.infer<typeof PushedListStatus>;

const ProgressSchema = z.object(Object.fromEntries(PROGRESS_COUNTERS.map((c) => [c, z.number()])) as Record<(typeof PROGRESS_COUNTERS)[number], z.ZodNumber>);

export const PushedList = z.object({
  id: z.string(),
  name: z.string(),
  status: PushedListStatus,
  fileName: z.string().optional(),
  size: z.number(),
  format: z.enum(['csv', 'xlsx']),
  /** Rows read, rows refused, rows seen before (this list or another: nothing changed). */
  rows: z.number(),
  invalid: z.number(),
  duplicates: z.number(),
  failure: z.string().optional(),
  failureZh: z.string().optional(),
  progress: ProgressSchema,
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().optional(),
  /** When the retention job deleted the list's rows (tasks, checks, row errors); its counts stay. */
  purgedAt: z.string().optional(),
});
export type PushedList = z.infer<typeof PushedList>;

/**
 * A list in the index. A caller of some grids (`scoped: true`) gets `progress` summed over their
 * grids, and `rows`/`invalid`/`duplicates` as theirs (scope.ts figuresInScope); others no progress.
 */
/** An index page's bound for a caller of some grids: each list costs them one Query. */
export const SCOPED_INDEX_PAGE = 20;
export const PushedListEntry = PushedList.omit({ progress: true }).extend({ progress: ProgressSchema.optional(), scoped: z.boolean().optional() });
export type PushedListEntry = z.infer<typeof PushedListEntry>;

export const RowError = z.object({ line: z.number(), field: z.string(), value: z.string().optional(), message: z.string(), messageZh: z.string() });
export const GridProgress = z.object({ gridId: z.string(), name: z.string(), path: z.string(), progress: ProgressSchema });
export const PushedListView = PushedList.extend({
  errors: z.array(RowError),
  grids: z.array(GridProgress),
  /** True: the caller sees some grids only (a supervisor of a village): progress, grids and errors are theirs (shared/domain/pushed-lists/scope.ts). */
  scoped: z.boolean().optional(),
});
export type PushedListView = z.infer<typeof PushedListView>;

export const emptyProgress = (): Progress => ({ received: 0, matched: 0, assigned: 0, verified: 0, overdue: 0 });

export function addProgress(into: Progress, more: Partial<Progress>): Progress {
  for (const c of PROGRESS_COUNTERS) into[c] += Number(more[c] ?? 0);
  return into;
}

/**
 * Per-grid progress rolled up the tree: each grid shows its own tasks and its descendants'. `grids`
 * is the tenant's tree (id, name, path); grids without tasks below them are left out.
 */
export function rollUp(own: ReadonlyMap<string, Progress>, grids: readonly { id: string; name: string; path: string }[]): { gridId: string; name: string; path: string; progress: Progress }[] {
  const byId = new Map(grids.map((g) => [g.id, g]));
  const total = new Map<string, Progress>();
  for (const [gridId, p] of own) {
    const grid = byId.get(gridId);
    if (!grid) continue;
    // Every grid on the path from the root holds these tasks.
    for (const ancestor of grid.path.split('/').filter(Boolean)) addProgress(total.get(ancestor) ?? total.set(ancestor, emptyProgress()).get(ancestor)!, p);
  }
  return [...total]
    .filter(([id]) => byId.has(id))
    .map(([id, progress]) => ({ gridId: id, name: byId.get(id)!.name, path: byId.get(id)!.path, progress }))
    .sort((a, b) => a.path.localeCompare(b.path));
}
