/**
 * The caller's tenant and its calendar day now: the ledger's overdue flags, notices, export names.
 * Its own module so that the routes using it do not load the export writers (export-support.ts).
 */
import type { Context } from 'hono';
import { tenantToday as tenantTodayAt } from '../../../shared/data/tenants';
import type { Tenant } from '../../../shared/domain/tenant';
import type { AppEnv } from '../context';

export function tenantToday(c: Context<AppEnv>): Promise<{ tenant: Tenant; today: string }> {
  return tenantTodayAt(c.var.data.db, c.var.actor.tenantId, c.var.deps.clock.now());
}
