/**
 * Visitors' check-ins for the staff: a venue's counts by day (whoever may see the venue), the
 * count of a day in scope and the busiest venues in scope (the dashboard), and "who was at this venue between t1 and t2" for a traced
 * case — supervisors and tenant admins only, with a reason, written to the access log before the
 * answer leaves.
 */
import * as z from 'zod';
import { VisitorsQuery } from '../../../../shared/domain/check-in';
import { inScope } from '../../../../shared/domain/scope';
import { VenueId } from '../../../../shared/domain/venues/venue';
import { apiRoutes, defineRoute, TENANT_ROLES } from '../../route';
import { Day, errorResponses, jsonBody, jsonContent } from '../../schemas';
import { originOf } from '../residents/support';

const VenueParam = z.object({ venueId: VenueId });
const DayCounts = z.object({ venueId: z.string(), days: z.array(z.object({ day: z.string(), checkIns: z.number() })) });
const Busiest = z.object({ from: z.string(), to: z.string(), items: z.array(z.object({ venueId: z.string(), name: z.string(), gridId: z.string(), checkIns: z.number(), lastDay: z.number() })) });
/** The days from `date` back, `days` of them, oldest first. */
const daysUpTo = (date: string, days: number) => Array.from({ length: days }, (_, i) => new Date(Date.parse(`${date}T00:00:00Z`) - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
const Visitors = z.object({ venueId: z.string(), from: z.string(), to: z.string(), items: z.array(z.object({ id: z.string(), at: z.string(), kind: z.enum(['phone', 'person-code']), visitor: z.string() })) });

export const checkIns = apiRoutes()
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/venues/{venueId}',
      tags: ['check-ins'],
      summary: "A venue's visitor check-ins per day (a month, or every day kept)",
      request: { params: VenueParam, query: z.object({ month: z.string().regex(/^\d{4}-\d{2}$/, 'YYYY-MM').optional() }) },
      responses: { 200: jsonContent(DayCounts, 'Counts per day'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const venue = await data.visibleVenue(actor, c.req.valid('param').venueId);
      return c.json({ venueId: venue.id, days: await data.selfRegistration.checkIns.venueCounts(venue.id, c.req.valid('query').month) }, 200);
    },
  )
  .openapi(
    defineRoute(['tenant-admin', 'supervisor'], {
      method: 'get',
      path: '/figures',
      tags: ['check-ins'],
      summary: "Visitor check-ins of a day at the venues in my scope (the whole tenant, or my grids' subtrees: one Query each)",
      request: { query: z.object({ date: Day }) },
      responses: { 200: jsonContent(z.object({ date: z.string(), checkIns: z.number() }), 'The count'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const { date } = c.req.valid('query');
      const scope = await data.scopeOf(actor);
      return c.json({ date, checkIns: await data.selfRegistration.checkIns.dayTotal(date, scope.kind === 'subtrees' ? scope.roots : undefined) }, 200);
    },
  )
  .openapi(
    defineRoute(['tenant-admin', 'supervisor'], {
      method: 'get',
      path: '/busiest',
      tags: ['check-ins'],
      summary: 'The venues in my scope with the most visitor check-ins over the days up to date (the dashboard): one Query per day',
      request: { query: z.object({ date: Day, days: z.coerce.number().int().min(1).max(28).default(7), limit: z.coerce.number().int().min(1).max(50).default(10) }) },
      responses: { 200: jsonContent(Busiest, 'Busiest first'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const { date, days, limit } = c.req.valid('query');
      const range = daysUpTo(date, days);
      const scope = await data.scopeOf(actor);
      const top = await data.selfRegistration.checkIns.byVenue(range, (path) => inScope(scope, path), limit);
      const venues = await Promise.all(top.map((v) => data.venues.find(v.venueId)));
      const items = top.flatMap((v, i) => {
        const venue = venues[i];
        return venue ? [{ venueId: v.venueId, name: venue.name, gridId: venue.gridId, checkIns: v.checkIns, lastDay: v.byDay[date] ?? 0 }] : [];
      });
      return c.json({ from: range[0]!, to: date, items }, 200);
    },
  )
  .openapi(
    defineRoute(['tenant-admin', 'supervisor'], {
      method: 'post',
      path: '/venues/{venueId}/visitors',
      tags: ['check-ins'],
      summary: 'Who checked in at this venue between from and to (at most 24 hours), for a traced case: with a reason, written to the access log first',
      request: { params: VenueParam, body: jsonBody(VisitorsQuery) },
      responses: { 200: jsonContent(Visitors, 'The visitors, unmasked'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const venue = await data.visibleVenue(actor, c.req.valid('param').venueId);
      const { from, to, reason } = c.req.valid('json');
      const items = await data.selfRegistration.checkIns.visitors(venue.id, from, to);
      // No unaudited access: the entry is written before anything is answered.
      await data.residents.audit.append(actor, originOf(c), { action: 'venue-visitors', count: items.length, reason: `${reason} [venue ${venue.id} ${from}–${to}]` }, c.var.deps.clock.now());
      return c.json({ venueId: venue.id, from, to, items }, 200);
    },
  );
