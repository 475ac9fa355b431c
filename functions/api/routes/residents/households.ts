/**
 * Households and their people (户 / 人): grid members keep those of their grids, supervisors and admins
 * those of their scope. Every answer is masked; a person's file opened is written to the access log.
 */
import * as z from 'zod';
import { pageAcross } from '../../../../shared/data/multi-page';
import { maskedPerson } from '../../../../shared/data/residents/stored';
import { GridId } from '../../../../shared/domain/grid';
import { communityMap } from '../../../../shared/domain/residents/community-map';
import { Household, HouseholdEvent, HouseholdInput, HouseholdPatch } from '../../../../shared/domain/residents/household';
import { MaskedPerson, PersonEnd, PersonInput, PersonPatch } from '../../../../shared/domain/residents/person';
import { Visit } from '../../../../shared/domain/residents/visit';
import { apiRoutes, defineRoute } from '../../route';
import { errorResponses, jsonBody, jsonContent, PageQuery, pageOf } from '../../schemas';
import { HouseholdParam, originOf, PersonParam, RESIDENT_ROLES } from './support';

const Colour = z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), colour: z.string() });
const MapCell = z.object({ id: z.string(), unit: z.string().optional(), room: z.string(), number: z.string().optional(), tags: z.array(z.string()), members: z.number(), tag: z.string().optional(), colour: z.string().optional() });
const CommunityMapView = z.object({ legend: z.array(Colour), compounds: z.array(z.object({ name: z.string(), buildings: z.array(z.object({ name: z.string(), households: z.array(MapCell) })) })) });
const HouseholdFile = z.object({ household: Household, members: z.array(MaskedPerson), history: z.array(HouseholdEvent), visits: z.array(Visit) });
const masked = maskedPerson;

/** A community (3,718 households in the articles) fits; a whole town does not belong on one map. */
const MAP_MAX_HOUSEHOLDS = 5000;

