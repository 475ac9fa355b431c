/**
 * Checkpoints' set-up through the API over DynamoDB Local: staff must be active users of the tenant
 * who work in the checkpoint's grid, above or under it, or tenant-wide (the field named), a retired checkpoint takes no vehicles timed after it (one kept offline from
 * before still counts) and keeps its counts, an edit of a retired one is refused; the destinations a
 * grid member may pick are every grid of the tenant, names only; the day's counts per shift rolled up.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Api, testApi } from '../support/api';
import { checkpointBody, createCheckpoint, entryBody } from '../support/checkpoints';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
const NOW = '2026-11-25T04:00:00Z';

beforeAll(async () => {
  api = await testApi({ now: NOW });
  t = await createTestTenant(api, 'cks');
}, 120_000);

describe('checkpoint set-up', () => {
  it('names a staff member who is not an active user of the tenant by their place in the list', async () => {
    const res = await api.call('POST', '/api/checkpoints', { token: t.tokens.admin, body: checkpointBody(t.grids.northVillage, { staff: [t.users.inspector, 'nobody-here'] }) });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([expect.objectContaining({ path: 'body.staff.1', params: expect.objectContaining({ reason: 'staff.notUser' }) })]);
    const twice = await api.call('POST', '/api/checkpoints', { token: t.tokens.admin, body: checkpointBody(t.grids.northVillage, { shifts: [{ id: 'a', name: '早', starts: '06:00', ends: '14:00' }, { id: 'a', name: '晚', starts: '14:00', ends: '22:00' }] }) });
    expect(twice.status).toBe(400);
    expect(JSON.stringify(twice.body)).toContain('"reason":"unique"');
  });

  it('retires a checkpoint against its version: later vehicles refused, earlier ones and the counts kept, no more edits', async () => {
    const gate = await createCheckpoint(api, t.tokens.supervisor, t.grids.southVillage, { name: '南村西卡口', staff: [t.users.supervisor] });
    const before = await api.call('POST', '/api/checkpoints/entries', { token: t.tokens.admin, body: entryBody(gate.id, { at: '2026-11-25T02:00:00Z' }) });
    expect(before.status).toBe(201);
    expect((await api.call('POST', `/api/checkpoints/${gate.id}/retire`, { token: t.tokens.supervisor, body: { version: 9 } })).status).toBe(409);
    const retired = await api.call('POST', `/api/checkpoints/${gate.id}/retire`, { token: t.tokens.supervisor, body: { version: 1 } });
    expect(retired.body).toMatchObject({ status: 'retired', retiredAt: '2026-11-25T04:00:00.000Z', retiredBy: t.users.supervisor, version: 2 });
    const after = await api.call('POST', '/api/checkpoints/entries', { token: t.tokens.admin, body: entryBody(gate.id, { at: '2026-11-25T03:59:00Z' }) });
    expect(after.status).toBe(201); // taken offline before it was retired
    const later = await api.call('POST', '/api/checkpoints/entries', { token: t.tokens.admin, body: entryBody(gate.id, { at: '2026-11-25T04:00:30Z' }) });
    expect(later.status).toBe(409);
    expect(later.body.reason).toBe('checkpoint.retired');
    const { id, gridId, ...fields } = checkpointBody(t.grids.southVillage);
    const edit = await api.call('PUT', `/api/checkpoints/${gate.id}`, { token: t.tokens.supervisor, body: { ...fields, version: 2 } });
    expect(edit.status).toBe(409);
    expect(edit.body.reason).toBe('checkpoint.retired');
    expect((await api.call('POST', `/api/checkpoints/${gate.id}/retire`, { token: t.tokens.supervisor, body: { version: 2 } })).body.reason).toBe('checkpoint.retired');
    // Still listed (its history), and its counts stay.
    expect((await api.call('GET', '/api/checkpoints', { token: t.tokens.admin })).body.items).toEqual([expect.objectContaining({ id: gate.id, status: 'retired' })]);
    const day = (await api.call('GET', `/api/checkpoints/counts?date=2026-11-25&grid=${t.grids.south}`, { token: t.tokens.admin })).body;
    expect(day.checkpoints).toEqual([expect.objectContaining({ id: gate.id, retired: true, passed: 2 })]);
    // Someone outside the checkpoint's grids cannot retire one.
    const other = await createCheckpoint(api, t.tokens.admin, t.grids.southVillage, { name: '南村东卡口' });
    expect((await api.call('POST', `/api/checkpoints/${other.id}/retire`, { token: t.tokens.northSupervisor, body: { version: 1 } })).status).toBe(403);
  });

  it('takes as staff only who works in its grid, above it or under it (or tenant-wide), on create and on edit', async () => {
    // The inspector works in 北村一组, the north supervisor in 北片区: neither works in 南村.
    const south = await api.call('POST', '/api/checkpoints', { token: t.tokens.admin, body: checkpointBody(t.grids.southVillage, { staff: [t.users.supervisor, t.users.northSupervisor] }) });
    expect(south.status).toBe(400);
    expect(south.body.issues).toEqual([expect.objectContaining({ path: 'body.staff.1', params: expect.objectContaining({ reason: 'staff.outsideGrid', user: t.users.northSupervisor }) })]);
    expect((await api.call('GET', '/api/checkpoints', { token: t.tokens.admin })).body.items.some((c: any) => c.name === '北村东卡口' && c.gridId === t.grids.southVillage)).toBe(false);
    // 北村: a group's member, the zone's supervisor and the admin may all staff it.
    const north = await createCheckpoint(api, t.tokens.admin, t.grids.northVillage, { name: '北村南卡口', staff: [t.users.inspector, t.users.northSupervisor, t.users.admin] });
    expect(north.staff).toEqual([t.users.inspector, t.users.northSupervisor, t.users.admin]);
    const { id, gridId, ...fields } = checkpointBody(t.grids.southVillage);
    const gate = await createCheckpoint(api, t.tokens.admin, t.grids.southVillage, { name: '南村北卡口', staff: [t.users.supervisor] });
    const edit = await api.call('PUT', `/api/checkpoints/${gate.id}`, { token: t.tokens.admin, body: { ...fields, version: 1, staff: [t.users.supervisor, t.users.inspector] } });
    expect(edit.status).toBe(400);
    expect(edit.body.issues).toEqual([expect.objectContaining({ path: 'body.staff.1', params: expect.objectContaining({ reason: 'staff.outsideGrid' }) })]);
    // Nothing was written: the version and staff are as they were.
    expect((await api.call('GET', '/api/checkpoints', { token: t.tokens.admin })).body.items.find((c: any) => c.id === gate.id)).toMatchObject({ version: 1, staff: [t.users.supervisor] });
  });
});

describe('destinations', () => {
  it('are every active grid of the tenant by id, name and path, also for a grid member of one group', async () => {
    const res = await api.call('GET', '/api/checkpoints/destinations', { token: t.tokens.inspector });
    expect(res.status).toBe(200);
    expect(res.body.items.map((g: any) => g.id).sort()).toEqual(Object.values(t.grids).sort());
    expect(res.body.items.find((g: any) => g.id === t.grids.southVillage)).toEqual({ id: t.grids.southVillage, name: '南村', path: `/${t.grids.south}/${t.grids.southVillage}/` });
  });
});

describe('counts per shift', () => {
  it('roll each shift up the grid tree, with the shift totals of the whole', async () => {
    const gate = await createCheckpoint(api, t.tokens.admin, t.grids.northVillage, { name: '北村北卡口', staff: [t.users.inspector] });
    const record = (body: Record<string, unknown>) => api.call('POST', '/api/checkpoints/entries', { token: t.tokens.inspector, body: entryBody(gate.id, body) });
    expect((await record({ at: '2026-11-25T01:00:00Z' })).status).toBe(201); // 09:00 local: day shift
    expect((await record({ at: '2026-11-24T17:00:00Z', colour: 'red' })).status).toBe(201); // 01:00 local: night shift
    const day = (await api.call('GET', `/api/checkpoints/counts?date=2026-11-25&grid=${t.grids.north}`, { token: t.tokens.northSupervisor })).body;
    expect(day.grids.map((g: any) => g.id)).toEqual([t.grids.north, t.grids.northVillage]);
    for (const g of day.grids) {
      expect(g.shifts).toEqual(expect.arrayContaining([{ shiftId: 'day', name: '白班', passed: 1, turnedBack: 0, held: 0 }, { shiftId: 'night', name: '夜班', passed: 0, turnedBack: 0, held: 1 }]));
    }
    expect(day.total).toEqual({ passed: 1, turnedBack: 0, held: 1 });
    expect(day.shifts).toHaveLength(2);
  });
});
