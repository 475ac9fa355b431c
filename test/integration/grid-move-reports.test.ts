/**
 * Grids re-drawn mid-day (issue 13; one town went from 48 grids to 12 large + 51 small in four days):
 * after a move the day's inspections follow their grid in the listing by grid, and every report —
 * the day of the move, and an earlier day closed again later — counts them where their grid is now,
 * so no grid's figures contradict its children's. Also for a top-level grid moved under another.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runCloseJob } from '../../shared/scheduling/close-job';
import { type Api, testApi } from '../support/api';
import { checklistFor, createVenue, inspectionBody } from '../support/field';
import { createTestTenant, type TestTenant } from '../support/tenant';

const MOVE_DAY = '2026-11-25';
const DAY_BEFORE = '2026-11-24';
let api: Api;
let t: TestTenant;
let east: string;

beforeAll(async () => {
  api = await testApi({ now: '2026-11-25T04:00:00Z' }); // 12:00 in Shanghai
  // Set up the morning before (inspections of days before a tenant's first are refused).
  t = await createTestTenant(api, 'move', { setUpAt: new Date('2026-11-24T00:30:00Z') });
  east = `${t.id.slice(t.id.lastIndexOf('-') + 1)}-east`;
  expect((await api.call('POST', '/api/grids', { token: t.tokens.admin, body: { id: east, name: '东片区', parentId: null } })).status).toBe(201);
  const checklist = await checklistFor(api, t.tokens.supervisor, 'supermarket');
  const inspect = async (venueId: string, at: string) => {
    const res = await api.call('POST', '/api/inspections', { token: t.tokens.supervisor, body: inspectionBody(venueId, checklist, { at: new Date(at) }) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  };
  const group = await createVenue(api, t, { gridId: t.grids.northGroup1, name: '北村一组超市' });
  const eastShop = await createVenue(api, t, { gridId: east, name: '东片区超市' });
  // The day before: one inspection in each; that day is closed before the grids move.
  await inspect(group.id, '2026-11-24T03:00:00Z');
  await inspect(eastShop.id, '2026-11-24T03:30:00Z');
  expect((await runCloseJob(api.db, t.id, DAY_BEFORE, api.clock)).status).toBe('done');
  // The morning of the move: two in the village, one in the east.
  await inspect(group.id, '2026-11-25T01:00:00Z');
  await inspect(group.id, '2026-11-25T02:00:00Z');
  await inspect(eastShop.id, '2026-11-25T02:30:00Z');

  // Midday: the village moves from the north to the south, and the east (top-level) under the south.
  const move = async (gridId: string, newParentId: string) => {
    const grid = (await api.call('GET', `/api/grids/${gridId}`, { token: t.tokens.admin })).body;
    const res = await api.call('POST', `/api/grids/${gridId}/move`, { token: t.tokens.admin, body: { version: grid.version, newParentId } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  await move(t.grids.northVillage, t.grids.south);
  await move(east, t.grids.south);
}, 120_000);

const get = async (path: string) => {
  const res = await api.call('GET', path, { token: t.tokens.supervisor });
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
};
const byGrid = async (date: string, grid: string) => (await get(`/api/inspections/by-grid?date=${date}&grid=${grid}&limit=100`)).items.length;
/** A report's figures of its children add up to its own (people aside: none have a home here). */
const childrenOf = (report: { children: { gridId: string; inspections: number }[] }) => Object.fromEntries(report.children.map((c) => [c.gridId, c.inspections]));

describe('a grid moved mid-day', () => {
  it("lists the day's inspections under the grid's new parent, none under the old", async () => {
    expect(await byGrid(MOVE_DAY, t.grids.south)).toBe(3);
    expect(await byGrid(MOVE_DAY, t.grids.northVillage)).toBe(2);
    expect(await byGrid(MOVE_DAY, t.grids.north)).toBe(0);
    expect(await byGrid(MOVE_DAY, east)).toBe(1);
  });

  it('counts them where their grids are now, live and once the day is closed', async () => {
    const live = await get(`/api/reports/daily/${MOVE_DAY}`);
    expect(live.status).toBe('live');
    expect(childrenOf(live)).toEqual({ [t.grids.north]: 0, [t.grids.south]: 3 });
    expect((await get(`/api/reports/daily/${MOVE_DAY}?grid=${t.grids.northVillage}`)).figures.inspections).toBe(2);

    api.clock.set('2026-11-25T17:00:00Z'); // 01:00 on the 26th
    t.tokens.supervisor = await api.tokenFor({ userId: t.users.supervisor, tenantId: t.id, roles: ['supervisor'] });
    expect((await runCloseJob(api.db, t.id, MOVE_DAY, api.clock)).status).toBe('done');
    const closed = await get(`/api/reports/daily/${MOVE_DAY}`);
    expect(closed.status).toBe('closed');
    expect(closed.figures.inspections).toBe(3);
    expect(childrenOf(closed)).toEqual({ [t.grids.north]: 0, [t.grids.south]: 3 });
    const south = await get(`/api/reports/daily/${MOVE_DAY}?grid=${t.grids.south}`);
    expect(childrenOf(south)).toEqual({ [t.grids.northVillage]: 2, [east]: 1, [t.grids.southVillage]: 0 });
    expect((await get(`/api/reports/daily/${MOVE_DAY}?grid=${east}`)).figures.inspections).toBe(1);
  });

  it('counts an earlier day closed again after the move where the grids are now, the old top-level partition included', async () => {
    const before = await get(`/api/reports/daily/${DAY_BEFORE}`);
    expect(childrenOf(before)).toEqual({ [east]: 1, [t.grids.north]: 1, [t.grids.south]: 0 });

    expect((await runCloseJob(api.db, t.id, DAY_BEFORE, api.clock)).status).toBe('done');
    const again = await get(`/api/reports/daily/${DAY_BEFORE}`);
    expect(again.figures.inspections).toBe(2);
    expect(childrenOf(again)).toEqual({ [t.grids.north]: 0, [t.grids.south]: 2 });
    const south = await get(`/api/reports/daily/${DAY_BEFORE}?grid=${t.grids.south}`);
    expect(childrenOf(south)).toEqual({ [t.grids.northVillage]: 1, [east]: 1, [t.grids.southVillage]: 0 });
  });
});
