/**
 * Address rules (地址规则) of a tenant: which grid a pushed list's address belongs to when nobody in
 * the registry matches the row. Compound names (小区名, with aliases) and road + house-number ranges
 * (幸福路 1–99 号, odd or even side) → grid. Edited by tenant admins in the rules (residents →
 * pushedLists). Pure.
 */
import * as z from 'zod';

const GridRef = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'a grid id');
const Place = z.string().trim().min(2).max(40);

export const CompoundRule = z.strictObject({
  name: Place,
  aliases: z.array(Place).max(10).default([]),
  gridId: GridRef,
});
export const RoadRule = z
  .strictObject({
    road: Place,
    from: z.number().int().min(1).max(99999),
    to: z.number().int().min(1).max(99999),
    /** Which side of the road: odd numbers, even numbers, or both. */
    side: z.enum(['odd', 'even', 'both']).default('both'),
    gridId: GridRef,
  })
  .refine((r) => r.from <= r.to, { message: 'from must not be after to', path: ['to'] });

export const AddressRules = z.strictObject({
  compounds: z.array(CompoundRule).max(2000).default([]),
  roads: z.array(RoadRule).max(2000).default([]),
});
export type AddressRules = z.infer<typeof AddressRules>;
export type CompoundRule = z.infer<typeof CompoundRule>;
export type RoadRule = z.infer<typeof RoadRule>;

/** Full-width digits and letters to ASCII, spaces gone: "幸福路１２号" and "幸福路 12 号" are the same. */
export const normaliseAddress = (address: string) => address.normalize('NFKC').replace(/\s+/g, '');

/** "…幸福路12号…" → road 幸福路, number 12 (the first road-and-number in the address). */
export function roadAndNumber(address: string): { road: string; number: number } | undefined {
  const m = /([\p{Script=Han}A-Za-z0-9]*?(?:大道|路|街|巷|道|里|弄))(\d{1,5})(?:号|號|-|之)/u.exec(normaliseAddress(address));
  if (!m) return undefined;
  // The road is the shortest name before the number that still ends in 路/街/…: drop a district
  // or town written before it by taking what follows the last administrative word.
  const road = m[1].replace(/^.*(?:省|市|区|县|镇|乡|街道)/u, '');
  return road.length >= 2 ? { road, number: Number(m[2]) } : undefined;
}

const onSide = (n: number, side: RoadRule['side']) => side === 'both' || (side === 'odd') === (n % 2 === 1);

export type AddressMatch = { gridId: string; by: 'compound' | 'road'; rule: string };

/**
 * The grid of an address: a compound named in it first (the longest name wins: 阳光花园二期 over 阳光花园),
 * else a road range holding its number (the narrowest range wins). Undefined: the routing queue.
 */
export function gridOfAddress(address: string | undefined, rules: AddressRules | undefined): AddressMatch | undefined {
  if (!address || !rules) return undefined;
  const text = normaliseAddress(address);
  let best: { match: AddressMatch; len: number } | undefined;
  for (const c of rules.compounds) {
    for (const name of [c.name, ...c.aliases]) {
      const n = normaliseAddress(name);
      if (text.includes(n) && (!best || n.length > best.len)) best = { match: { gridId: c.gridId, by: 'compound', rule: c.name }, len: n.length };
    }
  }
  if (best) return best.match;
  const found = roadAndNumber(text);
  if (!found) return undefined;
  let narrowest: RoadRule | undefined;
  for (const r of rules.roads) {
    if (normaliseAddress(r.road) !== found.road || found.number < r.from || found.number > r.to || !onSide(found.number, r.side)) continue;
    if (!narrowest || r.to - r.from < narrowest.to - narrowest.from) narrowest = r;
  }
  return narrowest && { gridId: narrowest.gridId, by: 'road', rule: `${narrowest.road} ${narrowest.from}–${narrowest.to}` };
}
