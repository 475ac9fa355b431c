/**
 * Checkpoints (卡口) of one tenant: created once under a client ULID (a resend answers the stored one),
 * edited against their version (409 when stale), retired (kept, with their history), read by id, listed
 * by grid subtree. Staff are active users of the tenant working in the checkpoint's grid, named by
 * field when not.
 */
import type { Actor } from '../../domain/actor';
import type { Checkpoint, CheckpointInput, CheckpointUpdate } from '../../domain/checkpoints/checkpoint';
import { worksInCheckpointGrid } from '../../domain/checkpoints/staff';
import { inScope, type Scope } from '../../domain/scope';
import { badRequest, because, conflict, forbidden, notFound } from '../../errors';
import { batchGet } from '../batch';
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

  /**
   * Each staff member an active user of the tenant who works in the checkpoint's grid (in, above or
   * under it; a tenant-wide role anywhere): the first who is not is named by their place in the list.
   * One BatchGet of the users, one of their grids.
   */
  async function checkStaff(staff: readonly string[], gridPath: string) {
    if (!staff.length) return;
    const found = await batchGet(db, staff.map((u) => keys.user(u)));
    const users = staff.map((u) => found.get<Pick<Actor, 'roles' | 'gridIds'> & { status: string }>(keys.user(u)));
    const i = users.findIndex((u) => u?.status !== 'active');
    if (i >= 0) throw badRequest(`body.staff.${i}`, 'not an active user of this tenant', 'staff.notUser', { user: staff[i] });
    const { paths } = await ctx.grids.pathsOf(users.flatMap((u) => u?.gridIds ?? []));
    const pathsOf = (u: Pick<Actor, 'gridIds'>) => u.gridIds.flatMap((g) => paths.get(g) ?? []);
    const j = users.findIndex((u) => u && !worksInCheckpointGrid(u, pathsOf(u), gridPath));
    if (j >= 0) throw badRequest(`body.staff.${j}`, "does not work in the checkpoint's grid (nor above or under it)", 'staff.outsideGrid', { user: staff[j] });
  }

  async function inMyScope(scope: Scope, id: string) {
    const current = await get(id);
    if (!inScope(scope, current.gridPath)) throw forbidden('this checkpoint is outside your scope', because('scope.grid'));
    if (current.status === 'retired') throw conflict('this checkpoint is retired', because('checkpoint.retired'));
    return current;
  }

  return {
    get,

    async create(actor: Actor, scope: Scope, input: CheckpointInput, now: Date) {
      const grid = await ctx.grids.find(input.gridId, true);
      if (grid?.status !== 'active') throw badRequest('body.gridId', 'no active grid with this id', 'grid.notActive');
      if (!inScope(scope, grid.path)) throw forbidden('this grid is outside your scope', because('scope.grid'));
      await checkStaff(input.staff, grid.path);
      const checkpoint: Checkpoint = { ...input, gridPath: grid.path, status: 'active', version: 1, createdAt: now.toISOString(), createdBy: actor.userId };
      const item = { ...keys.checkpoint(input.id), ...keys.checkpointEntry(checkpoint), entity: 'checkpoint', schemaVersion: 1, ...checkpoint };
      return createOnce<Checkpoint>(ctx, item, (s) => s.gridId === checkpoint.gridId && s.name === checkpoint.name);
    },

    async update(scope: Scope, id: string, input: CheckpointUpdate, now: Date): Promise<Checkpoint> {
      const current = await inMyScope(scope, id);
      await checkStaff(input.staff, current.gridPath);
      const { version, ...changes } = input;
      return updateVersioned<Checkpoint>(db, keys.checkpoint(id), version, changes, 'checkpoint', now);
    },

    /** Retired against the version read: no entries timed after it, its entries and counts stay. */
    async retire(actor: Actor, scope: Scope, id: string, version: number, now: Date): Promise<Checkpoint> {
      await inMyScope(scope, id);
      return updateVersioned<Checkpoint>(db, keys.checkpoint(id), version, { status: 'retired', retiredAt: now.toISOString(), retiredBy: actor.userId }, 'checkpoint', now);
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
