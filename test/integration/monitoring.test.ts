/**
 * Home monitoring through the API over DynamoDB Local: an episode tags the household, readings from
 * the outbox are stored once and sealed, a fever alerts the supervisor chain at once, the sweep finds
 * missed windows once however often it runs, a late sync resolves its missed alert, alerts are
 * acknowledged and resolved, today's list and the figures, extend / restart / transfer, and the access
 * log. All along, a capture of every log line, which must never show a name, an ID number or a symptom
 * note used here.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRaw } from '../../shared/data/batch';
import { tenantKeys } from '../../shared/data/keys';
import { getRaw } from '../../shared/data/write';
import { dispatchDueJobs } from '../../shared/scheduling/dispatch';
import type { Job } from '../../shared/scheduling/jobs';
import { runJob } from '../../shared/scheduling/run-job';
import { type Api, testApi } from '../support/api';
import { personUnderMonitoring, readingBody } from '../support/monitoring';
import { captureOutput, residentId } from '../support/residents';
import { createTestTenant, type TestTenant } from '../support/tenant';

const PEOPLE = {
  zhao: { name: '赵志刚', idNumber: residentId('41018419700303121') },
  qian: { name: '钱美玲', idNumber: residentId('41018419880808242') },
};
const NOTE = '夜里咳嗽得厉害QX7';
const SECRETS = [...Object.values(PEOPLE).flatMap((p) => [p.name, p.idNumber]), NOTE];

let api: Api;
let t: TestTenant;
const output = captureOutput();
let zhao: Awaited<ReturnType<typeof personUnderMonitoring>>;
let qian: Awaited<ReturnType<typeof personUnderMonitoring>>;
let feverAlertId: string;

/** Move the clock; tokens last a shift, so the test's users sign in again. */
async function setClock(at: string) {
  api.clock.set(at);
  const profiles = {
    admin: { roles: ['tenant-admin'], gridIds: [] },
    supervisor: { roles: ['supervisor'], gridIds: [] },
    northSupervisor: { roles: ['supervisor'], gridIds: [t.grids.north] },
    inspector: { roles: ['inspector'], gridIds: [t.grids.northGroup1] },
  } as const;
  for (const [key, p] of Object.entries(profiles)) t.tokens[key as keyof typeof profiles] = await api.tokenFor({ userId: t.users[key as keyof typeof profiles], tenantId: t.id, roles: [...p.roles], gridIds: [...p.gridIds], venueKinds: [] });
}
const sweep = () => runJob(api.db, { kind: 'monitoring-sweep', tenantId: t.id, date: '2026-11-26' }, api.clock);
const alertsOf = async (episodeId: string) => (await queryRaw(api.db, tenantKeys(t.id).episodeAlerts(episodeId))).map((a) => ({ id: a.id as string, kind: a.kind, status: a.status, windowKey: a.windowKey }));

beforeAll(async () => {
  api = await testApi({ now: '2026-11-25T01:00:00Z', logger: new Logger({ serviceName: 'gridwatch-monitoring-test', logLevel: 'DEBUG' }) });
  t = await createTestTenant(api, 'mo');
  // Started 08:30 Shanghai on 11-25: the morning window had opened already, the afternoon is the first due.
  zhao = await personUnderMonitoring(api, t.tokens.inspector, t.grids.northGroup1, PEOPLE.zhao, { startedAt: '2026-11-25T00:30:00Z', note: '密接' });
  qian = await personUnderMonitoring(api, t.tokens.inspector, t.grids.northGroup1, PEOPLE.qian, { startedAt: '2026-11-25T00:30:00Z', type: 'health-monitoring', days: 1 });
});

afterAll(() => output.stop());

