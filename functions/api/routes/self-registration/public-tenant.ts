/**
 * The tenant of a public request: the one a verified code names, and nothing else (no token, and
 * never a tenant from the body or path). Its repositories are built here with that tenant's
 * credentials (test/unit/tenant-credentials.test.ts lists this file). A code that does not verify is
 * refused before any tenant is reached; one of tenant A opens only tenant A.
 */
import type { Context } from 'hono';
import { tenantData } from '../../../../shared/data/tenant-data';
import { type TenantZones, tenantZones } from '../../../../shared/data/tenant-zones';
import { DomainError } from '../../../../shared/errors';
import type { AppEnv, Deps } from '../../context';

/** One answer for every code that cannot be used (tampered, unknown, retired, its tenant suspended): nothing to tell them apart. */
export const codeRefused = () => new DomainError(403, 'code_refused', 'this code cannot be used (ask the grid office for a current one)');

export function codeTenantData(c: Context<AppEnv>, verified: { tenantId: string }) {
  const { deps } = c.var;
  return tenantData(deps.tables.tenant(verified.tenantId), verified.tenantId, { identity: deps.identity, personalData: deps.personalData });
}

const zones = new WeakMap<Deps, TenantZones>();
const zonesOf = (deps: Deps) => {
  let cache = zones.get(deps);
  if (!cache) zones.set(deps, (cache = tenantZones(deps.tables, deps.clock)));
  return cache;
};

/**
 * The verified tenant's time zone, remembered by this instance (shared/data/tenant-zones.ts); a
 * tenant the platform suspended (or that is gone) is refused like a retired code: nothing says why.
 */
export async function codeTenantZone(c: Context<AppEnv>, verified: { tenantId: string }): Promise<string> {
  const tenant = await zonesOf(c.var.deps).tenantOf(verified.tenantId);
  if (!tenant.active) throw codeRefused();
  return tenant.timezone;
}

/** A tenant's status changed through this instance: its codes are judged again on the next request. */
export const forgetCodeTenant = (deps: Deps, tenantId: string) => zonesOf(deps).forget(tenantId);
