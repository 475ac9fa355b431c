/**
 * A day's checkpoint counts (passed, turned back, held) from the counters kept per checkpoint and
 * shift: each checkpoint with its shifts, the grids rolled up the tree (town → village → checkpoint),
 * each with its own per-shift totals, and the shift totals of the whole. Pure: the repository reads.
 */
import { rollUp } from '../residents/counts';

export interface Tally {
  passed: number;
  turnedBack: number;
  held: number;
}
export interface ShiftTally extends Tally {
  shiftId: string;
  name: string;
}
export interface DayCounter extends Partial<Tally> {
  gridId: string;
  checkpointId: string;
  shiftId: string;
}
interface CheckpointLike {
  id: string;
  name: string;
  gridId: string;
  status?: string;
  shifts: readonly { id: string; name: string }[];
}
interface GridLike {
  id: string;
  name: string;
  path: string;
  parentId: string | null;
  status: string;
}

const OUTCOMES = ['passed', 'turnedBack', 'held'] as const;
export const tally = (c: Partial<Tally> = {}): Tally => ({ passed: c.passed ?? 0, turnedBack: c.turnedBack ?? 0, held: c.held ?? 0 });
export const addTally = (a: Tally, b: Partial<Tally>): Tally => ({ passed: a.passed + (b.passed ?? 0), turnedBack: a.turnedBack + (b.turnedBack ?? 0), held: a.held + (b.held ?? 0) });

/** Shift rows summed by shift id (the first name met names it), in the order first met. */
function byShift(rows: readonly ShiftTally[]): ShiftTally[] {
  const out = new Map<string, ShiftTally>();
  for (const r of rows) {
    const had = out.get(r.shiftId);
    out.set(r.shiftId, { shiftId: r.shiftId, name: had?.name ?? r.name, ...addTally(had ?? tally(), r) });
  }
  return [...out.values()];
}

/** Per-shift tallies flattened to counters `rollUp` adds up the tree (`<shift>\u0000<outcome>`), and back. */
const flatten = (shifts: readonly ShiftTally[]) => Object.fromEntries(shifts.flatMap((s) => OUTCOMES.map((o) => [`${s.shiftId}\u0000${o}`, s[o]])));
function unflatten(counts: Record<string, number>, names: ReadonlyMap<string, string>, rank: (shiftId: string) => number): ShiftTally[] {
  const rows = new Map<string, ShiftTally>();
  for (const [key, n] of Object.entries(counts)) {
    const [shiftId, outcome] = key.split('\u0000') as [string, (typeof OUTCOMES)[number]];
    const row = rows.get(shiftId) ?? { shiftId, name: names.get(shiftId) ?? shiftId, ...tally() };
    row[outcome] += n;
    rows.set(shiftId, row);
  }
  return [...rows.values()].sort((a, b) => rank(a.shiftId) - rank(b.shiftId));
}

/**
 * The day under the roots: `grids` are the roots' subtrees in path order (parents first); a grid is
 * listed when it or a grid under it has a checkpoint. Retired checkpoints keep their counts.
 */
export function dayCounts(date: string, checkpoints: readonly CheckpointLike[], counters: readonly DayCounter[], grids: readonly GridLike[], roots: readonly string[]) {
  const byCheckpoint = new Map<string, DayCounter[]>();
  for (const c of counters) byCheckpoint.set(c.checkpointId, [...(byCheckpoint.get(c.checkpointId) ?? []), c]);
  // Shifts in the order the checkpoints define them (day before night), `off-shift` and unknown ones last.
  const names = new Map<string, string>();
  for (const c of checkpoints) for (const s of c.shifts) if (!names.has(s.id)) names.set(s.id, s.name);
  const order = [...names.keys()];
  const rank = (shiftId: string) => (order.includes(shiftId) ? order.indexOf(shiftId) : order.length);
  const rows = checkpoints.map((c) => {
    const shifts = (byCheckpoint.get(c.id) ?? [])
      .map((s) => ({ shiftId: s.shiftId, name: c.shifts.find((x) => x.id === s.shiftId)?.name ?? s.shiftId, ...tally(s) }))
      .sort((a, b) => rank(a.shiftId) - rank(b.shiftId));
    return { id: c.id, name: c.name, gridId: c.gridId, retired: c.status === 'retired', shifts, ...shifts.reduce(addTally, tally()) };
  });
  const withCheckpoints = new Set(rows.map((r) => r.gridId));
  const own = new Map<string, Record<string, number>>();
  for (const r of rows) own.set(r.gridId, addFlat(own.get(r.gridId), flatten(r.shifts)));
  const rolled = rollUp(grids.filter((g) => g.status === 'active' || withCheckpoints.has(g.id)), own);
  const hasBelow = new Set<string>();
  for (const g of [...rolled].reverse()) if (withCheckpoints.has(g.id) || hasBelow.has(g.id)) if (g.parentId) hasBelow.add(g.parentId);
  const gridRows = rolled
    .filter((g) => withCheckpoints.has(g.id) || hasBelow.has(g.id))
    .map((g) => {
      const shifts = unflatten(g.total, names, rank);
      return { id: g.id, name: g.name, path: g.path, parentId: g.parentId, shifts, ...shifts.reduce(addTally, tally()) };
    });
  const rootSet = new Set(roots);
  const top = gridRows.filter((g) => rootSet.has(g.path));
  const shifts = byShift(top.flatMap((g) => g.shifts)).sort((a, b) => rank(a.shiftId) - rank(b.shiftId));
  return { date, total: top.reduce(addTally, tally()), shifts, checkpoints: rows, grids: gridRows };
}

function addFlat(a: Record<string, number> | undefined, b: Record<string, number>): Record<string, number> {
  const out = { ...(a ?? {}) };
  for (const [k, n] of Object.entries(b)) out[k] = (out[k] ?? 0) + n;
  return out;
}
