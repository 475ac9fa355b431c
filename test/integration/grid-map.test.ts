/**
 * The 三色管理图 over DynamoDB Local: venue and open-problem counters kept per grid by the writes that
 * change them (a venue created, moved or imported; a problem opened and closed), households from the
 * registry's counters, drill-down from the tenant to the lowest grids, colours following the
 * thresholds saved in the rules, and who sees which part of the tree (and which measure).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultRules } from '../../shared/domain/rules';
import { type Api, testApi } from '../support/api';
import { checklistFor, createVenue, inspectionBody } from '../support/field';
import { personBody, registerHousehold, residentId } from '../support/residents';
import { createRound, recordBody } from '../support/testing';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { importVenueCsv, venueCsv } from '../support/venue-csv';

const NOW = '2026-11-25T02:00:00Z';

let api: Api;
let t: TestTenant;

beforeAll(async () => {
  api = await testApi();
  api.clock.set(NOW);
  t = await createTestTenant(api, 'gm');
});

type Cell = { id: string; value: number; leaves: number; density: number; colour: string; children: number };
async function map(token: string, query: Record<string, string> = {}) {
  const res = await api.call('GET', `/api/grid-map?${new URLSearchParams(query)}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { cells: Cell[]; legend: Record<string, number>; total: number; direct: number; thresholds: { yellow: number; red: number }; grid: { id: string } | null };
}
const cells = (m: { cells: Cell[] }) => Object.fromEntries(m.cells.map((c) => [c.id, [c.value, c.colour]]));

describe('三色管理图', () => {
  let problem: { id: string };
  let moved: { id: string; version: number };

  it('starts empty, then counts venues created, moved and imported, per grid and rolled up', async () => {
    const empty = await map(t.tokens.admin);
    expect(empty).toMatchObject({ grid: null, total: 0, legend: { red: 0, yellow: 0, green: 2 }, thresholds: defaultRules().gridMap.venues });
    expect(cells(empty)).toEqual({ [t.grids.north]: [0, 'green'], [t.grids.south]: [0, 'green'] });

    for (let i = 0; i < 3; i++) await createVenue(api, t, { name: `超市${i}` });
    moved = await createVenue(api, t, { name: '要搬的店' });
    await createVenue(api, t, { name: '南村小卖部', kind: 'shop', gridId: t.grids.southVillage });
    const patched = await api.call('PATCH', `/api/venues/${moved.id}`, { token: t.tokens.admin, body: { version: moved.version, gridId: t.grids.northGroup2, kind: 'shop' } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);

    const started = await importVenueCsv((m, p, o) => api.call(m, p, o), t.tokens.admin, venueCsv({ prefix: 'gm', rows: 6, gridIds: [t.grids.northGroup1, t.grids.southVillage] }));
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await api.jobs.idle();

    const top = await map(t.tokens.admin);
    expect(cells(top)).toEqual({ [t.grids.north]: [7, 'green'], [t.grids.south]: [4, 'green'] });
    const north = await map(t.tokens.admin, { grid: t.grids.north });
    expect(north).toMatchObject({ grid: { id: t.grids.north }, direct: 0 });
    expect(north.cells).toEqual([expect.objectContaining({ id: t.grids.northVillage, value: 7, leaves: 2, density: 3.5, children: 2 })]);
    const village = await map(t.tokens.admin, { grid: t.grids.northVillage });
    expect(village.cells.map((c) => [c.id, c.value, c.children])).toEqual([
      [t.grids.northGroup1, 6, 0],
      [t.grids.northGroup2, 1, 0],
    ]);
  });

  it('counts open problems where they were opened, and forgets them when closed', async () => {
    const venue = await createVenue(api, t, { name: '有问题的超市', gridId: t.grids.northGroup2 });
    const checklist = await checklistFor(api, t.tokens.admin, venue.kind);
    const byAdmin = await api.call('POST', '/api/inspections', { token: t.tokens.supervisor, body: inspectionBody(venue.id, checklist, { fail: ['masks'] }) });
    expect(byAdmin.status, JSON.stringify(byAdmin.body)).toBe(201);
    problem = byAdmin.body.problems[0];
    const open = await map(t.tokens.supervisor, { measure: 'openProblems', grid: t.grids.northVillage });
    expect(cells(open)).toEqual({ [t.grids.northGroup1]: [0, 'green'], [t.grids.northGroup2]: [1, 'yellow'] });

    let version = 1;
    for (const [step, body] of [
      ['notice', { requirements: '整改' }],
      ['rectification', { note: '已整改' }],
      ['recheck', { passed: true, note: '复查合格' }],
    ] as const) {
      const res = await api.call('POST', `/api/problems/${problem.id}/${step}`, { token: t.tokens.supervisor, body: { version, ...body } });
      expect(res.status, `${step} ${JSON.stringify(res.body)}`).toBe(200);
      version = res.body.problem.version;
    }
    expect((await map(t.tokens.supervisor, { measure: 'openProblems' })).total).toBe(0);
  });

  it('colours by the thresholds saved in the rules, with a legend of the counts', async () => {
    const rules = (await api.call('GET', '/api/rules', { token: t.tokens.admin })).body;
    const { updatedAt: _u, updatedBy: _b, ...body } = rules;
    const saved = await api.call('PUT', '/api/rules', { token: t.tokens.admin, body: { ...body, gridMap: { ...rules.gridMap, venues: { yellow: 2, red: 4 } } } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    // north: 8 venues over 2 groups = 4 a grid (red); south: 4 in one grid (red); group 2: 2 (yellow).
    const top = await map(t.tokens.admin);
    expect(top.thresholds).toEqual({ yellow: 2, red: 4 });
    expect(cells(top)).toEqual({ [t.grids.north]: [8, 'red'], [t.grids.south]: [4, 'red'] });
    const village = await map(t.tokens.admin, { grid: t.grids.northVillage });
    expect(cells(village)).toEqual({ [t.grids.northGroup1]: [6, 'red'], [t.grids.northGroup2]: [2, 'yellow'] });
    expect(village.legend).toEqual({ red: 1, yellow: 1, green: 0 });

    const bad = await api.call('PUT', '/api/rules', { token: t.tokens.admin, body: { ...body, version: saved.body.version, gridMap: { ...rules.gridMap, venues: { yellow: 5, red: 5 } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('body.gridMap.venues.red');
    // A save without the section keeps it.
    const { gridMap: _g, ...withoutMap } = saved.body;
    const kept = await api.call('PUT', '/api/rules', { token: t.tokens.admin, body: { ...withoutMap, updatedAt: undefined, updatedBy: undefined } });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect(kept.body.gridMap.venues).toEqual({ yellow: 2, red: 4 });
  });

  it('shows households from the registry counters to those who see residents', async () => {
    await registerHousehold(api, t.tokens.inspector, t.grids.northGroup1);
    await registerHousehold(api, t.tokens.admin, t.grids.southVillage, { number: 'S-1' });
    const top = await map(t.tokens.admin, { measure: 'households' });
    expect(cells(top)).toEqual({ [t.grids.north]: [1, 'green'], [t.grids.south]: [1, 'green'] });
    const industry = await api.call('GET', '/api/grid-map?measure=households', { token: t.tokens.industry });
    expect(industry.status).toBe(403);
  });

  it("colours by a testing round's coverage (the running one, or one named), with the band from the rules", async () => {
    const none = await map(t.tokens.admin, { measure: 'coverage' });
    expect((none as any).round).toBeNull();
    const north = await registerHousehold(api, t.tokens.admin, t.grids.northGroup1, { number: 'C-1' });
    const south = await registerHousehold(api, t.tokens.admin, t.grids.southVillage, { number: 'C-2' });
    const people = [];
    for (const [h, i] of [[north, 1], [north, 2], [south, 3]] as const) {
      const res = await api.call('POST', `/api/residents/households/${h.id}/persons`, { token: t.tokens.admin, body: personBody({ name: `覆盖${i}`, idNumber: residentId(`4101841970030300${i}`) }) });
      people.push({ householdId: h.id, personId: res.body.id });
    }
    const round = await createRound(api, t.tokens.admin);
    expect((await api.call('POST', '/api/testing/records', { token: t.tokens.supervisor, body: recordBody(round.id, people[0]) })).status).toBe(201);
    // north: 1 of 2 tested (50 %: red under 60); south: none of 1 (red).
    const top = await map(t.tokens.admin, { measure: 'coverage' });
    expect(top).toMatchObject({ round: { id: round.id, number: 5 }, thresholds: { red: 60, yellow: 90 }, total: 1 });
    expect(top.cells.map((c: any) => [c.id, c.value, c.target, c.density, c.colour])).toEqual([
      [t.grids.north, 1, 2, 50, 'red'],
      [t.grids.south, 0, 1, 0, 'red'],
    ]);
    const rules = (await api.call('GET', '/api/rules', { token: t.tokens.admin })).body;
    const { updatedAt: _u, updatedBy: _b, ...body } = rules;
    expect((await api.call('PUT', '/api/rules', { token: t.tokens.admin, body: { ...body, gridMap: { ...rules.gridMap, coverage: { red: 40, yellow: 80 } } } })).status).toBe(200);
    const named = await map(t.tokens.admin, { measure: 'coverage', round: round.id, grid: t.grids.northVillage });
    expect(cells(named)).toEqual({ [t.grids.northGroup1]: [1, 'yellow'], [t.grids.northGroup2]: [0, 'green'] });
    expect((await api.call('GET', '/api/grid-map?measure=coverage', { token: t.tokens.industry })).status).toBe(403);
  });

  it('shows each caller their part of the tree, and an industry authority its kinds only', async () => {
    const mine = await map(t.tokens.inspector);
    expect(mine.cells.map((c) => c.id)).toEqual([t.grids.northGroup1]);
    expect((await api.call('GET', `/api/grid-map?grid=${t.grids.south}`, { token: t.tokens.inspector })).status).toBe(403);
    expect((await map(t.tokens.northSupervisor)).cells.map((c) => c.id)).toEqual([t.grids.north]);
    // Industry (shop): the moved shop in north group 2, the shop in the south village, imported shops.
    const shops = await map(t.tokens.industry);
    const all = await map(t.tokens.admin);
    expect(shops.total).toBeGreaterThanOrEqual(2);
    expect(shops.total).toBeLessThan(all.total);
    const bad = await api.call('GET', '/api/grid-map?measure=people', { token: t.tokens.admin });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('query.measure');
    // A venue registered at a grid with children is that grid's own: shown beside its children's cells.
    await createVenue(api, t, { name: '片区直属店', gridId: t.grids.north });
    expect((await map(t.tokens.admin, { grid: t.grids.north })).direct).toBe(1);
    const other = await createTestTenant(api, 'gx');
    expect((await api.call('GET', `/api/grid-map?grid=${t.grids.north}`, { token: other.tokens.admin })).status).toBe(404);
  });
});
