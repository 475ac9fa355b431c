/**
 * A pushed list as a caller of some grids sees it: a supervisor of a village sees that village's
 * rows, progress and export, not the town's. Tenant-wide roles see all. Rows no grid took yet (the
 * routing queue, the list's invalid rows) are seen by tenant-wide roles, and by supervisors of some
 * grids only when the tenant's rules let them route (residents.pushedLists.scopedRouting). Pure.
 */
import { type Actor, hasRole } from '../actor';
import { residentsSeeWholeTenant } from '../residents/scope';
import { inScope, type Scope } from '../scope';
import { addProgress, emptyProgress, type PushedListView } from './list';

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
  return { ...view, progress, grids, errors: unplaced ? view.errors : [], scoped: true };
}
