/** Supervision bulletins (督查通报): published by supervisors, numbered per year, read by everyone in scope. */
import * as z from 'zod';
import { Bulletin, BulletinInput, bulletinForReader } from '../../../../shared/data/venues/bulletins';
import type { Actor } from '../../../../shared/domain/actor';
import type { Scope } from '../../../../shared/domain/scope';
import type { TenantData } from '../../../../shared/data/tenant-data';
import { notFound } from '../../../../shared/errors';
import { apiRoutes, defineRoute, TENANT_ROLES } from '../../route';
import { errorResponses, jsonBody, jsonContent, PageQuery, pageOf } from '../../schemas';

const Published = z.object({ bulletin: Bulletin, blackCarded: z.array(z.string()) });
const BulletinParam = z.object({ bulletinId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'a bulletin id (ULID)') });

const reader = (data: TenantData, actor: Actor, scope: Scope) => (thing: { kind: string; gridPath: string }) => data.canSeeVenue(actor, scope, thing);

export const bulletins = apiRoutes()
  .openapi(
    defineRoute(['supervisor'], {
      method: 'post',
      path: '/',
      tags: ['bulletins'],
      summary: 'Publish a bulletin (督查通报) naming venues and problems; it gets the next number of the year (2026-第15期). Named venues are black-carded if the rules say so',
      request: { body: jsonBody(BulletinInput) },
      responses: {
        201: jsonContent(Published, 'Published, with the venues it black-carded'),
        200: jsonContent(Published, 'Already published (a resend)'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { actor, data } = c.var;
      const result = await data.bulletins.publish(actor, c.req.valid('json'), c.var.deps.clock.now(), data.assertVenueVisible);
      return c.json({ bulletin: result.bulletin, blackCarded: result.blackCarded }, result.created ? 201 : 200);
    },
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/',
      tags: ['bulletins'],
      summary: 'Bulletins, newest first; entries outside my scope are left out (hiddenEntries counts them)',
      request: { query: PageQuery },
      responses: { 200: jsonContent(pageOf(Bulletin), 'A page of bulletins'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data } = c.var;
      const [page, scope] = await Promise.all([data.bulletins.list(c.req.valid('query')), data.scopeOf(actor)]);
      const canSee = reader(data, actor, scope);
      return c.json({ ...page, items: page.items.map((b) => bulletinForReader(b, canSee)) }, 200);
    },
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/{bulletinId}',
      tags: ['bulletins'],
      summary: 'One bulletin; entries outside my scope are left out',
      request: { params: BulletinParam },
      responses: { 200: jsonContent(Bulletin, 'The bulletin'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data } = c.var;
      const [bulletin, scope] = await Promise.all([data.bulletins.find(c.req.valid('param').bulletinId), data.scopeOf(actor)]);
      if (!bulletin) throw notFound('bulletin');
      return c.json(bulletinForReader(bulletin, reader(data, actor, scope)), 200);
    },
  );
