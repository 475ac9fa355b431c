/**
 * Pushed lists over DynamoDB Local: upload through the import path, matching (person by ID number,
 * then phone; grid by the address rules; else the routing queue), the same list again changes
 * nothing, checks from the outbox stored once, outcomes (found registers the person and starts
 * monitoring; unreachable escalates), overdue tasks escalated by the scheduled job once, progress per
 * list and grid, and no personal value in any log line.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantKeys } from '../../shared/data/keys';
import { getRaw } from '../../shared/data/write';
import { runJob } from '../../shared/scheduling/run-job';
import { type Api, testApi } from '../support/api';
import { PUSHED_HEADER, setPushedListRules, uploadPushedList } from '../support/pushed-lists';
import { captureOutput, personBody, registerHousehold, residentId } from '../support/residents';
import { createTestTenant, type TestTenant } from '../support/tenant';

const KNOWN = { name: '王建国', idNumber: residentId('41018419650505101'), phone: '13900001111' };
const BY_PHONE = { name: '李秀英', idNumber: residentId('41018419720202202'), phone: '13900002222' };
const NEW_BY_ROAD = { name: '陈晓东', idNumber: residentId('41018419900909303'), phone: '13900003333' };
const NEW_BY_COMPOUND = { name: '刘芳芳', idNumber: residentId('41018419951212404'), phone: '13900004444' };
const NOWHERE = { name: '周无名', idNumber: residentId('41018420000101505'), phone: '13900005555' };
const SECRETS = [KNOWN, BY_PHONE, NEW_BY_ROAD, NEW_BY_COMPOUND, NOWHERE].flatMap((p) => [p.name, p.idNumber, p.phone]);

let api: Api;
let t: TestTenant;
let list: any;
const output = captureOutput();

const csv = [
  PUSHED_HEADER,
  `${KNOWN.name},${KNOWN.idNumber},${KNOWN.phone},幸福小区3栋,某市,2026-12-05,省大数据局,高`,
  // Registered with another ID type? No: the registry knows this phone only.
  `${BY_PHONE.name},,${BY_PHONE.phone},,某市,2026-12-05,省大数据局,中`,
  `${NEW_BY_ROAD.name},${NEW_BY_ROAD.idNumber},${NEW_BY_ROAD.phone},建设路15号,某省某市,2026-12-04,市卫健委,低`,
  `${NEW_BY_COMPOUND.name},${NEW_BY_COMPOUND.idNumber},${NEW_BY_COMPOUND.phone},南苑小区8栋,某市,2026-12-05,省大数据局,高`,
  `${NOWHERE.name},${NOWHERE.idNumber},${NOWHERE.phone},不知道哪里,某市,2026-12-05,省大数据局,高`,
  '缺证件,,,某地,,,,低',
  `坏号码,${residentId('41018419800101123').slice(0, 17)}0,12345,,,2026-02-30,,极高`,
].join('\n');

const tasksOf = async (token: string, query = '') => (await api.call('GET', `/api/pushed-tasks${query}`, { token })).body.items as any[];

beforeAll(async () => {
  // Every log line at DEBUG: the capture must see whatever the API and the job would ever log.
  api = await testApi({ now: '2026-12-06T01:00:00Z', logger: new Logger({ serviceName: 'gridwatch-pushed-lists-test', logLevel: 'DEBUG' }) });
  t = await createTestTenant(api, 'pl');
  const household = await registerHousehold(api, t.tokens.inspector, t.grids.northGroup1);
  for (const p of [KNOWN, BY_PHONE]) {
    const res = await api.call('POST', `/api/residents/households/${household.id}/persons`, { token: t.tokens.inspector, body: personBody({ ...p, relationship: p === KNOWN ? 'householder' : 'spouse' }) });
    expect(res.status).toBe(201);
  }
  await setPushedListRules(api, t.tokens.admin, {
    addressRules: { compounds: [{ name: '南苑小区', aliases: ['南苑'], gridId: t.grids.southVillage }], roads: [{ road: '建设路', from: 1, to: 99, side: 'odd', gridId: t.grids.northGroup2 }] },
    deadlineDays: 0,
  });
  list = await uploadPushedList(api, t.tokens.supervisor, csv);
}, 120_000);

afterAll(() => output.stop());

describe('upload and matching', () => {
  it('reads the list, refuses bad rows by line and field (masked), and counts what it matched', () => {
    expect(list).toMatchObject({ status: 'done', rows: 7, invalid: 2, duplicates: 0 });
    expect(list.progress).toEqual({ received: 5, matched: 4, assigned: 4, verified: 0, overdue: 0 });
    expect(list.errors.map((e: any) => `${e.line}:${e.field}`).sort()).toEqual(['7:row', '8:arrivalDate', '8:idNumber', '8:phone', '8:riskLevel']);
    expect(JSON.stringify(list.errors)).not.toContain('12345');
  });

  it('puts each row where it belongs: the person by ID number, then by phone, the grid by the address rules, else the routing queue', async () => {
    const north = await tasksOf(t.tokens.northSupervisor);
    const byName = new Map(north.map((x) => [x.name, x]));
    expect(byName.get('王**')).toMatchObject({ gridId: t.grids.northGroup1, status: 'open', dueDate: '2026-12-06', match: { kind: 'person', by: 'id-number' }, masked: true });
    expect(byName.get('李**')).toMatchObject({ gridId: t.grids.northGroup1, match: { kind: 'person', by: 'phone' } });
    expect(byName.get('陈**')).toMatchObject({ gridId: t.grids.northGroup2, match: { kind: 'grid', by: 'road' } });
    expect(north).toHaveLength(3);
    const south = await tasksOf(t.tokens.admin, `?grid=${t.grids.south}`);
    expect(south.map((x) => [x.name, x.match.by])).toEqual([['刘**', 'compound']]);
    const routing = (await api.call('GET', '/api/pushed-tasks/routing', { token: t.tokens.supervisor })).body.items;
    expect(routing.map((x: any) => [x.name, x.status, x.gridId])).toEqual([['周**', 'routing', undefined]]);
    // The inspector of 北村一组 sees only that grid's tasks; masked, never a full phone.
    const mine = await tasksOf(t.tokens.inspector);
    expect(mine.map((x) => x.name).sort()).toEqual(['李**', '王**']);
    expect(JSON.stringify(mine)).not.toContain(KNOWN.phone);
    expect((await api.call('GET', '/api/pushed-tasks/routing', { token: t.tokens.inspector })).status).toBe(403);
  });

  it('stores the row sealed: no name, ID number, phone or address in the clear', async () => {
    const [task] = await tasksOf(t.tokens.inspector);
    const raw = JSON.stringify(await getRaw(api.db, tenantKeys(t.id).pushedTask(task.id)));
    for (const secret of [...SECRETS, '幸福小区3栋']) expect(raw).not.toContain(secret);
    expect(raw).toContain('nameEnc');
  });

  it('changes nothing when the same list comes again (another upload, rows in another order)', async () => {
    const lines = csv.split('\n');
    const again = await uploadPushedList(api, t.tokens.admin, [lines[0], ...lines.slice(1).reverse()].join('\n'), '重复推送');
    expect(again).toMatchObject({ status: 'done', rows: 7, invalid: 2, duplicates: 5 });
    expect(again.progress).toEqual({ received: 0, matched: 0, assigned: 0, verified: 0, overdue: 0 });
    expect(await tasksOf(t.tokens.northSupervisor)).toHaveLength(3);
  });

  it('runs a stopped list again without storing or counting a row twice', async () => {
    await runJob(api.db, { kind: 'pushed-list', tenantId: t.id, listId: list.id }, api.clock, api.deps.importFiles, api.deps.personalData);
    const after = (await api.call('GET', `/api/pushed-lists/${list.id}`, { token: t.tokens.supervisor })).body;
    expect(after.progress).toEqual(list.progress);
  });
});

describe('routing, checks and outcomes', () => {
  it('lets a supervisor route a waiting row to a grid, once', async () => {
    const [waiting] = (await api.call('GET', '/api/pushed-tasks/routing', { token: t.tokens.supervisor })).body.items;
    // A supervisor of some grids routes only when the rules say so (pushed-list-scope.test.ts).
    const outside = await api.call('POST', `/api/pushed-tasks/${waiting.id}/route`, { token: t.tokens.northSupervisor, body: { version: 1, gridId: t.grids.northGroup1 } });
    expect(outside.status).toBe(403);
    const routed = await api.call('POST', `/api/pushed-tasks/${waiting.id}/route`, { token: t.tokens.supervisor, body: { version: 1, gridId: t.grids.northGroup1 } });
    expect(routed.status).toBe(200);
    expect(routed.body).toMatchObject({ status: 'open', gridId: t.grids.northGroup1, dueDate: '2026-12-06', match: { kind: 'routed' }, version: 2 });
    const twice = await api.call('POST', `/api/pushed-tasks/${waiting.id}/route`, { token: t.tokens.supervisor, body: { version: 1, gridId: t.grids.northGroup1 } });
    expect(twice.status).toBe(409);
    expect((await api.call('GET', '/api/pushed-tasks/routing', { token: t.tokens.supervisor })).body.items).toEqual([]);
  });

  it('stores a door-to-door check from the outbox once, however often it is sent', async () => {
    const task = (await tasksOf(t.tokens.inspector)).find((x) => x.name === '王**');
    const check = { id: ulid(), method: 'door', result: 'reached', note: '已上门，本人在家', at: '2026-12-06T00:30:00Z' };
    const first = await api.call('POST', `/api/pushed-tasks/${task.id}/checks`, { token: t.tokens.inspector, body: check });
    const again = await api.call('POST', `/api/pushed-tasks/${task.id}/checks`, { token: t.tokens.inspector, body: check });
    expect([first.status, again.status]).toEqual([201, 200]);
    await api.call('POST', `/api/pushed-tasks/${task.id}/checks`, { token: t.tokens.inspector, body: { id: ulid(), method: 'phone', result: 'reached' } });
    const file = (await api.call('GET', `/api/pushed-tasks/${task.id}`, { token: t.tokens.inspector })).body;
    expect(file.task.checks).toBe(2);
    expect(file.checks.map((c: any) => [c.method, c.by])).toEqual([['door', t.users.inspector], ['phone', t.users.inspector]]);
    const bad = await api.call('POST', `/api/pushed-tasks/${task.id}/checks`, { token: t.tokens.inspector, body: { ...check, id: ulid(), method: 'telepathy' } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('body.method');
  });

  it('closes a found person: linked as matched, or registered from the row with monitoring started', async () => {
    const tasks = await tasksOf(t.tokens.northSupervisor);
    const known = tasks.find((x) => x.name === '王**');
    const linked = await api.call('POST', `/api/pushed-tasks/${known.id}/outcome`, { token: t.tokens.inspector, body: { version: known.version, outcome: 'found', found: { link: { householdId: known.match.householdId, personId: known.match.personId } } } });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ status: 'verified', outcome: 'found', linked: { personId: known.match.personId } });
    const road = tasks.find((x) => x.name === '陈**');
    const body = {
      version: road.version,
      outcome: 'found',
      found: { create: { newHousehold: { id: ulid(), address: { compound: '建设路15号', room: '101' } }, personId: ulid(), category: 'nonlocal-temporary', relationship: 'householder' } },
      monitoring: { episodeId: ulid(), type: 'home-isolation' },
    };
    const registered = await api.call('POST', `/api/pushed-tasks/${road.id}/outcome`, { token: t.tokens.northSupervisor, body });
    expect(registered.status).toBe(200);
    expect(registered.body.linked).toMatchObject({ personId: body.found.create.personId, episodeId: body.monitoring.episodeId });
    // A resend of the same outcome (the outbox) answers the same.
    const resend = await api.call('POST', `/api/pushed-tasks/${road.id}/outcome`, { token: t.tokens.northSupervisor, body });
    expect(resend.status).toBe(200);
    const episode = await api.call('GET', `/api/monitoring/episodes/${body.monitoring.episodeId}`, { token: t.tokens.northSupervisor });
    expect(episode.body.episode).toMatchObject({ type: 'home-isolation', reason: 'pushed-list', status: 'active' });
    const stale = await api.call('POST', `/api/pushed-tasks/${road.id}/outcome`, { token: t.tokens.northSupervisor, body: { version: 1, outcome: 'duplicate' } });
    expect(stale.status).toBe(409);
  });

  it('sends the unreachable to the supervisor', async () => {
    const phone = (await tasksOf(t.tokens.inspector)).find((x) => x.name === '李**');
    const res = await api.call('POST', `/api/pushed-tasks/${phone.id}/outcome`, { token: t.tokens.inspector, body: { version: phone.version, outcome: 'unreachable', note: '三次电话未接' } });
    expect(res.body).toMatchObject({ status: 'escalated', escalated: 'unreachable' });
  });

  it('opens the row in the clear only with a reason, and writes that to the access log', async () => {
    const task = (await tasksOf(t.tokens.inspector)).find((x) => x.name === '周**');
    const noReason = await api.call('POST', `/api/pushed-tasks/${task.id}/personal`, { token: t.tokens.inspector, body: {} });
    expect(noReason.status).toBe(400);
    const open = await api.call('POST', `/api/pushed-tasks/${task.id}/personal`, { token: t.tokens.inspector, body: { reason: '电话核查需要号码' } });
    expect(open.body).toEqual({ name: NOWHERE.name, idNumber: NOWHERE.idNumber, phone: NOWHERE.phone, address: '不知道哪里', masked: false });
    const log = await api.call('GET', '/api/residents/audit?day=2026-12-06', { token: t.tokens.admin });
    expect(log.body.items.some((e: any) => e.action === 'open-pushed-task' && e.taskId === task.id && e.reason === '电话核查需要号码')).toBe(true);
  });
});

describe('overdue escalation and progress', () => {
  it('escalates open tasks due yesterday when the next day is planned, once', async () => {
    api.clock.set('2026-12-07T00:30:00Z');
    // Tokens last a shift: the tenant's users sign in again on the new day.
    t.tokens.admin = await api.tokenFor({ userId: t.users.admin, tenantId: t.id, roles: ['tenant-admin'] });
    t.tokens.supervisor = await api.tokenFor({ userId: t.users.supervisor, tenantId: t.id, roles: ['supervisor'] });
    await runJob(api.db, { kind: 'plan', tenantId: t.id, date: '2026-12-07' }, api.clock);
    await runJob(api.db, { kind: 'plan', tenantId: t.id, date: '2026-12-07' }, api.clock);
    const open = await tasksOf(t.tokens.admin);
    const byName = new Map(open.map((x) => [x.name, x]));
    expect(byName.get('周**')).toMatchObject({ status: 'escalated', escalated: 'overdue' });
    expect(byName.get('刘**')).toMatchObject({ status: 'escalated', escalated: 'overdue' });
    // Unreachable was escalated already: not counted as overdue.
    expect(byName.get('李**')).toMatchObject({ escalated: 'unreachable' });
    const view = (await api.call('GET', `/api/pushed-lists/${list.id}`, { token: t.tokens.supervisor })).body;
    expect(view.progress).toEqual({ received: 5, matched: 4, assigned: 5, verified: 2, overdue: 2 });
    const grids = new Map(view.grids.map((g: any) => [g.gridId, g.progress]));
    // The routed row: received by its grid when routed (the list received it at upload), not matched.
    expect(grids.get(t.grids.north)).toEqual({ received: 4, matched: 3, assigned: 4, verified: 2, overdue: 1 });
    expect(grids.get(t.grids.northGroup1)).toEqual({ received: 3, matched: 2, assigned: 3, verified: 1, overdue: 1 });
    expect(grids.get(t.grids.south)).toEqual({ received: 1, matched: 1, assigned: 1, verified: 0, overdue: 1 });
  });

  it('never wrote a name, an ID number or a phone of the list to the log', () => {
    const all = output.lines.join('');
    for (const secret of SECRETS) expect(all).not.toContain(secret);
  });
});
