/**
 * Samples recorded from the phone (at a site or door to door, offline-safe: client ULID) and the
 * positive alerts for the supervisor chain (a lab's result file: lab-imports.ts).
 */
import * as z from 'zod';
import { GridId } from '../../../../shared/domain/grid';
import { PositiveAlert, PositiveAlertId, PositiveAlertResolve } from '../../../../shared/domain/testing/alert';
import { RecordInput, TestRecord } from '../../../../shared/domain/testing/record';
import { apiRoutes, defineRoute } from '../../route';
import { errorResponses, jsonBody, jsonContent } from '../../schemas';
import { ALERT_ROLES } from '../monitoring/support';
import { RESIDENT_ROLES, testingScope } from './support';

export const testingRecords = apiRoutes()
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'post',
      path: '/records',
      tags: ['testing'],
      summary: "Record a sample: the person's code scanned, their ID number, or door to door by household member (client ULID: a resend is stored once, 200)",
      request: { body: jsonBody(RecordInput) },
      responses: { 201: jsonContent(TestRecord, 'Stored'), 200: jsonContent(TestRecord, 'Already stored (a resend)'), ...errorResponses },
    }),
    async (c) => {
      const { t, scope, now, actor } = await testingScope(c);
      const { record, created } = await t.records.record(actor, scope, c.req.valid('json'), now);
      return c.json(record, created ? 201 : 200);
    },
  )
  .openapi(
    defineRoute(ALERT_ROLES, {
      method: 'get',
      path: '/alerts',
      tags: ['testing'],
      summary: 'Positive-result alerts of my grids (or one grid subtree): open (default) or resolved',
      request: { query: z.object({ grid: GridId.optional(), status: z.enum(['open', 'resolved']).default('open') }) },
      responses: { 200: jsonContent(z.object({ items: z.array(PositiveAlert) }), 'Alerts'), ...errorResponses },
    }),
    async (c) => {
      const { t, scope } = await testingScope(c);
      const { grid, status } = c.req.valid('query');
      const roots = await c.var.data.residents.rootsOf(scope, grid);
      const found = (await Promise.all(roots.map((r) => t.results.alertsIn(r, status === 'open' ? 'OPEN' : 'CLOSED')))).flat();
      return c.json({ items: found.slice(0, 500) }, 200);
    },
  )
  .openapi(
    defineRoute(ALERT_ROLES, {
      method: 'post',
      path: '/alerts/{alertId}/resolve',
      tags: ['testing'],
      summary: 'Resolve a positive-result alert with a note (and the monitoring episode started for it)',
      request: { params: z.object({ alertId: PositiveAlertId }), body: jsonBody(PositiveAlertResolve) },
      responses: { 200: jsonContent(PositiveAlert, 'Resolved'), ...errorResponses },
    }),
    async (c) => {
      const { t, scope, now, actor } = await testingScope(c);
      return c.json(await t.results.resolveAlert(actor, scope, c.req.valid('param').alertId, c.req.valid('json'), now), 200);
    },
  );
