/**
 * A pushed list's CSV (a file route: the files function serves it in AWS, file-route-groups.ts): its
 * progress per grid rolled up, then its rows with status and outcome, masked. With `ticket` (from
 * POST /api/pushed-lists/{listId}/export-tickets, which took the reason) the rows are unmasked; the
 * ticket is used up. Either way the export is written to the access log before the first row leaves.
 */
import * as z from 'zod';
import { unsealTask } from '../../../../shared/data/residents/pushed-lists/stored';
import { PushedListId } from '../../../../shared/domain/pushed-lists/list';
import { TicketId } from '../../../../shared/domain/export-ticket';
import { PROGRESS_HEADERS, progressRow, TASK_HEADERS, taskRow } from '../../../../shared/export/pushed-list-columns';
import { apiRoutes, defineRoute } from '../../route';
import { errorResponses, fileContent } from '../../schemas';
import { batches, csvResponse } from '../export-support';
import { originOf } from '../residents/support';

export const pushedListExports = apiRoutes().openapi(
  defineRoute(['tenant-admin', 'supervisor'], {
    method: 'get',
    path: '/{listId}/export.csv',
    tags: ['pushed-lists'],
    summary: "A pushed list as CSV: progress per grid (rolled up), then its rows with status and outcome, masked (a supervisor of some grids: theirs only); with a `ticket` from …/export-tickets, unmasked (one use). Written to the access log",
    request: { params: z.object({ listId: PushedListId }), query: z.object({ ticket: TicketId.optional() }) },
    responses: { 200: fileContent('text/csv', 'The list'), ...errorResponses },
  }),
  async (c) => {
    const { data, actor, deps } = c.var;
    const { listId } = c.req.valid('param');
    const { ticket } = c.req.valid('query');
    const pushed = data.residents.pushedLists;
    const now = deps.clock.now();
    // A supervisor of some grids exports their grids' rows and progress only (shared/domain/pushed-lists/scope.ts).
    const { list, keeps } = await pushed.view(actor, await data.residents.scopeOf(actor), listId);
    const reason = ticket ? (await data.exportTickets.redeem(actor, ticket, { kind: 'pushed-list', listId }, now)).reason : undefined;
    const tree = await data.grids.tree();
    const gridNames = new Map(tree.map((g) => [g.id, g.name]));
    await data.residents.audit.append(actor, originOf(c), { action: reason ? 'export-unmasked' : 'export-masked', listId, count: list.progress.received, reason }, now);
    const cipher = reason ? await data.residents.cipher(false) : undefined;
    async function* rows() {
      yield [progressRow('合计 total', '', list.progress), ...list.grids.map((g) => progressRow(g.name, g.path, g.progress))];
      yield [[], TASK_HEADERS];
      for await (const batch of batches(pushed.tasks.eachOfList(listId))) yield batch.filter(keeps).map((t) => taskRow(t, gridNames, cipher && unsealTask(cipher, t)));
    }
    const day = await data.residents.dayOf(now);
    return csvResponse(c, { zh: `推送名单-${list.name}-${day}`, ascii: `pushed-list-${listId}-${day}` }, PROGRESS_HEADERS, rows());
  },
);
