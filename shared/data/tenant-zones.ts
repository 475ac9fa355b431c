/**
 * Tenants as the public endpoints need them (a code names its tenant, no token does), remembered by
 * this instance (a Lambda instance, or `npm start`): a visitor's check-in needs its tenant-local day,
 * and every public request must know the tenant is still active (a suspended tenant's codes are
 * refused). Reading the tenant item on every scan of a busy venue would double the reads of the hot
 * path for values that almost never change. Keyed by tenant id only, so one tenant's answer never
 * serves another; kept TENANT_TTL_MS — as long as the access check trusts a token
 * (shared/auth/access.ts) — then read again; `forget` drops one at once (the platform's suspend).
 */
import type { Clock } from '../clock';
import { ACCESS_TTL_MS } from '../auth/access';
import type { TenantTables } from './tenant-tables';
import { tenantDirectory } from './tenants';

export const TENANT_TTL_MS = ACCESS_TTL_MS;
const MAX_ENTRIES = 5000;

/** What a public request needs of its tenant: its time zone, and whether it may be used (unknown, suspended: no). */
export interface PublicTenant {
  timezone: string;
  active: boolean;
}

export interface TenantZones {
  tenantOf(tenantId: string): Promise<PublicTenant>;
  zoneOf(tenantId: string): Promise<string>;
  forget(tenantId: string): void;
}

export function tenantZones(tables: Pick<TenantTables, 'tenant'>, clock: Clock, ttlMs = TENANT_TTL_MS): TenantZones {
  const tenants = new Map<string, { tenant: Promise<PublicTenant>; until: number }>();
  function tenantOf(tenantId: string): Promise<PublicTenant> {
    const now = clock.now().getTime();
    const hit = tenants.get(tenantId);
    if (hit && hit.until > now) return hit.tenant;
    if (tenants.size >= MAX_ENTRIES) tenants.clear();
    const tenant = tenantDirectory(tables.tenant(tenantId))
      .find(tenantId)
      .then((t): PublicTenant => (t ? { timezone: t.timezone, active: t.status === 'active' } : { timezone: 'UTC', active: false }));
    // A failed read is not remembered: the next request asks again.
    const entry = { tenant, until: now + ttlMs };
    tenant.catch(() => tenants.get(tenantId) === entry && tenants.delete(tenantId));
    tenants.set(tenantId, entry);
    return tenant;
  }
  return {
    tenantOf,
    zoneOf: async (tenantId) => (await tenantOf(tenantId)).timezone,
    forget: (tenantId) => void tenants.delete(tenantId),
  };
}
