/**
 * Checkpoints (卡口): admins and supervisors set them up and edit them (version); staff post vehicle
 * entries from the phone's outbox (client ULID), the triage rule decides the outcome; the supervisor
 * chain reads the day's counts per checkpoint, shift and grid, and the held-vehicle alerts.
 */
import type { Context } from 'hono';
import * as z from 'zod';
import { AlertResolve, Checkpoint, CheckpointId, CheckpointInput, CheckpointRetire, CheckpointUpdate, Entry, EntryInput, HeldAlertId, HeldVehicleAlert } from '../../../../shared/domain/checkpoints/checkpoint';
import { GridId } from '../../../../shared/domain/grid';
import { CalendarDate } from '../../../../shared/domain/local-day';
import type { AppEnv } from '../../context';
import { apiRoutes, defineRoute } from '../../route';
import { errorResponses, jsonBody, jsonContent } from '../../schemas';
import { ALERT_ROLES } from '../monitoring/support';
import { RESIDENT_ROLES } from '../residents/support';
import { ROUND_ROLES } from '../testing/support';

async function checkpointScope(c: Context<AppEnv>) {
  const { data, actor } = c.var;
  return { k: data.residents.checkpoints, scope: await data.residents.scopeOf(actor), now: c.var.deps.clock.now(), actor };
}
const Tally = { passed: z.number(), turnedBack: z.number(), held: z.number() };
const Shifts = z.array(z.object({ shiftId: z.string(), name: z.string(), ...Tally }));
const DayCounts = z.object({
  date: z.string(),
  total: z.object(Tally),
  shifts: Shifts,
  checkpoints: z.array(z.object({ id: z.string(), name: z.string(), gridId: z.string(), retired: z.boolean(), ...Tally, shifts: Shifts })),
  grids: z.array(z.object({ id: z.string(), name: z.string(), path: z.string(), parentId: z.string().nullable(), ...Tally, shifts: Shifts })),
});
const GridName = z.object({ id: z.string(), name: z.string(), path: z.string() });