describe('episodes', () => {
  it('starts an episode (14 days of 居家隔离), tags the household, and a resend is the same episode', async () => {
    expect(zhao.episode).toMatchObject({ type: 'home-isolation', lastDay: '2026-12-08', status: 'active', version: 1, windows: ['am', 'pm'], building: '幸福小区 3', room: '2-301' });
    expect(zhao.episode.nameMasked).not.toBe(PEOPLE.zhao.name);
    const again = await api.call('POST', '/api/monitoring/episodes', { token: t.tokens.inspector, body: zhao.body });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(zhao.episode.id);
    const household = await api.call('GET', `/api/residents/households/${zhao.household.id}`, { token: t.tokens.inspector });
    expect(household.body.household.tags).toEqual(['permanent', 'home-isolation']);
    expect(household.body.history.some((h: any) => h.action === 'household-changed')).toBe(true);
    // 健康监测 sets no household tag.
    const other = await api.call('GET', `/api/residents/households/${qian.household.id}`, { token: t.tokens.inspector });
    expect(other.body.household.tags).toEqual(['permanent']);
  });

  it('refuses a second live episode for the person, an unknown type, a start in the future and a person outside my grids', async () => {
    const second = await api.call('POST', '/api/monitoring/episodes', { token: t.tokens.inspector, body: { ...zhao.body, id: ulid() } });
    expect(second.status).toBe(409);
    const badType = await api.call('POST', '/api/monitoring/episodes', { token: t.tokens.inspector, body: { ...zhao.body, id: ulid(), type: 'no-such-type' } });
    expect(badType.status).toBe(400);
    expect(badType.body.issues[0].path).toBe('body.type');
    const future = await api.call('POST', '/api/monitoring/episodes', { token: t.tokens.inspector, body: { ...zhao.body, id: ulid(), startedAt: '2026-11-26T00:00:00Z' } });
    expect(future.body.issues?.[0]?.path).toBe('body.startedAt');
    const south = await personUnderMonitoring(api, t.tokens.admin, t.grids.southVillage, { name: '孙南', idNumber: residentId('41018419900101333') });
    const outside = await api.call('GET', `/api/monitoring/episodes/${south.episode.id}`, { token: t.tokens.inspector });
    expect(outside.status).toBe(403);
  });
});

describe('readings', () => {
  it('stores a reading once (a resend returns it; another body under the id is a 409), sealed at rest, counted for its window', async () => {
    await setClock('2026-11-25T07:40:00Z');
    const body = readingBody(zhao.episode.id, '2026-11-25T07:30:00Z', 36.6, { symptoms: ['cough'], symptomNote: NOTE });
    const first = await api.call('POST', '/api/monitoring/readings', { token: t.tokens.inspector, body });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ temperature: 36.6, windowKey: '2026-11-25#pm', fever: false, outsidePeriod: false, symptoms: ['cough'] });
    expect((await api.call('POST', '/api/monitoring/readings', { token: t.tokens.inspector, body })).status).toBe(200);
    expect((await api.call('POST', '/api/monitoring/readings', { token: t.tokens.inspector, body: { ...body, temperature: 36.7 } })).status).toBe(409);
    const raw = (await getRaw(api.db, tenantKeys(t.id).reading(zhao.episode.id, body.id)))!;
    expect(raw.temperature).toBeUndefined();
    expect(JSON.stringify(raw)).not.toContain(NOTE);
    expect(String(raw.healthEnc)).toMatch(/^k1\./);
  });

  it('refuses a temperature out of range or with two decimals, naming the field', async () => {
    for (const temperature of [34.9, 42.1, 36.55]) {
      const res = await api.call('POST', '/api/monitoring/readings', { token: t.tokens.inspector, body: readingBody(zhao.episode.id, '2026-11-25T07:31:00Z', temperature) });
      expect(res.status).toBe(400);
      expect(res.body.issues[0].path).toBe('body.temperature');
    }
  });

  it('a fever raises an alert at once, seen by the supervisor chain of the grid and not by grid members', async () => {
    const res = await api.call('POST', '/api/monitoring/readings', { token: t.tokens.inspector, body: readingBody(zhao.episode.id, '2026-11-25T07:35:00Z', 37.3) });
    expect(res.body.fever).toBe(true);
    feverAlertId = res.body.alertId;
    expect(feverAlertId).toMatch(/^fever-/);
    for (const token of [t.tokens.supervisor, t.tokens.northSupervisor, t.tokens.admin]) {
      const list = await api.call('GET', '/api/monitoring/alerts', { token });
      expect(list.body.items.map((a: any) => a.id)).toContain(feverAlertId);
    }
    const south = await api.call('GET', `/api/monitoring/alerts?grid=${t.grids.south}`, { token: t.tokens.supervisor });
    expect(south.body.items.map((a: any) => a.id)).not.toContain(feverAlertId);
    expect((await api.call('GET', '/api/monitoring/alerts', { token: t.tokens.inspector })).status).toBe(403);
  });
});

