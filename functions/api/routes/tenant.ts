/** The caller's own tenant profile. */
import { tenantDirectory } from '../../../shared/data/tenants';
import { Tenant, TenantPatch } from '../../../shared/domain/tenant';
import { apiRoutes, defineRoute, TENANT_ROLES } from '../route';
import { errorResponses, jsonBody, jsonContent } from '../schemas';

/** Tenant admins may rename their tenant and its grid levels; suspension is the platform's call. */
const OwnTenantPatch = TenantPatch.omit({ status: true });

export const tenant = apiRoutes()
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/',
      tags: ['tenant'],
      summary: 'My tenant',
      responses: { 200: jsonContent(Tenant, 'The tenant'), ...errorResponses },
    }),
    async (c) => c.json(await tenantDirectory(c.var.data.db).get(c.var.actor.tenantId), 200),
  )
  .openapi(
    defineRoute(['tenant-admin'], {
      method: 'patch',
      path: '/',
      tags: ['tenant'],
      summary: 'Change my tenant',
      request: { body: jsonBody(OwnTenantPatch) },
      responses: { 200: jsonContent(Tenant, 'Updated'), ...errorResponses },
    }),
    async (c) =>
      c.json(await tenantDirectory(c.var.data.db).update(c.var.actor.tenantId, c.req.valid('json'), c.var.deps.clock.now()), 200),
  );
