/**
 * Verification tasks: the grid's board, the routing queue, routing a task to a grid, checks from the
 * phone (client ULID: a resend is the same check), outcomes, and the escalation of overdue tasks. A
 * task changes by replacing it under its version, in one transaction with the counters it moves.
 */
import type { Actor } from '../../../domain/actor';
import { dayDelta } from '../../../domain/pushed-lists/day';
import { defaultPushedListRules, isOverdue, taskDueDate } from '../../../domain/pushed-lists/rules';
import { acceptsOutcome, type Check, type CheckInput, type Progress, type RouteInput, statusAfter } from '../../../domain/pushed-lists/task';
import { rowInScope, seesUnplaced } from '../../../domain/pushed-lists/scope';
import type { Scope } from '../../../domain/scope';
import { badRequest, because, conflict, forbidden, notFound } from '../../../errors';
import { queryRaw } from '../../batch';
import { type Page, queryEach, queryPage, toEntity } from '../../db';
import { getItem, staleVersion } from '../../write';
import { failed, type ResidentsContext, transact } from '../context';
import { dayCounterActions } from './days';
import { LIST_SHARDS, progressActions } from './lists';
import type { StoredTask } from './stored';

export const taskItem = (ctx: ResidentsContext, t: StoredTask) => ({ ...ctx.keys.pushedTask(t.id), ...ctx.keys.pushedTaskEntries(t), entity: 'pushed-task', schemaVersion: 1, ...t });

/** The link from a registry person to a task that names them (ids only), put with the task's change: their tombstone finds it. */
export const personTaskLinkPut = (ctx: ResidentsContext, personId: string, taskId: string) => ({
  Put: { TableName: ctx.db.table, Item: { ...ctx.keys.personTaskLink(personId, taskId), entity: 'person-task-link', schemaVersion: 1, personId, taskId } },
});

