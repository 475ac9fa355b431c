/**
 * A day's self-registration figures: counter shards summed per grid and category, and the total. Pure.
 */
export const FIGURE_FIELDS = ['submitted', 'confirmed', 'merged', 'rejected'] as const;
export type FigureField = (typeof FIGURE_FIELDS)[number];
export type FigureRow = { gridId: string; category: string } & Record<FigureField, number>;

const zero = (): Record<FigureField, number> => ({ submitted: 0, confirmed: 0, merged: 0, rejected: 0 });

/** Shards in, one row per grid (`~`: tenant-wide codes) and category out, sorted; with the total. */
export function sumFigures(shards: readonly ({ gridId: string; category: string } & Partial<Record<FigureField, number>>)[]): { rows: FigureRow[]; total: Record<FigureField, number> } {
  const rows = new Map<string, FigureRow>();
  const total = zero();
  for (const s of shards) {
    const key = `${s.gridId}\u0000${s.category}`;
    const row = rows.get(key) ?? { gridId: s.gridId, category: s.category, ...zero() };
    for (const f of FIGURE_FIELDS) {
      row[f] += s[f] ?? 0;
      total[f] += s[f] ?? 0;
    }
    rows.set(key, row);
  }
  return { rows: [...rows.values()].sort((a, b) => a.gridId.localeCompare(b.gridId) || a.category.localeCompare(b.category)), total };
}
