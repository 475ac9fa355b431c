/**
 * The problem ledger exported, CSV and xlsx, streamed: file routes, served in AWS by the files
 * function (functions/api-stream.ts) and not by the API function (functions/api/file-route-groups.ts).
 * Mounted under /api/problems beside the ledger (problems.ts), ahead of it.
 */
import { PROBLEM_COLUMNS, problemRowMaker } from '../../../../shared/export/columns';
import { apiRoutes, defineRoute, TENANT_ROLES } from '../../route';
import { errorResponses, fileContent } from '../../schemas';
import { csvResponse, exportContext, rowsOf, xlsxResponse } from '../export-support';
import { LedgerFilter } from './ledger-filter';

export const problemExports = apiRoutes()
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/export.csv',
      tags: ['problems'],
      summary: 'The ledger as CSV (Chinese headers, UTF-8 with BOM), streamed',
      request: { query: LedgerFilter },
      responses: { 200: fileContent('text/csv', 'The ledger'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data } = c.var;
      const { grid, ...filters } = c.req.valid('query');
      const [ctx, scope] = await Promise.all([exportContext(c), data.scopeOf(actor)]);
      const batches = await data.problems.ledgerBatches(actor, scope, { ...filters, gridId: grid }, ctx.today);
      return csvResponse(c, { zh: `问题台账-${ctx.today}`, ascii: `problems-${ctx.today}` }, PROBLEM_COLUMNS.map((col) => col.header), rowsOf(batches, problemRowMaker(ctx)));
    },
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/export.xlsx',
      tags: ['problems'],
      summary: 'The ledger as an Excel workbook (Chinese headers), streamed',
      request: { query: LedgerFilter },
      responses: { 200: fileContent('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'The ledger'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data } = c.var;
      const { grid, ...filters } = c.req.valid('query');
      const [ctx, scope] = await Promise.all([exportContext(c), data.scopeOf(actor)]);
      const batches = await data.problems.ledgerBatches(actor, scope, { ...filters, gridId: grid }, ctx.today);
      return xlsxResponse(c, { zh: `问题台账-${ctx.today}`, ascii: `problems-${ctx.today}` }, [
        { name: '问题台账', columns: PROBLEM_COLUMNS, rows: rowsOf(batches, problemRowMaker(ctx)) },
      ]);
    },
  );
