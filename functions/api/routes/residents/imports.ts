/**
 * Resident import (人员批量导入) in three calls, like the venue import: announce the file (its size,
 * format and what to do with duplicates), upload it where the answer says (in AWS straight to S3),
 * start. The import job checks, seals and writes; this API shows the progress and the row errors
 * (personal values masked). Tenant admins only. docs/resident-import.md.
 */
import * as z from 'zod';
import { ImportId, RESIDENT_IMPORT_MAX_BYTES, ResidentImport, ResidentImportRequest, ResidentImportUpload, ResidentImportView } from '../../../../shared/domain/residents/import';
import { conflict } from '../../../../shared/errors';
import { apiRoutes, defineRoute } from '../../route';
import { receiveUploadedFile, XLSX_TYPE } from '../upload-file';
import { errorResponses, jsonBody, jsonContent, PageQuery, pageOf } from '../../schemas';

const ADMIN = ['tenant-admin'] as const;
const ImportParam = z.object({ residentImportId: ImportId });
const contentPath = (importId: string) => `/api/residents/imports/${importId}/file`;

export const residentImports = apiRoutes()
  .openapi(
    defineRoute(ADMIN, {
      method: 'post',
      path: '/imports',
      tags: ['residents'],
      summary: 'Start a resident import: announce the CSV or xlsx file; PUT it to `upload.url` with `upload.headers` (and your Authorization header when `upload.authorization` is "bearer"), then POST …/start',
      request: { body: jsonBody(ResidentImportRequest) },
      responses: { 201: jsonContent(ResidentImportUpload, 'The import (status uploading) and where to upload the file'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data, deps } = c.var;
      const now = deps.clock.now();
      const created = await data.residents.imports.create({ ...c.req.valid('json'), by: actor.userId, now });
      const type = created.format === 'xlsx' ? XLSX_TYPE : 'text/csv';
      const upload = await deps.importFiles.uploadTarget({ tenantId: actor.tenantId, importId: created.id, size: created.size, type, contentPath: contentPath(created.id) }, now);
      return c.json({ import: created, upload }, 201);
    },
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'put',
      path: '/imports/{residentImportId}/file',
      tags: ['residents'],
      summary: 'Upload the file of a resident import (local file store; in AWS the upload goes to S3)',
      request: {
        params: ImportParam,
        body: {
          content: {
            'text/csv': { schema: z.string().openapi({ description: `UTF-8 CSV, header first (docs/resident-import.md), exactly the announced size, at most ${RESIDENT_IMPORT_MAX_BYTES} bytes` }) },
            [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary', description: 'An xlsx workbook; its first sheet is read' }) },
          },
          required: true,
        },
      },
      responses: { 204: { description: 'Stored' }, 413: errorResponses[400], 415: errorResponses[400], ...errorResponses },
    }),
    async (c) => {
      const { actor, data } = c.var;
      const imp = await data.residents.imports.get(c.req.valid('param').residentImportId);
      // The store checks existence first: a store that takes no uploads answers 404 before anything else.
      if (c.var.deps.importFiles.content && imp.status !== 'uploading') throw conflict(`the import is ${imp.status}: its file was uploaded already`, { status: imp.status });
      await receiveUploadedFile(c, { tenantId: actor.tenantId, importId: imp.id }, imp, 'import file upload here (upload to the URL POST /api/residents/imports gave)');
      return c.body(null, 204);
    },
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'post',
      path: '/imports/{residentImportId}/start',
      tags: ['residents'],
      summary: 'Run the import once its file is uploaded, or again after a stop or a failure (chunks already written are skipped)',
      request: { params: ImportParam },
      responses: { 202: jsonContent(ResidentImportView, 'Sent to the job queue (or already done)'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data, deps } = c.var;
      const { residentImportId: importId } = c.req.valid('param');
      const imports = data.residents.imports;
      let current = await imports.get(importId);
      if (current.status === 'uploading') {
        const size = await deps.importFiles.size({ tenantId: actor.tenantId, importId });
        if (size === undefined) throw conflict('the file is not uploaded yet: PUT it to the upload URL first', { status: current.status });
        if (size !== current.size) throw conflict(`the uploaded file is ${size} bytes, but ${current.size} were announced`, { status: current.status });
        const now = deps.clock.now();
        current = (await imports.markQueued(importId, now)) ? { ...current, status: 'queued', updatedAt: now.toISOString() } : await imports.get(importId);
      }
      if (current.status !== 'done') await deps.jobs.send([{ kind: 'resident-import', tenantId: actor.tenantId, importId }]);
      return c.json(current, 202);
    },
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'get',
      path: '/imports',
      tags: ['residents'],
      summary: 'Recent resident imports, newest first (progress only)',
      request: { query: PageQuery },
      responses: { 200: jsonContent(pageOf(ResidentImport), 'A page of imports'), ...errorResponses },
    }),
    async (c) => c.json(await c.var.data.residents.imports.list(c.req.valid('query')), 200),
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'get',
      path: '/imports/{residentImportId}',
      tags: ['residents'],
      summary: "A resident import's progress and its row errors (personal values masked)",
      request: { params: ImportParam },
      responses: { 200: jsonContent(ResidentImportView, 'The import'), ...errorResponses },
    }),
    async (c) => c.json(await c.var.data.residents.imports.get(c.req.valid('param').residentImportId), 200),
  );
