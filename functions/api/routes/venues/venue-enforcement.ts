/**
 * A venue's side of the enforcement ladder (mounted under /api/venues): its problems, black card
 * (挂黑牌 / 摘牌), suspension (停业整顿: recommend, approve, reject, reopen), its enforcement history.
 * Its history exported (inspections and problems) is a file route: venue-files.ts. docs/enforcement.md.
 */
import * as z from 'zod';
import { isOverdue, SuspensionInput, VENUE_ACTION_ROLES, VenueActionInput, VenueEvent } from '../../../../shared/domain/venues/ladder';
import { Problem } from '../../../../shared/domain/venues/problem';
import { Venue, VenueId } from '../../../../shared/domain/venues/venue';
import type { Context } from 'hono';
import type { AppEnv } from '../../context';
import { apiRoutes, defineRoute, TENANT_ROLES } from '../../route';
import { errorResponses, jsonBody, jsonContent, PageQuery, pageOf } from '../../schemas';
import { tenantToday } from '../tenant-today';

const VenueParam = z.object({ venueId: VenueId });
const Acted = z.object({ venue: Venue, event: VenueEvent });
const ProblemView = Problem.extend({ overdue: z.boolean() });

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
