/** The tenant's users: admins manage them; supervisors may read them (to follow their inspectors). */
import * as z from 'zod';
import { User, UserId, UserInput, UserPatch } from '../../../shared/domain/user';
import { because, conflict } from '../../../shared/errors';
import { apiRoutes, defineRoute } from '../route';
import { errorResponses, jsonBody, jsonContent, PageQuery, pageOf } from '../schemas';

const ADMIN = ['tenant-admin'] as const;
const READERS = ['tenant-admin', 'supervisor'] as const;
const UserParam = z.object({ userId: UserId });

export const users = apiRoutes()
  .openapi(
    defineRoute(READERS, {
      method: 'get',
      path: '/',
      tags: ['users'],
      summary: 'List users',
      request: { query: PageQuery },
      responses: { 200: jsonContent(pageOf(User), 'A page of users'), ...errorResponses },
    }),
    async (c) => c.json(await c.var.data.users.list(c.req.valid('query')), 200),
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'post',
      path: '/',
      tags: ['users'],
      summary: 'Create a user with roles and the grids they work',
      request: { body: jsonBody(UserInput) },
      responses: { 201: jsonContent(User, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const input = c.req.valid('json');
      await c.var.data.checklists.assertKnownKinds(input.venueKinds);
      return c.json(await c.var.data.users.create(input, c.var.deps.clock.now()), 201);
    },
  )
  .openapi(
    defineRoute(READERS, {
      method: 'get',
      path: '/{userId}',
      tags: ['users'],
      summary: 'One user',
      request: { params: UserParam },
      responses: { 200: jsonContent(User, 'The user'), ...errorResponses },
    }),
    async (c) => c.json(await c.var.data.users.get(c.req.valid('param').userId), 200),
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'patch',
      path: '/{userId}',
      tags: ['users'],
      summary: 'Change roles, grids, status, leave or password',
      request: { params: UserParam, body: jsonBody(UserPatch) },
      responses: { 200: jsonContent(User, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const { userId } = c.req.valid('param');
      await c.var.data.checklists.assertKnownKinds(c.req.valid('json').venueKinds);
      const user = await c.var.data.users.update(userId, c.req.valid('json'), c.var.deps.clock.now());
      // A disabled user's tokens stop at once here, and on other instances within the access check's TTL.
      c.var.deps.access.forget(c.var.actor.tenantId, userId);
      return c.json(user, 200);
    },
  )
  .openapi(
    defineRoute(ADMIN, {
      method: 'delete',
      path: '/{userId}',
      tags: ['users'],
      summary: 'Remove a user for good: sign-in and every token end; the user stays in the history (status removed)',
      request: { params: UserParam },
      responses: { 200: jsonContent(User, 'Removed (or already removed)'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data, deps } = c.var;
      const { userId } = c.req.valid('param');
      if (userId === actor.userId) throw conflict('you cannot remove yourself; ask another tenant admin', because('user.removeSelf'));
      const user = await data.users.remove(userId, actor.userId, deps.clock.now());
      deps.access.forget(actor.tenantId, userId);
      return c.json(user, 200);
    },
  );
