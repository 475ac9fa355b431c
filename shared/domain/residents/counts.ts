/**
 * Figures of the registry without re-counting: every write adds what it changes to counters kept per
 * grid (its own households and people, not its subtree), and a subtree's figures are the sums over its
 * grids. Pure: what a household or person contributes, the difference a change makes, the roll-up.
 *
 * Counter names: `households`, `people`, `c:<category>`, `pt:<person tag>`, `ht:<household tag>`;
 * day counters (per grid and tenant-local day): `added`, `ended`, `visits`.
 */

export type Counts = Record<string, number>;

/** What one household contributes to its grid's counters. */
export const householdCounts = (h: { tags: readonly string[] }): Counts => {
  const counts: Counts = { households: 1 };
  for (const tag of h.tags) counts[`ht:${tag}`] = 1;
  return counts;
};

/** What one person contributes: only while they live here (active). */
export const personCounts = (p: { status: string; category: string; tags: readonly string[] }): Counts => {
  if (p.status !== 'active') return {};
  const counts: Counts = { people: 1, [`c:${p.category}`]: 1 };
  for (const tag of p.tags) counts[`pt:${tag}`] = 1;
  return counts;
};

export function addCounts(into: Counts, more: Counts, sign = 1): Counts {
  for (const [name, n] of Object.entries(more)) into[name] = (into[name] ?? 0) + sign * n;
  return into;
}

/** after − before, without the zeros. */
export function countsDelta(before: Counts, after: Counts): Counts {
  const delta = addCounts(addCounts({}, after), before, -1);
  for (const name of Object.keys(delta)) if (delta[name] === 0) delete delta[name];
  return delta;
}

/** Per-grid deltas of a change that may move something from one grid to another. */
export function gridDeltas(before: { gridId: string; counts: Counts } | undefined, after: { gridId: string; counts: Counts } | undefined): Map<string, Counts> {
  const deltas = new Map<string, Counts>();
  const add = (gridId: string, counts: Counts, sign: number) => deltas.set(gridId, addCounts(deltas.get(gridId) ?? {}, counts, sign));
  if (before) add(before.gridId, before.counts, -1);
  if (after) add(after.gridId, after.counts, 1);
  for (const [gridId, counts] of deltas) {
    for (const name of Object.keys(counts)) if (counts[name] === 0) delete counts[name];
    if (!Object.keys(counts).length) deltas.delete(gridId);
  }
  return deltas;
}

export interface GridFigures {
  id: string;
  name: string;
  path: string;
  parentId: string | null;
  /** The grid's own households and people. */
  own: Counts;
  /** The whole subtree's. */
  total: Counts;
}

/**
 * Roll the per-grid counters up the tree: each grid's total is its own plus its descendants'.
 * `grids` in path order (parents first), as the grid-tree index returns them.
 */
export function rollUp(grids: readonly { id: string; name: string; path: string; parentId: string | null }[], own: ReadonlyMap<string, Counts>): GridFigures[] {
  const figures = grids.map((g) => ({ id: g.id, name: g.name, path: g.path, parentId: g.parentId, own: { ...(own.get(g.id) ?? {}) }, total: { ...(own.get(g.id) ?? {}) } }));
  const byId = new Map(figures.map((f) => [f.id, f]));
  // Children after parents: walking backwards adds each total into its parent's after it is complete.
  for (let i = figures.length - 1; i >= 0; i--) {
    const f = figures[i];
    const parent = f.parentId ? byId.get(f.parentId) : undefined;
    if (parent) addCounts(parent.total, f.total);
  }
  return figures;
}

/** Add one change's per-grid deltas into another's (a household move: the household and each member). */
export function mergeGridDeltas(into: Map<string, Counts>, more: ReadonlyMap<string, Counts>): Map<string, Counts> {
  for (const [gridId, counts] of more) into.set(gridId, addCounts(into.get(gridId) ?? {}, counts));
  return into;
}
