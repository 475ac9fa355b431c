/**
 * Grid scope on pushed lists over DynamoDB Local: a supervisor of one village sees that village's
 * rows, progress, task board and export — never another village's. Rows no grid took yet (the
 * routing queue, invalid rows) are for the whole tenant's supervisors and admins, and for village
 * supervisors only when the rules say they route (residents.pushedLists.scopedRouting).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Api, testApi } from '../support/api';
import { PUSHED_HEADER, setPushedListRules, uploadPushedList } from '../support/pushed-lists';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
let list: { id: string };
/** Supervisors of one village each (北村, 南村). */
const boss = { north: '', south: '' };
const RULES = { addressRules: { compounds: [{ name: '北村小区', aliases: [], gridId: '' }, { name: '北二小区', aliases: [], gridId: '' }, { name: '南村小区', aliases: [], gridId: '' }], roads: [] }, deadlineDays: 0 };

const get = (token: string, path: string) => api.call('GET', path, { token });
const namesOf = (items: { name: string }[]) => items.map((i) => i.name).sort();

beforeAll(async () => {
  api = await testApi({ now: '2026-12-06T01:00:00Z' });
  t = await createTestTenant(api, 'pls');
  boss.north = await api.tokenFor({ userId: `boss-n-${t.id.slice(-6)}`, tenantId: t.id, roles: ['supervisor'], gridIds: [t.grids.northVillage] });
  boss.south = await api.tokenFor({ userId: `boss-s-${t.id.slice(-6)}`, tenantId: t.id, roles: ['supervisor'], gridIds: [t.grids.southVillage] });
  const [n1, n2, s1] = RULES.addressRules.compounds;
  Object.assign(n1!, { gridId: t.grids.northGroup1 });
  Object.assign(n2!, { gridId: t.grids.northGroup2 });
  Object.assign(s1!, { gridId: t.grids.southVillage });
  await setPushedListRules(api, t.tokens.admin, RULES);
  const rows = [
    '北一甲,,13900000001,北村小区1栋,某市,2026-12-05,省大数据局,高',
    '北一乙,,13900000002,北村小区2栋,某市,2026-12-05,省大数据局,低',
    '北二丙,,13900000003,北二小区3栋,某市,2026-12-05,省大数据局,中',
    '南村丁,,13900000004,南村小区4栋,某市,2026-12-05,省大数据局,高',
    '无址戊,,13900000005,不知道哪里,某市,2026-12-05,省大数据局,低',
    '错行己,,13900000006,北村小区5栋,某市,2026-12-05,省大数据局,极高',
  ];
  list = await uploadPushedList(api, t.tokens.supervisor, [PUSHED_HEADER, ...rows].join('\n'), '分网格名单');
}, 120_000);

describe('a pushed list seen by a village supervisor', () => {
  it("shows the village's progress and grids only, without the rows no grid took; the tenant's supervisor sees all", async () => {
    const all = (await get(t.tokens.supervisor, `/api/pushed-lists/${list.id}`)).body;
    expect(all).toMatchObject({ scoped: false, progress: { received: 5, assigned: 4 } });
    expect(all.errors).toHaveLength(1);
    const north = await get(boss.north, `/api/pushed-lists/${list.id}`);
    expect(north.status).toBe(200);
    expect(north.body).toMatchObject({ scoped: true, progress: { received: 3, matched: 3, assigned: 3 }, errors: [] });
    expect(north.body.grids.map((g: { gridId: string }) => g.gridId).sort()).toEqual([t.grids.northGroup1, t.grids.northGroup2, t.grids.northVillage].sort());
    const south = (await get(boss.south, `/api/pushed-lists/${list.id}`)).body;
    expect(south).toMatchObject({ scoped: true, progress: { received: 1, assigned: 1 }, errors: [] });
    expect(south.grids.map((g: { gridId: string }) => g.gridId)).toEqual([t.grids.southVillage]);
    expect(JSON.stringify(south)).not.toContain(t.grids.north);
  });

  it("gives each village's board its own tasks, and refuses the other village's task", async () => {
    const northBoard = (await get(boss.north, '/api/pushed-tasks')).body.items;
    expect(namesOf(northBoard)).toEqual(['北**', '北**', '北**']);
    const southBoard = (await get(boss.south, '/api/pushed-tasks')).body.items;
    expect(namesOf(southBoard)).toEqual(['南**']);
    expect((await get(boss.north, `/api/pushed-tasks/${southBoard[0].id}`)).status).toBe(403);
    expect((await get(boss.north, `/api/pushed-tasks?grid=${t.grids.southVillage}`)).body.reason).toBe('scope.grid');
  });

  it("exports the village's rows and progress only", async () => {
    const res = await get(boss.south, `/api/pushed-lists/${list.id}/export.csv`);
    expect(res.status).toBe(200);
    const lines = (res.body as string).split('\r\n');
    expect(lines[1]).toBe('合计 total,,1,1,1,0,0');
    const rows = lines.slice(lines.indexOf('') + 2).filter(Boolean);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^5,南村,.*,南\*\*,/);
    const log = await api.call('GET', `/api/residents/audit?user=boss-s-${t.id.slice(-6)}&limit=1`, { token: t.tokens.admin });
    expect(log.body.items[0]).toMatchObject({ action: 'export-masked', listId: list.id, count: 1 });
    const whole = (await get(t.tokens.supervisor, `/api/pushed-lists/${list.id}/export.csv`)).body as string;
    expect(whole.split('\r\n').filter((l) => /^\d+,/.test(l))).toHaveLength(5);
  });
});

