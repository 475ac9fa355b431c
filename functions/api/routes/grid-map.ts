/**
 * The 三色管理图 (three-colour management map): per-grid figures of a subtree for the chosen measure
 * (venues, open problems, households, a testing round's coverage), coloured by the tenant's thresholds. Supervisors see their
 * subtrees, inspectors their grids, industry authorities the whole tenant's venues and problems of
 * their kinds; households only for those who see residents (never authorities nor the platform admin).
 */
import * as z from 'zod';
import { MapMeasure } from '../../../shared/domain/grid-map';
import { GridId } from '../../../shared/domain/grid';
import { RoundId } from '../../../shared/domain/testing/round';
import { hasRole } from '../../../shared/domain/actor';
import { forbidden } from '../../../shared/errors';
import { apiRoutes, defineRoute, TENANT_ROLES } from '../route';
import { errorResponses, jsonContent } from '../schemas';

const Colour = z.enum(['red', 'yellow', 'green']);
/** `round`: for `measure=coverage`, the testing round (default: the one running). */
const MapQuery = z.object({ measure: MapMeasure.default('venues'), grid: GridId.optional(), round: RoundId.optional() });
const GridMap = z.object({
  measure: MapMeasure,
  thresholds: z.object({ yellow: z.number(), red: z.number() }),
  grid: z.object({ id: z.string(), name: z.string(), path: z.string(), parentId: z.string().nullable(), level: z.number() }).nullable(),
  cells: z.array(z.object({ id: z.string(), name: z.string(), value: z.number(), leaves: z.number(), density: z.number(), colour: Colour, children: z.number(), target: z.number().optional() })),
  /** `measure=coverage`: the round coloured (null when none runs); a cell's `value` is tested, `target` whom to test, `density` the coverage in %. */
  round: z.object({ id: z.string(), number: z.number(), name: z.string() }).nullable().optional(),
  legend: z.object({ red: z.number(), yellow: z.number(), green: z.number() }),
  /** The sum over the cells. */
  total: z.number(),
  /** Registered at the grid shown itself, in none of its children (0 at the top). */
  direct: z.number(),
});

/** Industry authorities see venues by kind across the tenant, and no residents. */
const byKind = (roles: readonly string[]) => roles.includes('industry-authority') && !roles.some((r) => ['tenant-admin', 'supervisor', 'inspector'].includes(r));

export const gridMap = apiRoutes().openapi(
  defineRoute(TENANT_ROLES, {
    method: 'get',
    path: '/',
    tags: ['grids'],
    summary: '三色管理图: the children of a grid (or my top grids) with the measure per grid, its colour by the rules and a legend; O(grids) reads',
    request: { query: MapQuery },
    responses: { 200: jsonContent(GridMap, 'The map'), ...errorResponses },
  }),
  async (c) => {
    const { data, actor } = c.var;
    const { measure, grid, round } = c.req.valid('query');
    const kinds = byKind(actor.roles) ? actor.venueKinds : undefined;
    const ofPeople = measure === 'households' || measure === 'coverage';
    if (ofPeople && !hasRole(actor, 'tenant-admin', 'supervisor', 'inspector')) throw forbidden(`${measure} is not shown to your role`);
    const scope = ofPeople ? await data.residents.scopeOf(actor) : await data.scopeOf(actor);
    return c.json(await data.gridMap.of(scope, measure, { gridId: grid, kinds, roundId: round, now: c.var.deps.clock.now() }), 200);
  },
);
