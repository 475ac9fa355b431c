/**
 * Tenant-wide closure notices: close, pause or reopen every venue of some kinds at once. The notice
 * is recorded, then worked a page of venues at a time: a few pages inline (201 when that finishes it,
 * 202 with its progress otherwise); POST …/resume or the scheduled job runner finishes it.
 */
import * as z from 'zod';
import { ClosureNotice, ClosureNoticeInput } from '../../../../shared/data/venues/closure-notices';
import { seesWholeTenant } from '../../../../shared/domain/scope';
import { because, forbidden, notFound } from '../../../../shared/errors';
import { apiRoutes, defineRoute, TENANT_ROLES } from '../../route';
import { errorResponses, jsonBody, jsonContent, PageQuery, pageOf } from '../../schemas';
import { tenantToday } from '../tenant-today';

const ISSUERS = ['tenant-admin', 'supervisor'] as const;
const NoticeParam = z.object({ noticeId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'a notice id (ULID)') });
/** Pages worked inside the request (49 venues each): small notices finish at once. */
const INLINE_PAGES = 10;

export const notices = apiRoutes()
  .openapi(
    defineRoute(ISSUERS, {
      method: 'post',
      path: '/',
      tags: ['enforcement'],
      summary: 'Issue a tenant-wide notice: close, pause or reopen every venue of the given kinds (tenant-wide supervisors and admins)',
      request: { body: jsonBody(ClosureNoticeInput) },
      responses: {
        201: jsonContent(ClosureNotice, 'Issued and applied to every venue'),
        202: jsonContent(ClosureNotice, 'Issued; still being applied (see progress; resume or let the job finish it)'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { actor, data, deps } = c.var;
      if (!seesWholeTenant(actor)) throw forbidden('a tenant-wide notice needs a supervisor of the whole tenant', because('role.tenantWide'));
      const [{ tenant }] = await Promise.all([tenantToday(c), data.checklists.assertKnownKinds(c.req.valid('json').venueKinds)]);
      const { notice } = await data.closureNotices.create(actor, c.req.valid('json'), deps.clock.now(), tenant.timezone);
      const worked = await data.closureNotices.run(notice.id, deps.clock.now(), tenant.timezone, { maxPages: INLINE_PAGES });
      return c.json(worked, worked.status === 'done' ? 201 : 202);
    },
  )
  .openapi(
    defineRoute(ISSUERS, {
      method: 'post',
      path: '/{noticeId}/resume',
      tags: ['enforcement'],
      summary: 'Carry on applying a notice that is still in progress',
      request: { params: NoticeParam },
      responses: { 200: jsonContent(ClosureNotice, 'The notice and its progress'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data, deps } = c.var;
      if (!seesWholeTenant(actor)) throw forbidden('a tenant-wide notice needs a supervisor of the whole tenant', because('role.tenantWide'));
      const { tenant } = await tenantToday(c);
      const found = await data.closureNotices.find(c.req.valid('param').noticeId);
      if (!found) throw notFound('notice');
      return c.json(await data.closureNotices.run(found.id, deps.clock.now(), tenant.timezone, { maxPages: INLINE_PAGES * 2 }), 200);
    },
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/',
      tags: ['enforcement'],
      summary: 'Tenant-wide notices, newest first',
      request: { query: PageQuery },
      responses: { 200: jsonContent(pageOf(ClosureNotice), 'A page of notices'), ...errorResponses },
    }),
    async (c) => c.json(await c.var.data.closureNotices.list(c.req.valid('query')), 200),
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/{noticeId}',
      tags: ['enforcement'],
      summary: 'One tenant-wide notice and its progress',
      request: { params: NoticeParam },
      responses: { 200: jsonContent(ClosureNotice, 'The notice'), ...errorResponses },
    }),
    async (c) => {
      const notice = await c.var.data.closureNotices.find(c.req.valid('param').noticeId);
      if (!notice) throw notFound('notice');
      return c.json(notice, 200);
    },
  );
