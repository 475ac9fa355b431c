import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { tenantKeys } from '../../shared/data/keys';
import { type Api, testApi } from '../support/api';
import { checklistFor, createVenue, inspectionBody } from '../support/field';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
beforeAll(async () => {
  api = await testApi();
  t = await createTestTenant(api, 'insp');
});

async function countItems(pk: string) {
  const out = await api.db.doc.send(new QueryCommand({ TableName: api.db.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }));
  return out.Items?.length ?? 0;
}

describe('the field loop', () => {
  it('stores a passing inspection once and updates the venue', async () => {
    const venue = await createVenue(api, t);
    const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
    expect(checklist.version).toBe(1);
    expect(checklist.items.map((i) => i.code)).toContain('capacity');
    const body = inspectionBody(venue.id, checklist);
    const res = await api.call('POST', '/api/inspections', { token: t.tokens.inspector, body });
    expect(res.status).toBe(201);
    expect(res.body.inspection).toMatchObject({ id: body.id, outcome: 'pass', date: '2026-11-25', inspectorId: t.users.inspector, checklistVersion: 1 });
    expect(res.body.problems).toEqual([]);
    const v = await api.call('GET', `/api/venues/${venue.id}`, { token: t.tokens.inspector });
    expect(v.body).toMatchObject({ lastInspectedAt: body.endedAt, lastOutcome: 'pass', openProblems: 0 });
  });

  it('opens one problem per failed item that requires rectification, with a deadline from the rules', async () => {
    const venue = await createVenue(api, t);
    const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
    const body = inspectionBody(venue.id, checklist, { fail: ['masks', 'rules-posted'] });
    const res = await api.call('POST', '/api/inspections', { token: t.tokens.inspector, body });
    expect(res.status).toBe(201);
    expect(res.body.inspection.outcome).toBe('rectification-required');
    expect(res.body.inspection.failedItems.sort()).toEqual(['masks', 'rules-posted']);
    // rules-posted does not require rectification; masks is major: 3 days by default.
    expect(res.body.problems).toHaveLength(1);
    expect(res.body.problems[0]).toMatchObject({ itemCode: 'masks', severity: 'major', status: 'open', deadline: '2026-11-28', venueId: venue.id });
    expect((await api.call('GET', `/api/venues/${venue.id}`, { token: t.tokens.admin })).body.openProblems).toBe(1);
  });

  it('recommends suspension when a critical item fails', async () => {
    const venue = await createVenue(api, t);
    const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
    const res = await api.call('POST', '/api/inspections', { token: t.tokens.inspector, body: inspectionBody(venue.id, checklist, { fail: ['scan-code'] }) });
    expect(res.body.inspection.outcome).toBe('suspension-recommended');
    expect(res.body.problems[0].deadline).toBe('2026-11-26');
    // The recommendation's reason is stored once, as a code the reader's language words.
    const { suspension } = (await api.call('GET', `/api/venues/${venue.id}`, { token: t.tokens.admin })).body;
    expect(suspension).toMatchObject({ state: 'recommended', reasonCodes: [{ code: 'suspension.inspection-outcome', params: {} }], inspectionId: res.body.inspection.id });
  });

  it('is idempotent: a resend returns the stored inspection and writes nothing new; a changed resend is a 409', async () => {
    const venue = await createVenue(api, t);
    const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
    const body = inspectionBody(venue.id, checklist, { fail: ['masks'] });
    const first = await api.call('POST', '/api/inspections', { token: t.tokens.inspector, body });
    const again = await api.call('POST', '/api/inspections', { token: t.tokens.inspector, body });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.inspection).toEqual(first.body.inspection);
    const changed = await api.call('POST', '/api/inspections', { token: t.tokens.inspector, body: { ...body, note: '改了' } });
    expect(changed.status).toBe(409);
    const history = await api.call('GET', `/api/venues/${venue.id}/inspections`, { token: t.tokens.admin });
    expect(history.body.items).toHaveLength(1);
    expect((await api.call('GET', `/api/venues/${venue.id}`, { token: t.tokens.admin })).body.openProblems).toBe(1);
  });

  it('stores concurrent resends of the same inspection once', async () => {
    const venue = await createVenue(api, t);
    const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
    const body = inspectionBody(venue.id, checklist, { fail: ['masks'] });
    const results = await Promise.all(Array.from({ length: 5 }, () => api.call('POST', '/api/inspections', { token: t.tokens.inspector, body })));
    expect(results.map((r) => r.status).filter((s) => s === 201)).toHaveLength(1);
    expect(results.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    expect((await api.call('GET', `/api/venues/${venue.id}/inspections`, { token: t.tokens.admin })).body.items).toHaveLength(1);
    expect((await api.call('GET', `/api/venues/${venue.id}`, { token: t.tokens.admin })).body.openProblems).toBe(1);
  });

  it('writes nothing when a problem cannot be written (the transaction is all or nothing)', async () => {
    const venue = await createVenue(api, t);
    const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
    const body = inspectionBody(venue.id, checklist, { fail: ['masks', 'temperature'] });
    // Occupy the id of the second problem so that its conditional put fails inside the transaction.
    await api.db.doc.send(new PutCommand({ TableName: api.db.table, Item: { ...tenantKeys(t.id).problem(`${body.id}-temperature`), squatter: true } }));
    const res = await api.call('POST', '/api/inspections', { token: t.tokens.inspector, body });
    expect(res.status).toBe(409);
    expect(await countItems(tenantKeys(t.id).inspection(body.id).pk)).toBe(0);
    expect(await countItems(tenantKeys(t.id).problem(`${body.id}-masks`).pk)).toBe(0);
    expect((await api.call('GET', `/api/venues/${venue.id}`, { token: t.tokens.admin })).body).toMatchObject({ openProblems: 0 });
    expect((await api.call('GET', `/api/venues/${venue.id}`, { token: t.tokens.admin })).body.lastInspectedAt).toBeUndefined();
  });

  it('refuses an inspector outside their grids (403) and writes nothing', async () => {
    const venue = await createVenue(api, t, { gridId: t.grids.southVillage });
    const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
    const body = inspectionBody(venue.id, checklist);
    const res = await api.call('POST', '/api/inspections', { token: t.tokens.inspector, body });
    expect(res.status).toBe(403);
    expect(await countItems(tenantKeys(t.id).inspection(body.id).pk)).toBe(0);
    // A supervisor of the whole tenant may.
    expect((await api.call('POST', '/api/inspections', { token: t.tokens.supervisor, body })).status).toBe(201);
  });

  it("answers a resend of someone else's inspection out of the caller's scope as a first submit would (403), never with the stored one", async () => {
    const venue = await createVenue(api, t, { gridId: t.grids.southVillage });
    const checklist = await checklistFor(api, t.tokens.supervisor, 'supermarket');
    const body = inspectionBody(venue.id, checklist, { fail: ['masks'] });
    expect((await api.call('POST', '/api/inspections', { token: t.tokens.supervisor, body })).status).toBe(201);
    for (const resend of [body, { ...body, note: '改了' }]) {
      const res = await api.call('POST', '/api/inspections', { token: t.tokens.inspector, body: resend });
      expect(res.status).toBe(403);
      expect(JSON.stringify(res.body)).not.toContain(body.id);
    }
    // Its own inspector's resend is still the stored one; an industry authority of another kind is refused too.
    expect((await api.call('POST', '/api/inspections', { token: t.tokens.supervisor, body })).status).toBe(200);
    expect((await api.call('POST', '/api/inspections', { token: t.tokens.industry, body })).status).toBe(403);
  });

  it('lets an industry authority inspect only venues of its kinds', async () => {
    const shop = await createVenue(api, t, { kind: 'shop', gridId: t.grids.southVillage });
    const cafe = await createVenue(api, t, { kind: 'internet-cafe', gridId: t.grids.southVillage });
    const shopList = await checklistFor(api, t.tokens.industry, 'shop');
    const cafeList = await checklistFor(api, t.tokens.industry, 'internet-cafe');
    expect((await api.call('POST', '/api/inspections', { token: t.tokens.industry, body: inspectionBody(shop.id, shopList) })).status).toBe(201);
    expect((await api.call('POST', '/api/inspections', { token: t.tokens.industry, body: inspectionBody(cafe.id, cafeList) })).status).toBe(403);
  });

  it('refuses an inspection dated before the tenant was set up, and takes one from earlier on its first day', async () => {
    // The test tenant is set up at 10:00 on 2026-11-25 in Shanghai (the test clock).
    const venue = await createVenue(api, t);
    const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
    const before = await api.call('POST', '/api/inspections', { token: t.tokens.inspector, body: inspectionBody(venue.id, checklist, { at: new Date('2026-11-24T10:00:00Z') }) });
    expect(before.status).toBe(400);
    expect(before.body.issues[0].path).toBe('endedAt');
    expect((await api.call('GET', `/api/venues/${venue.id}/inspections`, { token: t.tokens.admin })).body.items).toEqual([]);
    const firstMorning = await api.call('POST', '/api/inspections', { token: t.tokens.inspector, body: inspectionBody(venue.id, checklist, { at: new Date('2026-11-24T16:40:00Z') }) });
    expect(firstMorning.status).toBe(201);
    expect(firstMorning.body.inspection.date).toBe('2026-11-25');
  });

  it('checks results against the checklist version and names the field', async () => {
    const venue = await createVenue(api, t);
    const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
    const missing = inspectionBody(venue.id, checklist);
    missing.results = missing.results.slice(1);
    const res = await api.call('POST', '/api/inspections', { token: t.tokens.inspector, body: missing });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe('results');
    expect(res.body.message).toContain('scan-code not answered');
    const unknownVersion = await api.call('POST', '/api/inspections', { token: t.tokens.inspector, body: { ...inspectionBody(venue.id, checklist), checklistVersion: 99 } });
    expect(unknownVersion.status).toBe(400);
    expect(unknownVersion.body.issues[0].path).toBe('checklistVersion');
    const badResult = inspectionBody(venue.id, checklist);
    (badResult.results[0] as { result: string }).result = 'maybe';
    const bad = await api.call('POST', '/api/inspections', { token: t.tokens.inspector, body: badResult });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('body.results.0.result');
  });

  it('keeps past inspections on the checklist version they used when the template is edited', async () => {
    const venue = await createVenue(api, t, { kind: 'hotel' });
    const v1 = await checklistFor(api, t.tokens.admin, 'hotel');
    const old = inspectionBody(venue.id, v1);
    const saved = await api.call('PUT', '/api/checklists/hotel', {
      token: t.tokens.admin,
      body: { baseVersion: 1, items: [...v1.items.filter((i) => i.code !== 'ventilation'), { code: 'fire-exits', labelZh: '消防通道', labelEn: 'Fire exits', severity: 'critical', requiresRectification: true }] },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(2);
    const stale = await api.call('PUT', '/api/checklists/hotel', { token: t.tokens.admin, body: { baseVersion: 1, items: v1.items } });
    expect(stale.status).toBe(409);
    // A phone that still has version 1 can submit against it.
    const res = await api.call('POST', '/api/inspections', { token: t.tokens.inspector, body: old });
    expect(res.status).toBe(201);
    expect(res.body.inspection.checklistVersion).toBe(1);
    expect((await api.call('GET', '/api/checklists/hotel/versions/1', { token: t.tokens.inspector })).body.items.map((i: { code: string }) => i.code)).toContain('ventilation');
  });
});

describe('authenticity flags', () => {
  it('flags a missing or wrong venue code and accepts the right one', async () => {
    const venue = await createVenue(api, t);
    const other = await createVenue(api, t);
    const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
    const code = (await api.call('GET', `/api/venues/${venue.id}/code`, { token: t.tokens.admin })).body.token;
    const otherCode = (await api.call('GET', `/api/venues/${other.id}/code`, { token: t.tokens.admin })).body.token;
    const at = (m: number) => new Date(Date.parse('2026-11-25T01:00:00Z') + m * 60_000);
    const flagsOf = async (venueCode: string | undefined, m: number) =>
      (await api.call('POST', '/api/inspections', { token: t.tokens.supervisor, body: inspectionBody(venue.id, checklist, { at: at(m), extra: venueCode ? { venueCode } : {} }) })).body.inspection.flags.map((f: { code: string }) => f.code);
    expect(await flagsOf(undefined, 0)).toEqual(['no-venue-code']);
    expect(await flagsOf(otherCode, 1)).toEqual(['invalid-venue-code']);
    expect(await flagsOf(code, 2)).toEqual([]);
    // After rotation the printed code no longer verifies.
    const v = (await api.call('GET', `/api/venues/${venue.id}`, { token: t.tokens.admin })).body;
    await api.call('POST', `/api/venues/${venue.id}/code/rotate`, { token: t.tokens.admin, body: { version: v.version } });
    expect(await flagsOf(code, 3)).toEqual(['invalid-venue-code']);
  });

  it('flags GPS far from the venue and two far-apart venues within minutes', async () => {
    const near = await createVenue(api, t, { coordinates: { lat: 34.4, lng: 113.8 } });
    const far = await createVenue(api, t, { coordinates: { lat: 34.5, lng: 113.8 } }); // ≈11 km north
    const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
    const first = await api.call('POST', '/api/inspections', {
      token: t.tokens.inspector,
      body: inspectionBody(near.id, checklist, { at: new Date('2026-11-25T01:40:00Z'), extra: { position: { lat: 34.4, lng: 113.81 } } }),
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.inspection.flags.map((f: { code: string }) => f.code)).toEqual(['no-venue-code', 'gps-far']);
    const second = await api.call('POST', '/api/inspections', {
      token: t.tokens.inspector,
      body: inspectionBody(far.id, checklist, { at: new Date('2026-11-25T01:45:00Z') }),
    });
    expect(second.body.inspection.flags.map((f: { code: string }) => f.code)).toContain('too-fast-between-venues');
  });
});

describe('reading inspections', () => {
  it("lists a venue's history newest first, an inspector's day, and a grid subtree's day", async () => {
    const venue = await createVenue(api, t, { gridId: t.grids.northGroup2 });
    const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
    const ids: string[] = [];
    api.clock.set('2026-11-26T08:00:00Z');
    const token = await api.tokenFor({ userId: t.users.northSupervisor, tenantId: t.id, roles: ['supervisor'], gridIds: [t.grids.north] });
    try {
      for (const hour of [2, 4, 6]) {
        const body = inspectionBody(venue.id, checklist, { at: new Date(`2026-11-26T0${hour}:00:00Z`) });
        ids.push(body.id);
        expect((await api.call('POST', '/api/inspections', { token, body })).status).toBe(201);
      }
    } finally {
      api.clock.set('2026-11-25T02:00:00Z');
    }
    const history = await api.call('GET', `/api/venues/${venue.id}/inspections?limit=2`, { token: t.tokens.northSupervisor });
    expect(history.body.items.map((i: { id: string }) => i.id)).toEqual([ids[2], ids[1]]);
    const rest = await api.call('GET', `/api/venues/${venue.id}/inspections?limit=2&cursor=${history.body.cursor}`, { token: t.tokens.northSupervisor });
    expect(rest.body.items.map((i: { id: string }) => i.id)).toEqual([ids[0]]);

    const day = await api.call('GET', `/api/inspections/by-inspector?date=2026-11-26&inspector=${t.users.northSupervisor}`, { token: t.tokens.supervisor });
    expect(day.body.items).toHaveLength(3);
    const own = await api.call('GET', '/api/inspections/by-inspector?date=2026-11-26', { token: t.tokens.northSupervisor });
    expect(own.body.items).toHaveLength(3);
    const others = await api.call('GET', `/api/inspections/by-inspector?date=2026-11-26&inspector=${t.users.northSupervisor}`, { token: t.tokens.inspector });
    expect(others.status).toBe(403);

    const grid = await api.call('GET', `/api/inspections/by-grid?date=2026-11-26&grid=${t.grids.northVillage}`, { token: t.tokens.northSupervisor });
    expect(grid.body.items.map((i: { id: string }) => i.id).sort()).toEqual([...ids].sort());
    const south = await api.call('GET', `/api/inspections/by-grid?date=2026-11-26&grid=${t.grids.south}`, { token: t.tokens.supervisor });
    expect(south.body.items).toEqual([]);
    const outOfScope = await api.call('GET', `/api/inspections/by-grid?date=2026-11-26&grid=${t.grids.south}`, { token: t.tokens.northSupervisor });
    expect(outOfScope.status).toBe(403);
  });

  it('makes four DynamoDB calls for one submit', async () => {
    const venue = await createVenue(api, t);
    const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
    let calls = 0;
    // The tenant's own client: every call of its requests goes through it (shared/data/tenant-tables.ts).
    const tenantDoc = api.deps.tables.tenant(t.id).doc;
    const send = tenantDoc.send.bind(tenantDoc);
    tenantDoc.send = ((command: never) => {
      calls++;
      return send(command);
    }) as typeof tenantDoc.send;
    try {
      const res = await api.call('POST', '/api/inspections', { token: t.tokens.inspector, body: inspectionBody(venue.id, checklist, { fail: ['masks'] }) });
      expect(res.status).toBe(201);
    } finally {
      tenantDoc.send = send;
    }
    // BatchGet, checklist Get, neighbour Query, TransactWrite; and, the outcome not being a pass, the
    // venue's recent inspections for the black-card rule (docs/enforcement.md; nothing for a pass).
    expect(calls).toBe(5);
  });
});
