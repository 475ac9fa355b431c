/**
 * The demo's 三色管理图: thresholds for the demo towns' size (a dozen to twenty venues a grid), so
 * that the map of venues shows all three colours at first sign-in (villages and groups); open problems and households keep
 * the defaults. Saved through the rules, as a tenant admin would (rules version +1). The figures
 * themselves need no seeding: the venue, problem and household writes kept the counters.
 */
import type { TenantData } from '../../shared/data/tenant-data';

export const DEMO_MAP_VENUES = { yellow: 15, red: 20 };

export async function seedDemoGridMap(data: TenantData, adminId: string, now: Date): Promise<void> {
  const rules = await data.rules.get(true);
  if (rules.gridMap.venues.yellow === DEMO_MAP_VENUES.yellow && rules.gridMap.venues.red === DEMO_MAP_VENUES.red) return;
  const { updatedAt: _at, updatedBy: _by, ...body } = rules;
  await data.rules.save({ ...body, gridMap: { ...rules.gridMap, venues: DEMO_MAP_VENUES } }, adminId, now);
}
