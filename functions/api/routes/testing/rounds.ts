/**
 * Testing rounds (全员检测) and sampling sites: plan a round and lay out sites (admins, supervisors);
 * a round's coverage per grid and the people of a grid not tested yet (everyone who works with
 * residents, in their scope).
 */
import * as z from 'zod';
import { GridId } from '../../../../shared/domain/grid';
import { Round, RoundInput, Site, SiteInput } from '../../../../shared/domain/testing/round';
import { SiteDay } from '../../../../shared/domain/testing/site-counts';
import { CalendarDate } from '../../../../shared/domain/local-day';
import { apiRoutes, defineRoute } from '../../route';
import { errorResponses, jsonBody, jsonContent, PageQuery, pageOf } from '../../schemas';
import { RESIDENT_ROLES, ROUND_ROLES, RoundParam, roundView, testingScope } from './support';

const CoverageLine = z.object({ target: z.number(), tested: z.number(), times: z.number(), results: z.number(), positive: z.number(), rate: z.number().nullable(), colour: z.enum(['green', 'yellow', 'red', 'none']) });
const Coverage = z.object({
  round: Round,
  total: CoverageLine,
  grids: z.array(CoverageLine.extend({ id: z.string(), name: z.string(), path: z.string(), parentId: z.string().nullable() })),
});
const Untested = pageOf(
  z.object({
    personId: z.string(),
    householdId: z.string(),
    gridId: z.string(),
    nameMasked: z.string(),
    category: z.string(),
    address: z.object({ compound: z.string().optional(), building: z.string().optional(), unit: z.string().optional(), room: z.string() }).optional(),
  }),
);

export const testingRounds = apiRoutes()
  .openapi(
    defineRoute(ROUND_ROLES, {
      method: 'post',
      path: '/rounds',
      tags: ['testing'],
      summary: 'Plan a testing round (client ULID: a resend answers the stored round, 200)',
      request: { body: jsonBody(RoundInput) },
      responses: { 201: jsonContent(Round, 'Planned'), 200: jsonContent(Round, 'Already stored (a resend)'), ...errorResponses },
    }),
    async (c) => {
      const { t, scope, now, actor } = await testingScope(c);
      const { stored, created } = await t.rounds.create(actor, scope, c.req.valid('json'), now);
      return c.json(roundView(stored, now), created ? 201 : 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/rounds',
      tags: ['testing'],
      summary: "The tenant's testing rounds, newest first",
      responses: { 200: jsonContent(z.object({ items: z.array(Round) }), 'Rounds'), ...errorResponses },
    }),
    async (c) => {
      const { t, now } = await testingScope(c);
      return c.json({ items: (await t.rounds.list()).map((r) => roundView(r, now)) }, 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/rounds/{roundId}/coverage',
      tags: ['testing'],
      summary: "A round's coverage per grid (tested / target, person-times, results, positives), rolled up; my grids or one grid's subtree. Counters only: O(grids)",
      request: { params: RoundParam, query: z.object({ grid: GridId.optional() }) },
      responses: { 200: jsonContent(Coverage, 'Coverage'), ...errorResponses },
    }),
    async (c) => {
      const { t, scope, now } = await testingScope(c);
      const round = await t.rounds.get(c.req.valid('param').roundId);
      const roots = await c.var.data.residents.rootsOf(scope, c.req.valid('query').grid);
      return c.json({ round: roundView(round, now), ...(await t.coverage.ofRound(round, roots)) }, 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/rounds/{roundId}/untested',
      tags: ['testing'],
      summary: 'People of a grid (its subtree) not tested yet in the round, masked, with their address: the door-to-door list',
      request: { params: RoundParam, query: PageQuery.extend({ grid: GridId }) },
      responses: { 200: jsonContent(Untested, 'A page of people'), ...errorResponses },
    }),
    async (c) => {
      const { t, scope } = await testingScope(c);
      const { grid, limit, cursor } = c.req.valid('query');
      const round = await t.rounds.get(c.req.valid('param').roundId);
      const [root] = await c.var.data.residents.rootsOf(scope, grid);
      return c.json(await t.coverage.untested(round, root, { limit, cursor }), 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/rounds/{roundId}/site-days',
      tags: ['testing'],
      summary: 'Samples per sampling site of my grids (or one grid subtree) on a tenant-local day (default today), per hour slot beside the site\'s capacity per hour. Counters only: O(sites)',
      request: { params: RoundParam, query: z.object({ date: CalendarDate.optional(), grid: GridId.optional() }) },
      responses: { 200: jsonContent(z.object({ date: z.string(), items: z.array(SiteDay) }), 'Sites'), ...errorResponses },
    }),
    async (c) => {
      const { t, scope, now } = await testingScope(c);
      const { date, grid } = c.req.valid('query');
      const round = await t.rounds.get(c.req.valid('param').roundId);
      const roots = await c.var.data.residents.rootsOf(scope, grid);
      const day = date ?? (await c.var.data.residents.dayOf(now));
      return c.json({ date: day, items: await t.coverage.siteDays(round, day, await t.rounds.sitesIn(roots)) }, 200);
    },
  )
  .openapi(
    defineRoute(ROUND_ROLES, {
      method: 'post',
      path: '/sites',
      tags: ['testing'],
      summary: 'Lay out a sampling site of a level-2 grid: zones and channels, hours, staff, capacity (client ULID)',
      request: { body: jsonBody(SiteInput) },
      responses: { 201: jsonContent(Site, 'Created'), 200: jsonContent(Site, 'Already stored (a resend)'), ...errorResponses },
    }),
    async (c) => {
      const { t, scope, now, actor } = await testingScope(c);
      const { stored, created } = await t.rounds.createSite(actor, scope, c.req.valid('json'), now);
      return c.json(stored, created ? 201 : 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/sites',
      tags: ['testing'],
      summary: 'Sampling sites of my grids (or one grid subtree), in grid order',
      request: { query: z.object({ grid: GridId.optional() }) },
      responses: { 200: jsonContent(z.object({ items: z.array(Site) }), 'Sites'), ...errorResponses },
    }),
    async (c) => {
      const { t, scope } = await testingScope(c);
      const roots = await c.var.data.residents.rootsOf(scope, c.req.valid('query').grid);
      return c.json({ items: await t.rounds.sitesIn(roots) }, 200);
    },
  );
