/**
 * A pushed list as a caller of some grids sees it: a supervisor of a village sees that village's
 * rows, progress and export, not the town's. Tenant-wide roles see all. Rows no grid took yet (the
 * routing queue, the list's invalid rows) are seen by tenant-wide roles, and by supervisors of some
 * grids only when the tenant's rules let them route (residents.pushedLists.scopedRouting). Pure.
 */
import { type Actor, hasRole } from '../actor';
import { residentsSeeWholeTenant } from '../residents/scope';
import { inScope, type Scope } from '../scope';
import { addProgress, emptyProgress, type PushedList, type PushedListView } from './list';
import type { Progress } from './task';

/** Does this actor see (and route) rows no grid took yet? */
export const seesUnplaced = (actor: Actor, rules: { scopedRouting?: boolean } | undefined) =>
  residentsSeeWholeTenant(actor) || (rules?.scopedRouting === true && hasRole(actor, 'supervisor'));

/** Is a row (a task, by its grid path) for this caller? */
export const rowInScope = (scope: Scope, unplaced: boolean, gridPath: string | undefined) => (gridPath ? inScope(scope, gridPath) : unplaced);

/**
 * The list within a scope: the grids inside it (rolled up), the progress the sum of its roots (its
 * top grids), the row errors only for those who see unplaced rows. `scoped` says which it is.
 */
export function listInScope(view: PushedListView, scope: Scope, unplaced: boolean): PushedListView & { scoped: boolean } {
  if (scope.kind === 'tenant') return { ...view, scoped: false };
  const grids = view.grids.filter((g) => inScope(scope, g.path));
  const progress = emptyProgress();
  for (const g of grids) if (scope.roots.includes(g.path)) addProgress(progress, g.progress);
  return { ...view, ...figuresInScope(view, progress, unplaced), progress, grids, errors: unplaced ? view.errors : [], scoped: true };
}

/**
 * A list's own figures for a caller of some grids: the whole list's would tell them of other grids'
 * rows. `rows` becomes the rows their grids received; refused rows only for those who see unplaced
 * rows (they see those errors); rows seen before belong to no grid.
 */
export const figuresInScope = (list: Pick<PushedList, 'invalid'>, progress: Progress, unplaced: boolean) => ({ rows: progress.received, invalid: unplaced ? list.invalid : 0, duplicates: 0 });

/**
 * A list's entry in the index for a caller of some grids: the sums of their grids' counters
 * (`counters`: the list's per-grid counter items, any shard; `gridIds`: the grids within their
 * roots). A list none of whose rows reached their grids is kept, with zeros (docs/data-model.md).
 */
export function indexEntryInScope<L extends Pick<PushedList, 'invalid'>>(list: L, counters: readonly ({ gridId: string } & Partial<Progress>)[], gridIds: ReadonlySet<string>, unplaced: boolean) {
  const progress = emptyProgress();
  for (const c of counters) if (gridIds.has(c.gridId)) addProgress(progress, c);
  return { ...list, ...figuresInScope(list, progress, unplaced), progress, scoped: true };
}