describe('the missed-reading sweep', () => {
  it('is sent by the dispatcher at its first tick after a window closes, and not again once that window is swept', async () => {
    const sent: Job[] = [];
    const queue = { send: async (jobs: Job[]) => void sent.push(...jobs) };
    const sweepsAt = async (at: string) => {
      sent.length = 0;
      await dispatchDueJobs(api.db, queue, new Date(at));
      return sent.filter((j) => j.tenantId === t.id && j.kind === 'monitoring-sweep');
    };
    expect(await sweepsAt('2026-11-26T01:45:00Z')).toHaveLength(1); // yesterday's afternoon was never swept
    expect(await sweepsAt('2026-11-26T02:00:00Z')).toEqual([{ kind: 'monitoring-sweep', tenantId: t.id, date: '2026-11-26' }]);
  });

  it('raises one missed-reading alert per window without a reading, however often (and however concurrently) the job runs', async () => {
    await setClock('2026-11-26T02:05:00Z'); // 10:05 on 11-26: the morning window closed 5 minutes ago
    await Promise.all([sweep(), sweep()]);
    await sweep();
    const zhaoAlerts = await alertsOf(zhao.episode.id);
    expect(zhaoAlerts.filter((a) => a.kind === 'missed-reading').map((a) => a.windowKey)).toEqual(['2026-11-26#am']);
    expect(zhaoAlerts.filter((a) => a.kind === 'fever')).toHaveLength(1);
    // Swept through 10:00: the ticks until the afternoon window closes send nothing; the one at 18:00 does.
    const sent: Job[] = [];
    const queue = { send: async (jobs: Job[]) => void sent.push(...jobs) };
    for (const at of ['2026-11-26T02:15:00Z', '2026-11-26T09:45:00Z', '2026-11-26T10:00:00Z']) await dispatchDueJobs(api.db, queue, new Date(at));
    expect(sent.filter((j) => j.tenantId === t.id && j.kind === 'monitoring-sweep')).toHaveLength(1);
    // 钱: one day of 健康监测; its afternoon was missed, and the period is over: completed.
    expect((await alertsOf(qian.episode.id)).map((a) => a.windowKey)).toEqual(['2026-11-25#pm']);
    const file = await api.call('GET', `/api/monitoring/episodes/${qian.episode.id}`, { token: t.tokens.inspector });
    expect(file.body.episode.status).toBe('completed');
    expect(file.body.followUp).toMatchObject({ over: true, followedAllDays: false, missed: ['2026-11-25#pm'] });
  });

  it('a reading taken in the window and synced after the sweep counts for the window and resolves its alert', async () => {
    await setClock('2026-11-26T02:20:00Z');
    const late = await api.call('POST', '/api/monitoring/readings', { token: t.tokens.inspector, body: readingBody(zhao.episode.id, '2026-11-26T01:30:00Z', 36.8) });
    expect(late.body.windowKey).toBe('2026-11-26#am');
    const missed = (await alertsOf(zhao.episode.id)).find((a) => a.kind === 'missed-reading')!;
    expect(missed.status).toBe('resolved');
    const file = await api.call('GET', `/api/monitoring/episodes/${zhao.episode.id}`, { token: t.tokens.inspector });
    expect(file.body.followUp).toMatchObject({ missed: [], missedInRow: 0, lost: false });
    expect(file.body.readings.map((r: any) => r.temperature)).toEqual([36.6, 37.3, 36.8]);
    await sweep();
    expect((await alertsOf(zhao.episode.id)).length).toBe(2);
  });
});

