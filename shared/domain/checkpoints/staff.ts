/**
 * Who may staff a checkpoint (卡口值守人员): someone who works in its grid — a user whose grids are
 * the checkpoint's grid, lie above it (the town's or zone's people) or lie in it (a group's member at
 * the village's gate) — or a user whose role spans the tenant's grids (an admin, a supervisor of the
 * whole tenant; an industry authority works by industry, not in grids, so not here). Pure: the API refuses anyone
 * else (`staff.outsideGrid`), the set-up screen offers only these.
 */
import { type Actor, hasRole } from '../actor';
import { isWithin } from '../grid';

export type StaffCandidate = Pick<Actor, 'roles' | 'gridIds'>;

/** `gridPaths`: the paths of the user's active grids (a retired grid is nobody's work place). */
export function worksInCheckpointGrid(user: StaffCandidate, gridPaths: readonly string[], checkpointPath: string): boolean {
  if (hasRole(user, 'tenant-admin') || (hasRole(user, 'supervisor') && user.gridIds.length === 0)) return true;
  return gridPaths.some((p) => isWithin(checkpointPath, p) || isWithin(p, checkpointPath));
}
