/**
 * Readings from the outbox, alerts for the supervisor chain (acknowledge, resolve with a note), today's
 * list for grid members and the follow-up figures for supervisors.
 */
import * as z from 'zod';
import { alertView } from '../../../../shared/data/residents/monitoring/alerts';
import { readingView } from '../../../../shared/data/residents/monitoring/stored';
import { AlertAcknowledge, AlertResolve, Reading, ReadingInput } from '../../../../shared/domain/monitoring/reading';
import { Alert } from '../../../../shared/domain/monitoring/reading';
import { GridId } from '../../../../shared/domain/grid';
import { apiRoutes, defineRoute } from '../../route';
import { errorResponses, jsonBody, jsonContent } from '../../schemas';
import { ALERT_ROLES, AlertList, AlertParam, RESIDENT_ROLES, scopeAndNow } from './support';

const ReadingOut = Reading.extend({ alertId: z.string().optional() });
const Counts = z.record(z.string(), z.number());
const Rates = z.object({ followedToday: z.number().optional(), followedAllDays: z.number().optional(), lost: z.number().optional() });
const Figures = z.object({
  date: z.string(),
  total: Counts,
  rates: Rates,
  grids: z.array(z.object({ id: z.string(), name: z.string(), path: z.string(), parentId: z.string().nullable(), own: Counts, total: Counts, rates: Rates })),
  trend: z.array(z.object({ date: z.string(), underMonitoring: z.number(), due: z.number(), done: z.number(), missed: z.number() })),
});
const TodayPerson = z.object({
  episodeId: z.string(),
  personId: z.string(),
  householdId: z.string(),
  gridId: z.string(),
  nameMasked: z.string(),
  building: z.string(),
  room: z.string(),
  type: z.string(),
  lastDay: z.string(),
  windows: z.array(z.object({ id: z.string(), done: z.boolean(), closed: z.boolean() })),
  dueNow: z.boolean(),
  lastReadingAt: z.string().optional(),
  lastTemperature: z.number().optional(),
  lastFever: z.boolean().optional(),
  lost: z.boolean(),
});
const Today = z.object({
  date: z.string(),
  window: z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string(), start: z.string(), end: z.string() }).optional(),
  buildings: z.array(z.object({ building: z.string(), people: z.array(TodayPerson) })),
});

const alertChange = (path: string, summary: string, body: z.ZodType) =>
  defineRoute(ALERT_ROLES, {
    method: 'post',
    path: `/alerts/{alertId}/${path}`,
    tags: ['monitoring'],
    summary,
    request: { params: AlertParam, body: jsonBody(body) },
    responses: { 200: jsonContent(Alert, 'Changed'), ...errorResponses },
  });

export const monitoringReadings = apiRoutes()
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'post',
      path: '/readings',
      tags: ['monitoring'],
      summary: 'Record a temperature reading (client ULID: a resend is stored once, 200); a fever raises an alert at once',
      request: { body: jsonBody(ReadingInput) },
      responses: { 201: jsonContent(ReadingOut, 'Stored'), 200: jsonContent(ReadingOut, 'Already stored (a resend)'), ...errorResponses },
    }),
    async (c) => {
      const { m, scope, now, actor } = await scopeAndNow(c);
      const { reading, created, alertId } = await m.readings.record(actor, scope, c.req.valid('json'), now);
      const cipher = (await c.var.data.residents.cipher(false))!;
      return c.json({ ...readingView(cipher, reading), alertId }, created ? 201 : 200);
    },
  )
  .openapi(
    defineRoute(ALERT_ROLES, {
      method: 'get',
      path: '/alerts',
      tags: ['monitoring'],
      summary: 'Alerts of my grids (or one grid subtree): open and acknowledged (default) or resolved; escalated ones first',
      request: { query: z.object({ grid: GridId.optional(), status: z.enum(['open', 'resolved']).default('open') }) },
      responses: { 200: jsonContent(AlertList, 'Alerts'), ...errorResponses },
    }),
    async (c) => {
      const { m, scope, now } = await scopeAndNow(c);
      const { grid, status } = c.req.valid('query');
      const roots = await c.var.data.residents.rootsOf(scope, grid);
      const rules = await m.episodes.rules();
      const found = (await Promise.all(roots.map((r) => m.alerts.inSubtree(r, status === 'open' ? 'OPEN' : 'CLOSED')))).flat().map((a) => alertView(a, rules, now));
      found.sort((a, b) => Number(b.escalated) - Number(a.escalated) || a.raisedAt.localeCompare(b.raisedAt));
      return c.json({ items: found.slice(0, 500) }, 200);
    },
  )
  .openapi(alertChange('acknowledge', 'Take an alert on (owner: me, or the one named)', AlertAcknowledge), async (c) => {
    const { m, scope, now, actor } = await scopeAndNow(c);
    const before = await m.alerts.visible(scope, c.req.valid('param').alertId);
    const after = await m.alerts.acknowledge(actor, before, c.req.valid('json') as z.infer<typeof AlertAcknowledge>, now);
    return c.json(alertView(after, await m.episodes.rules(), now), 200);
  })
  .openapi(alertChange('resolve', 'Resolve an alert with a note', AlertResolve), async (c) => {
    const { m, scope, now, actor } = await scopeAndNow(c);
    const before = await m.alerts.visible(scope, c.req.valid('param').alertId);
    const after = await m.alerts.resolve(actor, before, c.req.valid('json') as z.infer<typeof AlertResolve>, now);
    return c.json(alertView(after, await m.episodes.rules(), now), 200);
  })
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/today',
      tags: ['monitoring'],
      summary: "Today's list: who needs a reading in the window open now (or the next today), by building, with the last reading",
      responses: { 200: jsonContent(Today, "Today's list"), ...errorResponses },
    }),
    async (c) => {
      const { m, scope, now } = await scopeAndNow(c);
      return c.json(await m.lists.today(scope, await c.var.data.residents.rootsOf(scope), now), 200);
    },
  )
  .openapi(
    defineRoute(ALERT_ROLES, {
      method: 'get',
      path: '/figures',
      tags: ['monitoring'],
      summary: 'Follow-up figures per grid, rolled up: under monitoring, due/done/missed today, fevers, open alerts, % followed today, % followed all days, % lost; 14-day trend',
      request: { query: z.object({ grid: GridId.optional() }) },
      responses: { 200: jsonContent(Figures, 'Figures'), ...errorResponses },
    }),
    async (c) => {
      const { m, scope, now } = await scopeAndNow(c);
      const roots = await c.var.data.residents.rootsOf(scope, c.req.valid('query').grid);
      return c.json(await m.lists.figures(scope, roots, now), 200);
    },
  );
