/**
 * A supervisor of several subtrees who names no grid gets one combined report: the roots' figures
 * summed, the roots as its children, their people together — live today and once the day is closed,
 * for a day and for a range. Someone with one root still gets that root; a tenant admin the tenant.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tenantData } from '../../shared/data/tenant-data';
import { runJob } from '../../shared/scheduling/run-job';
import { type Api, testApi } from '../support/api';
import { checklistFor, createVenue, inspectionBody } from '../support/field';
import { createTestTenant, TEST_PASSWORD, type TestTenant } from '../support/tenant';

const DAY = '2026-11-25';
let api: Api;
let t: TestTenant;
let twoRoots: string;

beforeAll(async () => {
  api = await testApi({ now: '2026-11-25T02:00:00Z' });
  t = await createTestTenant(api, 'combo');
  const userId = `two-${t.id.slice(t.id.lastIndexOf('-') + 1)}`;
  const gridIds = [t.grids.northVillage, t.grids.southVillage];
  await tenantData(api.db, t.id).users.create({ id: userId, displayName: '两村督导', roles: ['supervisor'], gridIds, venueKinds: [], password: TEST_PASSWORD }, api.clock.now());
  twoRoots = await api.tokenFor({ userId, tenantId: t.id, roles: ['supervisor'], gridIds, venueKinds: [] });
  const field = { id: `field-${userId}`, roles: ['inspector'] as never, gridIds: [t.grids.north, t.grids.south], venueKinds: [] };
  await tenantData(api.db, t.id).users.create({ ...field, displayName: '巡查员', password: TEST_PASSWORD }, api.clock.now());
  const fieldToken = await api.tokenFor({ userId: field.id, tenantId: t.id, roles: ['inspector'], gridIds: field.gridIds, venueKinds: [] });

  const north = await createVenue(api, t, { gridId: t.grids.northGroup1 });
  const south = await createVenue(api, t, { gridId: t.grids.southVillage, name: '南村超市', address: '南村 1 号' });
  const outside = await createVenue(api, t, { gridId: t.grids.south, name: '片区超市', address: '南片区 2 号' });
  const checklist = await checklistFor(api, fieldToken, 'supermarket');
  for (const [venue, fail] of [[north, ['masks']], [south, []], [outside, []]] as const) {
    const res = await api.call('POST', '/api/inspections', { token: fieldToken, body: inspectionBody(venue.id, checklist, { fail: [...fail] }) });
    expect(res.status).toBe(201);
  }
});

const daily = (token: string, query = '') => api.call('GET', `/api/reports/daily/${DAY}${query}`, { token });

describe('a supervisor of several subtrees', () => {
  it('gets both villages combined today (live), and not the inspection outside them', async () => {
    const res = await daily(twoRoots);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('live');
    expect([...res.body.combinedOf].sort()).toEqual([t.grids.northVillage, t.grids.southVillage].sort());
    expect(res.body.grid).toBeNull();
    expect(res.body.figures).toMatchObject({ inspections: 2, failedInspections: 1, problemsFound: 1 });
    expect(res.body.children.map((c: { name: string }) => c.name).sort()).toEqual(['北村', '南村']);
    // The tenant admin sees all three; one village alone is still one grid's report.
    expect((await daily(t.tokens.admin)).body).toMatchObject({ figures: { inspections: 3 } });
    expect((await daily(t.tokens.admin)).body.combinedOf).toBeUndefined();
    expect((await daily(twoRoots, `?grid=${t.grids.southVillage}`)).body).toMatchObject({ grid: { gridId: t.grids.southVillage }, figures: { inspections: 1 } });
    expect((await daily(twoRoots, `?grid=${t.grids.south}`)).status).toBe(403);
  });

  it('gets the closed day and a range combined the same way', async () => {
    api.clock.set('2026-11-25T17:00:00Z'); // 01:00 on the next day in Shanghai
    await runJob(api.db, { kind: 'close', tenantId: t.id, date: DAY }, api.clock);
    const token = await api.tokenFor({ userId: `two-${t.id.slice(t.id.lastIndexOf('-') + 1)}`, tenantId: t.id, roles: ['supervisor'], gridIds: [t.grids.northVillage, t.grids.southVillage], venueKinds: [] });
    const closed = await daily(token);
    expect(closed.body).toMatchObject({ status: 'closed', grid: null, figures: { inspections: 2, problemsFound: 1 } });
    expect(closed.body.children).toHaveLength(2);
    const range = await api.call('GET', `/api/reports/range?from=2026-11-24&to=${DAY}`, { token });
    expect(range.status).toBe(200);
    expect([...range.body.combinedOf].sort()).toEqual([t.grids.northVillage, t.grids.southVillage].sort());
    expect(range.body.days.map((d: { date: string; figures: { inspections: number } | null }) => [d.date, d.figures?.inspections ?? null])).toEqual([
      ['2026-11-24', null],
      [DAY, 2],
    ]);
  });
});
