/**
 * A day's checkpoint counts (passed, turned back, held) per checkpoint and shift, kept as counters by
 * each entry's transaction: one Query of the day's partition, the grid subtrees of the roots, rolled
 * up the grid tree (`dayCounts`, shared/domain/checkpoints/counts.ts). Held-vehicle alerts: listed by the checkpoint's subtree and by the
 * destination's (GSI1, GSI2), resolved with a note against their version.
 */
import type { Actor } from '../../domain/actor';
import type { Checkpoint, HeldVehicleAlert } from '../../domain/checkpoints/checkpoint';
import { type DayCounter, dayCounts } from '../../domain/checkpoints/counts';
import { inScope, type Scope } from '../../domain/scope';
import { forbidden, notFound } from '../../errors';
import { queryAll } from '../db';
import type { ResidentsContext } from '../residents/context';
import { getItem, updateVersioned } from '../write';

export function checkpointCountRepository(ctx: ResidentsContext, inSubtrees: (roots: readonly string[]) => Promise<Checkpoint[]>) {
  const { db, keys } = ctx;

  async function getAlert(id: string) {
    const alert = await getItem<HeldVehicleAlert>(db, keys.heldAlert(id), true);
    if (!alert) throw notFound('alert');
    return alert;
  }

  return {
    /** The day under the roots: each checkpoint with its shifts, the grids rolled up, the total. */
    async ofDay(date: string, roots: readonly string[]) {
      const [checkpoints, counters, trees] = await Promise.all([inSubtrees(roots), queryAll<DayCounter>(db, keys.checkpointCounters(date)), Promise.all(roots.map((p) => ctx.grids.tree(p)))]);
      return dayCounts(date, checkpoints, counters, trees.flat(), roots);
    },

    /** Open (or resolved) alerts raised at checkpoints under the roots or for vehicles going there, newest first. */
    async alerts(roots: readonly string[], bucket: 'OPEN' | 'CLOSED'): Promise<HeldVehicleAlert[]> {
      const found = await Promise.all(roots.flatMap((r) => [queryAll<HeldVehicleAlert>(db, keys.heldAlertsAtCheckpoints(r, bucket)), queryAll<HeldVehicleAlert>(db, keys.heldAlertsToGrids(r, bucket))]));
      const byId = new Map(found.flat().map((a) => [a.id, a]));
      return [...byId.values()].sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
    },

    async resolveAlert(actor: Actor, scope: Scope, id: string, input: { version: number; note: string }, now: Date): Promise<HeldVehicleAlert> {
      const alert = await getAlert(id);
      if (!inScope(scope, alert.gridPath) && !(alert.destinationPath && inScope(scope, alert.destinationPath))) throw forbidden('this alert is outside your grids');
      const resolved = { ...alert, status: 'resolved' as const };
      return updateVersioned<HeldVehicleAlert>(
        db,
        keys.heldAlert(id),
        input.version,
        { status: 'resolved', resolvedAt: now.toISOString(), resolvedBy: actor.userId, resolutionNote: input.note, ...keys.heldAlertEntries(resolved) },
        'alert',
        now,
      );
    },
  };
}
