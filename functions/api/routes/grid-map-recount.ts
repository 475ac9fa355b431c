/**
 * The one-off recount of the 三色管理图's venue counters (shared/scheduling/grid-map-recount-job.ts):
 * a tenant admin starts it (a queued job; sending it again while it runs finishes the same recount)
 * and follows it. `npm run recount-map` does both from a terminal.
 */
import * as z from 'zod';
import { getItem } from '../../../shared/data/write';
import { tenantKeys } from '../../../shared/data/keys';
import type { RecountState } from '../../../shared/scheduling/grid-map-recount-job';
import { apiRoutes, defineRoute } from '../route';
import { errorResponses, jsonContent } from '../schemas';
import type { AppEnv } from '../context';
import type { Context } from 'hono';

const Recount = z.object({
  /** 'never': no recount was ever started. */
  status: z.enum(['never', 'running', 'done']),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  /** Top-level grids recounted, of all. */
  subtreesDone: z.number(),
  subtreesTotal: z.number(),
  pages: z.number(),
  /** What the recounted subtrees hold: venues, open problems, grids with any. */
  totals: z.object({ venues: z.number(), openProblems: z.number(), grids: z.number() }),
});

async function recountView(c: Context<AppEnv>): Promise<z.infer<typeof Recount>> {
  const state = await getItem<RecountState>(c.var.data.db, tenantKeys(c.var.actor.tenantId).venueRecount(), true);
  if (!state) return { status: 'never', subtreesDone: 0, subtreesTotal: 0, pages: 0, totals: { venues: 0, openProblems: 0, grids: 0 } };
  const { status, startedAt, finishedAt, top, tops, pages, totals } = state;
  return { status, startedAt, ...(finishedAt ? { finishedAt } : {}), subtreesDone: top, subtreesTotal: tops.length, pages, totals };
}

export const gridMapRecount = apiRoutes()
  .openapi(
    defineRoute(['tenant-admin'], {
      method: 'post',
      path: '/recount',
      tags: ['grids'],
      summary: "Recount the 三色管理图's venue and open-problem counters from the venues and problems (a queued, resumable job)",
      responses: { 202: jsonContent(Recount, 'Started (or resumed); the recount as it stands'), ...errorResponses },
    }),
    async (c) => {
      await c.var.deps.jobs.send([{ kind: 'grid-map-recount', tenantId: c.var.actor.tenantId }]);
      return c.json(await recountView(c), 202);
    },
  )
  .openapi(
    defineRoute(['tenant-admin'], {
      method: 'get',
      path: '/recount',
      tags: ['grids'],
      summary: 'The last recount of the 三色管理图 counters: running or done, and what it counted',
      responses: { 200: jsonContent(Recount, 'The recount'), ...errorResponses },
    }),
    async (c) => c.json(await recountView(c), 200),
  );
