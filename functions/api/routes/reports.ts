/**
 * Daily reports (日排查日报告): a grid's (or the tenant's) figures for any past day, with its children
 * and people, and per-day figures for a trend line. A day without a report answers status
 * 'not-closed', never 404; today (and yesterday before its close) answer 'live' figures, counted now. Tenant admins can close a past day again now (after a data fix; the CLI).
 */
import * as z from 'zod';
import { dayViews, MAX_RANGE_DAYS, tenantToday } from '../../../shared/data/day-views';
import { GridId } from '../../../shared/domain/grid';
import { DailyReport, ReportRange } from '../../../shared/domain/report';
import { badRequest } from '../../../shared/errors';
import { runCloseJob } from '../../../shared/scheduling/close-job';
import { apiRoutes, defineRoute } from '../route';
import { Day, errorResponses, jsonContent, PageQuery } from '../schemas';

const READERS = ['tenant-admin', 'supervisor'] as const;
/** Above this many venues in the day's plan, a close asked for by hand runs as a queued job (it could outlast the request). */
const SYNC_CLOSE_MAX_VENUES = 30_000;
const DateParam = z.object({ date: Day });

export const reports = apiRoutes()
  .openapi(
    defineRoute(READERS, {
      method: 'get',
      path: '/daily/{date}',
      tags: ['reports'],
      summary: "A day's report for a grid (default: the tenant, or my one grid) with its children and a page of its people",
      request: { params: DateParam, query: PageQuery.extend({ grid: GridId.optional() }) },
      responses: { 200: jsonContent(DailyReport, "The report; status 'not-closed' if there is none yet"), ...errorResponses },
    }),
    async (c) => {
      const { grid, ...page } = c.req.valid('query');
      return c.json(await dayViews(c.var.data.db, c.var.data).daily(c.var.actor, c.req.valid('param').date, { gridId: grid, ...page }, c.var.deps.clock.now()), 200);
    },
  )
  .openapi(
    defineRoute(READERS, {
      method: 'get',
      path: '/range',
      tags: ['reports'],
      summary: `Per-day figures of a grid (default: the tenant) from \`from\` to \`to\`, at most ${MAX_RANGE_DAYS} days`,
      request: { query: z.object({ from: Day, to: Day, grid: GridId.optional() }) },
      responses: { 200: jsonContent(ReportRange, 'One entry per day'), ...errorResponses },
    }),
    async (c) => {
      const { from, to, grid } = c.req.valid('query');
      return c.json(await dayViews(c.var.data.db, c.var.data).range(c.var.actor, from, to, grid, c.var.deps.clock.now()), 200);
    },
  )
  .openapi(
    defineRoute(['tenant-admin'], {
      method: 'post',
      path: '/daily/{date}/close',
      tags: ['reports'],
      summary: 'Close a past day again now (recomputes and replaces its report); 202 when a big tenant is closed by a queued job',
      request: { params: DateParam },
      responses: {
        200: jsonContent(DailyReport, "The tenant's report after the close"),
        202: jsonContent(DailyReport, 'The report as it stands; the close runs as a job'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { clock, jobs } = c.var.deps;
      const { db } = c.var.data;
      const { actor, data } = c.var;
      const { date } = c.req.valid('param');
      const { today } = await tenantToday(db, actor.tenantId, clock.now());
      if (date >= today) throw badRequest('date', `only a day that has ended (before ${today}) can be closed`, 'date.notEnded');
      if (((await data.plans.getRun(date))?.totals?.venues ?? 0) > SYNC_CLOSE_MAX_VENUES) {
        await jobs.send([{ kind: 'close', tenantId: actor.tenantId, date }]);
        return c.json(await dayViews(db, data).daily(actor, date, {}, clock.now()), 202);
      }
      await runCloseJob(db, actor.tenantId, date, clock);
      return c.json(await dayViews(db, data).daily(actor, date, {}, clock.now()), 200);
    },
  );
