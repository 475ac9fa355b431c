/**
 * The daily plan (每日排查计划): everyone reads their own list for today; supervisors and admins read
 * a day's plan in their scope; tenant admins re-plan today or a later day (e.g. after changing the
 * quota). The plan is made by the plan job (shared/scheduling/plan-job.ts, docs/scheduling.md).
 */
import * as z from 'zod';
import { dayViews, tenantToday } from '../../../../shared/data/day-views';
import { addDays } from '../../../../shared/domain/local-day';
import { DayPlanView, ReplanResult, TodayPlan } from '../../../../shared/domain/venues/plan';
import { UserId } from '../../../../shared/domain/user';
import { badRequest, because, conflict } from '../../../../shared/errors';
import { runPlanJob } from '../../../../shared/scheduling/plan-job';
import { apiRoutes, defineRoute, TENANT_ROLES } from '../../route';
import { Day, errorResponses, jsonContent } from '../../schemas';

/** A re-plan answers within this (API Gateway allows 29 s); a bigger tenant's re-plan continues as a job. */
const REPLAN_BUDGET_MS = 15_000;
/**
 * Above this many venues (as counted by the day's or the previous day's plan) a re-plan is only
 * started in the request and planned by a queued job: one big subtree alone could outlast the request.
 */
const SYNC_REPLAN_MAX_VENUES = 30_000;
/** How far ahead a day may be re-planned. */
const MAX_DAYS_AHEAD = 31;

const DateParam = z.object({ date: Day });

export const plans = apiRoutes()
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/today',
      tags: ['plans'],
      summary: "My list for today (tenant-local day) with progress: done / assigned / quota",
      responses: { 200: jsonContent(TodayPlan, "Today's plan; `person` is null when nothing is planned for me"), ...errorResponses },
    }),
    async (c) => c.json(await dayViews(c.var.data.db, c.var.data).today(c.var.actor, c.var.deps.clock.now()), 200),
  )
  .openapi(
    defineRoute(['tenant-admin', 'supervisor'], {
      method: 'get',
      path: '/{date}',
      tags: ['plans'],
      summary: "A day's plan in my scope: everyone's totals and the grids nobody covers, or one person's list (`inspector`)",
      request: { params: DateParam, query: z.object({ inspector: UserId.optional() }) },
      responses: { 200: jsonContent(DayPlanView, 'The plan'), ...errorResponses },
    }),
    async (c) => c.json(await dayViews(c.var.data.db, c.var.data).day(c.var.actor, c.req.valid('param').date, c.req.valid('query').inspector), 200),
  )
  .openapi(
    defineRoute(['tenant-admin'], {
      method: 'post',
      path: '/{date}/replan',
      tags: ['plans'],
      summary: 'Plan today (or a later day) again with the current rules; 202 if it continues in the background',
      request: { params: DateParam },
      responses: {
        200: jsonContent(ReplanResult, 'Planned'),
        202: jsonContent(ReplanResult, 'Planning continues as a job'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { clock, jobs } = c.var.deps;
      const { db } = c.var.data;
      const { actor } = c.var;
      const { date } = c.req.valid('param');
      const { today } = await tenantToday(db, actor.tenantId, clock.now());
      if (date < today) throw badRequest('date', `only today (${today}) or a later day can be re-planned`, 'date.past');
      if (date > addDays(today, MAX_DAYS_AHEAD)) throw badRequest('date', `at most ${MAX_DAYS_AHEAD} days ahead`);
      const previous = (await c.var.data.plans.getRun(date)) ?? (await c.var.data.plans.getRun(addDays(today, -1)));
      const big = (previous?.totals?.venues ?? 0) > SYNC_REPLAN_MAX_VENUES;
      const result = await runPlanJob(db, actor.tenantId, date, clock, { force: true, requestedBy: actor.userId, timeBudgetMs: REPLAN_BUDGET_MS, startOnly: big });
      if (result.status === 'busy') {
        // The real wait: until the running plan's lease ends (a run that died stops renewing it).
        const seconds = Math.max(1, Math.ceil((Date.parse(result.busyUntil ?? '') - clock.now().getTime()) / 1000) || 1);
        throw conflict(`a plan for this day is being made right now; try again in ${seconds} s`, { retryAfterSeconds: seconds, busyUntil: result.busyUntil, ...because('plan.beingMade', { seconds }) });
      }
      const run = result.run ?? (await c.var.data.plans.getRun(date, true));
      if (!run) throw conflict('the plan could not be started; try again', because('plan.notStarted'));
      const { leaseOwner: _o, leaseUntil: _u, quotaKinds: _k, date: _d, updatedAt: _a, ...info } = run;
      if (result.status === 'done' || result.status === 'already-done') return c.json({ date, status: 'done' as const, run: info }, 200);
      await jobs.send([{ kind: 'plan', tenantId: actor.tenantId, date }]);
      return c.json({ date, status: 'running' as const, run: info }, 202);
    },
  );