export const households = apiRoutes()
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'post',
      path: '/households',
      tags: ['residents'],
      summary: 'Register a household (client ULID: a resend returns the stored one, 200)',
      request: { body: jsonBody(HouseholdInput) },
      responses: { 201: jsonContent(Household, 'Registered'), 200: jsonContent(Household, 'Already registered (a resend)'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const { household, created } = await data.residents.households.create(actor, await data.residents.scopeOf(actor), c.req.valid('json'), c.var.deps.clock.now());
      return c.json(household, created ? 201 : 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/households',
      tags: ['residents'],
      summary: 'Households of a grid subtree (default: all of my grids), in path order',
      request: { query: PageQuery.extend({ grid: GridId.optional() }) },
      responses: { 200: jsonContent(pageOf(Household), 'A page of households'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const { grid, ...page } = c.req.valid('query');
      const scope = await data.residents.scopeOf(actor);
      const roots = await data.residents.rootsOf(scope, grid);
      return c.json(await pageAcross(roots.map((path) => (cursor: string | undefined, limit: number) => data.residents.households.list(path, { cursor, limit })), page), 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/household-search',
      tags: ['residents'],
      summary: 'Households whose 户号 or address holds `q`, in my grids (or one grid subtree): a 户号 exactly by its index anywhere in my scope, else at most 3,000 households of the subtrees read (`more`: choose a grid). No members',
      request: { query: z.object({ q: z.string().trim().min(1).max(40), grid: GridId.optional(), limit: z.coerce.number().int().min(1).max(50).default(20) }) },
      responses: { 200: jsonContent(z.object({ items: z.array(Household), more: z.boolean() }), 'Households found'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const { q, grid, limit } = c.req.valid('query');
      const scope = await data.residents.scopeOf(actor);
      return c.json(await data.residents.searchHouseholds(scope, await data.residents.rootsOf(scope, grid), q, limit), 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/map',
      tags: ['residents'],
      summary: 'The community map (导航图) of a grid: compounds → buildings → households coloured by status tag, with the legend',
      request: { query: z.object({ grid: GridId }) },
      responses: { 200: jsonContent(CommunityMapView, 'The map'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const [root] = await data.residents.rootsOf(await data.residents.scopeOf(actor), c.req.valid('query').grid);
      const [households, rules] = await Promise.all([data.residents.households.allIn(root, MAP_MAX_HOUSEHOLDS), data.residents.rules()]);
      return c.json(communityMap(households, rules), 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/households/{householdId}',
      tags: ['residents'],
      summary: "A household's file: members (masked), history, visits. Written to the access log",
      request: { params: HouseholdParam },
      responses: { 200: jsonContent(HouseholdFile, 'The household'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const { householdId } = c.req.valid('param');
      const file = await data.residents.households.file(await data.residents.scopeOf(actor), householdId);
      await data.residents.audit.append(actor, originOf(c), { action: 'open-household', householdId, count: file.members.length }, c.var.deps.clock.now());
      return c.json(file, 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'patch',
      path: '/households/{householdId}',
      tags: ['residents'],
      summary: 'Edit a household; a new grid moves its members and counts with it',
      request: { params: HouseholdParam, body: jsonBody(HouseholdPatch) },
      responses: { 200: jsonContent(Household, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const scope = await data.residents.scopeOf(actor);
      return c.json(await data.residents.households.update(actor, scope, c.req.valid('param').householdId, c.req.valid('json'), c.var.deps.clock.now()), 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'post',
      path: '/households/{householdId}/persons',
      tags: ['residents'],
      summary: 'Add a person (client ULID); an identity document registered already is a 409 naming the household',
      request: { params: HouseholdParam, body: jsonBody(PersonInput) },
      responses: { 201: jsonContent(MaskedPerson, 'Added (masked)'), 200: jsonContent(MaskedPerson, 'Already added (a resend)'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const scope = await data.residents.scopeOf(actor);
      const { person, created } = await data.residents.persons.add(actor, scope, c.req.valid('param').householdId, c.req.valid('json'), c.var.deps.clock.now());
      return c.json(masked(person), created ? 201 : 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/households/{householdId}/persons/{personId}',
      tags: ['residents'],
      summary: "A person's file (masked), where they live now: an old household of theirs follows their moves. Written to the access log",
      request: { params: PersonParam },
      responses: { 200: jsonContent(MaskedPerson, 'The person'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const { householdId, personId } = c.req.valid('param');
      const person = await data.residents.persons.visible(await data.residents.scopeOf(actor), householdId, personId);
      await data.residents.audit.append(actor, originOf(c), { action: 'open-person', householdId: person.householdId, personId }, c.var.deps.clock.now());
      return c.json(masked(person), 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'patch',
      path: '/households/{householdId}/persons/{personId}',
      tags: ['residents'],
      summary: 'Edit a person (version); phone null removes it',
      request: { params: PersonParam, body: jsonBody(PersonPatch) },
      responses: { 200: jsonContent(MaskedPerson, 'Updated (masked)'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const { householdId, personId } = c.req.valid('param');
      const scope = await data.residents.scopeOf(actor);
      return c.json(masked(await data.residents.persons.update(actor, scope, householdId, personId, c.req.valid('json'), c.var.deps.clock.now())), 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'post',
      path: '/households/{householdId}/persons/{personId}/end',
      tags: ['residents'],
      summary: 'Moved out or died: a soft end with its reason and date (never a delete)',
      request: { params: PersonParam, body: jsonBody(PersonEnd) },
      responses: { 200: jsonContent(MaskedPerson, 'Ended (masked)'), ...errorResponses },
    }),
    async (c) => {
      const { data, actor } = c.var;
      const { householdId, personId } = c.req.valid('param');
      const scope = await data.residents.scopeOf(actor);
      return c.json(masked(await data.residents.persons.end(actor, scope, householdId, personId, c.req.valid('json'), c.var.deps.clock.now())), 200);
    },
  );
