/**
 * Finding a grid from what a person typed in an import file (pure): its code (`lh-1-taishan-1`), its
 * id path (`/lh-1/lh-1-taishan/lh-1-taishan-1/`), its name path (`龙湖镇第一片区/泰山村/一组`, separated by
 * / ／ or >, or a tail of two levels or more: `泰山村/一组`), or a name no other grid has. A name or
 * path several grids share is ambiguous: the candidates' name paths are given so the row error can
 * name them. Used by the venue import and the resident import alike.
 */

/** An active grid as an import sees it. */
export interface GridRef {
  id: string;
  name: string;
  path: string;
  parentId: string | null;
}

export type GridFound =
  | { grid: GridRef; problem?: undefined }
  | { grid?: undefined; problem: 'unknown-grid' }
  | { grid?: undefined; problem: 'ambiguous-grid'; candidates: string[] };

export interface GridFinder {
  find(text: string): GridFound;
}

/** Case, width, spaces and brackets do not matter in names. */
const squash = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s_\-()（）:：*]/g, '');
const SEPARATOR = /[/／>]/;
/** At most this many candidates are named in an error. */
const MAX_CANDIDATES = 5;

export function gridFinder(grids: readonly GridRef[]): GridFinder {
  const byId = new Map(grids.map((g) => [g.id, g]));
  const byPath = new Map(grids.map((g) => [g.path, g]));
  const namePaths = new Map<string, string>();
  const namePath = (g: GridRef): string => {
    let known = namePaths.get(g.id);
    if (known === undefined) {
      const parent = g.parentId ? byId.get(g.parentId) : undefined;
      known = parent ? `${namePath(parent)}/${g.name}` : g.name;
      namePaths.set(g.id, known);
    }
    return known;
  };
  // Name paths, and their tails of two levels or more, each with every grid that has it.
  const byNamePath = new Map<string, GridRef[]>();
  const byName = new Map<string, GridRef[]>();
  const add = (map: Map<string, GridRef[]>, key: string, g: GridRef) => map.set(key, [...(map.get(key) ?? []), g]);
  for (const g of grids) {
    const names = namePath(g).split('/').map(squash);
    for (let i = 0; i <= names.length - 2; i++) add(byNamePath, names.slice(i).join('/'), g);
    add(byName, squash(g.name), g);
  }
  const pick = (found: GridRef[] | undefined): GridFound => {
    if (found?.length === 1) return { grid: found[0] };
    if (found && found.length > 1) return { problem: 'ambiguous-grid', candidates: found.slice(0, MAX_CANDIDATES).map(namePath) };
    return { problem: 'unknown-grid' };
  };
  return {
    find(text) {
      const t = text.trim();
      const hit = byId.get(t) ?? byPath.get(t);
      if (hit) return { grid: hit };
      const segments = t.split(SEPARATOR).map(squash).filter(Boolean);
      // Leading segments outside the tree (the town's own name: 龙湖镇/泰山村/一组) are dropped one by
      // one, never one that names a grid (a wrong parent is not skipped silently). What remains is a
      // name path, or a name written in parts (泰山村/一组 for the grid 泰山村一组).
      for (let i = 0; i < segments.length; i++) {
        if (i > 0 && byName.has(segments[i - 1])) break;
        const rest = segments.slice(i);
        const found = (rest.length >= 2 ? byNamePath.get(rest.join('/')) : undefined) ?? byName.get(rest.join(''));
        if (found) return pick(found);
      }
      return { problem: 'unknown-grid' };
    },
  };
}
