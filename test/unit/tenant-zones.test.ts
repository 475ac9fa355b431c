/**
 * Tenants' time zones remembered per instance (shared/data/tenant-zones.ts): one read per tenant and
 * TTL however many check-ins arrive, each tenant's own zone, a failed read not kept.
 */
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock';
import type { Db } from '../../shared/data/db';
import { tenantZones, ZONE_TTL_MS } from '../../shared/data/tenant-zones';

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
            return { Item: { id: tenantId, timezone: zones[tenantId] } };
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
    clock.advance(ZONE_TTL_MS + 1);
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
});
