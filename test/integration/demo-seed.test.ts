/**
 * The demo is alive on first sign-in (issue 13): both demo towns, seeded under test tenant ids with
 * their 14 days of history, read back through the API as their people would read them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANTS, HISTORY_DAYS, seedDemoTenant } from '../../local/seed';
import { addDays, localDate } from '../../shared/domain/local-day';
import { type Api, testApi } from '../support/api';
import { uniqueTenantId } from '../support/db';

const NOW = '2026-11-25T03:00:00Z'; // 11:00 in Shanghai
const today = localDate(new Date(NOW), 'Asia/Shanghai');
let api: Api;
/** Per demo town: its tenant id in this test and a token per person. */
const seeded = new Map<string, { tenantId: string; tokens: Map<string, string> }>();

beforeAll(async () => {
  api = await testApi({ now: NOW });
  await Promise.all(
    DEMO_TENANTS.map(async (town) => {
      const tenantId = uniqueTenantId(town.id);
      await seedDemoTenant(api.db, town, api.clock.now(), { venueCodeKeys: await api.deps.venueCodeKeys(), personalData: api.deps.personalData, id: tenantId });
      const tokens = new Map<string, string>();
      for (const u of town.users) tokens.set(u.id, await api.tokenFor({ userId: u.id, tenantId, roles: u.roles, gridIds: u.gridIds ?? [], venueKinds: u.venueKinds ?? [] }));
      seeded.set(town.id, { tenantId, tokens });
    }),
  );
}, 400_000);

const getAs = (townId: string) => async (path: string, user: string) => {
  const res = await api.call('GET', path, { token: seeded.get(townId)?.tokens.get(user) });
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
};
/** The whole-tenant supervisor of a town. */
const supervisorOf = (townId: string) => DEMO_TENANTS.find((t) => t.id === townId)!.users.find((u) => u.roles.includes('supervisor') && !u.gridIds?.length)!.id;

