/**
 * Who sees residents: tenant admins and unscoped supervisors the whole tenant; scoped supervisors and
 * grid members (inspectors) the subtrees of their grids. Industry authorities and platform admins see
 * no residents at all (the routes refuse them; this refuses them again). Pure.
 */
import { type Actor, hasRole } from '../actor';
import type { Scope } from '../scope';
import { RESIDENT_ROLES } from './rules';

export const seesResidents = (actor: Actor) => hasRole(actor, ...RESIDENT_ROLES);

/** Whole tenant, or the subtrees of the actor's grids. Not the venue scope: an industry role adds nothing. */
export function residentsSeeWholeTenant(actor: Actor): boolean {
  return hasRole(actor, 'tenant-admin') || (hasRole(actor, 'supervisor') && actor.gridIds.length === 0);
}

export function residentScopeFromPaths(actor: Actor, rootPaths: string[]): Scope {
  if (residentsSeeWholeTenant(actor)) return { kind: 'tenant' };
  const sorted = [...new Set(rootPaths)].sort();
  return { kind: 'subtrees', roots: sorted.filter((p, i) => !sorted.slice(0, i).some((q) => p.startsWith(q))) };
}

/** May this actor unmask, under these rules? */
export const mayUnmask = (actor: Actor, unmaskRoles: readonly string[]) => actor.roles.some((r) => unmaskRoles.includes(r));
