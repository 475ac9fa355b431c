/**
 * 联合执法 over DynamoDB Local: a hard case of the ledger referred to the agencies of the tenant's
 * rules (a resend stored once), on the venue's history and carried by the venue, counted in the day's
 * report; the outcome recorded once. The industry authority's lists (black cards, referrals) hold its
 * kinds only.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Api, testApi } from '../support/api';
import { checklistFor, createVenue, inspectionBody } from '../support/field';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
let venueId = '';
let problemId = '';
let shopId = '';
const DAY = '2026-11-25';

const call = (method: string, path: string, token: string, body?: unknown) => api.call(method, path, { token, body });

beforeAll(async () => {
  api = await testApi();
  t = await createTestTenant(api, 'je');
  const venue = await createVenue(api, t, { name: '和顺棋牌室', kind: 'chess-room' });
  const checklist = await checklistFor(api, t.tokens.inspector, 'chess-room');
  const failed = checklist.items.find((i) => i.requiresRectification)!.code;
  const inspected = await call('POST', '/api/inspections', t.tokens.inspector, inspectionBody(venue.id, checklist, { fail: [failed] }));
  venueId = venue.id;
  problemId = inspected.body.problems[0].id;
  shopId = (await createVenue(api, t, { name: '北村小卖部', kind: 'shop' })).id;
});

describe('joint enforcement (联合执法)', () => {
  const referralId = ulid();
  const body = () => ({ id: referralId, problemId, agencies: ['police', 'market-regulation'], reason: '屡查屡犯，需联合执法' });

  it('refers a case once, names the agencies, and puts it on the venue and its history', async () => {
    expect((await call('GET', '/api/joint-enforcement/agencies', t.tokens.supervisor)).body.agencies.map((a: any) => a.code)).toEqual(['police', 'health', 'market-regulation']);
    const refused = await call('POST', '/api/joint-enforcement', t.tokens.supervisor, { ...body(), agencies: ['army'] });
    expect(refused.status).toBe(400);
    expect(refused.body.issues[0].path).toBe('body.agencies');
    expect((await call('POST', '/api/joint-enforcement', t.tokens.inspector, body())).status).toBe(403);

    const created = await call('POST', '/api/joint-enforcement', t.tokens.supervisor, body());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: 'referred', venueId, problemId, referredBy: t.users.supervisor, referredDate: DAY, version: 1 });
    expect(created.body.agencies.map((a: any) => a.nameZh)).toEqual(['公安', '市场监管']);
    // A resend is the same referral; the same id with other content is refused.
    expect((await call('POST', '/api/joint-enforcement', t.tokens.supervisor, body())).status).toBe(200);
    expect((await call('POST', '/api/joint-enforcement', t.tokens.supervisor, { ...body(), reason: '别的' })).status).toBe(409);
    // One open referral a venue at a time.
    const second = await call('POST', '/api/joint-enforcement', t.tokens.supervisor, { ...body(), id: ulid() });
    expect(second.body).toMatchObject({ error: 'illegal_transition' });

    const venue = (await call('GET', `/api/venues/${venueId}`, t.tokens.supervisor)).body;
    expect(venue.jointReferral).toMatchObject({ referralId, agencies: ['police', 'market-regulation'] });
    const events = (await call('GET', `/api/venues/${venueId}/events`, t.tokens.supervisor)).body.items;
    expect(events[0]).toMatchObject({ type: 'joint-referred', referralId, problemId, agencies: ['police', 'market-regulation'], date: DAY, by: t.users.supervisor });
    const listed = (await call('GET', '/api/joint-enforcement?status=referred', t.tokens.supervisor)).body.items;
    expect(listed.map((r: any) => r.id)).toEqual([referralId]);
  });

  it("counts the referral in the day's report, for the venue's grids and the tenant", async () => {
    const report = (await call('GET', `/api/reports/daily/${DAY}`, t.tokens.supervisor)).body;
    expect(report.figures.jointReferrals).toBe(1);
    const north = (await call('GET', `/api/reports/daily/${DAY}?grid=${t.grids.northVillage}`, t.tokens.supervisor)).body;
    expect(north.figures.jointReferrals).toBe(1);
    const south = (await call('GET', `/api/reports/daily/${DAY}?grid=${t.grids.south}`, t.tokens.supervisor)).body;
    expect(south.figures.jointReferrals).toBe(0);
  });

  it("records the agencies' outcome once, with the referral's version; the venue no longer carries it", async () => {
    const stale = await call('POST', `/api/joint-enforcement/${referralId}/outcome`, t.tokens.supervisor, { version: 2, outcome: 'penalised', note: '依法处罚' });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(1);
    const done = await call('POST', `/api/joint-enforcement/${referralId}/outcome`, t.tokens.supervisor, { version: 1, outcome: 'penalised', note: '公安机关依法处罚并责令整改' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'concluded', outcome: 'penalised', concludedBy: t.users.supervisor, version: 2 });
    expect((await call('POST', `/api/joint-enforcement/${referralId}/outcome`, t.tokens.supervisor, { version: 2, outcome: 'rectified', note: 'x' })).status).toBe(409);
    expect((await call('GET', `/api/venues/${venueId}`, t.tokens.supervisor)).body.jointReferral).toBeUndefined();
    const events = (await call('GET', `/api/venues/${venueId}/events`, t.tokens.supervisor)).body.items;
    expect(events.map((e: any) => e.type).slice(0, 2)).toEqual(['joint-concluded', 'joint-referred']);
    expect(events[0]).toMatchObject({ outcome: 'penalised', reason: '公安机关依法处罚并责令整改' });
  });

  it("gives the industry authority its kinds only: black cards (its daily 必查 list) and referrals", async () => {
    // The authority of the test tenant governs shops; the chess room is not its kind.
    for (const [id, reason] of [
      [venueId, '聚集性活动屡禁不止'],
      [shopId, '多次未落实扫码登记'],
    ]) {
      const v = (await call('GET', `/api/venues/${id}`, t.tokens.supervisor)).body;
      expect((await call('POST', `/api/venues/${id}/black-card`, t.tokens.supervisor, { version: v.version, reason })).status).toBe(200);
    }
    const mine = (await call('GET', '/api/enforcement/black-cards', t.tokens.industry)).body.items.map((v: any) => v.id);
    expect(mine).toEqual([shopId]);
    const all = (await call('GET', '/api/enforcement/black-cards', t.tokens.supervisor)).body.items.map((v: any) => v.id);
    expect(all.sort()).toEqual([venueId, shopId].sort());
    expect((await call('GET', '/api/joint-enforcement', t.tokens.industry)).body.items).toEqual([]);
    expect((await call('GET', `/api/joint-enforcement/${referralId}`, t.tokens.industry)).status).toBe(403);
  });
});
