/**
 * CSV venue import (场所批量导入), in three calls: announce the file (its size), upload it where the
 * answer says (in AWS straight to S3, so a 10 MB file never meets Lambda's request limit), start.
 * The import job then checks every row and writes the valid ones; this API shows its progress and
 * the row errors. docs/venue-import.md.
 */
import * as z from 'zod';
import { IMPORT_MAX_BYTES, ImportId, VenueImport, VenueImportRequest, VenueImportUpload, VenueImportView } from '../../../../shared/domain/venues/venue-import';
import { badRequest, conflict, DomainError, notFound } from '../../../../shared/errors';
import { apiRoutes, defineRoute } from '../../route';
import { errorResponses, jsonBody, jsonContent, PageQuery, pageOf } from '../../schemas';

const ADMIN = ['tenant-admin'] as const;
const ImportParam = z.object({ importId: ImportId });
const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel'];

export const venueImports = apiRoutes()
  .openapi(
    defineRoute(ADMIN, {
      method: 'post',
      path: '/',
      tags: ['venues'],
      summary: 'Start a venue import: announce the CSV file; PUT it to `upload.url` with `upload.headers` (and your Authorization header when `upload.authorization` is "bearer"), then POST …/start',
      request: { body: jsonBody(VenueImportRequest) },
      responses: { 201: jsonContent(VenueImportUpload, 'The import (status uploading) and where to upload the file'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data, deps } = c.var;
      const now = deps.clock.now();
      const created = await data.imports.create({ ...c.req.valid('json'), by: actor.userId, now });
      const upload = await deps.importFiles.uploadTarget({ tenantId: actor.tenantId, importId: created.id, size: created.size }, now);
      return c.json({ import: created, upload }, 201);
    },
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'put',
      path: '/{importId}/file',
      tags: ['venues'],
      summary: 'Upload the CSV file of an import (local file store; in AWS the upload goes to S3)',
      request: {
        params: ImportParam,
        body: {
          content: { 'text/csv': { schema: z.string().openapi({ description: `UTF-8 CSV, header first (docs/venue-import.md), exactly the announced size, at most ${IMPORT_MAX_BYTES} bytes` }) } },
          required: true,
        },
      },
      responses: { 204: { description: 'Stored' }, 413: errorResponses[400], 415: errorResponses[400], ...errorResponses },
    }),
    async (c) => {
      const { actor, data, deps } = c.var;
      const store = deps.importFiles.content;
      if (!store) throw notFound('import file upload here (upload to the URL POST /api/venues/imports gave)');
      const imp = await data.imports.get(c.req.valid('param').importId);
      if (imp.status !== 'uploading') throw conflict(`the import is ${imp.status}: its file was uploaded already`, { status: imp.status });
      const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (!CSV_TYPES.includes(type)) throw new DomainError(415, 'unsupported_media_type', 'header.content-type: send the file as text/csv (UTF-8)');
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.length !== imp.size) throw badRequest('body', `is ${bytes.length} bytes, but ${imp.size} were announced`);
      await store.put({ tenantId: actor.tenantId, importId: imp.id }, bytes);
      return c.body(null, 204);
    },
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'post',
      path: '/{importId}/start',
      tags: ['venues'],
      summary: 'Run the import once its file is uploaded, or again after a stop or a failure (chunks already written are skipped)',
      request: { params: ImportParam },
      responses: { 202: jsonContent(VenueImportView, 'Sent to the job queue (or already done)'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data, deps } = c.var;
      const { importId } = c.req.valid('param');
      const file = { tenantId: actor.tenantId, importId };
      const now = deps.clock.now();
      let current = await data.imports.get(importId, now);
      if (current.status === 'uploading') {
        const size = await deps.importFiles.size(file);
        if (size === undefined) throw conflict('the file is not uploaded yet: PUT it to the upload URL first', { status: current.status });
        // S3 checked the length against the signed one already; this is the same rule, stated.
        if (size !== current.size) throw conflict(`the uploaded file is ${size} bytes, but ${current.size} were announced`, { status: current.status });
        // Queued as read, unless another start got there first: then read what it made of it.
        current = (await data.imports.markQueued(importId, now)) ? { ...current, status: 'queued', updatedAt: now.toISOString() } : await data.imports.get(importId, now);
      }
      if (current.status !== 'done') {
        // Watched by the scheduler until its job ends (it resumes it if the worker dies).
        await data.importLiveness.started(importId, now);
        await deps.jobs.send([{ kind: 'import', tenantId: actor.tenantId, importId }]);
        if (current.status === 'stopped') current = { ...current, status: 'queued', failure: undefined, failureZh: undefined };
      }
      return c.json(current, 202);
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
    async (c) => c.json(await c.var.data.imports.list(c.req.valid('query'), c.var.deps.clock.now()), 200),
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
    async (c) => c.json(await c.var.data.imports.get(c.req.valid('param').importId, c.var.deps.clock.now()), 200),
  );
