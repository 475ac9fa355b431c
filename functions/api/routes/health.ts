import * as z from 'zod';
import { tenantDirectory } from '../../../shared/data/tenants';
import { apiRoutes, defineRoute } from '../route';
import { jsonContent } from '../schemas';

const Health = z.object({ status: z.enum(['ok', 'unavailable']), time: z.string() });

export const health = apiRoutes().openapi(
  defineRoute('public', {
    method: 'get',
    path: '/',
    tags: ['system'],
    summary: 'Ready when the table answers',
    responses: { 200: jsonContent(Health, 'Ready'), 503: jsonContent(Health, 'Storage not reachable') },
  }),
  async (c) => {
    const { tables, clock } = c.var.deps;
    const time = clock.now().toISOString();
    try {
      // The tenant directory is what the function's own role may read (no tenant session needed).
      await tenantDirectory(tables.directory).list({ limit: 1 });
      return c.json({ status: 'ok' as const, time }, 200);
    } catch {
      return c.json({ status: 'unavailable' as const, time }, 503);
    }
  },
);
