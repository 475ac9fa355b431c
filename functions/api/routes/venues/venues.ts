/**
 * Venues (场所): listed within the caller's scope; tenant admins create and edit them. The venue code
 * as an image (code.png, code.svg) is a file route: venue-files.ts.
 */
import * as z from 'zod';
import { GridId } from '../../../../shared/domain/grid';
import { Inspection } from '../../../../shared/domain/venues/inspection';
import { Venue, VenueId, VenueInput, VenuePatch, VenueStatus } from '../../../../shared/domain/venues/venue';
import { VenueKindCode } from '../../../../shared/domain/venues/venue-kind';
import { venueCodeToken } from '../../../../shared/domain/venues/venue-code';
import { apiRoutes, defineRoute, TENANT_ROLES } from '../../route';
import { errorResponses, jsonBody, jsonContent, PageQuery, pageOf } from '../../schemas';

const ADMIN = ['tenant-admin'] as const;
const VenueParam = z.object({ venueId: VenueId });
const Version = z.strictObject({ version: z.number().int().min(1) });
const VenueQuery = PageQuery.extend({
  grid: GridId.optional(),
  kind: VenueKindCode.optional(),
  status: VenueStatus.optional(),
  q: z.string().trim().min(1).max(50).optional(),
});

export const venues = apiRoutes()
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/',
      tags: ['venues'],
      summary: 'Venues in my scope: by grid subtree, kind, status; `q` searches names',
      request: { query: VenueQuery },
      responses: { 200: jsonContent(pageOf(Venue), 'A page of venues'), ...errorResponses },
    }),
    async (c) => {
      const { grid, q, ...rest } = c.req.valid('query');
      return c.json(await c.var.data.listVenues(c.var.actor, { ...rest, gridId: grid, q }), 200);
    },
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'post',
      path: '/',
      tags: ['venues'],
      summary: 'Register a venue',
      request: { body: jsonBody(VenueInput) },
      responses: { 201: jsonContent(Venue, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const input = c.req.valid('json');
      await c.var.data.checklists.assertKnownKind(input.kind);
      return c.json(await c.var.data.venues.create(input, c.var.deps.clock.now()), 201);
    },
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/{venueId}',
      tags: ['venues'],
      summary: 'One venue',
      request: { params: VenueParam },
      responses: { 200: jsonContent(Venue, 'The venue'), ...errorResponses },
    }),
    async (c) => c.json(await c.var.data.visibleVenue(c.var.actor, c.req.valid('param').venueId), 200),
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'patch',
      path: '/{venueId}',
      tags: ['venues'],
      summary: 'Change a venue (name, kind, grid, address, coordinates, contact, risk)',
      request: { params: VenueParam, body: jsonBody(VenuePatch) },
      responses: { 200: jsonContent(Venue, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const patch = c.req.valid('json');
      if (patch.kind) await c.var.data.checklists.assertKnownKind(patch.kind);
      return c.json(await c.var.data.venues.update(c.req.valid('param').venueId, patch, c.var.deps.clock.now()), 200);
    },
  )
  .openapi(
    defineRoute(['tenant-admin', 'supervisor'], {
      method: 'get',
      path: '/{venueId}/code',
      tags: ['venues'],
      summary: 'The venue code (场所码) token to print as a QR code',
      request: { params: VenueParam },
      responses: { 200: jsonContent(z.object({ token: z.string(), codeVersion: z.number() }), 'The token'), ...errorResponses },
    }),
    async (c) => {
      const venue = await c.var.data.visibleVenue(c.var.actor, c.req.valid('param').venueId);
      const token = venueCodeToken(await c.var.deps.venueCodeKeys(), c.var.actor.tenantId, venue.id, venue.codeVersion);
      return c.json({ token, codeVersion: venue.codeVersion }, 200);
    },
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'post',
      path: '/{venueId}/code/rotate',
      tags: ['venues'],
      summary: 'Rotate the venue code: printed codes stop verifying',
      request: { params: VenueParam, body: jsonBody(Version) },
      responses: { 200: jsonContent(Venue, 'Rotated'), ...errorResponses },
    }),
    async (c) =>
      c.json(await c.var.data.venues.rotateCode(c.req.valid('param').venueId, c.req.valid('json').version, c.var.deps.clock.now()), 200),
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/{venueId}/inspections',
      tags: ['venues', 'inspections'],
      summary: "A venue's inspection history, newest first",
      request: { params: VenueParam, query: PageQuery },
      responses: { 200: jsonContent(pageOf(Inspection), 'A page of inspections'), ...errorResponses },
    }),
    async (c) => {
      const venue = await c.var.data.visibleVenue(c.var.actor, c.req.valid('param').venueId);
      return c.json(await c.var.data.inspections.ofVenue(venue.id, c.req.valid('query')), 200);
    },
  );
