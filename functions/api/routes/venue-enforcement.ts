/**
 * A venue's side of the enforcement ladder (mounted under /api/venues): its problems, black card
 * (挂黑牌 / 摘牌), suspension (停业整顿: recommend, approve, reject, reopen), its enforcement history,
 * and its history exported (inspections and problems). docs/enforcement.md.
 */
import * as z from 'zod';
import { isOverdue, SuspensionInput, VENUE_ACTION_ROLES, VenueActionInput, VenueEvent } from '../../../shared/domain/ladder';
import { Problem } from '../../../shared/domain/problem';
import { Venue, VenueId } from '../../../shared/domain/venue';
import type { Inspection } from '../../../shared/domain/inspection';
import { INSPECTION_COLUMNS, inspectionRowMaker, PROBLEM_COLUMNS, problemRowMaker, VENUE_HISTORY_COLUMNS, venueHistoryRows } from '../../../shared/export/columns';
import type { Context } from 'hono';
import type { AppEnv } from '../context';
import { apiRoutes, defineRoute, TENANT_ROLES } from '../route';
import { errorResponses, jsonBody, jsonContent, PageQuery, pageOf } from '../schemas';
import { csvResponse, exportContext, rowsOf, tenantToday, xlsxResponse } from './export-support';

const VenueParam = z.object({ venueId: VenueId });
const Acted = z.object({ venue: Venue, event: VenueEvent });
const ProblemView = Problem.extend({ overdue: z.boolean() });
const fileContent = (type: string, description: string) => ({ content: { [type]: { schema: z.string() } }, description });

type Action = keyof typeof VENUE_ACTION_ROLES;
const act = async (c: Context<AppEnv>, type: Action, venueId: string, body: { version: number; reason: string; inspectionId?: string }) =>
  c.json(await c.var.data.enforcement.act(c.var.actor, venueId, { type, ...body }, c.var.deps.clock.now(), c.var.data.assertVenueVisible), 200);

/** Generic in the path so the typed client (web/) keeps each route's own path. */
const actionRoute = <const P extends string>(type: Action, path: P, summary: string) =>
  defineRoute(VENUE_ACTION_ROLES[type], {
    method: 'post' as const,
    path,
    tags: ['enforcement'],
    summary,
    request: { params: VenueParam, body: jsonBody(VenueActionInput) },
    responses: { 200: jsonContent(Acted, 'The venue and the recorded step'), ...errorResponses },
  });

/** Every inspection of a venue, newest first, page by page. */
async function* inspectionBatches(c: Context<AppEnv>, venueId: string): AsyncGenerator<Inspection[]> {
  let cursor: string | undefined;
  do {
    const page = await c.var.data.inspections.ofVenue(venueId, { limit: 200, cursor });
    if (page.items.length) yield page.items;
    cursor = page.cursor;
  } while (cursor);
}

async function historyParts(c: Context<AppEnv>, venueId: string) {
  const venue = await c.var.data.visibleVenue(c.var.actor, venueId);
  const [ctx, checklist] = await Promise.all([exportContext(c), c.var.data.checklists.current(venue.kind, c.var.deps.clock.now())]);
  const itemLabels = new Map(checklist.items.map((i) => [i.code, i.labelZh]));
  const names = { zh: `场所档案-${venue.name}-${ctx.today}`, ascii: `venue-${venue.id}-${ctx.today}` };
  return { venue, ctx, itemLabels, names };
}

