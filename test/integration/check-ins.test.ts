/**
 * Visitors' check-ins at venues (场所码 scans) over DynamoDB Local: the public check-in (receipt only,
 * a resend counted once, forged or rotated codes refused), counts per venue and day and for the
 * dashboard, and "who was there" — supervisors only, with a reason, in the access log.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { venueCodeToken } from '../../shared/domain/venues/venue-code';
import { type Api, testApi } from '../support/api';
import { createVenue } from '../support/field';
import { setTenantStatus } from '../support/platform';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let a: TestTenant;
let b: TestTenant;
let venue: { id: string; codeVersion: number };
let code: string;
// Check-in ids carry the phone's time: here the test clock's (2026-11-25T02:00Z, 10:00 in Shanghai).
const idAt = (iso = '2026-11-25T02:00:00Z') => ulid(Date.parse(iso));

const checkIn = (body: Record<string, unknown>) => api.call('POST', '/api/public/check-ins', { body: { code, id: idAt(), ...body } });

beforeAll(async () => {
  api = await testApi();
  [a, b] = await Promise.all([createTestTenant(api, 'ci'), createTestTenant(api, 'cj')]);
  venue = await createVenue(api, a, { name: '幸福菜市场' });
  code = venueCodeToken(await api.deps.venueCodeKeys(), a.id, venue.id, venue.codeVersion);
});

describe('a visitor checking in', () => {
  it('gets a receipt; a resend is counted once', async () => {
    const body = { id: idAt('2026-11-25T01:59:00Z'), phone: '13900001111' };
    const first = await checkIn(body);
    expect(first.status).toBe(202);
    expect(Object.keys(first.body).sort()).toEqual(['receipt', 'receivedAt', 'venueName']);
    expect(first.body.venueName).toBe('幸福菜市场');
    expect(first.body.receivedAt).toBe('2026-11-25T01:59:00.000Z');
    expect((await checkIn(body)).body).toEqual(first.body);
    expect((await checkIn({ personCode: 'HZ-12345678' })).status).toBe(202);
    const counts = await api.call('GET', `/api/check-ins/venues/${venue.id}`, { token: a.tokens.inspector });
    expect(counts.body).toEqual({ venueId: venue.id, days: [{ day: '2026-11-25', checkIns: 2 }] });
    const day = await api.call('GET', '/api/check-ins/figures?date=2026-11-25', { token: a.tokens.supervisor });
    expect(day.body).toEqual({ date: '2026-11-25', checkIns: 2 });
  });

  it('is refused with a forged, rotated or other-tenant code; needs exactly one of phone and person code', async () => {
    const keys = await api.deps.venueCodeKeys();
    const forged = `${code.slice(0, -3)}AAA`;
    const rotated = venueCodeToken(keys, a.id, venue.id, venue.codeVersion + 1);
    const otherTenant = venueCodeToken(keys, b.id, venue.id, venue.codeVersion);
    for (const token of [forged, rotated, otherTenant, 'GW2.k1.x.y.1.z']) {
      const res = await checkIn({ code: token, phone: '13900002222' });
      expect(res.status, token).toBe(403);
      expect(res.body.error).toBe('code_refused');
    }
    expect((await checkIn({ phone: '13900002222', personCode: 'HZ-1' })).status).toBe(400);
    expect((await checkIn({})).body.issues[0].path).toBe('body.phone');
    expect((await checkIn({ phone: '12345' })).body.issues[0].path).toBe('body.phone');
  });
});

describe('who was at the venue', () => {
  it('is told to supervisors with a reason, unmasked, and written to the access log', async () => {
    await checkIn({ id: idAt('2026-11-25T01:55:00Z'), phone: '13900003333' });
    const ask = (token: string, body: Record<string, unknown>) => api.call('POST', `/api/check-ins/venues/${venue.id}/visitors`, { token, body });
    const window = { from: '2026-11-25T01:00:00Z', to: '2026-11-25T02:00:00Z' };
    const res = await ask(a.tokens.supervisor, { ...window, reason: '病例轨迹追踪 2026-11-25 号' });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { visitor: string }) => i.visitor)).toEqual(['13900003333', '13900001111', 'HZ-12345678']);
    const narrow = await ask(a.tokens.supervisor, { from: '2026-11-25T01:58:00Z', to: '2026-11-25T01:59:30Z', reason: '病例轨迹追踪' });
    expect(narrow.body.items.map((i: { visitor: string }) => i.visitor)).toEqual(['13900001111']);
    const log = await api.call('GET', '/api/residents/audit?day=2026-11-25', { token: a.tokens.admin });
    const entries = log.body.items.filter((e: { action: string }) => e.action === 'venue-visitors');
    expect(entries.map((e: { userId: string; count: number }) => [e.userId, e.count])).toEqual([
      [a.users.supervisor, 1],
      [a.users.supervisor, 3],
    ]);
    expect(entries[1].reason).toContain('病例轨迹追踪 2026-11-25 号');
    expect((await ask(a.tokens.inspector, { ...window, reason: '想看看谁来过' })).status).toBe(403);
    expect((await ask(a.tokens.supervisor, { ...window, reason: '' })).body.issues[0].path).toBe('body.reason');
    expect((await ask(a.tokens.supervisor, { from: '2026-11-24T00:00:00Z', to: '2026-11-25T02:00:00Z', reason: '病例轨迹追踪' })).body.issues[0].path).toBe('body.to');
    // Another tenant's supervisor: no such venue.
    expect((await ask(b.tokens.supervisor, { ...window, reason: '病例轨迹追踪' })).status).toBe(404);
  });
});

describe('the busiest venues (the dashboard)', () => {
  it('are counted over the last days, busiest first, within the asker’s grids', async () => {
    const south = await createVenue(api, a, { name: '南村超市', gridId: a.grids.southVillage, address: '南村 1 号' });
    const southCode = venueCodeToken(await api.deps.venueCodeKeys(), a.id, south.id, south.codeVersion);
    for (const phone of ['13900005551', '13900005552']) expect((await checkIn({ code: southCode, phone })).status).toBe(202);
    const busiest = (token: string, query = 'date=2026-11-25') => api.call('GET', `/api/check-ins/busiest?${query}`, { token });
    const all = await busiest(a.tokens.supervisor);
    expect(all.status).toBe(200);
    expect(all.body.from).toBe('2026-11-19');
    const counts = all.body.items.map((i: { name: string; checkIns: number; lastDay: number }) => [i.name, i.checkIns, i.lastDay]);
    expect(counts[0]).toEqual(['幸福菜市场', expect.any(Number), expect.any(Number)]);
    expect(counts).toContainEqual(['南村超市', 2, 2]);
    // The north supervisor sees only the north's venue; the day before, nothing yet.
    expect((await busiest(a.tokens.northSupervisor)).body.items.map((i: { name: string }) => i.name)).toEqual(['幸福菜市场']);
    expect((await busiest(a.tokens.supervisor, 'date=2026-11-24&days=1')).body.items).toEqual([]);
    expect((await busiest(b.tokens.supervisor)).body.items).toEqual([]);
    expect((await busiest(a.tokens.inspector)).status).toBe(403);
  });
});

describe('a phone with a wrong clock', () => {
  it('is checked in at the server’s time (its id’s time is not trusted beyond 10 minutes)', async () => {
    const res = await checkIn({ id: idAt('2026-11-24T02:00:00Z'), phone: '13900004444' });
    expect(res.body.receivedAt).toBe('2026-11-25T02:00:00.000Z');
  });
});

describe("a suspended tenant's venue codes", () => {
  it('are refused like a rotated code and count nothing; active again, they work', async () => {
    const c = await createTestTenant(api, 'cs');
    const market = await createVenue(api, c, { name: '停用镇菜市场' });
    const keys = await api.deps.venueCodeKeys();
    const cCode = venueCodeToken(keys, c.id, market.id, market.codeVersion);
    const send = (token: string) => api.call('POST', '/api/public/check-ins', { body: { code: token, id: idAt(), phone: '13900005555' } });
    expect((await send(cCode)).status).toBe(202);
    const rotated = await send(venueCodeToken(keys, c.id, market.id, market.codeVersion + 1));
    await setTenantStatus(api, c.id, 'suspended');
    const refused = await send(cCode);
    expect(refused.status).toBe(403);
    expect({ ...refused.body, requestId: 'x' }).toEqual({ ...rotated.body, requestId: 'x' });
    await setTenantStatus(api, c.id, 'active');
    const counts = await api.call('GET', `/api/check-ins/venues/${market.id}`, { token: c.tokens.admin });
    expect(counts.body.days).toEqual([{ day: '2026-11-25', checkIns: 1 }]);
    expect((await send(cCode)).status).toBe(202);
  });
});

describe("a day's figure", () => {
  it("counts the venues of the asker's grids only: a village's supervisor never sees another village's check-ins", async () => {
    const d = await createTestTenant(api, 'cf');
    const keys = await api.deps.venueCodeKeys();
    const at = async (gridId: string, n: number) => {
      const v = await createVenue(api, d, { name: `${gridId} 店`, gridId });
      for (let i = 0; i < n; i++) {
        const res = await api.call('POST', '/api/public/check-ins', { body: { code: venueCodeToken(keys, d.id, v.id, v.codeVersion), id: idAt(), phone: `1390000${String(7000 + i)}` } });
        expect(res.status).toBe(202);
      }
    };
    await at(d.grids.northGroup1, 2);
    await at(d.grids.northGroup2, 1);
    await at(d.grids.southVillage, 4);
    const supervisorOf = (gridId: string) => api.tokenFor({ userId: `boss-${gridId}`, tenantId: d.id, roles: ['supervisor'], gridIds: [gridId] });
    const figure = async (token: string) => (await api.call('GET', '/api/check-ins/figures?date=2026-11-25', { token })).body.checkIns;
    expect(await figure(d.tokens.supervisor)).toBe(7);
    expect(await figure(d.tokens.admin)).toBe(7);
    expect(await figure(d.tokens.northSupervisor)).toBe(3);
    expect(await figure(await supervisorOf(d.grids.northGroup2))).toBe(1);
    expect(await figure(await supervisorOf(d.grids.southVillage))).toBe(4);
    expect(await figure(await api.tokenFor({ userId: `boss2-${d.id}`, tenantId: d.id, roles: ['supervisor'], gridIds: [d.grids.northGroup2, d.grids.southVillage] }))).toBe(5);
    expect((await api.call('GET', '/api/check-ins/figures?date=2026-11-24', { token: d.tokens.supervisor })).body.checkIns).toBe(0);
  });
});
