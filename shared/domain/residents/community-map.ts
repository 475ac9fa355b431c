/**
 * The community map (导航图): a grid's households laid out as compounds (小区/村组) → buildings (楼栋)
 * → households (cells, by unit and room), each coloured by its first status tag that has a colour in
 * the tenant's rules, with the legend. What the web app draws as SVG; pure.
 */
import type { Household } from './household';
import type { ResidentRules } from './rules';

export interface MapCell {
  id: string;
  unit?: string;
  room: string;
  number?: string;
  tags: string[];
  members: number;
  /** The colour of its first tag in the legend's order; absent without a tag. */
  colour?: string;
}

export interface CommunityMap {
  legend: ResidentRules['householdTags'];
  compounds: { name: string; buildings: { name: string; households: MapCell[] }[] }[];
}

const NONE = '—';
/** Natural order: building 2 before building 10, room 201 before 1001. */
const natural = new Intl.Collator('zh-CN', { numeric: true });

export function communityMap(households: readonly Household[], rules: Pick<ResidentRules, 'householdTags'>): CommunityMap {
  const order = new Map(rules.householdTags.map((t, i) => [t.code, i]));
  const compounds = new Map<string, Map<string, MapCell[]>>();
  for (const h of households) {
    const compound = h.address.compound ?? NONE;
    const building = h.address.building ?? NONE;
    const buildings = compounds.get(compound) ?? compounds.set(compound, new Map()).get(compound)!;
    const first = [...h.tags].filter((t) => order.has(t)).sort((a, b) => order.get(a)! - order.get(b)!)[0];
    const cell: MapCell = { id: h.id, unit: h.address.unit, room: h.address.room, number: h.number, tags: h.tags, members: h.members, colour: first && rules.householdTags[order.get(first)!].colour };
    (buildings.get(building) ?? buildings.set(building, []).get(building)!).push(cell);
  }
  return {
    legend: rules.householdTags,
    compounds: [...compounds]
      .sort(([a], [b]) => natural.compare(a, b))
      .map(([name, buildings]) => ({
        name,
        buildings: [...buildings]
          .sort(([a], [b]) => natural.compare(a, b))
          .map(([name, cells]) => ({ name, households: cells.sort((a, b) => natural.compare(`${a.unit ?? ''}/${a.room}`, `${b.unit ?? ''}/${b.room}`)) })),
      })),
  };
}
