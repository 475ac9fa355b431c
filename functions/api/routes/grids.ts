/** The tenant's grid tree (网格): read within scope; tenant admins create, rename, move and retire. */
import * as z from 'zod';
import { Grid, GridId, GridInput, GridMove, GridPatch } from '../../../shared/domain/grid';
import { inScope } from '../../../shared/domain/scope';
import { because, forbidden } from '../../../shared/errors';
import { apiRoutes, defineRoute, TENANT_ROLES } from '../route';
import { errorResponses, jsonBody, jsonContent } from '../schemas';

const ADMIN = ['tenant-admin'] as const;
const GridParam = z.object({ gridId: GridId });
const Version = z.strictObject({ version: z.number().int().min(1) });

export const grids = apiRoutes()
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/',
      tags: ['grids'],
      summary: 'The grid tree in my scope, parents before children; `root` limits it to one subtree',
      request: { query: z.object({ root: GridId.optional() }) },
      responses: { 200: jsonContent(z.object({ items: z.array(Grid) }), 'Grids in path order'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const scope = await data.scopeOf(actor);
      const { root } = c.req.valid('query');
      if (root) {
        const rootGrid = await data.grids.get(root);
        if (!inScope(scope, rootGrid.path)) throw forbidden('this grid is outside your scope', because('scope.grid'));
        return c.json({ items: await data.grids.tree(rootGrid.path) }, 200);
      }
      const all = scope.kind === 'tenant' ? await data.grids.tree() : (await Promise.all(scope.roots.map((p) => data.grids.tree(p)))).flat();
      return c.json({ items: all }, 200);
    },
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'post',
      path: '/',
      tags: ['grids'],
      summary: 'Create a grid under a parent (or at the top)',
      request: { body: jsonBody(GridInput) },
      responses: { 201: jsonContent(Grid, 'Created'), ...errorResponses },
    }),
    async (c) => c.json(await c.var.data.grids.create(c.req.valid('json'), c.var.deps.clock.now()), 201),
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/{gridId}',
      tags: ['grids'],
      summary: 'One grid',
      request: { params: GridParam },
      responses: { 200: jsonContent(Grid, 'The grid'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const grid = await data.grids.get(c.req.valid('param').gridId);
      if (!inScope(await data.scopeOf(actor), grid.path)) throw forbidden('this grid is outside your scope', because('scope.grid'));
      return c.json(grid, 200);
    },
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'patch',
      path: '/{gridId}',
      tags: ['grids'],
      summary: 'Rename a grid or change its density and households',
      request: { params: GridParam, body: jsonBody(GridPatch) },
      responses: { 200: jsonContent(Grid, 'Updated'), ...errorResponses },
    }),
    async (c) => c.json(await c.var.data.grids.update(c.req.valid('param').gridId, c.req.valid('json'), c.var.deps.clock.now()), 200),
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'post',
      path: '/{gridId}/move',
      tags: ['grids'],
      summary: 'Move a grid and its whole subtree under another parent',
      request: { params: GridParam, body: jsonBody(GridMove) },
      responses: { 200: jsonContent(Grid, 'Moved'), ...errorResponses },
    }),
    async (c) => {
      const { version, newParentId } = c.req.valid('json');
      return c.json(await c.var.data.grids.move(c.req.valid('param').gridId, version, newParentId, c.var.deps.clock.now()), 200);
    },
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'post',
      path: '/{gridId}/retire',
      tags: ['grids'],
      summary: 'Retire a grid that has no active children',
      request: { params: GridParam, body: jsonBody(Version) },
      responses: { 200: jsonContent(Grid, 'Retired'), ...errorResponses },
    }),
    async (c) =>
      c.json(await c.var.data.grids.retire(c.req.valid('param').gridId, c.req.valid('json').version, c.var.deps.clock.now()), 200),
  );
