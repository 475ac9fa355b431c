/**
 * The tenant's rules (规则): everyone in the tenant reads them (the quota, deadlines and thresholds
 * shape their day); tenant admins change them; admins and supervisors read past versions.
 */
import { RulesInput, TenantRules } from '../../../shared/domain/rules';
import { apiRoutes, defineRoute, TENANT_ROLES } from '../route';
import { errorResponses, jsonBody, jsonContent, PageQuery, pageOf } from '../schemas';

export const rules = apiRoutes()
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/',
      tags: ['rules'],
      summary: 'The current rules (version 0: the defaults, never saved)',
      responses: { 200: jsonContent(TenantRules, 'The rules'), ...errorResponses },
    }),
    async (c) => c.json(await c.var.data.rules.get(), 200),
  )
  .openapi(
    defineRoute(['tenant-admin'], {
      method: 'put',
      path: '/',
      tags: ['rules'],
      summary: 'Replace the rules; `version` is the version they were edited from (0 for the defaults)',
      request: { body: jsonBody(RulesInput) },
      responses: { 200: jsonContent(TenantRules, 'Saved as the next version'), ...errorResponses },
    }),
    async (c) => c.json(await c.var.data.rules.save(c.req.valid('json'), c.var.actor.userId, c.var.deps.clock.now()), 200),
  )
  .openapi(
    defineRoute(['tenant-admin', 'supervisor'], {
      method: 'get',
      path: '/history',
      tags: ['rules'],
      summary: 'Saved versions of the rules, newest first',
      request: { query: PageQuery },
      responses: { 200: jsonContent(pageOf(TenantRules), 'A page of versions'), ...errorResponses },
    }),
    async (c) => c.json(await c.var.data.rules.history(c.req.valid('query')), 200),
  );