export function pushedTaskRepository(ctx: ResidentsContext) {
  const { db, keys } = ctx;

  async function get(taskId: string, consistent = false): Promise<StoredTask> {
    const task = await getItem<StoredTask>(db, keys.pushedTask(taskId), consistent);
    if (!task) throw notFound('task');
    return task;
  }

  /** Does this actor see rows no grid took yet (tenant-wide roles; supervisors of some grids if the rules say they route)? */
  const unplaced = async (actor: Actor) => seesUnplaced(actor, (await ctx.residentRules()).pushedLists);

  /** A task this actor may see: in their grids, or waiting in the routing queue for those who route. */
  async function visible(actor: Actor, scope: Scope, taskId: string, consistent = false): Promise<StoredTask> {
    const task = await get(taskId, consistent);
    if (!rowInScope(scope, task.gridPath ? false : await unplaced(actor), task.gridPath)) throw forbidden('this task is outside your grids', because('scope.grid'));
    return task;
  }

  /** Replace the task under its version, with the counters that move: the list's, and its day's (the daily report). */
  async function replace(before: StoredTask, after: StoredTask, delta?: { gridId?: string; progress: Partial<Progress>; gridProgress?: Partial<Progress>; escalated?: boolean }) {
    const shard = before.line % LIST_SHARDS;
    const date = delta && (await ctx.dayOf(new Date(after.updatedAt)));
    await transact(
      db,
      [
        { Put: { TableName: db.table, Item: taskItem(ctx, after), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': before.version } } },
        ...(after.linked && after.linked.personId !== before.linked?.personId ? [personTaskLinkPut(ctx, after.linked.personId, after.id)] : []),
        ...(delta ? progressActions(ctx, before.listId, delta.gridId, delta.progress, shard, delta.gridProgress) : []),
        ...(delta && date ? dayCounterActions(ctx, date, delta.gridId, dayDelta(delta.progress, delta.escalated ?? false), shard) : []),
      ],
      async ([put]) => {
        if (failed(put)) throw staleVersion('the task', (await get(before.id, true)).version);
        throw conflict('the task could not be changed; try again');
      },
    );
    return after;
  }

  const changed = (t: StoredTask, by: string, now: Date, set: Partial<StoredTask>): StoredTask => ({ ...t, ...set, version: t.version + 1, updatedAt: now.toISOString(), updatedBy: by });

  return {
    get,
    visible,
    unplaced,

    /** A grid subtree's tasks, open (incl. escalated) or done, by grid then due date. */
    board: (gridPath: string, bucket: 'OPEN' | 'DONE', page: { limit?: number; cursor?: string }): Promise<Page<StoredTask>> => queryPage<StoredTask>(db, keys.pushedTasksInSubtree(gridPath, bucket), page),

    routingQueue: (page: { limit?: number; cursor?: string }): Promise<Page<StoredTask>> => queryPage<StoredTask>(db, keys.pushedRoutingQueue(), page),

    /** A list's tasks in line order (the export), streamed. */
    eachOfList: (listId: string) => queryEach<StoredTask>(db, keys.pushedListTasks(listId)),

    /** A supervisor puts a waiting task in a grid (of their scope); due by the rule from now. */
    async route(actor: Actor, scope: Scope, taskId: string, input: RouteInput, now: Date): Promise<StoredTask> {
      const task = await visible(actor, scope, taskId, true);
      if (task.version !== input.version) throw staleVersion('the task', task.version);
      if (task.status !== 'routing') throw conflict('the task is in a grid already', { status: task.status });
      const grid = await ctx.grids.find(input.gridId, true);
      if (grid?.status !== 'active') throw badRequest('gridId', 'no active grid with this id');
      if (!rowInScope(scope, false, grid.path)) throw forbidden('this grid is outside your scope', because('scope.grid'));
      const rules = (await ctx.residentRules()).pushedLists ?? defaultPushedListRules();
      const after = changed(task, actor.userId, now, { status: 'open', gridId: grid.id, gridPath: grid.path, match: { kind: 'routed', by: actor.userId }, dueDate: taskDueDate(now, await ctx.timeZone(), rules) });
      // The list received the row at upload; its grid receives it now.
      return replace(task, after, { gridId: grid.id, progress: { assigned: 1 }, gridProgress: { received: 1, assigned: 1 } });
    },

    /** A check (电话核查, 单位自查, 上门核查, 线索追踪): stored once under the client's id, counted on the task. */
    async addCheck(actor: Actor, scope: Scope, taskId: string, input: CheckInput, now: Date): Promise<{ check: Check; created: boolean }> {
      const task = await visible(actor, scope, taskId);
      if (task.status === 'routing') throw conflict('the task has no grid yet: a supervisor routes it first', { status: task.status });
      const check: Check = { ...input, at: input.at ?? now.toISOString(), by: actor.userId, taskId, receivedAt: now.toISOString() };
      let created = true;
      await transact(
        db,
        [
          { Put: { TableName: db.table, Item: { ...keys.pushedTaskCheck(taskId, input.id), entity: 'pushed-check', schemaVersion: 1, ...check }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Update: { TableName: db.table, Key: keys.pushedTask(taskId), UpdateExpression: 'ADD checks :one SET lastCheckAt = :at', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':one': 1, ':at': check.at } } },
        ],
        async ([put]) => {
          if (!failed(put)) throw notFound('task');
          const stored = await getItem<Check>(db, keys.pushedTaskCheck(taskId, input.id), true);
          if (stored?.method !== input.method || stored.result !== input.result) throw conflict('a check with this id exists with other values');
          created = false;
          return undefined as never;
        },
      );
      return { check: created ? check : (await getItem<Check>(db, keys.pushedTaskCheck(taskId, input.id), true))!, created };
    },

    /** The task with its checks, in order (one Query). */
    async withChecks(actor: Actor, scope: Scope, taskId: string): Promise<{ task: StoredTask; checks: Check[] }> {
      const items = await queryRaw(db, keys.pushedTaskFile(taskId));
      const main = items.find((i) => i.sk === 'TASK');
      if (!main) throw notFound('task');
      const task = await visible(actor, scope, taskId);
      const checks = items.filter((i) => i.entity === 'pushed-check').map((i) => toEntity<Check>(i));
      return { task, checks: checks.sort((a, b) => a.at.localeCompare(b.at)) };
    },

    /**
     * Record an outcome: found, not in the area and duplicate close the task (verified); unreachable
     * sends it to the supervisor. `linked`: the person found (the registry did the linking or creating).
     */
    async close(actor: Actor, scope: Scope, taskId: string, input: { version: number; outcome: StoredTask['outcome'] & string; whereTo?: string; note?: string }, linked: StoredTask['linked'], now: Date): Promise<StoredTask> {
      const task = await visible(actor, scope, taskId, true);
      // A resend of the outcome that was stored: the same answer.
      if (task.version === input.version + 1 && task.outcome === input.outcome && task.updatedBy === actor.userId) return task;
      if (task.version !== input.version) throw staleVersion('the task', task.version);
      if (!acceptsOutcome(task.status)) throw conflict(`the task is ${task.status}: it takes no outcome`, { status: task.status });
      const status = statusAfter(input.outcome);
      const after = changed(task, actor.userId, now, { status, outcome: input.outcome, whereTo: input.whereTo, outcomeNote: input.note, linked, escalated: status === 'escalated' ? 'unreachable' : task.escalated });
      return replace(task, after, { gridId: task.gridId, progress: status === 'verified' ? { verified: 1 } : {}, escalated: status === 'escalated' && task.status !== 'escalated' });
    },

    /**
     * The scheduled escalation (after the day's plan): open tasks due before `today` go to the
     * supervisor (escalated: overdue), counted once — the version condition makes a second run a no-op.
     */
    async escalateOverdue(today: string, now: Date): Promise<number> {
      let escalated = 0;
      for await (const due of queryEach<{ id: string }>(db, keys.pushedTasksDueBefore(today), { projection: ['id'] })) {
        const task = await getItem<StoredTask>(db, keys.pushedTask(due.id), true);
        if (task?.status !== 'open' || !task.dueDate || !isOverdue(task.dueDate, today)) continue;
        try {
          await replace(task, changed(task, 'system', now, { status: 'escalated', escalated: 'overdue' }), { gridId: task.gridId, progress: { overdue: 1 }, escalated: true });
          escalated++;
        } catch (error) {
          // Changed meanwhile (checked, closed): the next run looks again.
          if ((error as { status?: number }).status !== 409) throw error;
        }
      }
      return escalated;
    },
  };
}
export type PushedTaskRepository = ReturnType<typeof pushedTaskRepository>;