describe.each(DEMO_TENANTS.map((t) => [t.id, t] as const))('the demo town %s, seeded with its history', (townId, town) => {
  const get = getAs(townId);
  const inspectors = town.users.filter((user) => user.roles.includes('inspector'));
  const boss = supervisorOf(townId);

  it('gives every demo inspector a full list today', async () => {
    for (const u of inspectors) {
      const plan = await get('/api/plans/today', u.id);
      expect(plan.date).toBe(today);
      expect(plan.person.quota, u.id).toBe(20);
      expect(plan.person.items.length, u.id).toBeGreaterThanOrEqual(plan.person.quota);
    }
  });

  it('has a closed daily report with real figures for each of the last 14 days', async () => {
    const range = await get(`/api/reports/range?from=${addDays(today, -HISTORY_DAYS)}&to=${addDays(today, -1)}`, boss);
    expect(range.days).toHaveLength(HISTORY_DAYS);
    for (const day of range.days) {
      expect(day.status, day.date).toBe('closed');
      expect(day.figures.quota, day.date).toBe(20 * inspectors.length);
      expect(day.figures.inspections, day.date).toBeGreaterThan(15);
      expect(day.figures.done, day.date).toBeGreaterThan(0);
    }
    const sum = (field: string) => range.days.reduce((n: number, d: { figures: Record<string, number> }) => n + d.figures[field], 0);
    for (const field of ['failedInspections', 'problemsFound', 'problemsClosed', 'blackCardsIssued', 'noticesIssued']) expect(sum(field), field).toBeGreaterThan(0);
    expect(sum('bulletinsIssued')).toBe(2);
    // Completion grows as the town gets going: the last day does more than the first.
    expect(range.days.at(-1).figures.done).toBeGreaterThan(range.days[0].figures.done);

    const yesterday = await get(`/api/reports/daily/${addDays(today, -1)}`, boss);
    expect(yesterday.figures.inspections).toBeGreaterThan(0);
    expect(yesterday.inspectors.map((row: { inspectorId: string }) => row.inspectorId)).toEqual(expect.arrayContaining(inspectors.map((u) => u.id)));
  });

  it('leaves problems at several steps of the ladder, some overdue, and exports the ledger', async () => {
    const open = await get('/api/problems?status=open&limit=200', boss);
    const closed = await get('/api/problems?status=closed&limit=200', boss);
    const steps = new Set([...open.items, ...closed.items].map((p: { status: string }) => p.status));
    expect(steps.size, [...steps].join()).toBeGreaterThanOrEqual(3);
    expect(steps.has('closed') && steps.has('notice-issued')).toBe(true);
    // The export has the same rows as the ledger (and a header line).
    const exported = await api.call('GET', '/api/problems/export.csv?status=closed', { token: seeded.get(townId)?.tokens.get(boss) });
    expect(exported.status).toBe(200);
    expect(String(exported.body).trim().split('\n')).toHaveLength(closed.items.length + 1);
  });

  it('has black cards, a suspension approved and one awaiting a decision, and two bulletins', async () => {
    const cards = await get('/api/enforcement/black-cards', boss);
    expect(cards.items.length).toBeGreaterThan(0);
    const suspensions = await get('/api/enforcement/suspensions', boss);
    expect(suspensions.items.map((v: { suspension: { state: string } }) => v.suspension.state).sort()).toEqual(['approved', 'recommended']);
    const bulletins = await get('/api/bulletins', boss);
    expect(bulletins.items).toHaveLength(2);
    expect(bulletins.items.some((b: { venues: unknown[] }) => b.venues.length > 0)).toBe(true);
  });

  it('has visited most venues (not all 逾期未查 on day one)', async () => {
    const venues = await get('/api/venues?limit=200', boss);
    const visited = venues.items.filter((v: { lastInspectedAt?: string }) => v.lastInspectedAt);
    expect(venues.items.length).toBeGreaterThan(80);
    expect(visited.length / venues.items.length).toBeGreaterThan(0.8);
  });
  it('has a testing round in progress: a site in every village, most people sampled, coverage per grid and a positive alert', async () => {
    const rounds = await get('/api/testing/rounds', boss);
    expect(rounds.items).toEqual([expect.objectContaining({ number: 5, status: 'running', exemptCategories: ['nonlocal-temporary'] })]);
    const sites = await get('/api/testing/sites', boss);
    expect(sites.items.length).toBeGreaterThan(1);
    expect(sites.items[0].layout).toMatchObject({ zones: expect.arrayContaining([expect.objectContaining({ purpose: 'sampling' })]), channels: [expect.anything(), expect.anything()] });
    const coverage = await get(`/api/testing/rounds/${rounds.items[0].id}/coverage`, boss);
    expect(coverage.total.target).toBeGreaterThan(20);
    expect(coverage.total.tested).toBeGreaterThan(coverage.total.target * 0.4);
    expect(coverage.total.tested).toBeLessThanOrEqual(coverage.total.times);
    expect(coverage.total).toMatchObject({ positive: 1 });
    expect(coverage.grids.some((g: any) => g.rate !== null && g.rate < 1)).toBe(true);
    const alerts = await get('/api/testing/alerts', boss);
    expect(alerts.items).toEqual([expect.objectContaining({ kind: 'positive-test', status: 'open' })]);
  });
  it('has a checkpoint with twelve hours of vehicles: counted per shift, two red codes held and alerted', async () => {
    const checkpoints = await get('/api/checkpoints', boss);
    expect(checkpoints.items).toEqual([expect.objectContaining({ shifts: [expect.objectContaining({ id: 'day' }), expect.objectContaining({ id: 'night' })] })]);
    const days = [await get(`/api/checkpoints/counts?date=${addDays(today, -1)}`, boss), await get(`/api/checkpoints/counts?date=${today}`, boss)];
    const sum = (k: 'passed' | 'turnedBack' | 'held') => days.reduce((n, d) => n + d.total[k], 0);
    expect(sum('passed') + sum('turnedBack') + sum('held')).toBe(48);
    expect(sum('held')).toBe(2);
    expect(sum('passed')).toBeGreaterThan(35);
    expect(days[1].checkpoints[0].shifts.map((s: any) => s.shiftId).sort()).toEqual(['day', 'night']);
    const alerts = await get('/api/checkpoints/alerts', boss);
    expect(alerts.items).toHaveLength(2);
    expect(alerts.items[0]).toMatchObject({ kind: 'held-vehicle', status: 'open', destinationGridId: expect.any(String) });
  });
});

describe('the demo of longhu in particular', () => {
  const get = getAs('longhu');

  it('shows every step of the ladder, overdue problems, and black cards removed as well as issued', async () => {
    const open = await get('/api/problems?status=open&limit=200', 'duban');
    const closed = await get('/api/problems?status=closed&limit=200', 'duban');
    const steps = new Set([...open.items, ...closed.items].map((p: { status: string }) => p.status));
    expect([...steps].sort()).toEqual(['closed', 'notice-issued', 'open', 'rectification-reported']);
    expect(open.items.some((p: { overdue: boolean }) => p.overdue)).toBe(true);
    const range = await get(`/api/reports/range?from=${addDays(today, -HISTORY_DAYS)}&to=${addDays(today, -1)}`, 'duban');
    expect(range.days.reduce((n: number, d: { figures: { blackCardsRemoved: number } }) => n + d.figures.blackCardsRemoved, 0)).toBeGreaterThan(0);
  });

  it("gives zhang, the village head of 泰山村, venues of his own village street and what his group leader liu has no room for", async () => {
    const zhang = await get('/api/plans/today', 'zhang');
    const grids = new Set(zhang.person.items.map((i: { gridId: string }) => i.gridId));
    expect(grids.has('lh-1-taishan')).toBe(true);
    expect([...grids].every((g) => String(g).startsWith('lh-1-taishan'))).toBe(true);
  });
});
