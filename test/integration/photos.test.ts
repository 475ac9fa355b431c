/**
 * Photos through the local photo store (files in a temp dir): upload slot, upload checked by magic
 * bytes and size, download, and the inspection submit accepting only this tenant's photo ids.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Api, testApi } from '../support/api';
import { checklistFor, createVenue, inspectionBody } from '../support/field';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
let other: TestTenant;
/** A venue in the inspector's grid (北村一组), and one of the other tenant. */
let venueId: string;
let otherVenueId: string;

beforeAll(async () => {
  api = await testApi();
  [t, other] = await Promise.all([createTestTenant(api, 'pho'), createTestTenant(api, 'phx')]);
  [venueId, otherVenueId] = [(await createVenue(api, t)).id, (await createVenue(api, other)).id];
});

const jpeg = (size: number) => {
  const bytes = new Uint8Array(size).fill(0x20);
  bytes.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
  bytes.set([0xff, 0xd9], size - 2);
  return bytes;
};
const exe = (size: number) => {
  const bytes = new Uint8Array(size);
  bytes.set([0x4d, 0x5a, 0x90, 0x00]); // "MZ": a Windows program
  return bytes;
};

async function slot(token: string, contentType = 'image/jpeg', size = 2048, of: Record<string, string> = {}) {
  const venue = token === other.tokens.inspector ? otherVenueId : venueId;
  const res = await api.call('POST', '/api/photos', { token, body: { id: ulid(), venueId: venue, contentType, size, ...of } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { photoId: string; uploadUrl: string; method: string; headers: Record<string, string>; authorization: string };
}

async function put(url: string, token: string | undefined, bytes: Uint8Array<ArrayBuffer>, contentType = 'image/jpeg') {
  const res = await api.app.request(url, {
    method: 'PUT',
    headers: { 'content-type': contentType, ...(token && { authorization: `Bearer ${token}` }) },
    body: bytes,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('photos (local store)', () => {
  it('gives an upload slot, takes the bytes, and serves them back', async () => {
    const s = await slot(t.tokens.inspector);
    expect(s.photoId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(s).toMatchObject({ uploadUrl: `/api/photos/${s.photoId}/content`, method: 'PUT', headers: { 'content-type': 'image/jpeg' }, authorization: 'bearer' });
    const bytes = jpeg(2048);
    expect((await put(s.uploadUrl, t.tokens.inspector, bytes)).status).toBe(204);
    const file = join(api.photoDir, t.id, s.photoId);
    expect(existsSync(file)).toBe(true);
    expect(new Uint8Array(readFileSync(file))).toEqual(bytes);
    // Re-sending the same upload is fine.
    expect((await put(s.uploadUrl, t.tokens.inspector, bytes)).status).toBe(204);

    const link = await api.call('GET', `/api/photos/${s.photoId}`, { token: t.tokens.supervisor });
    expect(link.status).toBe(200);
    expect(link.body).toMatchObject({ url: `/api/photos/${s.photoId}/content`, method: 'GET', authorization: 'bearer', photo: { id: s.photoId, contentType: 'image/jpeg', size: 2048, uploadedBy: t.users.inspector } });
    const content = await api.app.request(link.body.url, { headers: { authorization: `Bearer ${t.tokens.supervisor}` } });
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await content.arrayBuffer())).toEqual(bytes);
  });

  it('gives a phone that retries with its own id the same slot, and refuses that id to anyone else', async () => {
    const id = ulid();
    const body = { id, venueId, contentType: 'image/jpeg', size: 1000 };
    const first = await api.call('POST', '/api/photos', { token: t.tokens.inspector, body });
    const again = await api.call('POST', '/api/photos', { token: t.tokens.inspector, body });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.photoId).toBe(id);
    expect(again.body.uploadUrl).toBe(first.body.uploadUrl);
    expect((await api.call('POST', '/api/photos', { token: t.tokens.inspector, body: { ...body, contentType: 'image/png' } })).status).toBe(409);
    expect((await api.call('POST', '/api/photos', { token: t.tokens.inspector, body: { ...body, inspectionId: ulid() } })).status).toBe(409);
    expect((await api.call('POST', '/api/photos', { token: t.tokens.supervisor, body })).status).toBe(409);
    // Without a client id there is nothing to retry with: refused, naming the field.
    const { id: _, ...noId } = body;
    expect((await api.call('POST', '/api/photos', { token: t.tokens.inspector, body: noId })).body.issues[0].path).toBe('body.id');
  });

  it('checks type by the first bytes, and the size, before storing anything', async () => {
    const s = await slot(t.tokens.inspector, 'image/jpeg', 4096);
    const renamed = await put(s.uploadUrl, t.tokens.inspector, exe(4096));
    expect(renamed.status).toBe(400);
    expect(renamed.body.message).toContain('not an image of type image/jpeg');
    const png = new Uint8Array(4096);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect((await put(s.uploadUrl, t.tokens.inspector, png)).body.message).toContain('it is image/png');
    expect((await put(s.uploadUrl, t.tokens.inspector, jpeg(4000))).body.message).toContain('4096 were announced');
    expect((await put(s.uploadUrl, t.tokens.inspector, jpeg(4096), 'image/png')).body.issues[0].path).toBe('header.content-type');
    expect(existsSync(join(api.photoDir, t.id, s.photoId))).toBe(false);
    const content = await api.call('GET', `/api/photos/${s.photoId}/content`, { token: t.tokens.inspector });
    expect(content.status).toBe(404);

    // Announced sizes and types are bounded; bodies over 5 MB never reach the route.
    expect((await api.call('POST', '/api/photos', { token: t.tokens.inspector, body: { id: ulid(), venueId, contentType: 'image/jpeg', size: 6 * 1024 * 1024 } })).status).toBe(400);
    expect((await api.call('POST', '/api/photos', { token: t.tokens.inspector, body: { id: ulid(), venueId, contentType: 'application/x-msdownload', size: 100 } })).body.issues[0].path).toBe('body.contentType');
    expect((await put(s.uploadUrl, t.tokens.inspector, jpeg(5 * 1024 * 1024 + 1))).status).toBe(413);
    // WebP is one of the accepted types.
    const webp = await slot(t.tokens.inspector, 'image/webp', 64);
    const bytes = new Uint8Array(64);
    bytes.set([0x52, 0x49, 0x46, 0x46, 56, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]);
    expect((await put(webp.uploadUrl, t.tokens.inspector, bytes, 'image/webp')).status).toBe(204);
  });

  it('lets only the uploader send the bytes, and only this tenant see them', async () => {
    const s = await slot(t.tokens.inspector);
    expect((await put(s.uploadUrl, t.tokens.supervisor, jpeg(2048))).status).toBe(403);
    expect((await put(s.uploadUrl, undefined, jpeg(2048))).status).toBe(401);
    expect((await put(s.uploadUrl, other.tokens.inspector, jpeg(2048))).status).toBe(404);
    expect((await api.call('GET', `/api/photos/${s.photoId}`, { token: other.tokens.supervisor })).status).toBe(404);
    expect((await api.call('GET', `/api/photos/${s.photoId}/content`, { token: other.tokens.supervisor })).status).toBe(404);
  });
});

describe('photos in inspections', () => {
  it("accepts this tenant's photos and refuses others, in the same four calls", async () => {
    const venue = { id: venueId };
    const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
    const mine = [await slot(t.tokens.inspector), await slot(t.tokens.inspector)];
    const theirs = await slot(other.tokens.inspector);

    const foreign = await api.call('POST', '/api/inspections', {
      token: t.tokens.inspector,
      body: inspectionBody(venue.id, checklist, { extra: { photoIds: [mine[0].photoId, theirs.photoId] } }),
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.issues[0].path).toBe('photoIds.1');
    const made = await api.call('POST', '/api/inspections', {
      token: t.tokens.inspector,
      body: inspectionBody(venue.id, checklist, { extra: { photoIds: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'] } }),
    });
    expect(made.status).toBe(400);
    expect(made.body.issues[0].path).toBe('photoIds.0');

    let calls = 0;
    // The tenant's own client: every call of its requests goes through it (shared/data/tenant-tables.ts).
    const tenantDoc = api.deps.tables.tenant(t.id).doc;
    const send = tenantDoc.send.bind(tenantDoc);
    tenantDoc.send = ((command: never) => {
      calls++;
      return send(command);
    }) as typeof tenantDoc.send;
    let res: Awaited<ReturnType<Api['call']>>;
    try {
      res = await api.call('POST', '/api/inspections', {
        token: t.tokens.inspector,
        body: inspectionBody(venue.id, checklist, { extra: { photoIds: mine.map((p) => p.photoId) } }),
      });
    } finally {
      tenantDoc.send = send;
    }
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.inspection.photoIds).toEqual(mine.map((p) => p.photoId));
    // BatchGet (now with the photos too), checklist Get, neighbour Query, TransactWrite.
    expect(calls).toBe(4);
  });
});

describe('photos follow the grid scope of their venue', () => {
  const read = async (photoId: string, token: string) => [
    (await api.call('GET', `/api/photos/${photoId}`, { token })).status,
    (await api.call('GET', `/api/photos/${photoId}/content`, { token })).status,
  ];

  it('shows a photo to the roles that may see its venue, and answers 404 to everyone else', async () => {
    // The tenant-wide supervisor photographs a venue in 南村: outside the inspector's and the north supervisor's grids.
    const south = await createVenue(api, t, { name: '南村超市', gridId: t.grids.southVillage });
    const s = await slot(t.tokens.supervisor, 'image/jpeg', 2048, { venueId: south.id });
    expect((await put(s.uploadUrl, t.tokens.supervisor, jpeg(2048))).status).toBe(204);
    const expected: [keyof TestTenant['tokens'], number][] = [
      ['admin', 200],
      ['supervisor', 200],
      ['northSupervisor', 404],
      ['inspector', 404],
      ['industry', 404], // a supermarket; the authority oversees shops
    ];
    for (const [who, status] of expected) expect(await read(s.photoId, t.tokens[who]), who).toEqual([status, status]);
    expect(await read(s.photoId, other.tokens.admin)).toEqual([404, 404]);

    // In the inspector's grid: the inspector and the north supervisor see it; a shop: the authority too.
    const shop = await createVenue(api, t, { name: '北村小店', kind: 'shop' });
    const north = await slot(t.tokens.supervisor, 'image/jpeg', 2048, { venueId: shop.id });
    await put(north.uploadUrl, t.tokens.supervisor, jpeg(2048));
    for (const who of ['inspector', 'northSupervisor', 'industry'] as const) expect(await read(north.photoId, t.tokens[who]), who).toEqual([200, 200]);
  });

  it('gives upload slots only for venues the caller may see', async () => {
    const south = await createVenue(api, t, { name: '南村二店', gridId: t.grids.southVillage });
    const body = { id: ulid(), venueId: south.id, contentType: 'image/jpeg', size: 100 };
    expect((await api.call('POST', '/api/photos', { token: t.tokens.inspector, body })).status).toBe(403);
    expect((await api.call('POST', '/api/photos', { token: t.tokens.inspector, body: { ...body, venueId: otherVenueId } })).status).toBe(404);
    expect((await api.call('POST', '/api/photos', { token: t.tokens.inspector, body: { ...body, venueId: 'no-such-venue' } })).status).toBe(404);
  });

  it('lets an inspection list only photos of its venue taken for it', async () => {
    const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
    const second = await createVenue(api, t, { name: '北村二号超市' });
    const id = ulid();
    const ofOther = await slot(t.tokens.inspector, 'image/jpeg', 2048, { venueId: second.id });
    const forAnother = await slot(t.tokens.inspector, 'image/jpeg', 2048, { inspectionId: ulid() });
    const forThis = await slot(t.tokens.inspector, 'image/jpeg', 2048, { inspectionId: id });
    const submit = (photoIds: string[]) => api.call('POST', '/api/inspections', { token: t.tokens.inspector, body: inspectionBody(venueId, checklist, { id, extra: { photoIds } }) });
    const wrongVenue = await submit([forThis.photoId, ofOther.photoId]);
    expect(wrongVenue.status).toBe(400);
    expect(wrongVenue.body.issues[0]).toMatchObject({ path: 'photoIds.1', message: expect.stringContaining('another venue') });
    const wrongInspection = await submit([forAnother.photoId]);
    expect(wrongInspection.body.issues[0]).toMatchObject({ path: 'photoIds.0', message: expect.stringContaining('another inspection') });
    expect((await submit([forThis.photoId])).status).toBe(201);
  });
});
