/**
 * Tenants' time zones remembered per instance (shared/data/tenant-zones.ts): one read per tenant and
 * TTL however many check-ins arrive, each tenant's own zone, a failed read not kept; a suspended or
 * unknown tenant is not active, and `forget` reads a tenant again at once.
 */
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock';
import type { Db } from '../../shared/data/db';
import { TENANT_TTL_MS, tenantZones } from '../../shared/data/tenant-zones';

function fakeTables(zones: Record<string, string>) {
  const reads: string[] = [];
  let failNext = false;
  const tables = {
    tenant: (tenantId: string): Db =>
      ({
        table: 't',
        doc: {
          send: async (command: { input: { Key: { pk: string } } }) => {
            reads.push(tenantId);
            if (failNext) {
              failNext = false;
              throw new Error('throttled');
            }
            expect(command.input.Key.pk.startsWith(`T#${tenantId}`)).toBe(true);
            return zones[tenantId] ? { Item: { id: tenantId, timezone: zones[tenantId], status: tenantId === 'gamma' ? 'suspended' : 'active' } } : {};
          },
        },
      }) as unknown as Db,
  };
  return { tables, reads, failOnce: () => (failNext = true) };
}

describe('tenant time zones per instance', () => {
  it('reads a tenant once per TTL, and never answers one tenant with another’s zone', async () => {
    const clock = fixedClock('2026-11-25T02:00:00Z');
    const { tables, reads } = fakeTables({ alpha: 'Asia/Shanghai', beta: 'Asia/Urumqi' });
    const zones = tenantZones(tables, clock);
    const answers = await Promise.all([...Array(50)].map((_, i) => zones.zoneOf(i % 2 ? 'beta' : 'alpha')));
    expect(answers.filter((z) => z === 'Asia/Shanghai')).toHaveLength(25);
    expect(answers.filter((z) => z === 'Asia/Urumqi')).toHaveLength(25);
    expect(reads.sort()).toEqual(['alpha', 'beta']);
    clock.advance(TENANT_TTL_MS + 1);
    expect(await zones.zoneOf('beta')).toBe('Asia/Urumqi');
    expect(reads.filter((r) => r === 'beta')).toHaveLength(2);
  });

  it('does not keep a failed read', async () => {
    const { tables, reads, failOnce } = fakeTables({ alpha: 'Asia/Shanghai' });
    const zones = tenantZones(tables, fixedClock('2026-11-25T02:00:00Z'));
    failOnce();
    await expect(zones.zoneOf('alpha')).rejects.toThrow('throttled');
    expect(await zones.zoneOf('alpha')).toBe('Asia/Shanghai');
    expect(reads).toEqual(['alpha', 'alpha']);
  });

  it('says a suspended or unknown tenant is not active, and reads again after forget', async () => {
    const { tables, reads } = fakeTables({ alpha: 'Asia/Shanghai', gamma: 'Asia/Shanghai' });
    const zones = tenantZones(tables, fixedClock('2026-11-25T02:00:00Z'));
    expect(await zones.tenantOf('alpha')).toEqual({ timezone: 'Asia/Shanghai', active: true });
    expect((await zones.tenantOf('gamma')).active).toBe(false);
    expect((await zones.tenantOf('nobody')).active).toBe(false);
    zones.forget('alpha');
    await zones.tenantOf('alpha');
    expect(reads).toEqual(['alpha', 'gamma', 'nobody', 'alpha']);
  });
});
