/**
 * One tenant's repositories, created from the tenant id of a verified actor. Handlers and jobs reach
 * the data of a tenant only through this, so a tenant id from a path or body has nowhere to go.
 */
import type { Actor } from '../domain/actor';
import { type Scope, scopeFromPaths, seesWholeTenant } from '../domain/scope';
import type { Db } from './db';
import { gridRepository } from './grids';
import { userRepository } from './users';

export function tenantData(db: Db, tenantId: string) {
  const grids = gridRepository(db, tenantId);
  return {
    tenantId,
    grids,
    users: userRepository(db, tenantId, grids),

    /** The part of the grid tree this actor may see and act in. */
    async scopeOf(actor: Actor): Promise<Scope> {
      if (seesWholeTenant(actor)) return { kind: 'tenant' };
      const { paths } = await grids.pathsOf(actor.gridIds);
      return scopeFromPaths(actor, [...paths.values()]);
    },
  };
}
export type TenantData = ReturnType<typeof tenantData>;