export const venueEnforcement = apiRoutes()
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/{venueId}/problems',
      tags: ['enforcement', 'problems'],
      summary: "A venue's problems (its ledger history), newest first",
      request: { params: VenueParam, query: PageQuery },
      responses: { 200: jsonContent(pageOf(ProblemView), 'A page of problems'), ...errorResponses },
    }),
    async (c) => {
      const venue = await c.var.data.visibleVenue(c.var.actor, c.req.valid('param').venueId);
      const [{ today }, page] = await Promise.all([tenantToday(c), c.var.data.problems.ofVenue(venue.id, c.req.valid('query'))]);
      return c.json({ ...page, items: page.items.map((p) => ({ ...p, overdue: isOverdue(p, today) })) }, 200);
    },
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/{venueId}/events',
      tags: ['enforcement'],
      summary: "A venue's enforcement history (black cards, suspensions, closures), newest first",
      request: { params: VenueParam, query: PageQuery },
      responses: { 200: jsonContent(pageOf(VenueEvent), 'A page of events'), ...errorResponses },
    }),
    async (c) => {
      const venue = await c.var.data.visibleVenue(c.var.actor, c.req.valid('param').venueId);
      return c.json(await c.var.data.enforcement.events(venue.id, c.req.valid('query')), 200);
    },
  )
  .openapi(actionRoute('issue-black-card', '/{venueId}/black-card', 'Black-card the venue (挂黑牌督办) with a reason'), async (c) =>
    act(c, 'issue-black-card', c.req.valid('param').venueId, c.req.valid('json')),
  )
  .openapi(
    actionRoute('remove-black-card', '/{venueId}/black-card/remove', 'Remove the black card (摘牌): needs a passed re-check after it was issued'),
    async (c) => act(c, 'remove-black-card', c.req.valid('param').venueId, c.req.valid('json')),
  )
  .openapi(
    defineRoute(VENUE_ACTION_ROLES['recommend-suspension'], {
      method: 'post',
      path: '/{venueId}/suspension',
      tags: ['enforcement'],
      summary: 'Recommend suspension for rectification (停业整顿), for a supervisor to decide',
      request: { params: VenueParam, body: jsonBody(SuspensionInput) },
      responses: { 200: jsonContent(Acted, 'The venue and the recorded step'), ...errorResponses },
    }),
    async (c) => act(c, 'recommend-suspension', c.req.valid('param').venueId, c.req.valid('json')),
  )
  .openapi(actionRoute('approve-suspension', '/{venueId}/suspension/approve', 'Approve the recommended suspension: the venue is suspended'), async (c) =>
    act(c, 'approve-suspension', c.req.valid('param').venueId, c.req.valid('json')),
  )
  .openapi(actionRoute('reject-suspension', '/{venueId}/suspension/reject', 'Reject the recommended suspension'), async (c) =>
    act(c, 'reject-suspension', c.req.valid('param').venueId, c.req.valid('json')),
  )
  .openapi(actionRoute('reopen', '/{venueId}/reopen', 'Reopen a suspended venue: needs a passed re-check after the suspension'), async (c) =>
    act(c, 'reopen', c.req.valid('param').venueId, c.req.valid('json')),
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/{venueId}/history.csv',
      tags: ['enforcement'],
      summary: "The venue's inspections and problems as one CSV table (Chinese headers), streamed",
      request: { params: VenueParam },
      responses: { 200: fileContent('text/csv', 'The history'), ...errorResponses },
    }),
    async (c) => {
      const { venue, ctx, itemLabels, names } = await historyParts(c, c.req.valid('param').venueId);
      const rows = venueHistoryRows(ctx, itemLabels);
      const batches = (async function* () {
        yield* rowsOf(inspectionBatches(c, venue.id), rows.inspection);
        yield* rowsOf(c.var.data.problems.venueBatches(venue.id), rows.problem);
      })();
      return csvResponse(c, names, VENUE_HISTORY_COLUMNS, batches);
    },
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/{venueId}/history.xlsx',
      tags: ['enforcement'],
      summary: "The venue's history as a workbook: sheets 检查记录 and 问题记录, streamed",
      request: { params: VenueParam },
      responses: { 200: fileContent('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'The history'), ...errorResponses },
    }),
    async (c) => {
      const { venue, ctx, itemLabels, names } = await historyParts(c, c.req.valid('param').venueId);
      return xlsxResponse(c, names, [
        { name: '检查记录', columns: INSPECTION_COLUMNS, rows: rowsOf(inspectionBatches(c, venue.id), inspectionRowMaker(ctx, itemLabels)) },
        { name: '问题记录', columns: PROBLEM_COLUMNS, rows: rowsOf(c.var.data.problems.venueBatches(venue.id), problemRowMaker(ctx)) },
      ]);
    },
  );

/** Registers: the venues black-carded now, and those with a suspension recommended or approved. */
export const enforcementRegisters = apiRoutes()
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/black-cards',
      tags: ['enforcement'],
      summary: 'Venues black-carded now (挂黑牌), in my scope',
      responses: { 200: jsonContent(z.object({ items: z.array(Venue) }), 'The venues'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data } = c.var;
      const [venues, scope] = await Promise.all([data.enforcement.register('BLACKCARD'), data.scopeOf(actor)]);
      return c.json({ items: venues.filter((v) => v.blackCard && data.canSeeVenue(actor, scope, v)) }, 200);
    },
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/suspensions',
      tags: ['enforcement'],
      summary: 'Venues with a suspension (停业整顿) recommended (awaiting a decision) or approved, in my scope',
      responses: { 200: jsonContent(z.object({ items: z.array(Venue) }), 'The venues'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data } = c.var;
      const [venues, scope] = await Promise.all([data.enforcement.register('SUSPENSION'), data.scopeOf(actor)]);
      return c.json({ items: venues.filter((v) => v.suspension && data.canSeeVenue(actor, scope, v)) }, 200);
    },
  );
