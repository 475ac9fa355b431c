/**
 * The index of pushed lists as the caller sees it. Tenant-wide roles: the lists as stored (one
 * Query). A supervisor of some grids: each list's counts summed over their grids' counter items, so
 * the index agrees with the list view — the grid tree within their roots once a page, then one Query
 * per list (its `COUNT#G#` items, in parallel), at most SCOPED_INDEX_PAGE lists a page.
 */
import type { Actor } from '../../../domain/actor';
import { type PushedListEntry, SCOPED_INDEX_PAGE } from '../../../domain/pushed-lists/list';
import { indexEntryInScope } from '../../../domain/pushed-lists/scope';
import { PROGRESS_COUNTERS, type Progress } from '../../../domain/pushed-lists/task';
import type { Scope } from '../../../domain/scope';
import { queryRaw } from '../../batch';
import type { Page } from '../../db';
import type { ResidentsContext } from '../context';
import type { PushedListRepository } from './lists';

export async function pushedListIndex(ctx: ResidentsContext, lists: PushedListRepository, actor: Actor, scope: Scope, unplaced: (actor: Actor) => Promise<boolean>, page: { limit?: number; cursor?: string }): Promise<Page<PushedListEntry>> {
  if (scope.kind === 'tenant') return lists.list(page);
  const [found, trees, routes] = await Promise.all([
    lists.list({ ...page, limit: Math.min(page.limit ?? SCOPED_INDEX_PAGE, SCOPED_INDEX_PAGE) }),
    Promise.all(scope.roots.map((root) => ctx.grids.tree(root))),
    unplaced(actor),
  ]);
  const gridIds = new Set(trees.flat().map((g) => g.id));
  const items = await Promise.all(
    found.items.map(async (list) => {
      const counters = await queryRaw(ctx.db, ctx.keys.pushedListGridCounters(list.id), { projection: ['gridId', ...PROGRESS_COUNTERS] });
      return indexEntryInScope(list, counters as ({ gridId: string } & Partial<Progress>)[], gridIds, routes);
    }),
  );
  return { ...found, items };
}
