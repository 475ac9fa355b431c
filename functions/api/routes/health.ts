import * as z from 'zod';
import { getItem } from '../../../shared/data/write';
import { tenantKeys } from '../../../shared/data/keys';
import { PLATFORM_TENANT } from '../../../shared/domain/actor';
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
    const { db, clock } = c.var.deps;
    const time = clock.now().toISOString();
    try {
      await getItem(db, tenantKeys(PLATFORM_TENANT).tenant());
      return c.json({ status: 'ok' as const, time }, 200);
    } catch {
      return c.json({ status: 'unavailable' as const, time }, 503);
    }
  },
);
