/**
 * Checkpoints (卡口) through the API over DynamoDB Local: set up and edited against a version, vehicle
 * entries triaged by colour (a resend stored once, another body a 409), a red code held with one alert
 * for both supervisor chains, and the day's counts per checkpoint, shift and grid.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Api, testApi } from '../support/api';
import { checkpointBody, createCheckpoint, entryBody } from '../support/checkpoints';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
let gate: { id: string; version: number };
const entry = (body: Record<string, unknown>, token = t.tokens.inspector) => api.call('POST', '/api/checkpoints/entries', { token, body });
const counts = async (token = t.tokens.admin, query = '') => (await api.call('GET', `/api/checkpoints/counts?date=2026-11-25${query}`, { token })).body;

beforeAll(async () => {
  api = await testApi({ now: '2026-11-25T04:00:00Z' });
  t = await createTestTenant(api, 'ck');
  gate = await createCheckpoint(api, t.tokens.supervisor, t.grids.northVillage, { staff: [t.users.inspector] });
}, 120_000);

describe('checkpoints', () => {
  it('are set up once (a resend answers the stored one), listed in grid order, edited against their version', async () => {
    const body = checkpointBody(t.grids.southVillage, { name: '南村卡口' });
    expect((await api.call('POST', '/api/checkpoints', { token: t.tokens.admin, body })).status).toBe(201);
    expect((await api.call('POST', '/api/checkpoints', { token: t.tokens.admin, body })).status).toBe(200);
    expect((await api.call('POST', '/api/checkpoints', { token: t.tokens.admin, body: { ...body, name: '别的卡口' } })).status).toBe(409);
    const listed = await api.call('GET', '/api/checkpoints', { token: t.tokens.admin });
    expect(listed.body.items.map((c: any) => c.name)).toEqual(['北村东卡口', '南村卡口']);
    // The inspector's grid is a group of 北村: the village's gate is listed because they staff it.
    expect((await api.call('GET', '/api/checkpoints', { token: t.tokens.inspector })).body.items.map((c: any) => c.name)).toEqual(['北村东卡口']);
    const { id, gridId, ...fields } = checkpointBody(t.grids.northVillage);
    const edit = { ...fields, name: '北村东卡口（改）', version: 1 };
    const saved = await api.call('PUT', `/api/checkpoints/${gate.id}`, { token: t.tokens.supervisor, body: edit });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 2, name: '北村东卡口（改）', staff: [] });
    const stale = await api.call('PUT', `/api/checkpoints/${gate.id}`, { token: t.tokens.supervisor, body: edit });
    expect(stale.status).toBe(409);
    // Staff back, for the entries below.
    expect((await api.call('PUT', `/api/checkpoints/${gate.id}`, { token: t.tokens.supervisor, body: { ...edit, version: 2, staff: [t.users.inspector] } })).status).toBe(200);
  });

  it('refuses a bad shift and an inspector setting one up', async () => {
    const bad = await api.call('POST', '/api/checkpoints', { token: t.tokens.admin, body: checkpointBody(t.grids.north, { shifts: [{ id: 'x', name: '班', starts: '25:00', ends: '08:00' }] }) });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('shifts');
    expect((await api.call('POST', '/api/checkpoints', { token: t.tokens.inspector, body: checkpointBody(t.grids.northGroup1) })).status).toBe(403);
  });
});

describe('vehicle entries', () => {
  it('triage by colour: green passes, yellow with a fresh negative test passes, a stale one turns back, red is held', async () => {
    const green = await entry(entryBody(gate.id, { plate: '豫a·12345', at: '2026-11-24T23:00:00Z' }));
    expect(green.status).toBe(201);
    expect(green.body).toMatchObject({ outcome: 'passed', plate: '豫A12345', plateChecked: true, shiftId: 'night' });
    const fresh = await entry(entryBody(gate.id, { colour: 'yellow', at: '2026-11-25T03:00:00Z', certificate: { testedAt: '2026-11-24T03:00:00Z', negative: true } }));
    expect(fresh.body.outcome).toBe('passed');
    const stale = await entry(entryBody(gate.id, { colour: 'yellow', at: '2026-11-25T03:00:00Z', certificate: { testedAt: '2026-11-22T03:00:00Z', negative: true } }));
    expect(stale.body).toMatchObject({ outcome: 'turned-back', shiftId: 'day' });
    const red = await entry(entryBody(gate.id, { colour: 'red', plate: '临时牌 A-001', destinationGridId: t.grids.southVillage }));
    expect(red.body).toMatchObject({ outcome: 'held', plateChecked: false, plateKind: 'other' });
    expect(red.body.alertId).toMatch(/^held-/);
  });

  it('stores a resend once and refuses another body under the same id', async () => {
    const body = entryBody(gate.id, { colour: 'red', plate: '豫B54321' });
    const first = await entry(body);
    expect(first.status).toBe(201);
    expect((await entry(body)).status).toBe(200);
    expect((await entry({ ...body, plate: '豫B99999' })).status).toBe(409);
    // One alert for the entry, however often it was sent.
    const alerts = (await api.call('GET', '/api/checkpoints/alerts', { token: t.tokens.admin })).body.items;
    expect(alerts.filter((a: any) => a.entryId === body.id)).toHaveLength(1);
  });

  it('names the field of a bad entry, and refuses one from someone not working there', async () => {
    const bad = await entry(entryBody(gate.id, { colour: 'green', certificate: { testedAt: '2026-11-24T03:00:00Z', negative: true } }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('certificate');
    const future = await entry(entryBody(gate.id, { at: '2026-11-26T00:00:00Z' }));
    expect(future.status).toBe(400);
    const south = (await api.call('GET', '/api/checkpoints', { token: t.tokens.admin })).body.items.find((c: any) => c.name === '南村卡口');
    expect((await entry(entryBody(south.id))).status).toBe(403);
  });
});

describe('counts and alerts', () => {
  it('counts the day per checkpoint and shift, rolled up by grid, in scope', async () => {
    const day = await counts();
    expect(day.total).toEqual({ passed: 2, turnedBack: 1, held: 2 });
    const row = day.checkpoints.find((c: any) => c.id === gate.id);
    expect(row.shifts.find((s: any) => s.shiftId === 'night')).toEqual({ shiftId: 'night', name: '夜班', passed: 1, turnedBack: 0, held: 0 });
    expect(row.shifts.find((s: any) => s.shiftId === 'day')).toEqual({ shiftId: 'day', name: '白班', passed: 1, turnedBack: 1, held: 2 });
    expect(day.grids.find((g: any) => g.id === t.grids.north)).toMatchObject({ passed: 2, turnedBack: 1, held: 2 });
    expect((await counts(t.tokens.admin, `&grid=${t.grids.south}`)).total).toEqual({ passed: 0, turnedBack: 0, held: 0 });
    expect((await api.call('GET', '/api/checkpoints/counts', { token: t.tokens.inspector })).status).toBe(403);
  });

  it("tells the destination grid's chain about a held vehicle, and resolves the alert once", async () => {
    const southBoss = await api.tokenFor({ userId: t.users.northSupervisor, tenantId: t.id, roles: ['supervisor'], gridIds: [t.grids.south], venueKinds: [] });
    const theirs = (await api.call('GET', '/api/checkpoints/alerts', { token: southBoss })).body.items;
    expect(theirs).toEqual([expect.objectContaining({ kind: 'held-vehicle', plate: '临时牌A001', destinationGridId: t.grids.southVillage, status: 'open' })]);
    const north = (await api.call('GET', '/api/checkpoints/alerts', { token: t.tokens.northSupervisor })).body.items;
    expect(north).toHaveLength(2);
    const resolved = await api.call('POST', `/api/checkpoints/alerts/${theirs[0].id}/resolve`, { token: southBoss, body: { version: 1, note: '已转运隔离' } });
    expect(resolved.body).toMatchObject({ status: 'resolved', version: 2 });
    expect((await api.call('POST', `/api/checkpoints/alerts/${theirs[0].id}/resolve`, { token: southBoss, body: { version: 1, note: '再次' } })).status).toBe(409);
    expect((await api.call('GET', '/api/checkpoints/alerts', { token: southBoss })).body.items).toEqual([]);
    expect((await api.call('GET', '/api/checkpoints/alerts?status=resolved', { token: t.tokens.admin })).body.items).toHaveLength(1);
    expect((await api.call('POST', `/api/checkpoints/alerts/held-${ulid()}/resolve`, { token: t.tokens.admin, body: { version: 1, note: '无此预警' } })).status).toBe(404);
  });
});