export const checkpointRoutes = apiRoutes()
  .openapi(
    defineRoute(ROUND_ROLES, {
      method: 'post',
      path: '/',
      tags: ['checkpoints'],
      summary: 'Set up a checkpoint: its grid, place, shifts and staff (client ULID: a resend answers the stored one, 200)',
      request: { body: jsonBody(CheckpointInput) },
      responses: { 201: jsonContent(Checkpoint, 'Created'), 200: jsonContent(Checkpoint, 'Already stored (a resend)'), ...errorResponses },
    }),
    async (c) => {
      const { k, scope, now, actor } = await checkpointScope(c);
      const { stored, created } = await k.create(actor, scope, c.req.valid('json'), now);
      return c.json(stored, created ? 201 : 200);
    },
  )
  .openapi(
    defineRoute(ROUND_ROLES, {
      method: 'put',
      path: '/{checkpointId}',
      tags: ['checkpoints'],
      summary: "Edit a checkpoint's name, place, shifts and staff against the version read (409 when stale)",
      request: { params: z.object({ checkpointId: CheckpointId }), body: jsonBody(CheckpointUpdate) },
      responses: { 200: jsonContent(Checkpoint, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const { k, scope, now } = await checkpointScope(c);
      return c.json(await k.update(scope, c.req.valid('param').checkpointId, c.req.valid('json'), now), 200);
    },
  )
  .openapi(
    defineRoute(ROUND_ROLES, {
      method: 'post',
      path: '/{checkpointId}/retire',
      tags: ['checkpoints'],
      summary: 'Retire a checkpoint against the version read: it takes no vehicles timed after this, its entries and counts stay',
      request: { params: z.object({ checkpointId: CheckpointId }), body: jsonBody(CheckpointRetire) },
      responses: { 200: jsonContent(Checkpoint, 'Retired'), ...errorResponses },
    }),
    async (c) => {
      const { k, scope, now, actor } = await checkpointScope(c);
      return c.json(await k.retire(actor, scope, c.req.valid('param').checkpointId, c.req.valid('json').version, now), 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/destinations',
      tags: ['checkpoints'],
      summary: "Where a vehicle may be going: every active grid of the tenant by id, name and path (vehicles go anywhere; nothing else of another grid is shown)",
      responses: { 200: jsonContent(z.object({ items: z.array(GridName) }), 'Grids in path order'), ...errorResponses },
    }),
    async (c) => c.json({ items: (await c.var.data.grids.tree()).filter((g) => g.status === 'active').map((g) => ({ id: g.id, name: g.name, path: g.path })) }, 200),
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/',
      tags: ['checkpoints'],
      summary: 'Checkpoints of my grids and those I staff (or one grid subtree), in grid order',
      request: { query: z.object({ grid: GridId.optional() }) },
      responses: { 200: jsonContent(z.object({ items: z.array(Checkpoint) }), 'Checkpoints'), ...errorResponses },
    }),
    async (c) => {
      const { k, scope, actor } = await checkpointScope(c);
      const { grid } = c.req.valid('query');
      const roots = await c.var.data.residents.rootsOf(scope, grid);
      return c.json({ items: grid ? await k.inSubtrees(roots) : await k.visibleTo(actor, roots) }, 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'post',
      path: '/entries',
      tags: ['checkpoints'],
      summary: 'Record a vehicle at a checkpoint: green passes, yellow passes with a negative test of the last 48 h else turns back, red is held and alerted (client ULID: a resend is stored once, 200)',
      request: { body: jsonBody(EntryInput) },
      responses: { 201: jsonContent(Entry, 'Stored'), 200: jsonContent(Entry, 'Already stored (a resend)'), ...errorResponses },
    }),
    async (c) => {
      const { k, scope, now, actor } = await checkpointScope(c);
      const { entry, created } = await k.entries.record(actor, scope, c.req.valid('json'), now);
      return c.json(entry, created ? 201 : 200);
    },
  )
  .openapi(
    defineRoute(ALERT_ROLES, {
      method: 'get',
      path: '/counts',
      tags: ['checkpoints'],
      summary: "A day's counts (passed, turned back, held) per checkpoint and shift, rolled up by grid; my grids or one grid subtree. Counters only",
      request: { query: z.object({ date: CalendarDate.optional(), grid: GridId.optional() }) },
      responses: { 200: jsonContent(DayCounts, 'Counts'), ...errorResponses },
    }),
    async (c) => {
      const { k, scope, now } = await checkpointScope(c);
      const { date, grid } = c.req.valid('query');
      const roots = await c.var.data.residents.rootsOf(scope, grid);
      return c.json(await k.counts.ofDay(date ?? (await c.var.data.residents.dayOf(now)), roots), 200);
    },
  )
  .openapi(
    defineRoute(ALERT_ROLES, {
      method: 'get',
      path: '/alerts',
      tags: ['checkpoints'],
      summary: 'Held-vehicle alerts raised at checkpoints of my grids or for vehicles going there: open (default) or resolved',
      request: { query: z.object({ grid: GridId.optional(), status: z.enum(['open', 'resolved']).default('open') }) },
      responses: { 200: jsonContent(z.object({ items: z.array(HeldVehicleAlert) }), 'Alerts'), ...errorResponses },
    }),
    async (c) => {
      const { k, scope } = await checkpointScope(c);
      const { grid, status } = c.req.valid('query');
      const roots = await c.var.data.residents.rootsOf(scope, grid);
      return c.json({ items: (await k.counts.alerts(roots, status === 'open' ? 'OPEN' : 'CLOSED')).slice(0, 500) }, 200);
    },
  )
  .openapi(
    defineRoute(ALERT_ROLES, {
      method: 'post',
      path: '/alerts/{alertId}/resolve',
      tags: ['checkpoints'],
      summary: 'Resolve a held-vehicle alert with a note',
      request: { params: z.object({ alertId: HeldAlertId }), body: jsonBody(AlertResolve) },
      responses: { 200: jsonContent(HeldVehicleAlert, 'Resolved'), ...errorResponses },
    }),
    async (c) => {
      const { k, scope, now, actor } = await checkpointScope(c);
      return c.json(await k.counts.resolveAlert(actor, scope, c.req.valid('param').alertId, c.req.valid('json'), now), 200);
    },
  );
