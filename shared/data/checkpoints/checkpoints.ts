/**
 * Checkpoints (卡口) of one tenant: created once under a client ULID (a resend answers the stored one),
 * edited against their version (409 when stale), read by id, listed by grid subtree.
 */
import type { Actor } from '../../domain/actor';
import type { Checkpoint, CheckpointInput, CheckpointUpdate } from '../../domain/checkpoints/checkpoint';
import { inScope, type Scope } from '../../domain/scope';
import { badRequest, forbidden, notFound } from '../../errors';
import { queryAll } from '../db';
import type { ResidentsContext } from '../residents/context';
import { createOnce } from '../testing/rounds';
import { getItem, updateVersioned } from '../write';

export function checkpointSiteRepository(ctx: ResidentsContext) {
  const { db, keys } = ctx;

  async function get(id: string): Promise<Checkpoint> {
    const found = await getItem<Checkpoint>(db, keys.checkpoint(id), true);
    if (!found) throw notFound('checkpoint');
    return found;
  }

  return {
    get,

    async create(actor: Actor, scope: Scope, input: CheckpointInput, now: Date) {
      const grid = await ctx.grids.find(input.gridId, true);
      if (grid?.status !== 'active') throw badRequest('body.gridId', 'no active grid with this id');
      if (!inScope(scope, grid.path)) throw forbidden('this grid is outside your scope');
      const checkpoint: Checkpoint = { ...input, gridPath: grid.path, version: 1, createdAt: now.toISOString(), createdBy: actor.userId };
      const item = { ...keys.checkpoint(input.id), ...keys.checkpointEntry(checkpoint), entity: 'checkpoint', schemaVersion: 1, ...checkpoint };
      return createOnce<Checkpoint>(ctx, item, (s) => s.gridId === checkpoint.gridId && s.name === checkpoint.name);
    },

    async update(scope: Scope, id: string, input: CheckpointUpdate, now: Date): Promise<Checkpoint> {
      const current = await get(id);
      if (!inScope(scope, current.gridPath)) throw forbidden('this checkpoint is outside your scope');
      const { version, ...changes } = input;
      return updateVersioned<Checkpoint>(db, keys.checkpoint(id), version, changes, 'checkpoint', now);
    },

    /**
     * Checkpoints under the roots and those of the same top-level grids the actor staffs (a grid
     * member of a group works at the village's gate): one Query per top-level grid, few items each.
     */
    async visibleTo(actor: Actor, roots: readonly string[]): Promise<Checkpoint[]> {
      const tops = [...new Set(roots.map((r) => `/${r.split('/')[1]}/`))];
      const all = (await Promise.all(tops.map((p) => queryAll<Checkpoint>(db, keys.checkpointsInSubtree(p))))).flat();
      return all.filter((c) => roots.some((r) => c.gridPath.startsWith(r)) || c.staff.includes(actor.userId));
    },

    /** Checkpoints under the roots, in grid order. */
    async inSubtrees(roots: readonly string[]): Promise<Checkpoint[]> {
      return (await Promise.all(roots.map((p) => queryAll<Checkpoint>(db, keys.checkpointsInSubtree(p))))).flat();
    },
  };
}
