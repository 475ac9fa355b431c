/**
 * Tenants' time zones, remembered by this instance (a Lambda instance, or `npm start`): a visitor's
 * check-in needs its tenant-local day, and reading the tenant item on every scan of a busy venue
 * would double the reads of the hot path for a value that almost never changes. Keyed by tenant id
 * only, so one tenant's zone never answers for another's; kept ZONE_TTL_MS, then read again (a
 * changed zone is seen within that time; bounded like shared/auth/access.ts).
 */
import type { Clock } from '../clock';
import type { TenantTables } from './tenant-tables';
import { tenantDirectory } from './tenants';

export const ZONE_TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 5000;

export interface TenantZones {
  zoneOf(tenantId: string): Promise<string>;
}

export function tenantZones(tables: Pick<TenantTables, 'tenant'>, clock: Clock, ttlMs = ZONE_TTL_MS): TenantZones {
  const zones = new Map<string, { zone: Promise<string>; until: number }>();
  return {
    zoneOf(tenantId) {
      const now = clock.now().getTime();
      const hit = zones.get(tenantId);
      if (hit && hit.until > now) return hit.zone;
      if (zones.size >= MAX_ENTRIES) zones.clear();
      const zone = tenantDirectory(tables.tenant(tenantId))
        .get(tenantId)
        .then((t) => t.timezone);
      // A failed read is not remembered: the next request asks again.
      const entry = { zone, until: now + ttlMs };
      zone.catch(() => zones.get(tenantId) === entry && zones.delete(tenantId));
      zones.set(tenantId, entry);
      return zone;
    },
  };
}
