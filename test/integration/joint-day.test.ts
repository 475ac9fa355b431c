/**
 * The daily report's 联合执法 section over DynamoDB Local (GET /api/joint-enforcement/day/{date}): the
 * day's referrals and outcomes counted per agency, for the tenant, the venue's grid and another grid
 * (none there), and only what the caller may see (the industry authority: its kinds).
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Api, testApi } from '../support/api';
import { checklistFor, createVenue, inspectionBody } from '../support/field';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
let venueId = '';
const DAY = '2026-11-25';
const first = ulid();
const second = ulid();

const call = (method: string, path: string, token: string, body?: unknown) => api.call(method, path, { token, body });

async function failedProblem(name: string): Promise<{ venueId: string; problemId: string }> {
  const venue = await createVenue(api, t, { name, kind: 'chess-room' });
  const checklist = await checklistFor(api, t.tokens.inspector, 'chess-room');
  const failed = checklist.items.find((i) => i.requiresRectification)!.code;
  const inspected = await call('POST', '/api/inspections', t.tokens.inspector, inspectionBody(venue.id, checklist, { fail: [failed] }));
  return { venueId: venue.id, problemId: inspected.body.problems[0].id };
}

beforeAll(async () => {
  api = await testApi();
  t = await createTestTenant(api, 'jd');
  const a = await failedProblem('和顺棋牌室');
  const b = await failedProblem('老街棋牌室');
  venueId = a.venueId;
  const refer = (id: string, problemId: string, agencies: string[]) => call('POST', '/api/joint-enforcement', t.tokens.supervisor, { id, problemId, agencies, reason: '屡查屡犯' });
  expect((await refer(first, a.problemId, ['police', 'market-regulation'])).status).toBe(201);
  expect((await refer(second, b.problemId, ['health'])).status).toBe(201);
  expect((await call('POST', `/api/joint-enforcement/${first}/outcome`, t.tokens.supervisor, { version: 1, outcome: 'penalised', note: '依法处罚' })).status).toBe(200);
});

describe("a day's joint enforcement (联合执法) for the daily report", () => {
  it('counts the referrals and outcomes per agency and lists them with their venues', async () => {
    const res = await call('GET', `/api/joint-enforcement/day/${DAY}`, t.tokens.supervisor);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ date: DAY, gridId: null, referred: 2, concluded: 1 });
    expect(res.body.byAgency.map((a: any) => [a.code, a.nameZh, a.referred, a.concluded])).toEqual([
      ['police', '公安', 1, 1],
      ['health', '卫生健康', 1, 0],
      ['market-regulation', '市场监管', 1, 1],
    ]);
    // The test clock stands still: both referrals share an instant, and outcomes come after referrals.
    expect(res.body.items.map((i: any) => i.step)).toEqual(['referred', 'referred', 'concluded']);
    expect(res.body.items.slice(0, 2).map((i: any) => i.referralId).sort()).toEqual([first, second].sort());
    expect(res.body.items[2]).toMatchObject({ referralId: first, venueId, venueName: '和顺棋牌室', outcome: 'penalised', by: t.users.supervisor });
  });

  it("keeps to the grid asked for, and another day has none", async () => {
    const north = (await call('GET', `/api/joint-enforcement/day/${DAY}?grid=${t.grids.northVillage}`, t.tokens.supervisor)).body;
    expect(north).toMatchObject({ gridId: t.grids.northVillage, referred: 2, concluded: 1 });
    const south = (await call('GET', `/api/joint-enforcement/day/${DAY}?grid=${t.grids.south}`, t.tokens.supervisor)).body;
    expect(south).toMatchObject({ referred: 0, concluded: 0, items: [] });
    expect((await call('GET', '/api/joint-enforcement/day/2026-11-24', t.tokens.supervisor)).body).toMatchObject({ referred: 0, items: [] });
    expect((await call('GET', '/api/joint-enforcement/day/2026-13-01', t.tokens.supervisor)).status).toBe(400);
  });

  it('shows the industry authority only its kinds (the chess rooms are not)', async () => {
    const res = await call('GET', `/api/joint-enforcement/day/${DAY}`, t.tokens.industry);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ referred: 0, concluded: 0, items: [] });
  });
});
