/**
 * Paging across several partitions in turn (e.g. every top-level grid of a tenant): the cursor
 * remembers which source it is in and the inner cursor there.
 */
import { badRequest } from '../errors';
import type { Page } from './db';

export async function pageAcross<T>(
  sources: ((cursor: string | undefined, limit: number) => Promise<Page<T>>)[],
  options: { limit?: number; cursor?: string },
): Promise<Page<T>> {
  const limit = options.limit ?? 50;
  let at = { s: 0, c: undefined as string | undefined };
  if (options.cursor) {
    try {
      const parsed = JSON.parse(Buffer.from(options.cursor, 'base64url').toString('utf8'));
      if (!Number.isInteger(parsed.s) || parsed.s < 0 || parsed.s >= sources.length) throw new Error();
      at = { s: parsed.s, c: typeof parsed.c === 'string' ? parsed.c : undefined };
    } catch {
      throw badRequest('cursor', 'not a cursor returned by this list');
    }
  }
  const items: T[] = [];
  while (at.s < sources.length && items.length < limit) {
    const page = await sources[at.s](at.c, limit - items.length);
    items.push(...page.items);
    at = page.cursor ? { s: at.s, c: page.cursor } : { s: at.s + 1, c: undefined };
  }
  const more = at.s < sources.length;
  return { items, cursor: more ? Buffer.from(JSON.stringify(at)).toString('base64url') : undefined };
}
