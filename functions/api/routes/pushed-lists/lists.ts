/**
 * Pushed lists (大数据推送名单), uploaded like a resident import in three calls: announce the file,
 * upload it where the answer says (in AWS straight to S3), start. The pushed-list job matches and
 * stores every row as a verification task; this API shows each list's progress (received, matched,
 * assigned, verified, overdue; per grid rolled up) and its row errors, masked. Supervisors and admins.
 */
import * as z from 'zod';
import { FileTransfer } from '../../../../shared/domain/file-transfer';
import { PUSHED_LIST_MAX_BYTES, PushedList, PushedListEntry, PushedListId, PushedListRequest, PushedListView, SCOPED_INDEX_PAGE } from '../../../../shared/domain/pushed-lists/list';
import { ExportTicketView } from '../../../../shared/domain/export-ticket';
import { UnmaskReason } from '../../../../shared/domain/residents/person';
import { mayUnmask } from '../../../../shared/domain/residents/scope';
import { because, conflict, forbidden } from '../../../../shared/errors';
import { apiRoutes, defineRoute } from '../../route';
import { receiveUploadedFile, XLSX_TYPE } from '../upload-file';
import { errorResponses, jsonBody, jsonContent, PageQuery, pageOf } from '../../schemas';

export const LIST_ROLES = ['tenant-admin', 'supervisor'] as const;
const ListParam = z.object({ listId: PushedListId });

export const pushedLists = apiRoutes()
  .openapi(
    defineRoute(LIST_ROLES, {
      method: 'post',
      path: '/',
      tags: ['pushed-lists'],
      summary: 'Announce a pushed list (CSV or xlsx: 姓名, 身份证号, 电话, 地址, 来源地, 抵达日期, 推送来源, 风险等级); PUT it to `upload.url`, then POST …/start',
      request: { body: jsonBody(PushedListRequest) },
      responses: { 201: jsonContent(z.object({ list: PushedList, upload: FileTransfer }), 'The list (uploading) and where to upload its file'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data, deps } = c.var;
      const now = deps.clock.now();
      const list = await data.residents.pushedLists.lists.create(c.req.valid('json'), actor.userId, now);
      const type = list.format === 'xlsx' ? XLSX_TYPE : 'text/csv';
      const upload = await deps.importFiles.uploadTarget({ tenantId: actor.tenantId, importId: list.id, size: list.size, type, contentPath: `/api/pushed-lists/${list.id}/file` }, now);
      return c.json({ list, upload }, 201);
    },
  )
  .openapi(
    defineRoute(LIST_ROLES, {
      method: 'put',
      path: '/{listId}/file',
      tags: ['pushed-lists'],
      summary: 'Upload the file of a pushed list (local file store; in AWS the upload goes to S3)',
      request: {
        params: ListParam,
        body: {
          content: {
            'text/csv': { schema: z.string().openapi({ description: `UTF-8 CSV, header first, exactly the announced size, at most ${PUSHED_LIST_MAX_BYTES} bytes` }) },
            [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary', description: 'An xlsx workbook; its first sheet is read' }) },
          },
          required: true,
        },
      },
      responses: { 204: { description: 'Stored' }, 413: errorResponses[400], 415: errorResponses[400], ...errorResponses },
    }),
    async (c) => {
      const { actor, data } = c.var;
      const list = await data.residents.pushedLists.lists.get(c.req.valid('param').listId);
      if (c.var.deps.importFiles.content && list.status !== 'uploading') throw conflict(`the list is ${list.status}: its file was uploaded already`, { status: list.status });
      await receiveUploadedFile(c, { tenantId: actor.tenantId, importId: list.id }, list, 'list file upload here (upload to the URL POST /api/pushed-lists gave)');
      return c.body(null, 204);
    },
  )
  .openapi(
    defineRoute(LIST_ROLES, {
      method: 'post',
      path: '/{listId}/start',
      tags: ['pushed-lists'],
      summary: 'Match the list once its file is uploaded, or again after a stop (rows already stored are not stored again)',
      request: { params: ListParam },
      responses: { 202: jsonContent(PushedList, 'Sent to the job queue (or already done)'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data, deps } = c.var;
      const { listId } = c.req.valid('param');
      const lists = data.residents.pushedLists.lists;
      let current = await lists.get(listId);
      if (current.status === 'uploading') {
        const size = await deps.importFiles.size({ tenantId: actor.tenantId, importId: listId });
        if (size === undefined) throw conflict('the file is not uploaded yet: PUT it to the upload URL first', { status: current.status });
        if (size !== current.size) throw conflict(`the uploaded file is ${size} bytes, but ${current.size} were announced`, { status: current.status });
        await lists.markQueued(listId, deps.clock.now());
        current = await lists.get(listId);
      }
      if (current.status !== 'done') await deps.jobs.send([{ kind: 'pushed-list', tenantId: actor.tenantId, listId }]);
      const { errors: _e, grids: _g, ...list } = current;
      return c.json(list, 202);
    },
  )
  .openapi(
    defineRoute(LIST_ROLES, {
      method: 'get',
      path: '/',
      tags: ['pushed-lists'],
      summary: `Pushed lists, newest first. A supervisor of some grids (\`scoped\`) gets each list's counts over their grids (\`progress\`; \`rows\` the rows their grids received), zeros when none reached them, at most ${SCOPED_INDEX_PAGE} a page`,
      request: { query: PageQuery },
      responses: { 200: jsonContent(pageOf(PushedListEntry), 'A page of lists'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      return c.json(await data.residents.pushedLists.index(actor, await data.residents.scopeOf(actor), c.req.valid('query')), 200);
    },
  )
  .openapi(
    defineRoute(LIST_ROLES, {
      method: 'get',
      path: '/{listId}',
      tags: ['pushed-lists'],
      summary: "A list's progress (received, matched, assigned, verified, overdue), per grid rolled up, and its row errors (personal values masked). A supervisor of some grids sees theirs only (`scoped`): their grids' progress, and row errors only if the rules let them route",
      request: { params: ListParam },
      responses: { 200: jsonContent(PushedListView, 'The list'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      return c.json((await data.residents.pushedLists.view(actor, await data.residents.scopeOf(actor), c.req.valid('param').listId)).list, 200);
    },
  )
  .openapi(
    defineRoute(LIST_ROLES, {
      method: 'post',
      path: '/{listId}/export-tickets',
      tags: ['pushed-lists'],
      summary: "Ask for an unmasked export: the roles the tenant's rules let unmask (`residents.unmaskRoles`), with a reason (in this body, never a URL). Answers a one-use ticket for GET …/export.csv?ticket=, valid 2 minutes",
      request: { params: ListParam, body: jsonBody(UnmaskReason) },
      responses: { 201: jsonContent(ExportTicketView, 'The ticket'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data, deps } = c.var;
      const { listId } = c.req.valid('param');
      await data.residents.pushedLists.lists.get(listId);
      if (!mayUnmask(actor, (await data.residents.rules()).unmaskRoles)) throw forbidden("your role may not export unmasked data (the tenant's rules)", because('role.unmask'));
      return c.json(await data.exportTickets.issue(actor, { kind: 'pushed-list', listId }, c.req.valid('json').reason, deps.clock.now()), 201);
    },
  );
