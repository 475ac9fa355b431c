/** Venue kinds and checklist templates (检查表): everyone reads, tenant admins edit (new versions). */
import * as z from 'zod';
import { Checklist, ChecklistInput } from '../../../../shared/domain/venues/checklist';
import { VenueKind, VenueKindCode } from '../../../../shared/domain/venues/venue-kind';
import { apiRoutes, defineRoute, TENANT_ROLES } from '../../route';
import { errorResponses, jsonBody, jsonContent } from '../../schemas';
import { eachOnce } from '../../../../shared/errors';

const ADMIN = ['tenant-admin'] as const;
const Kinds = z.object({ kinds: z.array(VenueKind), version: z.number() });
const KindsInput = z
  .strictObject({ version: z.number().int().min(0), kinds: z.array(VenueKind).min(1).max(100) })
  .refine((k) => new Set(k.kinds.map((x) => x.code)).size === k.kinds.length, { ...eachOnce('kind code'), path: ['kinds'] });
const KindParam = z.object({ kind: VenueKindCode });

export const venueKinds = apiRoutes()
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/',
      tags: ['checklists'],
      summary: 'The venue kinds of my tenant',
      responses: { 200: jsonContent(Kinds, 'Kinds'), ...errorResponses },
    }),
    async (c) => c.json(await c.var.data.checklists.venueKinds(), 200),
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'put',
      path: '/',
      tags: ['checklists'],
      summary: 'Replace the venue kinds (version 0 when editing the defaults)',
      request: { body: jsonBody(KindsInput) },
      responses: { 200: jsonContent(Kinds, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const { kinds, version } = c.req.valid('json');
      return c.json(await c.var.data.checklists.saveVenueKinds(kinds, version, c.var.deps.clock.now()), 200);
    },
  );

export const checklists = apiRoutes()
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/{kind}',
      tags: ['checklists'],
      summary: 'The current checklist of a venue kind',
      request: { params: KindParam },
      responses: { 200: jsonContent(Checklist, 'Current version'), ...errorResponses },
    }),
    async (c) => c.json(await c.var.data.checklists.current(c.req.valid('param').kind, c.var.deps.clock.now()), 200),
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/{kind}/versions/{version}',
      tags: ['checklists'],
      summary: 'One past version of a checklist',
      request: { params: KindParam.extend({ version: z.coerce.number().int().min(1) }) },
      responses: { 200: jsonContent(Checklist, 'That version'), ...errorResponses },
    }),
    async (c) => {
      const { kind, version } = c.req.valid('param');
      return c.json(await c.var.data.checklists.version(kind, version), 200);
    },
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'put',
      path: '/{kind}',
      tags: ['checklists'],
      summary: 'Save an edited checklist as a new version (past inspections keep theirs)',
      request: { params: KindParam, body: jsonBody(ChecklistInput) },
      responses: { 200: jsonContent(Checklist, 'The new version'), ...errorResponses },
    }),
    async (c) => {
      const { baseVersion, items } = c.req.valid('json');
      const { kind } = c.req.valid('param');
      return c.json(await c.var.data.checklists.save(kind, baseVersion, items, c.var.actor.userId, c.var.deps.clock.now()), 200);
    },
  );
