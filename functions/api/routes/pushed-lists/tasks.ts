/**
 * Verification tasks (核查任务, 一摸四查): a grid's board (open or done), the routing queue and routing
 * a row to a grid (supervisors), a task with its checks, checks from the phone's outbox (client ULID:
 * a resend is the same check), outcomes (found links or registers the person and may start home
 * monitoring), and the row unmasked for the one who calls or visits — with a reason, in the access log.
 */
import * as z from 'zod';
import { taskView } from '../../../../shared/data/residents/pushed-lists/stored';
import { GridId } from '../../../../shared/domain/grid';
import { Check, CheckInput, OutcomeInput, RouteInput, Task } from '../../../../shared/domain/pushed-lists/task';
import { ResidentUlid } from '../../../../shared/domain/residents/household';
import { UnmaskReason } from '../../../../shared/domain/residents/person';
import { because, forbidden } from '../../../../shared/errors';
import { apiRoutes, defineRoute } from '../../route';
import { errorResponses, jsonBody, jsonContent, PageQuery, pageOf } from '../../schemas';
import { originOf, RESIDENT_ROLES } from '../residents/support';
import { LIST_ROLES } from './lists';

const TaskParam = z.object({ taskId: ResidentUlid });
const BoardQuery = PageQuery.extend({ grid: GridId.optional(), done: z.enum(['true', 'false']).default('false') });
const TaskFile = z.object({ task: Task, checks: z.array(Check) });
const TaskPersonal = z.object({ name: z.string(), idNumber: z.string().optional(), phone: z.string().optional(), address: z.string().optional(), masked: z.literal(false) });

export const pushedTasks = apiRoutes()
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/',
      tags: ['pushed-lists'],
      summary: "The task board: my grids' verification tasks (or one grid's), open and escalated by default, `done=true` the verified; by grid then due date. Masked",
      request: { query: BoardQuery },
      responses: { 200: jsonContent(pageOf(Task), 'A page of tasks'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const { grid, done, limit, cursor } = c.req.valid('query');
      const scope = await data.residents.scopeOf(actor);
      const roots = await data.residents.rootsOf(scope, grid);
      // One root (a grid, a member's grid) is the usual case; a wide scope reads its roots in turn.
      const items: Task[] = [];
      let next: string | undefined;
      for (const root of roots) {
        const page = await data.residents.pushedLists.tasks.board(root, done === 'true' ? 'DONE' : 'OPEN', { limit: limit - items.length, cursor: roots.length === 1 ? cursor : undefined });
        items.push(...page.items.map(taskView));
        next = roots.length === 1 ? page.cursor : undefined;
        if (items.length >= limit) break;
      }
      return c.json({ items, cursor: next }, 200);
    },
  )
  .openapi(
    defineRoute(LIST_ROLES, {
      method: 'get',
      path: '/routing',
      tags: ['pushed-lists'],
      summary: "The routing queue: rows no person and no address rule placed, oldest first, for a supervisor to put in a grid. Masked. The whole tenant's supervisors and admins; supervisors of some grids only if the rules say so (`residents.pushedLists.scopedRouting`), else 403 `scope.routing`",
      request: { query: PageQuery },
      responses: { 200: jsonContent(pageOf(Task), 'A page of waiting rows'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const tasks = data.residents.pushedLists.tasks;
      if (!(await tasks.unplaced(actor))) throw forbidden("rows no grid took are routed by the whole tenant's supervisors and admins (the tenant's rules: residents.pushedLists.scopedRouting)", because('scope.routing'));
      const page = await tasks.routingQueue(c.req.valid('query'));
      return c.json({ items: page.items.map(taskView), cursor: page.cursor }, 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/{taskId}',
      tags: ['pushed-lists'],
      summary: 'A task with its checks (masked)',
      request: { params: TaskParam },
      responses: { 200: jsonContent(TaskFile, 'The task'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const { task, checks } = await data.residents.pushedLists.tasks.withChecks(actor, await data.residents.scopeOf(actor), c.req.valid('param').taskId);
      return c.json({ task: taskView(task), checks }, 200);
    },
  )
  .openapi(
    defineRoute(LIST_ROLES, {
      method: 'post',
      path: '/{taskId}/route',
      tags: ['pushed-lists'],
      summary: "Put a waiting row in a grid (of the supervisor's scope): it becomes a task for the grid's members, due by the rule from now",
      request: { params: TaskParam, body: jsonBody(RouteInput) },
      responses: { 200: jsonContent(Task, 'Routed'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor, deps } = c.var;
      const task = await data.residents.pushedLists.tasks.route(actor, await data.residents.scopeOf(actor), c.req.valid('param').taskId, c.req.valid('json'), deps.clock.now());
      return c.json(taskView(task), 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'post',
      path: '/{taskId}/checks',
      tags: ['pushed-lists'],
      summary: 'Record a check (phone 电话核查, employer 单位自查, door 上门核查, tip 线索追踪) with result, note and time; client ULID: a resend answers 200 with the stored check',
      request: { params: TaskParam, body: jsonBody(CheckInput) },
      responses: { 201: jsonContent(Check, 'Recorded'), 200: jsonContent(Check, 'Recorded before (a resend)'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor, deps } = c.var;
      const { check, created } = await data.residents.pushedLists.tasks.addCheck(actor, await data.residents.scopeOf(actor), c.req.valid('param').taskId, c.req.valid('json'), deps.clock.now());
      return c.json(check, created ? 201 : 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'post',
      path: '/{taskId}/outcome',
      tags: ['pushed-lists'],
      summary: 'Close a task: found (link or register the person and household; optionally start home monitoring), not in the area (where to), duplicate; unreachable escalates to the supervisor. With the version (409 if stale)',
      request: { params: TaskParam, body: jsonBody(OutcomeInput) },
      responses: { 200: jsonContent(Task, 'The task'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor, deps } = c.var;
      const task = await data.residents.pushedLists.recordOutcome(actor, await data.residents.scopeOf(actor), c.req.valid('param').taskId, c.req.valid('json'), deps.clock.now());
      return c.json(taskView(task), 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'post',
      path: '/{taskId}/personal',
      tags: ['pushed-lists'],
      summary: 'The row unmasked (name, ID number, phone, address) for the member who calls or visits; needs a reason and is written to the access log first',
      request: { params: TaskParam, body: jsonBody(UnmaskReason) },
      responses: { 200: jsonContent(TaskPersonal, 'The row'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor, deps } = c.var;
      const row = await data.residents.pushedLists.personal(actor, await data.residents.scopeOf(actor), c.req.valid('param').taskId, c.req.valid('json').reason, originOf(c), deps.clock.now());
      return c.json({ ...row, masked: false as const }, 200);
    },
  );
