/**
 * The registry beyond one household: visits from the outbox, exact lookup by identity document or
 * phone, unmasking with a reason, figures by grid rolled up, and the access log (tenant admins).
 */
import * as z from 'zod';
import { maskedPerson, unmaskedPerson, unsealPersonal } from '../../../../shared/data/residents/stored';
import { GridId } from '../../../../shared/domain/grid';
import { AuditEntry } from '../../../../shared/domain/residents/audit';
import { IdType } from '../../../../shared/domain/residents/id-number';
import { MaskedPerson, UnmaskReason, UnmaskedPerson } from '../../../../shared/domain/residents/person';
import { mayUnmask } from '../../../../shared/domain/residents/scope';
import { Visit, VisitInput } from '../../../../shared/domain/residents/visit';
import { inScope, type Scope } from '../../../../shared/domain/scope';
import type { Context } from 'hono';
import type { AppEnv } from '../../context';
import { UserId } from '../../../../shared/domain/user';
import { badRequest, because, forbidden } from '../../../../shared/errors';
import { apiRoutes, defineRoute } from '../../route';
import { Day, errorResponses, jsonBody, jsonContent, PageQuery, pageOf } from '../../schemas';
import { originOf, PersonParam, RESIDENT_ROLES } from './support';

/** Lookups go in a body, not a URL: identity numbers and phones stay out of access logs. */
const Lookup = z
  .strictObject({ idType: IdType.default('resident-id'), idNumber: z.string().max(40).optional(), phone: z.string().max(30).optional() })
  .refine((l) => (l.idNumber === undefined) !== (l.phone === undefined), { message: 'give exactly one of idNumber and phone', path: ['idNumber'] });
const Counts = z.record(z.string(), z.number());
const GridFiguresView = z.object({ id: z.string(), name: z.string(), path: z.string(), parentId: z.string().nullable(), own: Counts, total: Counts });
const Figures = z.object({ total: Counts, grids: z.array(GridFiguresView) });

/** Figures of a subtree (or the scope), with the total over its roots. */
async function figuresOf(c: Context<AppEnv>, scope: Scope, gridId?: string, date?: string) {
  const roots = await c.var.data.residents.rootsOf(scope, gridId);
  const grids = await c.var.data.residents.figures.ofSubtrees(roots, date);
  const total: Record<string, number> = {};
  for (const g of grids.filter((f) => roots.includes(f.path))) for (const [k, n] of Object.entries(g.total)) total[k] = (total[k] ?? 0) + n;
  return { total, grids };
}

export const registry = apiRoutes()
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'post',
      path: '/visits',
      tags: ['residents'],
      summary: 'Log a visit (走访); client ULID, a resend returns the stored one (200)',
      request: { body: jsonBody(VisitInput) },
      responses: { 201: jsonContent(Visit, 'Stored'), 200: jsonContent(Visit, 'Already stored (a resend)'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const { visit, created } = await data.residents.visits.record(actor, await data.residents.scopeOf(actor), c.req.valid('json'), c.var.deps.clock.now());
      return c.json(visit, created ? 201 : 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'post',
      path: '/lookup',
      tags: ['residents'],
      summary: 'Find people by exact identity number or phone (in my scope, masked); each one found is written to the access log',
      request: { body: jsonBody(Lookup) },
      responses: { 200: jsonContent(z.object({ items: z.array(MaskedPerson) }), 'Who holds it'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const body = c.req.valid('json');
      const scope = await data.residents.scopeOf(actor);
      const found = body.idNumber !== undefined ? await data.residents.persons.withIdNumber(body.idType, body.idNumber) : await data.residents.persons.withPhone(body.phone!);
      const visible = found.filter((p) => inScope(scope, p.gridPath));
      const now = c.var.deps.clock.now();
      for (const p of visible) await data.residents.audit.append(actor, originOf(c), { action: 'lookup', householdId: p.householdId, personId: p.id }, now);
      return c.json({ items: visible.map(maskedPerson) }, 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'post',
      path: '/households/{householdId}/persons/{personId}/unmask',
      tags: ['residents'],
      summary: "A person's data unmasked: the roles the tenant allows, with a reason; written to the access log first",
      request: { params: PersonParam, body: jsonBody(UnmaskReason) },
      responses: { 200: jsonContent(UnmaskedPerson, 'Unmasked'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const { householdId, personId } = c.req.valid('param');
      if (!mayUnmask(actor, (await data.residents.rules()).unmaskRoles)) throw forbidden("your role may not see unmasked data (the tenant's rules)", because('role.unmask'));
      const person = await data.residents.persons.visible(await data.residents.scopeOf(actor), householdId, personId);
      await data.residents.audit.append(actor, originOf(c), { action: 'unmask', householdId: person.householdId, personId, reason: c.req.valid('json').reason }, c.var.deps.clock.now());
      const cipher = (await data.residents.cipher(false))!;
      return c.json(unmaskedPerson(person, unsealPersonal(cipher, person)), 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/figures',
      tags: ['residents'],
      summary: 'Households and people by grid, category and tag, rolled up (a grid subtree; default: my scope)',
      request: { query: z.object({ grid: GridId.optional() }) },
      responses: { 200: jsonContent(Figures, 'Figures per grid, own and subtree'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const { grid } = c.req.valid('query');
      const scope = await data.residents.scopeOf(actor);
      return c.json(await figuresOf(c, scope, grid), 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/figures/day',
      tags: ['residents'],
      summary: "A tenant-local day's people added, people ended (moved out, died) and visits made, by grid, rolled up",
      request: { query: z.object({ date: Day, grid: GridId.optional() }) },
      responses: { 200: jsonContent(Figures, 'Figures per grid, own and subtree'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const { grid, date } = c.req.valid('query');
      return c.json(await figuresOf(c, await data.residents.scopeOf(actor), grid, date), 200);
    },
  )
  .openapi(
    defineRoute(['tenant-admin'], {
      method: 'get',
      path: '/audit',
      tags: ['residents'],
      summary: 'The personal-data access log, newest first: of a day (default today), a person (or household), or a user',
      request: { query: PageQuery.extend({ day: Day.optional(), record: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'a person or household id').optional(), user: UserId.optional() }) },
      responses: { 200: jsonContent(pageOf(AuditEntry), 'A page of entries'), ...errorResponses },
    }),
    async (c) => {
      const { audit } = c.var.data.residents;
      const { day, record, user, ...page } = c.req.valid('query');
      if ([day, record, user].filter((v) => v !== undefined).length > 1) throw badRequest('query.day', 'give one of day, record and user');
      const entries = record ? await audit.ofRecord(record, page) : user ? await audit.ofUser(user, page) : await audit.ofDay(day ?? (await c.var.data.residents.dayOf(c.var.deps.clock.now())), page);
      return c.json(entries, 200);
    },
  );
