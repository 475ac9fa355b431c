/**
 * Samples per sampling site per day and per hour slot (tenant-local), from the counters the record
 * transaction keeps (`times`, `h00`…`h23`, in shards), beside the site's capacity per hour: how busy
 * each site was and whether an hour went over what it can take. Pure.
 */
import * as z from 'zod';

/** The counter attribute of an hour slot: `h07` for 07:00–07:59. */
export const hourSlot = (hour: number) => `h${String(hour).padStart(2, '0')}`;

export const SiteDay = z.object({
  siteId: z.string(),
  name: z.string(),
  gridId: z.string(),
  capacityPerHour: z.number(),
  /** Samples taken at the site that day. */
  times: z.number(),
  /** Hour slots with samples, in order. */
  hours: z.array(z.object({ hour: z.number(), count: z.number() })),
  /** The busiest hour's count, and whether it went over the capacity. */
  peak: z.number(),
  overCapacity: z.boolean(),
});
export type SiteDay = z.infer<typeof SiteDay>;

/** Each site's day from its counter shards (items with `siteId`, `times` and hour slots); sites without samples count 0. */
export function siteDays(sites: readonly { id: string; name: string; gridId: string; capacityPerHour: number }[], counters: readonly Record<string, unknown>[]): SiteDay[] {
  const sums = new Map<string, number[]>();
  const times = new Map<string, number>();
  for (const item of counters) {
    const siteId = String(item.siteId);
    const hours = sums.get(siteId) ?? Array.from({ length: 24 }, () => 0);
    for (let h = 0; h < 24; h++) hours[h] += Number(item[hourSlot(h)] ?? 0);
    sums.set(siteId, hours);
    times.set(siteId, (times.get(siteId) ?? 0) + Number(item.times ?? 0));
  }
  return sites.map((s) => {
    const hours = (sums.get(s.id) ?? []).flatMap((count, hour) => (count ? [{ hour, count }] : []));
    const peak = Math.max(0, ...hours.map((h) => h.count));
    return { siteId: s.id, name: s.name, gridId: s.gridId, capacityPerHour: s.capacityPerHour, times: times.get(s.id) ?? 0, hours, peak, overCapacity: peak > s.capacityPerHour };
  });
}
