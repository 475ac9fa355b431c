/**
 * The registry's heavier acts on one person and its privacy operations: moving a person to another
 * household (grid members, in their scope at both ends), tombstoning a person at once on request
 * (tenant admins, audited first), and the single-use ticket of an unmasked export (the reason in this
 * POST's body, so the file's URL carries none).
 */
import { maskedPerson } from '../../../../shared/data/residents/stored';
import { ExportTicketView } from '../../../../shared/domain/export-ticket';
import { GridId } from '../../../../shared/domain/grid';
import { MaskedPerson, UnmaskReason } from '../../../../shared/domain/residents/person';
import { PersonMoveInput, TombstoneRequest } from '../../../../shared/domain/residents/person-move';
import { mayUnmask } from '../../../../shared/domain/residents/scope';
import { because, forbidden } from '../../../../shared/errors';
import { apiRoutes, defineRoute } from '../../route';
import { errorResponses, jsonBody, jsonContent } from '../../schemas';
import { originOf, PersonParam, RESIDENT_ROLES } from './support';

const ExportTicketRequest = UnmaskReason.extend({ grid: GridId.optional() });

export const residentPersonAdmin = apiRoutes()
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'post',
      path: '/households/{householdId}/persons/{personId}/move',
      tags: ['residents'],
      summary: 'Move a person to another household (or a new one) with a reason: one transaction, version-checked; the move id is a client ULID (a resend is 200)',
      request: { params: PersonParam, body: jsonBody(PersonMoveInput) },
      responses: { 201: jsonContent(MaskedPerson, 'Moved (masked, in the new household)'), 200: jsonContent(MaskedPerson, 'Already moved (a resend)'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const { householdId, personId } = c.req.valid('param');
      const scope = await data.residents.scopeOf(actor);
      const { person, created } = await data.residents.persons.move(actor, scope, householdId, personId, c.req.valid('json'), c.var.deps.clock.now());
      return c.json(maskedPerson(person), created ? 201 : 200);
    },
  )
  .openapi(
    defineRoute(['tenant-admin'], {
      method: 'post',
      path: '/households/{householdId}/persons/{personId}/tombstone',
      tags: ['residents'],
      summary: "Reduce a person to a tombstone now (a person's request to delete, or an admin's decision), with a reason; written to the access log first; a resend is the same tombstone",
      request: { params: PersonParam, body: jsonBody(TombstoneRequest) },
      responses: { 200: jsonContent(MaskedPerson, 'The tombstone'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const { householdId, personId } = c.req.valid('param');
      const scope = await data.residents.scopeOf(actor);
      const now = c.var.deps.clock.now();
      // Where they live now (an old pair follows their moves).
      const person = await data.residents.persons.visible(scope, householdId, personId);
      await data.residents.audit.append(actor, originOf(c), { action: 'tombstone', householdId: person.householdId, personId, reason: c.req.valid('json').reason }, now);
      return c.json(maskedPerson(await data.residents.retention.onRequest(actor, scope, person.householdId, personId, now)), 200);
    },
  )
  .openapi(
    defineRoute(['tenant-admin', 'supervisor'], {
      method: 'post',
      path: '/export-tickets',
      tags: ['residents'],
      summary: 'A single-use ticket (2 minutes) for an unmasked people export: the unmask permission and a reason here, then GET …/exports/persons.csv?ticket=…',
      request: { body: jsonBody(ExportTicketRequest) },
      responses: { 201: jsonContent(ExportTicketView, 'The ticket'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const { grid, reason } = c.req.valid('json');
      if (!mayUnmask(actor, (await data.residents.rules()).unmaskRoles)) throw forbidden("your role may not export unmasked data (the tenant's rules)", because('role.unmask'));
      // The grid must be in the caller's scope now (and is checked again when the file is made).
      await data.residents.rootsOf(await data.residents.scopeOf(actor), grid);
      return c.json(await data.exportTickets.issue(actor, { kind: 'persons', gridId: grid }, reason, c.var.deps.clock.now()), 201);
    },
  );
