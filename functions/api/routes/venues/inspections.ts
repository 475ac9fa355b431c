/** Inspections (检查): submitted from the field, idempotent by client id; read by venue, inspector or grid. */
import * as z from 'zod';
import { GridId } from '../../../../shared/domain/grid';
import { Inspection, InspectionId, InspectionInput } from '../../../../shared/domain/venues/inspection';
import { InspectionEvidence } from '../../../../shared/domain/venues/evidence';
import { Problem } from '../../../../shared/domain/venues/problem';
import { inspectionEvidence } from '../../../../shared/data/venues/inspection-evidence';
import { recheckByInspection } from '../../../../shared/data/venues/recheck-by-inspection';
import { inScope } from '../../../../shared/domain/scope';
import { UserId } from '../../../../shared/domain/user';
import { hasRole } from '../../../../shared/domain/actor';
import { because, forbidden } from '../../../../shared/errors';
import { apiRoutes, defineRoute, TENANT_ROLES } from '../../route';
import { Day, errorResponses, jsonBody, jsonContent, PageQuery, pageOf } from '../../schemas';

const FIELD = ['inspector', 'supervisor', 'industry-authority'] as const;
const Submitted = z.object({
  inspection: Inspection,
  problems: z.array(Problem),
  /** Open problems of the venue this inspection re-checked (复查): closed when its item passed. */
  rechecked: z.array(Problem).optional(),
});

export const inspections = apiRoutes()
  .openapi(
    defineRoute(FIELD, {
      method: 'post',
      path: '/',
      tags: ['inspections'],
      summary: 'Submit an inspection; resending the same id returns the stored one (200)',
      request: { body: jsonBody(InspectionInput) },
      responses: {
        201: jsonContent(Submitted, 'Stored, with the problems it opened'),
        200: jsonContent(Submitted, 'Already stored (a resend)'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const now = c.var.deps.clock.now();
      const result = await c.var.data.inspections.submit(c.var.actor, c.req.valid('json'), { now, venueCodeKeys: await c.var.deps.venueCodeKeys() });
      const rechecked = result.venueOpenProblems > 0 ? await recheckByInspection(c.var.data, c.var.actor, result.inspection, now) : [];
      return c.json({ inspection: result.inspection, problems: result.problems, ...(rechecked.length && { rechecked }) }, result.created ? 201 : 200);
    },
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/by-inspector',
      tags: ['inspections'],
      summary: "An inspector's inspections on one day (inspectors: their own)",
      request: { query: z.object({ date: Day, inspector: UserId.optional() }) },
      responses: { 200: jsonContent(z.object({ items: z.array(Inspection) }), 'That day'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data } = c.var;
      const { date, inspector = actor.userId } = c.req.valid('query');
      const items = await data.inspections.ofInspectorDay(inspector, date);
      if (inspector !== actor.userId) {
        if (!hasRole(actor, 'tenant-admin', 'supervisor')) throw forbidden("only supervisors see other people's inspections", because('role.othersInspections'));
        const scope = await data.scopeOf(actor);
        return c.json({ items: items.filter((i) => inScope(scope, i.gridPath)) }, 200);
      }
      return c.json({ items }, 200);
    },
  )
  .openapi(
    defineRoute(['tenant-admin', 'supervisor'], {
      method: 'get',
      path: '/by-grid',
      tags: ['inspections'],
      summary: 'All inspections of a grid subtree on one day',
      request: { query: PageQuery.extend({ date: Day, grid: GridId }) },
      responses: { 200: jsonContent(pageOf(Inspection), 'A page of inspections'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data } = c.var;
      const { date, grid, ...page } = c.req.valid('query');
      const root = await data.grids.get(grid);
      if (!inScope(await data.scopeOf(actor), root.path)) throw forbidden('this grid is outside your scope', because('scope.grid'));
      return c.json(await data.inspections.ofSubtreeDay(date, root.path, page), 200);
    },
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/{inspectionId}',
      tags: ['inspections'],
      summary: 'One inspection',
      request: { params: z.object({ inspectionId: InspectionId }) },
      responses: { 200: jsonContent(Inspection, 'The inspection'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data } = c.var;
      const inspection = await data.inspections.get(c.req.valid('param').inspectionId);
      if (inspection.inspectorId !== actor.userId) {
        data.assertVenueVisible(actor, await data.scopeOf(actor), { kind: inspection.venueKind, gridPath: inspection.gridPath });
      }
      return c.json(inspection, 200);
    },
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/{inspectionId}/evidence',
      tags: ['inspections'],
      summary: 'One inspection as evidence: inspector by name, place, time on site, every item with its note, the venue (its inspector, or who may see the venue)',
      request: { params: z.object({ inspectionId: InspectionId }) },
      responses: { 200: jsonContent(InspectionEvidence, 'The inspection and what it shows'), ...errorResponses },
    }),
    async (c) => c.json(await inspectionEvidence(c.var.data, c.var.actor, c.req.valid('param').inspectionId), 200),
  );
