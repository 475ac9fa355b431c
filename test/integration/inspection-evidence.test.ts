/**
 * An inspection as evidence (GET /api/inspections/{id}/evidence): the inspector by display name, the
 * place and distance, time on site, every item with its name, result and note, the flags; shown to
 * its inspector and to whoever may see the venue, 403 to others in the tenant, 404 to other tenants.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Api, testApi } from '../support/api';
import { checklistFor, createVenue, inspectionBody } from '../support/field';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  api = await testApi();
  [t, other] = await Promise.all([createTestTenant(api, 'evi'), createTestTenant(api, 'evx')]);
});

describe('inspection evidence', () => {
  it('shows who, where, how long, every item with its note, and the flags', async () => {
    const me = (await api.call('GET', `/api/users/${t.users.inspector}`, { token: t.tokens.admin })).body;
    await api.call('PATCH', `/api/users/${t.users.inspector}`, { token: t.tokens.admin, body: { version: me.version, displayName: '李网格' } });
    const venue = await createVenue(api, t, { name: '证据超市' });
    const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
    const id = ulid();
    const photoId = (await api.call('POST', '/api/photos', { token: t.tokens.inspector, body: { id: ulid(), venueId: venue.id, inspectionId: id, contentType: 'image/jpeg', size: 100 } })).body.photoId;
    const body = inspectionBody(venue.id, checklist, { id, fail: ['masks'], extra: { photoIds: [photoId], position: { lat: 34.401, lng: 113.8 }, note: '整体良好' } });
    body.results = body.results.map((r) => (r.itemCode === 'masks' ? { ...r, note: '收银员未戴口罩' } : r));
    expect((await api.call('POST', '/api/inspections', { token: t.tokens.inspector, body })).status).toBe(201);

    const res = await api.call('GET', `/api/inspections/${id}/evidence`, { token: t.tokens.northSupervisor });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const e = res.body;
    expect(e.inspector).toEqual({ id: t.users.inspector, displayName: '李网格' });
    expect(e.venue).toMatchObject({ id: venue.id, name: '证据超市', address: '北村一组 8 号', gridName: '北村一组', coordinates: { lat: 34.4, lng: 113.8 } });
    expect(e.minutesOnSite).toBe(10);
    expect(e.distanceMeters).toBe(111);
    expect(e.items.map((i: { code: string }) => i.code)).toEqual(checklist.items.map((i) => i.code));
    expect(e.items.find((i: { code: string }) => i.code === 'masks')).toMatchObject({ labelZh: '佩戴口罩', result: 'fail', note: '收银员未戴口罩', severity: 'major' });
    expect(e.inspection).toMatchObject({ photoIds: [photoId], note: '整体良好', venueCodeScanned: false });
    expect(e.inspection.flags.map((f: { code: string }) => f.code)).toContain('no-venue-code');
  });

  it('is shown to its inspector and to roles that may see the venue; 403 out of scope, 404 to another tenant', async () => {
    const venue = await createVenue(api, t, { name: '南村证据店', gridId: t.grids.southVillage });
    const checklist = await checklistFor(api, t.tokens.supervisor, 'supermarket');
    const made = await api.call('POST', '/api/inspections', { token: t.tokens.supervisor, body: inspectionBody(venue.id, checklist) });
    const path = `/api/inspections/${made.body.inspection.id}/evidence`;
    const status = async (token: string) => (await api.call('GET', path, { token })).status;
    expect(await status(t.tokens.supervisor)).toBe(200);
    expect(await status(t.tokens.admin)).toBe(200);
    expect(await status(t.tokens.northSupervisor)).toBe(403);
    expect(await status(t.tokens.inspector)).toBe(403);
    expect(await status(t.tokens.industry)).toBe(403);
    expect(await status(other.tokens.admin)).toBe(404);
  });
});
