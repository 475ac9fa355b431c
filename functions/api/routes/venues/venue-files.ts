/**
 * A venue's files (mounted under /api/venues): its history exported (inspections and problems, CSV
 * and xlsx, streamed) and its venue code (场所码) as a QR image (PNG, SVG). File routes: served in AWS
 * by the files function (functions/api-stream.ts), not by the API function
 * (functions/api/file-route-groups.ts). The venue code as JSON and its rotation stay in venues.ts.
 */
import type { Context } from 'hono';
import * as z from 'zod';
import type { Inspection } from '../../../../shared/domain/venues/inspection';
import type { VenueEvent } from '../../../../shared/domain/venues/ladder';
import { ENFORCEMENT_COLUMNS, enforcementRowMaker } from '../../../../shared/export/enforcement-columns';
import { VenueId } from '../../../../shared/domain/venues/venue';
import { venueCodeToken } from '../../../../shared/domain/venues/venue-code';
import { venueCodePng, venueCodeSvg } from '../../../../shared/domain/venues/venue-code-image';
import { INSPECTION_COLUMNS, inspectionRowMaker, PROBLEM_COLUMNS, problemRowMaker, VENUE_HISTORY_COLUMNS, venueHistoryRows } from '../../../../shared/export/columns';
import type { AppEnv } from '../../context';
import { apiRoutes, defineRoute, TENANT_ROLES } from '../../route';
import { errorResponses, fileContent } from '../../schemas';
import { csvResponse, exportContext, rowsOf, xlsxResponse } from '../export-support';
import { checkInUrl, WebOriginQuery } from '../web-links';

/** What a venue's QR holds: the check-in page's link with its current token (a phone's camera opens it). */
const printedCode = async (c: Context<AppEnv>, venue: { id: string; codeVersion: number }, query: { origin?: string }) =>
  checkInUrl(query.origin ?? c.var.deps.webOrigin, venueCodeToken(await c.var.deps.venueCodeKeys(), c.var.actor.tenantId, venue.id, venue.codeVersion));

const VenueParam = z.object({ venueId: VenueId });

/** Every page of a listing read 200 at a time (a venue's inspections or enforcement events, newest first). */
async function* pagesOf<T>(read: (page: { limit: number; cursor?: string }) => Promise<{ items: T[]; cursor?: string }>): AsyncGenerator<T[]> {
  let cursor: string | undefined;
  do {
    const page = await read({ limit: 200, cursor });
    if (page.items.length) yield page.items;
    cursor = page.cursor;
  } while (cursor);
}
const inspectionBatches = (c: Context<AppEnv>, venueId: string): AsyncGenerator<Inspection[]> => pagesOf((p) => c.var.data.inspections.ofVenue(venueId, p));
const enforcementBatches = (c: Context<AppEnv>, venueId: string): AsyncGenerator<VenueEvent[]> => pagesOf((p) => c.var.data.enforcement.events(venueId, p));

async function historyParts(c: Context<AppEnv>, venueId: string) {
  const venue = await c.var.data.visibleVenue(c.var.actor, venueId);
  const [ctx, checklist] = await Promise.all([exportContext(c), c.var.data.checklists.current(venue.kind, c.var.deps.clock.now())]);
  const itemLabels = new Map(checklist.items.map((i) => [i.code, i.labelZh]));
  const names = { zh: `场所档案-${venue.name}-${ctx.today}`, ascii: `venue-${venue.id}-${ctx.today}` };
  return { venue, ctx, itemLabels, names };
}

export const venueFiles = apiRoutes()
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/{venueId}/history.csv',
      tags: ['enforcement'],
      summary: "The venue's inspections, problems and enforcement steps as one CSV table (Chinese headers), streamed",
      request: { params: VenueParam },
      responses: { 200: fileContent('text/csv', 'The history'), ...errorResponses },
    }),
    async (c) => {
      const { venue, ctx, itemLabels, names } = await historyParts(c, c.req.valid('param').venueId);
      const rows = venueHistoryRows(ctx, itemLabels);
      const batches = (async function* () {
        yield* rowsOf(inspectionBatches(c, venue.id), rows.inspection);
        yield* rowsOf(c.var.data.problems.venueBatches(venue.id), rows.problem);
        yield* rowsOf(enforcementBatches(c, venue.id), enforcementRowMaker(ctx).history);
      })();
      return csvResponse(c, names, VENUE_HISTORY_COLUMNS, batches);
    },
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/{venueId}/history.xlsx',
      tags: ['enforcement'],
      summary: "The venue's history as a workbook: sheets 检查记录, 问题记录 and 督办记录, streamed",
      request: { params: VenueParam },
      responses: { 200: fileContent('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'The history'), ...errorResponses },
    }),
    async (c) => {
      const { venue, ctx, itemLabels, names } = await historyParts(c, c.req.valid('param').venueId);
      return xlsxResponse(c, names, [
        { name: '检查记录', columns: INSPECTION_COLUMNS, rows: rowsOf(inspectionBatches(c, venue.id), inspectionRowMaker(ctx, itemLabels)) },
        { name: '问题记录', columns: PROBLEM_COLUMNS, rows: rowsOf(c.var.data.problems.venueBatches(venue.id), problemRowMaker(ctx)) },
        { name: '督办记录', columns: ENFORCEMENT_COLUMNS, rows: rowsOf(enforcementBatches(c, venue.id), enforcementRowMaker(ctx).sheet) },
      ]);
    },
  )
  .openapi(
    defineRoute(['tenant-admin', 'supervisor'], {
      method: 'get',
      path: '/{venueId}/code.png',
      tags: ['venues'],
      summary: "The venue code (场所码) as a QR image (PNG): the visitor check-in page's link with the token",
      request: { params: VenueParam, query: WebOriginQuery.extend({ size: z.coerce.number().int().min(128).max(2048).default(512) }) },
      responses: { 200: { content: { 'image/png': { schema: z.string().openapi({ format: 'binary' }) } }, description: 'The QR code' }, ...errorResponses },
    }),
    async (c) => {
      const venue = await c.var.data.visibleVenue(c.var.actor, c.req.valid('param').venueId);
      const png = await venueCodePng(await printedCode(c, venue, c.req.valid('query')), c.req.valid('query').size);
      return c.body(png, 200, { 'content-type': 'image/png', 'cache-control': 'private, no-store', 'content-disposition': `inline; filename="venue-code-${venue.id}.png"` });
    },
  )
  .openapi(
    defineRoute(['tenant-admin', 'supervisor'], {
      method: 'get',
      path: '/{venueId}/code.svg',
      tags: ['venues'],
      summary: "The venue code (场所码) as a printable SVG: the QR code (the check-in page's link) with the venue name beneath",
      request: { params: VenueParam, query: WebOriginQuery },
      responses: { 200: { content: { 'image/svg+xml': { schema: z.string() } }, description: 'The QR code and name' }, ...errorResponses },
    }),
    async (c) => {
      const venue = await c.var.data.visibleVenue(c.var.actor, c.req.valid('param').venueId);
      const svg = await venueCodeSvg(await printedCode(c, venue, c.req.valid('query')), venue);
      return c.body(svg, 200, { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'private, no-store', 'content-disposition': `inline; filename="venue-code-${venue.id}.svg"` });
    },
  );