describe('alerts, lists and figures', () => {
  it('an owner acknowledges, then resolves with a note; a stale version is a 409', async () => {
    const ack = await api.call('POST', `/api/monitoring/alerts/${feverAlertId}/acknowledge`, { token: t.tokens.northSupervisor, body: { version: 1 } });
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', owner: t.users.northSupervisor, version: 2 });
    // Raised at 15:40 on 11-25, unresolved for more than 4 hours.
    expect(ack.body.escalated).toBe(true);
    expect((await api.call('POST', `/api/monitoring/alerts/${feverAlertId}/resolve`, { token: t.tokens.northSupervisor, body: { version: 1, note: '复测正常' } })).status).toBe(409);
    const noNote = await api.call('POST', `/api/monitoring/alerts/${feverAlertId}/resolve`, { token: t.tokens.northSupervisor, body: { version: 2 } });
    expect(noNote.body.issues[0].path).toBe('body.note');
    const done = await api.call('POST', `/api/monitoring/alerts/${feverAlertId}/resolve`, { token: t.tokens.northSupervisor, body: { version: 2, note: '复测正常' } });
    expect(done.body).toMatchObject({ status: 'resolved', resolutionNote: '复测正常', escalated: false });
    const open = await api.call('GET', '/api/monitoring/alerts', { token: t.tokens.supervisor });
    expect(open.body.items.map((a: any) => a.id)).not.toContain(feverAlertId);
    const resolved = await api.call('GET', '/api/monitoring/alerts?status=resolved', { token: t.tokens.supervisor });
    expect(resolved.body.items.map((a: any) => a.id)).toContain(feverAlertId);
  });

  it("today's list: who needs a reading in the window open now, by building, with the last reading", async () => {
    await setClock('2026-11-26T07:10:00Z'); // 15:10
    const today = await api.call('GET', '/api/monitoring/today', { token: t.tokens.inspector });
    expect(today.status).toBe(200);
    expect(today.body.window).toMatchObject({ id: 'pm', start: '15:00' });
    expect(today.body.buildings).toHaveLength(1);
    const [row] = today.body.buildings[0].people;
    expect(row).toMatchObject({ episodeId: zhao.episode.id, dueNow: true, lastTemperature: 36.8, lastFever: false, windows: [{ id: 'am', done: true, closed: true }, { id: 'pm', done: false, closed: false }] });
    expect(today.body.buildings[0].people).toHaveLength(1); // 钱 is no longer asked for
  });

  it('figures per grid rolled up, with the follow-up rates and a 14-day trend', async () => {
    const res = await api.call('GET', '/api/monitoring/figures', { token: t.tokens.supervisor });
    expect(res.status).toBe(200);
    const north = res.body.grids.find((g: any) => g.id === t.grids.north);
    expect(north.total).toMatchObject({ underMonitoring: 1, due: 2, done: 1, followedToday: 1, finished: 1 });
    expect(north.rates).toMatchObject({ followedToday: 100, followedAllDays: 0, lost: 0 });
    expect(res.body.total.underMonitoring).toBe(2); // and the south one
    expect(res.body.trend).toHaveLength(14);
    expect(res.body.trend.at(-2)).toMatchObject({ date: '2026-11-25', due: 3, done: 1, missed: 2 });
  });
});

