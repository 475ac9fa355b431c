/**
 * The residents' exports, CSV streamed (file routes: the files function serves them in AWS,
 * functions/api/file-route-groups.ts). People are masked unless the caller's role may unmask and gives
 * a reason; either way the export is written to the access log before the first row leaves.
 */
import * as z from 'zod';
import { unsealPersonal } from '../../../../shared/data/residents/stored';
import { TicketId } from '../../../../shared/domain/export-ticket';
import { GridId } from '../../../../shared/domain/grid';
import { auditRow, AUDIT_COLUMNS } from '../../../../shared/domain/residents/audit';
import { mayUnmask } from '../../../../shared/domain/residents/scope';
import { badRequest, because, forbidden } from '../../../../shared/errors';
import { personRow, PERSON_HEADERS } from '../../../../shared/export/resident-columns';
import { apiRoutes, defineRoute } from '../../route';
import { Day, errorResponses, fileContent } from '../../schemas';
import { batches, csvResponse } from '../export-support';
import { originOf } from './support';

export const residentExports = apiRoutes()
  .openapi(
    defineRoute(['tenant-admin', 'supervisor'], {
      method: 'get',
      path: '/exports/persons.csv',
      tags: ['residents'],
      summary: 'People of a grid subtree (default: my scope) as CSV, masked; unmasked with a `ticket` from POST /api/residents/export-tickets (the reason goes there, never in this URL: `reason` or `unmask` here is a 400). Written to the access log',
      request: { query: z.object({ grid: GridId.optional(), ticket: TicketId.optional() }) },
      responses: { 200: fileContent('text/csv', 'The people'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      // URLs land in access logs and browser history: an unmask reason must not travel in one.
      if (c.req.query('reason') !== undefined || c.req.query('unmask') !== undefined) throw badRequest('query.reason', 'an unmasked export takes its reason in POST /api/residents/export-tickets, then ?ticket=…', 'export.reasonInBody');
      const query = c.req.valid('query');
      const residents = data.residents;
      const now = c.var.deps.clock.now();
      if (query.ticket && !mayUnmask(actor, (await residents.rules()).unmaskRoles)) throw forbidden("your role may not export unmasked data (the tenant's rules)", because('role.unmask'));
      // Used up here: a second GET with the same ticket is a 404.
      const ticket = query.ticket ? await data.exportTickets.redeem(actor, query.ticket, { kind: 'persons' }, now) : undefined;
      const clear = ticket !== undefined;
      const grid = ticket ? ticket.gridId : query.grid;
      const reason = ticket?.reason;
      const roots = await residents.rootsOf(await residents.scopeOf(actor), grid);
      const [tree, rules] = await Promise.all([data.grids.tree(), residents.rules()]);
      const names = { grids: new Map(tree.map((g) => [g.id, g.name])), categories: new Map(rules.personCategories.map((k) => [k.code, k.nameZh])) };
      await residents.audit.append(actor, originOf(c), { action: clear ? 'export-unmasked' : 'export-masked', reason }, now);
      const cipher = clear ? await residents.cipher(false) : undefined;
      async function* rows() {
        for await (const batch of batches(residents.persons.eachInSubtrees(roots))) yield batch.map((p) => personRow(p, names, cipher && p.status !== 'tombstone' ? unsealPersonal(cipher, p) : undefined));
      }
      const today = await residents.dayOf(now);
      return csvResponse(c, { zh: `人员-${today}`, ascii: `persons-${today}` }, PERSON_HEADERS, rows());
    },
  )
  .openapi(
    defineRoute(['tenant-admin'], {
      method: 'get',
      path: '/exports/audit.csv',
      tags: ['residents'],
      summary: "A day's personal-data access log as CSV (default: today)",
      request: { query: z.object({ day: Day.optional() }) },
      responses: { 200: fileContent('text/csv', 'The access log'), ...errorResponses },
    }),
    async (c) => {
      const residents = c.var.data.residents;
      const day = c.req.valid('query').day ?? (await residents.dayOf(c.var.deps.clock.now()));
      async function* rows() {
        for await (const batch of batches(residents.audit.eachOfDay(day))) yield batch.map(auditRow);
      }
      return csvResponse(c, { zh: `个人信息访问记录-${day}`, ascii: `access-log-${day}` }, [...AUDIT_COLUMNS], rows());
    },
  );
