/**
 * The demo is alive on first sign-in (issue 13): both demo towns, seeded under test tenant ids with
 * their 14 days of history, read back through the API as their people would read them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANTS, HISTORY_DAYS, seedDemoTenant } from '../../local/seed';
import { demoUlid } from '../../local/demo/ulid';
import { DEMO_MAP_VENUES } from '../../local/demo/grid-map';
import { addDays, localDate } from '../../shared/domain/local-day';
import { type Api, testApi } from '../support/api';
import { tenantKeys } from '../../shared/data/keys';
import { readVenueCounts } from '../../shared/data/venues/venue-counters';
import { runGridMapRecount } from '../../shared/scheduling/grid-map-recount-job';
import { uniqueTenantId } from '../support/db';
import { queryAll } from '../../shared/data/db';
import { DEMO_DELETION_REASON, ROTATED_TOWNS } from '../../local/demo/privacy';

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
      await seedDemoTenant(api.db, town, api.clock.now(), { venueCodeKeys: await api.deps.venueCodeKeys(), personalData: api.deps.personalData, photos: api.deps.photos, id: tenantId });
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
    // Evidence: problems keep what the inspector noted (问题说明), and rows name the finder by name.
    expect([...open.items, ...closed.items].some((p: { note?: string }) => p.note)).toBe(true);
    const header = String(exported.body).replace(/^\uFEFF/, '').split('\n')[0];
    expect(header).toContain('问题说明');
    const names = DEMO_TENANTS.find((t) => t.id === townId)!.users.map((u) => u.displayName);
    expect(names.some((name) => String(exported.body).includes(name))).toBe(true);
  });

  it('has photos on some failed inspections and some rectifications, and they open as images', async () => {
    const token = seeded.get(townId)?.tokens.get(boss);
    const problems = [...(await get('/api/problems?status=open&limit=200', boss)).items, ...(await get('/api/problems?status=closed&limit=200', boss)).items];
    const rectified = problems.flatMap((p: { rectification?: { photoIds: string[] } }) => p.rectification?.photoIds ?? []);
    const inspections = await Promise.all([...new Set(problems.map((p: { inspectionId: string }) => p.inspectionId))].map((id) => get(`/api/inspections/${id}`, boss)));
    const inspected = inspections.flatMap((i: { photoIds: string[] }) => i.photoIds);
    expect(rectified.length, 'rectification photos').toBeGreaterThan(0);
    expect(inspected.length, 'inspection photos').toBeGreaterThan(0);
    // A few dozen at most: the first start stays quick.
    expect(rectified.length + inspected.length).toBeLessThanOrEqual(40);
    for (const id of [inspected[0], rectified[0]]) {
      const content = await api.call('GET', `/api/photos/${id}/content`, { token });
      expect(content.status, id).toBe(200);
      expect(content.headers.get('content-type')).toBe('image/png');
      expect(String(content.body).slice(1, 4)).toBe('PNG');
    }
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

  it('has a case referred to joint enforcement and one concluded, and closure notices paused and reopened', async () => {
    const referrals = (await get('/api/joint-enforcement', boss)).items;
    expect(referrals.map((r: { status: string }) => r.status).sort()).toEqual(['concluded', 'referred']);
    expect(referrals.every((r: { agencies: unknown[] }) => r.agencies.length === 2)).toBe(true);
    const reported = await Promise.all(referrals.map((r: { referredDate: string }) => get(`/api/reports/daily/${r.referredDate}`, boss)));
    expect(reported.map((d: { figures: { jointReferrals: number } }) => d.figures.jointReferrals)).toEqual([1, 1]);
    const notices = (await get('/api/notices', boss)).items;
    expect(notices.map((n: { action: string; status: string }) => `${n.action}/${n.status}`)).toEqual(['reopen/done', 'pause/done']);
    expect(notices[1].progress.venuesChanged).toBeGreaterThan(0);
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
    // Today's samples per site, counted as they were recorded, beside each site's capacity.
    const siteDays = await get(`/api/testing/rounds/${rounds.items[0].id}/site-days`, boss);
    expect(siteDays.items.length).toBe(sites.items.length);
    expect(siteDays.items.some((s: any) => s.times > 0 && s.hours.length > 0 && s.peak <= s.times)).toBe(true);
    // The lab's first file went through the import job: done, every row stored, the positive among them.
    const labs = await get(`/api/testing/lab-imports?round=${rounds.items[0].id}`, boss);
    expect(labs.items).toEqual([expect.objectContaining({ fileName: '第五轮检测结果-第1批.csv', status: 'done', positives: 1, invalid: 0 })]);
    expect(labs.items[0].total).toBeGreaterThan(10);
    expect(labs.items[0].stored).toBe(labs.items[0].total);
  });
  it('colours the 三色管理图 by the running round: its villages in all three colours, each tile its tested ÷ target', async () => {
    const top = await get('/api/grid-map?measure=coverage', boss);
    expect(top).toMatchObject({ measure: 'coverage', round: expect.objectContaining({ number: 5 }), thresholds: { red: 60, yellow: 90 } });
    const villages = (await Promise.all(top.cells.map((c: any) => get(`/api/grid-map?measure=coverage&grid=${c.id}`, boss)))).flatMap((m: any) => m.cells);
    expect(villages.length).toBe(town.grids.filter((g) => g.parentId && town.grids.find((p) => p.id === g.parentId)?.parentId === null).length);
    for (const v of villages) expect(v.density, v.id).toBe(Math.min(100, Math.round((1000 * v.value) / v.target) / 10));
    expect([...new Set(villages.map((v: any) => v.colour))].sort(), JSON.stringify(villages.map((v: any) => [v.id, v.value, v.target, v.colour]))).toEqual(['green', 'red', 'yellow']);
  });

  it('has two checkpoints per town with twelve hours of vehicles: one with a night shift across midnight, counted per shift and rolled up, three red codes held and alerted', async () => {
    const checkpoints = await get('/api/checkpoints', boss);
    expect(checkpoints.items).toEqual([
      expect.objectContaining({ shifts: [expect.objectContaining({ id: 'day' }), expect.objectContaining({ id: 'night' })] }),
      expect.objectContaining({ shifts: [expect.objectContaining({ id: 'early' }), expect.objectContaining({ id: 'middle' }), expect.objectContaining({ id: 'night', starts: '22:00', ends: '06:00' })] }),
    ]);
    const days = [await get(`/api/checkpoints/counts?date=${addDays(today, -1)}`, boss), await get(`/api/checkpoints/counts?date=${today}`, boss)];
    const sum = (k: 'passed' | 'turnedBack' | 'held') => days.reduce((n, d) => n + d.total[k], 0);
    expect(sum('passed') + sum('turnedBack') + sum('held')).toBe(48 + 24);
    expect(sum('held')).toBe(3);
    expect(sum('passed')).toBeGreaterThan(50);
    // Both gates counted, each per its own shifts; the town's row holds both villages' gates.
    const entered = (id: string) => days.reduce((n, d) => { const c = d.checkpoints.find((x: any) => x.id === id); return n + c.passed + c.turnedBack + c.held; }, 0);
    expect(checkpoints.items.map((c: any) => entered(c.id))).toEqual([48, 24]);
    const shiftIds = new Set(days.flatMap((d) => d.shifts.map((s: any) => s.shiftId)));
    expect([...shiftIds].sort()).toEqual(expect.arrayContaining(['day', 'night']));
    expect([...shiftIds].some((s) => s === 'early' || s === 'middle')).toBe(true);
    // The top grids' rows hold everything; each gate's village has its row, under its parent's.
    const tops = days[1].grids.filter((g: any) => g.parentId === null);
    expect(tops.reduce((n: number, g: any) => n + g.passed, 0)).toBe(days[1].total.passed);
    expect(tops.reduce((n: number, g: any) => n + g.held, 0)).toBe(days[1].total.held);
    const rows = new Map(days[1].grids.map((g: any) => [g.id, g]));
    for (const c of days[1].checkpoints) expect(rows.get((rows.get(c.gridId) as any).parentId)).toBeDefined();
    const alerts = await get('/api/checkpoints/alerts', boss);
    expect(alerts.items).toHaveLength(3);
    expect(alerts.items[0]).toMatchObject({ kind: 'held-vehicle', status: 'open', destinationGridId: expect.any(String) });
  });

  it('draws the 三色管理图 from the seeded venues, open problems and households, in all three colours', async () => {
    const venues = (await get('/api/venues?limit=200', boss)).items as { gridId: string; openProblems: number }[];
    const map = await get('/api/grid-map?measure=venues', boss);
    expect(map.total).toBe(venues.length);
    expect(map.thresholds).toEqual(DEMO_MAP_VENUES);
    // Down the villages and their groups, every colour is there.
    const colours = new Set<string>();
    const down = async (gridId: string) => {
      for (const c of (await get(`/api/grid-map?measure=venues&grid=${gridId}`, boss)).cells) {
        colours.add(c.colour);
        if (c.children) await down(c.id);
      }
    };
    for (const top of map.cells) await down(top.id);
    expect([...colours].sort()).toEqual(['green', 'red', 'yellow']);
    const open = await get('/api/grid-map?measure=openProblems', boss);
    expect(open.total).toBe(venues.reduce((n, v) => n + v.openProblems, 0));
    expect(open.total).toBeGreaterThan(0);
    const households = await get('/api/grid-map?measure=households', boss);
    expect(households.total).toBe((await get('/api/residents/figures', boss)).total.households);
  });

  it("recounts the map's counters to the figures the live writes kept (14 days of venues, problems, moves and closures)", async () => {
    const { tenantId } = seeded.get(townId)!;
    const keys = tenantKeys(tenantId);
    const nonZero = (m: Map<string, Record<string, number>>) =>
      Object.fromEntries([...m].map(([g, c]) => [g, Object.fromEntries(Object.entries(c).filter(([, n]) => n !== 0))] as const).filter(([, c]) => Object.keys(c).length > 0));
    const live = nonZero(await readVenueCounts(api.db, keys));
    expect((await runGridMapRecount(api.db, tenantId, api.clock, { pageSize: 50 })).status).toBe('done');
    expect(nonZero(await readVenueCounts(api.db, keys))).toEqual(live);
  });

  it('has a pushed list with tasks at every state: open with checks, closed, unreachable, overdue, routed and waiting', async () => {
    const lists = await get('/api/pushed-lists', boss);
    expect(lists.items).toHaveLength(1);
    const list = await get(`/api/pushed-lists/${lists.items[0].id}`, boss);
    expect(list).toMatchObject({ status: 'done', progress: { received: 10, matched: 8, assigned: 9, verified: 3, overdue: 2 } });
    expect(list.errors).toHaveLength(1);
    // A supervisor of some grids (石牌街道督导) sees their grids' part only, without the rows no grid took.
    for (const u of town.users.filter((x) => x.roles.includes('supervisor') && x.gridIds?.length)) {
      const mine = await get(`/api/pushed-lists/${list.id}`, u.id);
      expect(mine).toMatchObject({ scoped: true, errors: [] });
      expect(mine.progress.received).toBeLessThan(list.progress.received);
      // Their index shows the same counts (their grids' sums), never the whole list's rows.
      const [entry] = (await get('/api/pushed-lists', u.id)).items;
      expect(entry).toMatchObject({ id: list.id, scoped: true, progress: mine.progress, rows: mine.progress.received });
    }
    const open = (await get('/api/pushed-tasks?limit=200', boss)).items;
    expect(new Set(open.map((t: { status: string }) => t.status))).toEqual(new Set(['open', 'escalated']));
    expect(new Set(open.map((t: { escalated?: string }) => t.escalated).filter(Boolean))).toEqual(new Set(['unreachable', 'overdue']));
    expect(open.some((t: { checks: number }) => t.checks > 0)).toBe(true);
    const closed = (await get('/api/pushed-tasks?done=true', boss)).items;
    expect(closed.map((t: { outcome: string }) => t.outcome).sort()).toEqual(['duplicate', 'found', 'not-in-area']);
    expect((await get('/api/pushed-tasks/routing', boss)).items).toHaveLength(1);
    // Today's daily report has its pushed-list section: the closes, the unreachable one and the two overdue.
    const section = (await get(`/api/reports/daily/${today}`, boss)).pushedLists;
    expect(section).toMatchObject({ verified: 3, escalated: 3, overdue: 2 });
    expect(section.received).toBeGreaterThan(0);
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

describe.each(DEMO_TENANTS.map((t) => [t.id, t] as const))('home monitoring in the demo town %s', (townId, town) => {
  const get = getAs(townId);
  const boss = supervisorOf(townId);
  const members = town.users.filter((u) => u.roles.includes('inspector'));

  it('has people under 居家隔离 and 居家观察 with readings, fevers, missed windows and alerts at every step', async () => {
    const figures = await get('/api/monitoring/figures', boss);
    expect(figures.total.underMonitoring).toBeGreaterThanOrEqual(5);
    expect(figures.total.missed).toBeGreaterThan(0);
    expect(figures.trend.filter((d: { done: number }) => d.done > 0).length).toBeGreaterThanOrEqual(2);
    const open = (await get('/api/monitoring/alerts', boss)).items;
    expect(new Set(open.map((a: { kind: string }) => a.kind))).toEqual(new Set(['fever', 'missed-reading']));
    expect(open.some((a: { status: string }) => a.status === 'acknowledged')).toBe(true);
    expect(open.some((a: { escalated: boolean }) => a.escalated)).toBe(true);
    expect((await get('/api/monitoring/alerts?status=resolved', boss)).items.length).toBeGreaterThanOrEqual(1);
  });

  it("gives grid members today's list and a person's file with a temperature graph, supplies and a door test", async () => {
    const lists = await Promise.all(members.map((u) => get('/api/monitoring/today', u.id)));
    const rows = lists.flatMap((l) => l.buildings.flatMap((b: { people: unknown[] }) => b.people)) as { episodeId: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const files = await Promise.all(rows.map((r) => get(`/api/monitoring/episodes/${r.episodeId}`, boss)));
    expect(files.every((f) => f.readings.length >= 1)).toBe(true);
    expect(files.some((f) => f.readings.length >= 4)).toBe(true);
    const kinds = new Set(files.flatMap((f) => f.actions.map((a: { kind: string }) => a.kind)));
    expect([...kinds].sort()).toEqual(['door-test', 'supplies']);
  });

  it("shows the monitoring section in yesterday's daily report", async () => {
    const report = await get(`/api/reports/daily/${addDays(today, -1)}`, boss);
    expect(report.monitoring.underMonitoring).toBeGreaterThanOrEqual(3);
    expect(report.monitoring.due).toBeGreaterThan(0);
  });
});

describe.each(DEMO_TENANTS.map((t) => [t.id] as const))('the demo town %s: self-registration and check-ins', (townId) => {
  const get = getAs(townId);
  it('has registration codes, residents’ forms waiting for review, and this morning’s check-ins', async () => {
    const boss = supervisorOf(townId);
    const codes = await get('/api/self-registration/codes', boss);
    expect(codes.items.length).toBeGreaterThanOrEqual(2);
    const queue = await get('/api/self-registration/submissions?limit=100', boss);
    expect(queue.items.length).toBeGreaterThanOrEqual(5);
    expect(queue.items.every((s: { status: string; name: string }) => s.status === 'pending' && s.name.endsWith('*'))).toBe(true);
    // One resident registered twice: the second form is offered the person the first became.
    expect(queue.items.filter((s: { match?: unknown }) => s.match).length).toBeGreaterThanOrEqual(1);
    const figures = await get(`/api/self-registration/figures?date=${today}`, boss);
    expect(figures.total).toMatchObject({ confirmed: 1, rejected: 1 });
    const checkIns = await get(`/api/check-ins/figures?date=${today}`, boss);
    expect(checkIns.checkIns).toBeGreaterThanOrEqual(40);
    // The dashboard's busiest venues: the demo's market first, with check-ins on each of the last 7 days.
    const busiest = await get(`/api/check-ins/busiest?date=${today}`, boss);
    expect(busiest.items.length).toBe(3);
    expect(busiest.items[0].checkIns).toBeGreaterThan(40 + 4 * 15);
    const market = await get(`/api/check-ins/venues/${busiest.items[0].venueId}`, boss);
    expect(market.days.filter((d: { day: string }) => d.day >= addDays(today, -6)).length).toBeGreaterThanOrEqual(5);
  });
});

describe.each(DEMO_TENANTS.map((t) => [t.id] as const))('the demo town %s: one open problem per item, reasons as codes', (townId) => {
  const get = getAs(townId);
  const boss = supervisorOf(townId);

  it('has no venue with two open problems of one item', async () => {
    const open: { venueId: string; itemCode: string; failedAgain?: number }[] = [];
    let cursor: string | undefined;
    do {
      const page = await get(`/api/problems?status=open&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, boss);
      open.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    const keys = open.map((p) => `${p.venueId}/${p.itemCode}`);
    expect(new Set(keys).size).toBe(keys.length);
    // longhu's history (seeded from the town's id, so the same each run) fails an open problem's item again.
    if (townId === 'longhu') expect(open.some((p) => (p.failedAgain ?? 0) > 0)).toBe(true);
  });

  it('stores the black cards the system issued with their reasons as codes', async () => {
    const cards = (await get('/api/enforcement/black-cards', boss)).items as { blackCard: { source: string; reason: string; reasonCodes?: { code: string }[] } }[];
    const bySystem = cards.filter((v) => v.blackCard.source !== 'supervisor');
    expect(bySystem.length).toBeGreaterThan(0);
    for (const v of bySystem) expect(v.blackCard.reasonCodes?.[0]?.code, v.blackCard.reason).toMatch(/^black-card\./);
  });
});

describe.each(DEMO_TENANTS.map((t) => [t.id] as const))('the demo town %s: a person moved between households', (townId) => {
  const get = getAs(townId);
  it('has a grown child moved to a new household of their own in a neighbouring grid, with the reason and both histories', async () => {
    const boss = supervisorOf(townId);
    const file = await get(`/api/residents/households/${demoUlid('01JM', 2)}`, boss);
    expect(file.household).toMatchObject({ members: 1, address: { compound: '幸福家园', room: '602' } });
    const [person] = file.members;
    expect(person).toMatchObject({ relationship: 'householder', status: 'active', masked: true });
    expect(person.moves).toEqual([expect.objectContaining({ reason: '结婚分户，另立新户', toHouseholdId: file.household.id, toGridId: file.household.gridId })]);
    expect(person.moves[0].fromGridId).not.toBe(file.household.gridId);
    expect(file.history.map((e: { action: string }) => e.action)).toContain('person-moved-in');
    const from = await get(`/api/residents/households/${person.moves[0].fromHouseholdId}`, boss);
    expect(from.members.map((m: { id: string }) => m.id)).not.toContain(person.id);
    expect(from.history.map((e: { action: string }) => e.action)).toContain('person-moved-out');
    // The old household's pair (older records, the printed household card's code) opens them where they live now.
    const viaOld = await get(`/api/residents/households/${person.moves[0].fromHouseholdId}/persons/${person.id}`, boss);
    expect(viaOld).toMatchObject({ id: person.id, householdId: file.household.id, gridId: file.household.gridId });
  });
});

describe.each(DEMO_TENANTS.map((t) => [t.id, t] as const))('the demo town %s: privacy (issue 14)', (townId, town) => {
  const get = getAs(townId);
  const admin = town.users.find((u) => u.roles.includes('tenant-admin'))!.id;
  it('has a resident deleted on request: the access log says why, their file is a tombstone, their testing record keeps no name and no result, the coverage still counts them', async () => {
    const log = await get(`/api/residents/audit?day=${today}&limit=200`, admin);
    const entry = log.items.find((e: { action: string }) => e.action === 'tombstone');
    expect(entry).toMatchObject({ reason: DEMO_DELETION_REASON });
    const file = await get(`/api/residents/households/${entry.householdId}`, admin);
    expect(file.members.find((m: { id: string }) => m.id === entry.personId)).toMatchObject({ status: 'tombstone', name: '—', idNumber: '—' });
    const tenantId = seeded.get(townId)!.tenantId;
    const round = (await get('/api/testing/rounds', admin)).items[0];
    const records = await queryAll<Record<string, unknown>>(api.db, tenantKeys(tenantId).testPersonRound(round.id, entry.personId));
    expect(records.find((r) => r.recordedBy)).toMatchObject({ nameMasked: '—' });
    expect(records.find((r) => r.importedAt)).not.toHaveProperty('resultEnc');
    expect((await get(`/api/testing/rounds/${round.id}/coverage`, admin)).total.tested).toBeGreaterThan(0);
  });

  it(ROTATED_TOWNS.includes(townId) ? 'has its data key rotated once and every sealed value re-sealed, area by area' : 'keeps data key version 1, for a rotation to try', async () => {
    const key = await get('/api/residents/data-key', admin);
    if (!ROTATED_TOWNS.includes(townId)) return expect(key).toMatchObject({ newest: 1 });
    expect(key).toMatchObject({ newest: 2, reseal: { version: 2, status: 'done', missed: 0 } });
    for (const area of ['persons', 'monitoring', 'testing', 'pushed-lists', 'self-registration', 'check-ins']) expect(key.reseal.areas[area]?.resealed, area).toBeGreaterThan(0);
  });
});