describe('changes to an episode', () => {
  it('extends, restarts on re-exposure, and transfers to hospital (clearing the household tag); each in the history', async () => {
    const base = `/api/monitoring/episodes/${zhao.episode.id}`;
    const ext = await api.call('POST', `${base}/extend`, { token: t.tokens.inspector, body: { version: 1, days: 2, why: '复核未完成' } });
    expect(ext.body).toMatchObject({ lastDay: '2026-12-10', version: 2 });
    expect((await api.call('POST', `${base}/extend`, { token: t.tokens.inspector, body: { version: 1, days: 2, why: '重复' } })).status).toBe(409);
    const restart = await api.call('POST', `${base}/restart`, { token: t.tokens.inspector, body: { version: 2, exposedAt: '2026-12-01T02:00:00Z', why: '再次接触' } });
    expect(restart.body.issues?.[0]?.path).toBe('body.exposedAt');
    const restarted = await api.call('POST', `${base}/restart`, { token: t.tokens.inspector, body: { version: 2, exposedAt: '2026-11-26T06:00:00Z', why: '家人确诊，再次接触' } });
    expect(restarted.body).toMatchObject({ lastDay: '2026-12-09', restarts: 1, version: 3 });
    const noDest = await api.call('POST', `${base}/end`, { token: t.tokens.inspector, body: { version: 3, outcome: 'transferred', why: '发热转运' } });
    expect(noDest.body.issues[0].path).toBe('body.destination');
    const moved = await api.call('POST', `${base}/end`, { token: t.tokens.inspector, body: { version: 3, outcome: 'transferred', destination: '市第一人民医院', why: '发热转运' } });
    expect(moved.body).toMatchObject({ status: 'transferred', destination: '市第一人民医院', lastDay: '2026-11-26' });
    const household = await api.call('GET', `/api/residents/households/${zhao.household.id}`, { token: t.tokens.inspector });
    expect(household.body.household.tags).toEqual(['permanent']);
    // After the end: a reading is kept, marked outside the period, and nothing more is asked for.
    await setClock('2026-11-26T07:30:00Z');
    const after = await api.call('POST', '/api/monitoring/readings', { token: t.tokens.inspector, body: readingBody(zhao.episode.id, '2026-11-26T07:20:00Z', 36.5) });
    expect(after.body).toMatchObject({ outsidePeriod: true });
    expect(after.body.windowKey).toBeUndefined();
    await setClock('2026-11-27T02:05:00Z');
    await sweep();
    expect((await alertsOf(zhao.episode.id)).length).toBe(2);
    const file = await api.call('GET', base, { token: t.tokens.inspector });
    expect(file.body.history.map((h: any) => h.action)).toEqual(['transferred', 'restarted', 'extended', 'started']);
    // A new episode for the person can start now.
    const again = await api.call('POST', '/api/monitoring/episodes', { token: t.tokens.inspector, body: { ...zhao.body, id: ulid() } });
    expect(again.status).toBe(201);
  });

  it('records supplies and a door test (result sealed), once', async () => {
    const body = { id: ulid(), kind: 'door-test', at: '2026-11-27T01:00:00Z', result: 'negative' };
    const res = await api.call('POST', `/api/monitoring/episodes/${zhao.episode.id}/actions`, { token: t.tokens.inspector, body });
    expect(res.status).toBe(201);
    expect((await api.call('POST', `/api/monitoring/episodes/${zhao.episode.id}/actions`, { token: t.tokens.inspector, body })).status).toBe(200);
    const raw = (await getRaw(api.db, tenantKeys(t.id).episodeAction(zhao.episode.id, body.id)))!;
    expect(raw.result).toBeUndefined();
    const file = await api.call('GET', `/api/monitoring/episodes/${zhao.episode.id}`, { token: t.tokens.inspector });
    expect(file.body.actions).toMatchObject([{ kind: 'door-test', result: 'negative' }]);
    const supplies = await api.call('POST', `/api/monitoring/episodes/${zhao.episode.id}/actions`, { token: t.tokens.inspector, body: { id: ulid(), kind: 'supplies', at: '2026-11-27T01:00:00Z', result: 'negative' } });
    expect(supplies.body.issues[0].path).toBe('body.result');
  });
});

describe('privacy', () => {
  it('every opened file is in the access log', async () => {
    const log = await api.call('GET', `/api/residents/audit?record=${zhao.personId}`, { token: t.tokens.admin });
    expect(log.body.items.filter((e: any) => e.action === 'open-monitoring').length).toBeGreaterThanOrEqual(3);
  });

  it('no log line shows a name, an ID number or a symptom note', () => {
    const all = output.lines.join('');
    expect(all.length).toBeGreaterThan(0);
    for (const secret of SECRETS) expect(all).not.toContain(secret);
  });
});
