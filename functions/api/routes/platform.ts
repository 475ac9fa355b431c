/**
 * The platform admin's tenant registry. The tenant id in the path names the tenant being managed;
 * it never selects whose data a request reads (that is always the caller's own tenant).
 */
import * as z from 'zod';
import { tenantDirectory } from '../../../shared/data/tenants';
import { Tenant, TenantId, TenantInput, TenantPatch } from '../../../shared/domain/tenant';
import { Password, UserId } from '../../../shared/domain/user';
import { apiRoutes, defineRoute } from '../route';
import { errorResponses, jsonBody, jsonContent, PageQuery, pageOf } from '../schemas';
import { forgetCodeTenant } from './self-registration/public-tenant';

const ADMIN = ['platform-admin'] as const;
const CreateTenant = TenantInput.extend({
  admin: z.strictObject({ id: UserId, displayName: z.string().trim().min(1).max(60), password: Password }).optional(),
});
const TenantParam = z.object({ tenantId: TenantId });

export const platform = apiRoutes()
  .openapi(
    defineRoute(ADMIN, {
      method: 'post',
      path: '/tenants',
      tags: ['platform'],
      summary: 'Create a tenant (district, county, town) with its first tenant admin',
      request: { body: jsonBody(CreateTenant) },
      responses: { 201: jsonContent(Tenant, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const { admin, ...input } = c.req.valid('json');
      const tenant = await tenantDirectory(c.var.deps.tables.tenant(input.id), c.var.deps.identity).create(input, admin, c.var.deps.clock.now());
      return c.json(tenant, 201);
    },
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'get',
      path: '/tenants',
      tags: ['platform'],
      summary: 'List tenants',
      request: { query: PageQuery },
      responses: { 200: jsonContent(pageOf(Tenant), 'A page of tenants'), ...errorResponses },
    }),
    async (c) => c.json(await tenantDirectory(c.var.deps.tables.directory).list(c.req.valid('query')), 200),
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'get',
      path: '/tenants/{tenantId}',
      tags: ['platform'],
      summary: 'One tenant',
      request: { params: TenantParam },
      responses: { 200: jsonContent(Tenant, 'The tenant'), ...errorResponses },
    }),
    async (c) => c.json(await tenantDirectory(c.var.deps.tables.tenant(c.req.valid('param').tenantId)).get(c.req.valid('param').tenantId), 200),
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'patch',
      path: '/tenants/{tenantId}',
      tags: ['platform'],
      summary: 'Change a tenant (names, time zone, grid level names, suspend)',
      request: { params: TenantParam, body: jsonBody(TenantPatch) },
      responses: { 200: jsonContent(Tenant, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const { tenantId } = c.req.valid('param');
      const tenant = await tenantDirectory(c.var.deps.tables.tenant(tenantId)).update(tenantId, c.req.valid('json'), c.var.deps.clock.now());
      // A suspended tenant's tokens stop at once here, and on other instances within the access check's TTL.
      c.var.deps.access.forget(tenantId);
      // And its public codes (registration, venue check-ins) are refused here at once, elsewhere within that TTL.
      forgetCodeTenant(c.var.deps, tenantId);
      return c.json(tenant, 200);
    },
  );
