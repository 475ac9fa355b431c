/**
 * Grid scope: which part of the tenant's grid tree a caller may see and act in.
 * Pure; the paths of the caller's grids are looked up by the data layer (TenantData.scopeOf).
 */
import { type Actor, hasRole } from './actor';
import { isWithin } from './grid';

export type Scope = { kind: 'tenant' } | { kind: 'subtrees'; roots: string[] };

/** Admins, industry authorities and unscoped supervisors see the whole tenant. */
export function seesWholeTenant(actor: Actor): boolean {
  if (hasRole(actor, 'tenant-admin', 'industry-authority')) return true;
  return hasRole(actor, 'supervisor') && actor.gridIds.length === 0;
}

export function scopeFromPaths(actor: Actor, rootPaths: string[]): Scope {
  if (seesWholeTenant(actor)) return { kind: 'tenant' };
  // A root inside another root adds nothing.
  const roots = [...new Set(rootPaths)].sort().filter((p, i, all) => !all.slice(0, i).some((q) => isWithin(p, q)));
  return { kind: 'subtrees', roots };
}

export function inScope(scope: Scope, path: string): boolean {
  return scope.kind === 'tenant' || scope.roots.some((root) => isWithin(path, root));
}
