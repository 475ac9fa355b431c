/**
 * Testing rounds through the API over DynamoDB Local: a round and its sites, samples recorded by code,
 * ID number and door to door (a resend stored once, a person counted once however many samples),
 * coverage per grid from counters, the not-yet-tested list, a lab file whose positive alerts the
 * supervisor chain, and nothing personal in any log line.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personCode } from '../../shared/domain/testing/record';
import { type Api, testApi } from '../support/api';
import { captureOutput, personBody, registerHousehold, residentId } from '../support/residents';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { createRound, createSite, importLabFile, recordBody, roundBody, siteBody } from '../support/testing';

const PEOPLE = {
  a: { name: '孙建国', idNumber: residentId('41018419650505111') },
  b: { name: '周丽华', idNumber: residentId('41018419700606222') },
  c: { name: '吴外来', idNumber: residentId('41018419900707333'), category: 'nonlocal-temporary' },
  d: { name: '郑小明', idNumber: residentId('41018420100808444') },
  e: { name: '王南村', idNumber: residentId('41018419551212555') },
};
const SECRETS = Object.values(PEOPLE).flatMap((p) => [p.name, p.idNumber]);

let api: Api;
let t: TestTenant;
const output = captureOutput();
const who: Record<keyof typeof PEOPLE, { householdId: string; personId: string }> = {} as never;
let round: { id: string };
let site: { id: string };

async function addPerson(householdId: string, key: keyof typeof PEOPLE) {
  const res = await api.call('POST', `/api/residents/households/${householdId}/persons`, { token: t.tokens.admin, body: personBody(PEOPLE[key]) });
  if (res.status !== 201) throw new Error(`person: ${res.status} ${JSON.stringify(res.body)}`);
  who[key] = { householdId, personId: res.body.id };
}
const record = (body: Record<string, unknown>, token = t.tokens.inspector) => api.call('POST', '/api/testing/records', { token, body });
const coverage = async (token = t.tokens.admin, grid?: string) => (await api.call('GET', `/api/testing/rounds/${round.id}/coverage${grid ? `?grid=${grid}` : ''}`, { token })).body;
const gridLine = (cov: any, id: string) => cov.grids.find((g: any) => g.id === id);

beforeAll(async () => {
  api = await testApi({ now: '2026-11-25T02:00:00Z', logger: new Logger({ serviceName: 'gridwatch-testing-test', logLevel: 'DEBUG' }) });
  t = await createTestTenant(api, 'tr');
  const h1 = await registerHousehold(api, t.tokens.admin, t.grids.northGroup1);
  const h2 = await registerHousehold(api, t.tokens.admin, t.grids.northGroup1, { address: { building: '7', room: '102' } });
  const h3 = await registerHousehold(api, t.tokens.admin, t.grids.southVillage);
  await addPerson(h1.id, 'a');
  await addPerson(h1.id, 'b');
  await addPerson(h2.id, 'c');
  await addPerson(h2.id, 'd');
  await addPerson(h3.id, 'e');
  round = await createRound(api, t.tokens.admin);
  site = await createSite(api, t.tokens.supervisor, t.grids.northVillage);
}, 120_000);

afterAll(() => output.stop());

describe('rounds and sites', () => {
  it('plans a round once (a resend answers it), lists it as running, and refuses an unknown exempt category', async () => {
    const body = roundBody({ number: 6, name: '第六轮' });
    const first = await api.call('POST', '/api/testing/rounds', { token: t.tokens.supervisor, body });
    expect(first.status).toBe(201);
    expect((await api.call('POST', '/api/testing/rounds', { token: t.tokens.supervisor, body })).status).toBe(200);
    expect((await api.call('POST', '/api/testing/rounds', { token: t.tokens.supervisor, body: { ...body, name: '别的' } })).status).toBe(409);
    // A number is one round's: another round under it is a 409 naming the field, and nothing is stored.
    const twin = await api.call('POST', '/api/testing/rounds', { token: t.tokens.admin, body: roundBody({ number: 6, name: '又一个第六轮' }) });
    expect(twin.status).toBe(409);
    expect(twin.body).toMatchObject({ reason: 'testing.roundNumberTaken', field: 'body.number', params: { number: 6 } });
    const list = await api.call('GET', '/api/testing/rounds', { token: t.tokens.inspector });
    expect(list.body.items.map((r: any) => r.id)).toEqual(expect.arrayContaining([round.id, body.id]));
    expect(list.body.items.filter((r: any) => r.number === 6)).toHaveLength(1);
    expect(list.body.items.find((r: any) => r.id === round.id)).toMatchObject({ status: 'running', scopePath: '/', exemptCategories: ['nonlocal-temporary'] });
    const bad = await api.call('POST', '/api/testing/rounds', { token: t.tokens.admin, body: roundBody({ exemptCategories: ['no-such'] }) });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('body.exemptCategories.0');
    // A supervisor of the north plans for the north only.
    const beyond = await api.call('POST', '/api/testing/rounds', { token: t.tokens.northSupervisor, body: roundBody() });
    expect(beyond.status).toBe(403);
    expect((await api.call('POST', '/api/testing/rounds', { token: t.tokens.northSupervisor, body: roundBody({ number: 7, scopeGridId: t.grids.north }) })).status).toBe(201);
  });

  it('lays sites out in level-2 grids only and lists them by subtree', async () => {
    const level1 = await api.call('POST', '/api/testing/sites', { token: t.tokens.admin, body: siteBody(t.grids.north) });
    expect(level1.status).toBe(400);
    expect(level1.body.issues[0].path).toBe('body.gridId');
    const north = await api.call('GET', `/api/testing/sites?grid=${t.grids.north}`, { token: t.tokens.admin });
    expect(north.body.items).toHaveLength(1);
    expect(north.body.items[0]).toMatchObject({ id: site.id, gridPath: `/${t.grids.north}/${t.grids.northVillage}/`, capacityPerHour: 300 });
    expect(north.body.items[0].layout.zones).toHaveLength(4);
    const south = await api.call('GET', `/api/testing/sites?grid=${t.grids.south}`, { token: t.tokens.admin });
    expect(south.body.items).toEqual([]);
    // A group's member sees the site of their village.
    const mine = await api.call('GET', '/api/testing/sites', { token: t.tokens.inspector });
    expect(mine.body.items.map((s: any) => s.id)).toEqual([site.id]);
  });
});

describe('recording', () => {
  it("records by the person's code at a site; a resend is the same record, 200", async () => {
    const body = recordBody(round.id, { code: personCode(who.a.householdId, who.a.personId) }, { via: 'site', siteId: site.id });
    const first = await record(body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ personId: who.a.personId, gridId: t.grids.northGroup1, first: true, siteId: site.id });
    expect(first.body.nameMasked).not.toBe(PEOPLE.a.name);
    const again = await record(body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    // The same id with another sample is not a resend; a tube used twice is refused.
    expect((await record({ ...body, sampleId: 'OTHER-1' })).status).toBe(409);
    // The id is the record's in the round whoever it names: the same id for another person is refused, not a second record.
    const otherPerson = await record({ ...body, sampleId: 'OTHER-2', who: { idNumber: PEOPLE.e.idNumber } }, t.tokens.supervisor);
    expect(otherPerson.status).toBe(409);
    expect(otherPerson.body).toMatchObject({ reason: 'resend.differs', field: 'id' });
    expect((await record({ ...body, id: ulid() })).status).toBe(409);
  });

  it('records by ID number, and door to door in my own grids only', async () => {
    const byId = await record(recordBody(round.id, { idNumber: PEOPLE.b.idNumber }, { via: 'site', siteId: site.id }));
    expect(byId.status).toBe(201);
    expect(byId.body.personId).toBe(who.b.personId);
    const outside = await record(recordBody(round.id, who.e));
    expect(outside.status).toBe(403);
    expect((await record(recordBody(round.id, who.e), t.tokens.supervisor)).status).toBe(201);
    const unknown = await record(recordBody(round.id, { idNumber: residentId('41018419990909999') }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues[0].path).toBe('body.who');
    const late = await record(recordBody(round.id, who.d, { takenAt: '2026-11-24T20:00:00Z' }));
    expect(late.body.issues[0].path).toBe('body.takenAt');
  });

  it('counts a person once however many samples arrive at once, and every sample as a person-time', async () => {
    const before = gridLine(await coverage(), t.grids.northGroup1);
    const sent = await Promise.all(Array.from({ length: 5 }, () => record(recordBody(round.id, who.c))));
    expect(sent.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(sent.filter((r) => r.body.first)).toHaveLength(1);
    const after = gridLine(await coverage(), t.grids.northGroup1);
    expect(after.times - before.times).toBe(5);
    expect(after.tested - before.tested).toBe(1);
  });
});

describe('coverage', () => {
  it('is tested / target per grid, rolled up, the exempt category out of the target', async () => {
    const cov = await coverage();
    // Target: a, b, d in the north group (c is exempt), e in the south village.
    expect(gridLine(cov, t.grids.northGroup1)).toMatchObject({ target: 3, tested: 3, times: 7 });
    expect(gridLine(cov, t.grids.southVillage)).toMatchObject({ target: 1, tested: 1, rate: 1, colour: 'green' });
    expect(cov.total).toMatchObject({ target: 4, tested: 4, times: 8 });
    expect(cov.round).toMatchObject({ id: round.id, status: 'running' });
    // A grid member sees their own subtree only.
    const mine = await coverage(t.tokens.inspector);
    expect(mine.grids.map((g: any) => g.id)).toEqual([t.grids.northGroup1]);
    expect((await api.call('GET', `/api/testing/rounds/${round.id}/coverage?grid=${t.grids.south}`, { token: t.tokens.inspector })).status).toBe(403);
  });

  it("counts a site's samples per tenant-local day and hour beside its capacity, door-to-door ones not", async () => {
    const days = await api.call('GET', `/api/testing/rounds/${round.id}/site-days?date=2026-11-25`, { token: t.tokens.supervisor });
    expect(days.status).toBe(200);
    // Two samples at the site (a by code, b by ID number) at 01:30Z: 09:30 in Shanghai.
    expect(days.body).toEqual({ date: '2026-11-25', items: [expect.objectContaining({ siteId: site.id, times: 2, hours: [{ hour: 9, count: 2 }], peak: 2, capacityPerHour: 300, overCapacity: false })] });
    // Today by default (the clock's day); another day has none; a grid member sees their village's site.
    expect((await api.call('GET', `/api/testing/rounds/${round.id}/site-days`, { token: t.tokens.inspector })).body.items).toEqual([expect.objectContaining({ siteId: site.id, times: 2 })]);
    expect((await api.call('GET', `/api/testing/rounds/${round.id}/site-days?date=2026-11-26`, { token: t.tokens.supervisor })).body.items[0]).toMatchObject({ times: 0, hours: [], peak: 0 });
  });

  it('lists the people of a grid not tested yet, with their address, for door-to-door work', async () => {
    const list = await api.call('GET', `/api/testing/rounds/${round.id}/untested?grid=${t.grids.northGroup1}`, { token: t.tokens.inspector });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ personId: who.d.personId, householdId: who.d.householdId, address: { building: '7', room: '102' } })]);
    expect(JSON.stringify(list.body)).not.toContain(PEOPLE.d.name);
    expect((await record(recordBody(round.id, who.d))).status).toBe(201);
    const empty = await api.call('GET', `/api/testing/rounds/${round.id}/untested?grid=${t.grids.northGroup1}`, { token: t.tokens.inspector });
    expect(empty.body.items).toEqual([]);
  });
});

describe('lab results', () => {
  const csv = () =>
    [
      '样本编号,身份证号或人员码,结果',
      `L-1,${personCode(who.a.householdId, who.a.personId)},阳性`,
      `L-2,${PEOPLE.b.idNumber},阴性`,
      `L-3,${residentId('41018419990909999')},阴性`,
      'L-4,xyz,阴性',
      `L-5,${PEOPLE.e.idNumber},待定`,
    ].join('\n');

  it('stores each row once, counts results and positives, names the bad lines, and alerts the supervisor chain', async () => {
    const res = await importLabFile(api, t.tokens.supervisor, round.id, csv());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'done', total: 5, stored: 2, unchanged: 0, positives: 1, invalid: 3, linesDone: 6 });
    expect(res.body.errors.map((e: any) => [e.line, e.field])).toEqual([[4, 'who'], [5, 'who'], [6, 'result']]);
    expect(JSON.stringify(res.body)).not.toContain(PEOPLE.b.idNumber);
    const again = await importLabFile(api, t.tokens.supervisor, round.id, csv());
    expect(again.body).toMatchObject({ status: 'done', stored: 0, unchanged: 2, positives: 1 });
    expect(gridLine(await coverage(), t.grids.northGroup1)).toMatchObject({ results: 2, positive: 1 });
    const headless = await importLabFile(api, t.tokens.supervisor, round.id, 'a,b\n1,2');
    expect(headless.body).toMatchObject({ status: 'failed', failureZh: expect.stringContaining('表头') });
    expect((await importLabFile(api, t.tokens.inspector, round.id, csv())).status).toBe(403);
    const listed = await api.call('GET', `/api/testing/lab-imports?round=${round.id}`, { token: t.tokens.supervisor });
    expect(listed.body.items.map((i: any) => i.status).sort()).toEqual(['done', 'done', 'failed']);

    const alerts = await api.call('GET', '/api/testing/alerts', { token: t.tokens.northSupervisor });
    expect(alerts.body.items).toHaveLength(1);
    const alert = alerts.body.items[0];
    expect(alert).toMatchObject({ kind: 'positive-test', personId: who.a.personId, gridId: t.grids.northGroup1, status: 'open', proposedEpisode: { personId: who.a.personId, householdId: who.a.householdId, type: 'home-isolation' } });
    expect((await api.call('GET', `/api/testing/alerts?grid=${t.grids.south}`, { token: t.tokens.supervisor })).body.items).toEqual([]);
    // The proposed episode starts through home monitoring; the alert is resolved naming it.
    const episode = await api.call('POST', '/api/monitoring/episodes', { token: t.tokens.supervisor, body: { id: ulid(), ...alert.proposedEpisode } });
    expect(episode.status).toBe(201);
    const resolved = await api.call('POST', `/api/testing/alerts/${alert.id}/resolve`, { token: t.tokens.supervisor, body: { version: 1, note: '已转居家隔离', episodeId: episode.body.id } });
    expect(resolved.body).toMatchObject({ status: 'resolved', episodeId: episode.body.id, version: 2 });
    expect((await api.call('POST', `/api/testing/alerts/${alert.id}/resolve`, { token: t.tokens.supervisor, body: { version: 2, note: '再次' } })).status).toBe(409);
    expect((await api.call('GET', '/api/testing/alerts?status=resolved', { token: t.tokens.supervisor })).body.items.map((a: any) => a.id)).toEqual([alert.id]);
  });

  it('never writes a name or an ID number to the logs', () => {
    const all = output.lines.join('\n');
    expect(all.length).toBeGreaterThan(0);
    for (const secret of SECRETS) expect(all).not.toContain(secret);
  });
});
