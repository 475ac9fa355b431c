/**
 * The community map (导航图): a grid's households laid out as compounds (小区/村组) → buildings (楼栋)
 * → households (cells, by unit and room), each coloured by one status tag (`shownTag`), with the
 * legend. What the web app draws as SVG; pure.
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
  /** The tag the cell shows (`shownTag`) and its colour; absent without a known tag. */
  tag?: string;
  colour?: string;
}

export interface CommunityMap {
  legend: ResidentRules['householdTags'];
  compounds: { name: string; buildings: { name: string; households: MapCell[] }[] }[];
}

const NONE = '—';
/** Natural order: building 2 before building 10, room 201 before 1001. */
const natural = new Intl.Collator('zh-CN', { numeric: true });

/**
 * The tag a cell shows: the household's tag that comes first in the rules, except that the rules'
 * first tag (the everyday one, 常住) gives way to any other — 居家隔离 must stand out on the map.
 */
export function shownTag(tags: readonly string[], order: readonly string[]): string | undefined {
  const known = order.filter((code) => tags.includes(code));
  return known.find((code) => code !== order[0]) ?? known[0];
}

export function communityMap(households: readonly Household[], rules: Pick<ResidentRules, 'householdTags'>): CommunityMap {
  const order = rules.householdTags.map((t) => t.code);
  const colours = new Map(rules.householdTags.map((t) => [t.code, t.colour]));
  const compounds = new Map<string, Map<string, MapCell[]>>();
  for (const h of households) {
    const compound = h.address.compound ?? NONE;
    const building = h.address.building ?? NONE;
    const buildings = compounds.get(compound) ?? compounds.set(compound, new Map()).get(compound)!;
    const tag = shownTag(h.tags, order);
    const cell: MapCell = { id: h.id, unit: h.address.unit, room: h.address.room, number: h.number, tags: h.tags, members: h.members, tag, colour: tag && colours.get(tag) };
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
