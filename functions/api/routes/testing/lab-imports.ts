/**
 * A lab's result file (检测结果导入) in three calls, like the resident import: announce it (the round
 * and the file's size), upload it where the answer says (in AWS straight to S3), start. The lab
 * import job counts and stores the rows a batch at a time; this API shows the progress and the row
 * errors by line (never an ID number). A stopped import is started again and goes on where it was.
 */
import * as z from 'zod';
import { LabImport, LabImportId, LabImportRequest, LabImportView } from '../../../../shared/domain/testing/lab-import';
import { RoundId } from '../../../../shared/domain/testing/round';
import { FileTransfer } from '../../../../shared/domain/file-transfer';
import { because, conflict } from '../../../../shared/errors';
import { apiRoutes, defineRoute } from '../../route';
import { errorResponses, jsonBody, jsonContent } from '../../schemas';
import { receiveUploadedFile } from '../upload-file';
import { ROUND_ROLES, testingScope } from './support';

const ImportParam = z.object({ labImportId: LabImportId });
const contentPath = (importId: string) => `/api/testing/lab-imports/${importId}/file`;

export const testingLabImports = apiRoutes()
  .openapi(
    defineRoute(ROUND_ROLES, {
      method: 'post',
      path: '/lab-imports',
      tags: ['testing'],
      summary: "Announce a lab's result file (CSV: 样本编号, 身份证号或人员码, 结果) for a round; PUT it to `upload.url` with `upload.headers` (and your Authorization header when `upload.authorization` is \"bearer\"), then POST …/start",
      request: { body: jsonBody(LabImportRequest) },
      responses: { 201: jsonContent(z.object({ import: LabImportView, upload: FileTransfer }), 'The import (status uploading) and where to upload the file'), ...errorResponses },
    }),
    async (c) => {
      const { t, now, actor } = await testingScope(c);
      const body = c.req.valid('json');
      await t.rounds.get(body.roundId);
      const created = await t.labImports.create({ ...body, by: actor.userId, now });
      const upload = await c.var.deps.importFiles.uploadTarget({ tenantId: actor.tenantId, importId: created.id, size: created.size, type: 'text/csv', contentPath: contentPath(created.id) }, now);
      return c.json({ import: created, upload }, 201);
    },
  )
  .openapi(
    defineRoute(ROUND_ROLES, {
      method: 'put',
      path: '/lab-imports/{labImportId}/file',
      tags: ['testing'],
      summary: "Upload a lab import's file (local file store; in AWS the upload goes to S3)",
      request: { params: ImportParam, body: { content: { 'text/csv': { schema: z.string().openapi({ description: 'UTF-8 CSV, header first, exactly the announced size' }) } }, required: true } },
      responses: { 204: { description: 'Stored' }, 413: errorResponses[400], 415: errorResponses[400], ...errorResponses },
    }),
    async (c) => {
      const { t, now, actor } = await testingScope(c);
      const imp = await t.labImports.get(c.req.valid('param').labImportId, now);
      if (c.var.deps.importFiles.content && imp.status !== 'uploading') throw conflict(`the import is ${imp.status}: its file was uploaded already`, { status: imp.status, ...because('import.uploaded') });
      await receiveUploadedFile(c, { tenantId: actor.tenantId, importId: imp.id }, { size: imp.size, format: 'csv' }, 'lab file upload here (upload to the URL POST /api/testing/lab-imports gave)');
      return c.body(null, 204);
    },
  )
  .openapi(
    defineRoute(ROUND_ROLES, {
      method: 'post',
      path: '/lab-imports/{labImportId}/start',
      tags: ['testing'],
      summary: 'Run the import once its file is uploaded, or again after a stop or a failure (it goes on after the last batch done; nothing is counted twice)',
      request: { params: ImportParam },
      responses: { 202: jsonContent(LabImportView, 'Sent to the job queue (or already done, or running)'), ...errorResponses },
    }),
    async (c) => {
      const { t, now, actor } = await testingScope(c);
      const { labImportId: importId } = c.req.valid('param');
      let current = await t.labImports.get(importId, now);
      if (current.status === 'uploading') {
        const size = await c.var.deps.importFiles.size({ tenantId: actor.tenantId, importId });
        if (size === undefined) throw conflict('the file is not uploaded yet: PUT it to the upload URL first', { status: current.status, ...because('import.notUploaded') });
        if (size !== current.size) throw conflict(`the uploaded file is ${size} bytes, but ${current.size} were announced`, { status: current.status, ...because('import.sizeMismatch') });
        await t.labImports.markQueued(importId, now);
        current = await t.labImports.get(importId, now);
      }
      // A live run goes on by itself; anything else not done is sent (again).
      if (current.status !== 'done' && current.status !== 'running' && current.status !== 'checking') await c.var.deps.jobs.send([{ kind: 'lab-import', tenantId: actor.tenantId, importId }]);
      return c.json(current, 202);
    },
  )
  .openapi(
    defineRoute(ROUND_ROLES, {
      method: 'get',
      path: '/lab-imports',
      tags: ['testing'],
      summary: "A round's lab imports, newest first (progress only)",
      request: { query: z.object({ round: RoundId }) },
      responses: { 200: jsonContent(z.object({ items: z.array(LabImport) }), 'Imports'), ...errorResponses },
    }),
    async (c) => {
      const { t, now } = await testingScope(c);
      const round = await t.rounds.get(c.req.valid('query').round);
      return c.json({ items: (await t.labImports.ofRound(round.id, now)).slice(0, 20) }, 200);
    },
  )
  .openapi(
    defineRoute(ROUND_ROLES, {
      method: 'get',
      path: '/lab-imports/{labImportId}',
      tags: ['testing'],
      summary: "A lab import's progress and its row errors by line (never an ID number)",
      request: { params: ImportParam },
      responses: { 200: jsonContent(LabImportView, 'The import'), ...errorResponses },
    }),
    async (c) => {
      const { t, now } = await testingScope(c);
      return c.json(await t.labImports.get(c.req.valid('param').labImportId, now), 200);
    },
  );
