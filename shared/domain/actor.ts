/**
 * Roles and the actor: who is calling, taken only from a verified token.
 */
import * as z from 'zod';

export const ROLES = ['platform-admin', 'tenant-admin', 'supervisor', 'inspector', 'industry-authority'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Platform admins live in this reserved tenant; it never holds district data. */
export const PLATFORM_TENANT = 'platform';

export interface Actor {
  userId: string;
  tenantId: string;
  roles: Role[];
  /**
   * Grid scope. Inspectors: the grids they work. Supervisors: the roots of the subtrees they see;
   * an empty list means the whole tenant. Unused for admins.
   */
  gridIds: string[];
  /** Industry authorities: the venue kinds they oversee across the tenant. */
  venueKinds: string[];
}

export const hasRole = (actor: Pick<Actor, 'roles'>, ...roles: Role[]) => actor.roles.some((r) => roles.includes(r));