describe('rows no grid took', () => {
  it('are routed by the tenant-wide roles; by a village supervisor only when the rules say so, and only into their grids', async () => {
    const queue = await get(t.tokens.supervisor, '/api/pushed-tasks/routing');
    expect(namesOf(queue.body.items)).toEqual(['无**']);
    const waiting = queue.body.items[0];
    const refused = await get(boss.north, '/api/pushed-tasks/routing');
    expect(refused.status).toBe(403);
    expect(refused.body.reason).toBe('scope.routing');
    expect((await get(boss.north, `/api/pushed-tasks/${waiting.id}`)).status).toBe(403);
    const route = (token: string, gridId: string) => api.call('POST', `/api/pushed-tasks/${waiting.id}/route`, { token, body: { version: waiting.version, gridId } });
    expect((await route(boss.north, t.grids.northGroup2)).status).toBe(403);

    await setPushedListRules(api, t.tokens.admin, { ...RULES, scopedRouting: true });
    expect(namesOf((await get(boss.north, '/api/pushed-tasks/routing')).body.items)).toEqual(['无**']);
    expect((await get(boss.north, `/api/pushed-lists/${list.id}`)).body.errors).toHaveLength(1);
    expect((await route(boss.north, t.grids.southVillage)).body.reason).toBe('scope.grid');
    expect((await route(boss.north, t.grids.northGroup2)).status).toBe(200);
    // The village received the routed row; the list had received it at upload.
    expect((await get(boss.north, `/api/pushed-lists/${list.id}`)).body.progress).toMatchObject({ received: 4, assigned: 4, matched: 3 });
    expect((await get(t.tokens.supervisor, `/api/pushed-lists/${list.id}`)).body.progress).toMatchObject({ received: 5, assigned: 5 });
    expect((await get(boss.south, `/api/pushed-lists/${list.id}`)).body.progress.received).toBe(1);
    expect((await get(t.tokens.admin, '/api/pushed-tasks/routing')).body.items).toEqual([]);
  });
});

describe('the index of lists', () => {
  it("lists each list in the index with the village's counts: the villages' sums make the whole, nothing of the other village shows", async () => {
    await setPushedListRules(api, t.tokens.admin, RULES);
    // A second list with no row in 南村: shown to its supervisor with zeros, not hidden.
    const other = await uploadPushedList(api, t.tokens.supervisor, [PUSHED_HEADER, '北一庚,,13900000007,北村小区6栋,某市,2026-12-05,省大数据局,低'].join('\n'), '北村名单');
    const entry = async (token: string, id: string) => {
      const res = await get(token, '/api/pushed-lists?limit=50');
      expect(res.status).toBe(200);
      return res.body.items.find((i: { id: string }) => i.id === id);
    };
    const whole = await entry(t.tokens.supervisor, list.id);
    expect(whole).toMatchObject({ rows: 6, invalid: 1 });
    expect(whole.scoped).toBeUndefined();
    expect(whole.progress).toBeUndefined();
    const north = await entry(boss.north, list.id);
    const south = await entry(boss.south, list.id);
    // 北村 took the routed row; village supervisors no longer route, so the list's refused row is not theirs.
    expect(north).toMatchObject({ scoped: true, rows: 4, invalid: 0, duplicates: 0, progress: { received: 4, matched: 3, assigned: 4, verified: 0 } });
    expect(south).toMatchObject({ scoped: true, rows: 1, invalid: 0, duplicates: 0, progress: { received: 1, matched: 1, assigned: 1 } });
    // The same counts as each village's list view; the two villages' make the list's.
    expect(north.progress).toEqual((await get(boss.north, `/api/pushed-lists/${list.id}`)).body.progress);
    expect(south.progress).toEqual((await get(boss.south, `/api/pushed-lists/${list.id}`)).body.progress);
    const all = (await get(t.tokens.supervisor, `/api/pushed-lists/${list.id}`)).body.progress;
    expect(north.progress.received + south.progress.received).toBe(all.received);
    expect(north.progress.assigned + south.progress.assigned).toBe(all.assigned);
    expect(await entry(boss.south, other.id)).toMatchObject({ scoped: true, rows: 0, progress: { received: 0, matched: 0, assigned: 0, verified: 0, overdue: 0 } });
    expect(await entry(boss.north, other.id)).toMatchObject({ rows: 1, progress: { received: 1 } });
    expect(JSON.stringify((await get(boss.south, '/api/pushed-lists')).body)).not.toContain(t.grids.north);
  });

  it('gives a scoped caller at most 20 lists a page (one Query each), the cursor going on; a list still uploading shows zeros', async () => {
    for (let i = 0; i < 20; i++) expect((await api.call('POST', '/api/pushed-lists', { token: boss.north, body: { name: `北村第${i}批`, size: 10 } })).status).toBe(201);
    const first = await get(boss.north, '/api/pushed-lists?limit=50');
    expect(first.body.items).toHaveLength(20);
    expect(first.body.items.find((i: { status: string }) => i.status === 'uploading')).toMatchObject({ scoped: true, rows: 0, progress: { received: 0 } });
    const next = await get(boss.north, `/api/pushed-lists?limit=50&cursor=${encodeURIComponent(first.body.cursor)}`);
    expect(next.body.items).toHaveLength(2);
    // The test clock stands still: lists of the same instant come in id order, so compare as sets.
    const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();
    const whole = (await get(t.tokens.supervisor, '/api/pushed-lists?limit=50')).body.items;
    expect(ids([...first.body.items, ...next.body.items])).toEqual(ids(whole));
    expect(whole).toHaveLength(22);
  });
});
