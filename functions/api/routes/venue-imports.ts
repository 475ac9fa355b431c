/**
 * CSV venue import (场所批量导入): the upload is checked at once and answered with the row errors;
 * the valid rows are written by the import job, whose progress this API shows. docs/venue-import.md.
 */
import * as z from 'zod';
import { IMPORT_MAX_BYTES, VenueImport, VenueImportView } from '../../../shared/domain/venue-import';
import { DomainError } from '../../../shared/errors';
import { apiRoutes, defineRoute } from '../route';
import { errorResponses, jsonContent, PageQuery, pageOf } from '../schemas';

const ADMIN = ['tenant-admin'] as const;
const ImportParam = z.object({ importId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'an import id') });
const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel'];

export const venueImports = apiRoutes()
  .openapi(
    defineRoute(ADMIN, {
      method: 'post',
      path: '/',
      tags: ['venues'],
      summary: 'Import venues from a CSV file (UTF-8): rows are checked now, written by a job; poll the import for progress',
      request: {
        query: z.object({ fileName: z.string().trim().min(1).max(200).optional() }),
        body: {
          content: { 'text/csv': { schema: z.string().openapi({ description: `UTF-8 CSV, header first (docs/venue-import.md), at most ${IMPORT_MAX_BYTES} bytes` }) } },
          required: true,
        },
      },
      responses: {
        202: jsonContent(VenueImportView, 'Checked; the valid rows are being written (status queued), or nothing to write (done)'),
        413: errorResponses[400],
        415: errorResponses[400],
        ...errorResponses,
      },
    }),
    async (c) => {
      const { actor, data, deps } = c.var;
      const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (!CSV_TYPES.includes(type)) throw new DomainError(415, 'unsupported_media_type', 'body: send the file as text/csv (UTF-8)');
      const body = new Uint8Array(await c.req.arrayBuffer());
      const [{ kinds }, grids] = await Promise.all([data.checklists.venueKinds(), data.grids.tree()]);
      // The CSV parser loads here, on the first upload, not on every cold start.
      const { parseVenueCsv } = await import('../../../shared/domain/venue-csv');
      const parsed = parseVenueCsv(body, { kinds, grids: new Map(grids.filter((g) => g.status === 'active').map((g) => [g.id, g.path])) });
      const created = await data.imports.create(parsed, { fileName: c.req.valid('query').fileName, by: actor.userId, now: deps.clock.now() });
      if (created.status === 'queued') await deps.jobs.send([{ kind: 'import', tenantId: actor.tenantId, importId: created.id }]);
      return c.json(created, 202);
    },
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'get',
      path: '/',
      tags: ['venues'],
      summary: 'Recent venue imports, newest first (progress only)',
      request: { query: PageQuery },
      responses: { 200: jsonContent(pageOf(VenueImport), 'A page of imports'), ...errorResponses },
    }),
    async (c) => c.json(await c.var.data.imports.list(c.req.valid('query')), 200),
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'get',
      path: '/{importId}',
      tags: ['venues'],
      summary: "An import's progress and its row errors",
      request: { params: ImportParam },
      responses: { 200: jsonContent(VenueImportView, 'The import'), ...errorResponses },
    }),
    async (c) => c.json(await c.var.data.imports.get(c.req.valid('param').importId), 200),
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'post',
      path: '/{importId}/resume',
      tags: ['venues'],
      summary: 'Run an unfinished import again (after a stop or a failure); chunks already written are skipped',
      request: { params: ImportParam },
      responses: { 202: jsonContent(VenueImportView, 'Sent to the job queue (or already done)'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data, deps } = c.var;
      const { importId } = c.req.valid('param');
      const current = await data.imports.get(importId);
      if (current.status !== 'done') await deps.jobs.send([{ kind: 'import', tenantId: actor.tenantId, importId }]);
      return c.json(current, 202);
    },
  );
