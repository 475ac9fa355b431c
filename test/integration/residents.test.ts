/**
 * The residents registry through the API over DynamoDB Local: households and people in scope, masked
 * answers, duplicates, idempotent resends, figures rolled up, unmasking and the access log, visits,
 * soft ends, a grid move — and, all along, a capture of every log line, which must never show a name,
 * an identity number or a phone used here.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRaw } from '../../shared/data/write';
import { tenantKeys } from '../../shared/data/keys';
import { runJob } from '../../shared/scheduling/run-job';
import { runRetentionJob } from '../../shared/scheduling/retention-job';
import { type Api, testApi } from '../support/api';
import { captureOutput, personBody, registerHousehold, residentId, wrongCheckDigit } from '../support/residents';
import { createTestTenant, type TestTenant } from '../support/tenant';

// Personal data used in this file: none of it may reach a log line.
const PEOPLE = {
  zhang: { name: '张建华', idNumber: residentId('41018419800101123'), phone: '13812345678' },
  li: { name: '李秀兰', idNumber: residentId('41018419521115246'), phone: '13987654321' },
  wang: { name: '王小明', idNumber: residentId('41018420100606001'), phone: '13700001111' },
};
const SECRETS = Object.values(PEOPLE).flatMap((p) => [p.name, p.idNumber, p.phone, p.idNumber.slice(6, 14)]);

let api: Api;
let t: TestTenant;
const output = captureOutput();

beforeAll(async () => {
  // Every level, so that any line that could carry personal data is written (and captured).
  api = await testApi({ logger: new Logger({ serviceName: 'gridwatch-residents-test', logLevel: 'DEBUG' }) });
  t = await createTestTenant(api, 'rs');
});

afterAll(() => {
  output.stop();
});

describe('households and people', () => {
  let household: { id: string; version: number };

  it('registers a household in my grid (a resend is the same household) and refuses one outside it', async () => {
    const body = { id: ulid(), gridId: t.grids.northGroup1, number: 'HH-0001', address: { compound: '幸福小区', building: '3', unit: '2', room: '301' }, tags: ['permanent'] };
    const first = await api.call('POST', '/api/residents/households', { token: t.tokens.inspector, body });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ gridId: t.grids.northGroup1, members: 0, version: 1 });
    const again = await api.call('POST', '/api/residents/households', { token: t.tokens.inspector, body });
    expect(again.status).toBe(200);
    household = first.body;
    const outside = await api.call('POST', '/api/residents/households', { token: t.tokens.inspector, body: { ...body, id: ulid(), number: undefined, gridId: t.grids.southVillage } });
    expect(outside.status).toBe(403);
    const sameNumber = await api.call('POST', '/api/residents/households', { token: t.tokens.inspector, body: { ...body, id: ulid() } });
    expect(sameNumber.status).toBe(409);
    expect(sameNumber.body.existing.householdId).toBe(household.id);
    const badTag = await api.call('POST', '/api/residents/households', { token: t.tokens.inspector, body: { ...body, id: ulid(), number: undefined, tags: ['no-such-tag'] } });
    expect(badTag.status).toBe(400);
    expect(badTag.body.issues[0].path).toBe('body.tags');
  });

  it('adds people masked, refuses a bad check digit naming the field, and points a duplicate at its household', async () => {
    const body = personBody({ ...PEOPLE.zhang, tags: ['party-member'] });
    const added = await api.call('POST', `/api/residents/households/${household.id}/persons`, { token: t.tokens.inspector, body });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ masked: true, name: '张**', idNumber: `4101**********${PEOPLE.zhang.idNumber.slice(-4)}`, phone: '138****5678', gender: 'male', birthYear: 1980, status: 'active' });
    const resent = await api.call('POST', `/api/residents/households/${household.id}/persons`, { token: t.tokens.inspector, body });
    expect(resent.status).toBe(200);
    expect(resent.body.id).toBe(added.body.id);

    const bad = await api.call('POST', `/api/residents/households/${household.id}/persons`, { token: t.tokens.inspector, body: personBody({ ...PEOPLE.li, idNumber: wrongCheckDigit(PEOPLE.li.idNumber) }) });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(['body.idNumber']);
    expect(bad.body.message).toContain('check digit');

    const other = await registerHousehold(api, t.tokens.inspector, t.grids.northGroup1);
    const duplicate = await api.call('POST', `/api/residents/households/${other.id}/persons`, { token: t.tokens.inspector, body: personBody(PEOPLE.zhang) });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.existing).toMatchObject({ householdId: household.id, personId: added.body.id, name: '张**' });
    expect(JSON.stringify(duplicate.body)).not.toContain(PEOPLE.zhang.idNumber);

    const li = await api.call('POST', `/api/residents/households/${household.id}/persons`, { token: t.tokens.inspector, body: personBody({ ...PEOPLE.li, relationship: 'spouse', category: 'nonlocal-temporary', tags: ['elderly-alone'] }) });
    expect(li.status).toBe(201);
  });

  it('stores personal fields only encrypted', async () => {
    const file = await api.call('GET', `/api/residents/households/${household.id}`, { token: t.tokens.inspector });
    expect(file.status).toBe(200);
    expect(file.body.members).toHaveLength(2);
    const raw = JSON.stringify(await getRaw(api.db, tenantKeys(t.id).person(household.id, file.body.members[0].id)));
    for (const secret of SECRETS) expect(raw).not.toContain(secret);
    expect(raw).toContain('"nameEnc":"k1.');
  });

  it('counts by grid, category and tag, rolled up the tree', async () => {
    const res = await api.call('GET', `/api/residents/figures?grid=${t.grids.north}`, { token: t.tokens.supervisor });
    expect(res.status).toBe(200);
    expect(res.body.total).toMatchObject({ households: 2, people: 2, 'c:local-permanent': 1, 'c:nonlocal-temporary': 1, 'pt:party-member': 1, 'ht:permanent': 2 });
    const group = res.body.grids.find((g: { id: string }) => g.id === t.grids.northGroup1);
    expect(group.own.people).toBe(2);
    const village = res.body.grids.find((g: { id: string }) => g.id === t.grids.northVillage);
    expect(village.own.people ?? 0).toBe(0);
    expect(village.total.people).toBe(2);
    const south = await api.call('GET', `/api/residents/figures?grid=${t.grids.south}`, { token: t.tokens.supervisor });
    expect(south.body.total.people ?? 0).toBe(0);
  });

  it('finds by exact identity number or phone, in scope, masked and audited', async () => {
    const byId = await api.call('POST', '/api/residents/lookup', { token: t.tokens.supervisor, body: { idNumber: PEOPLE.zhang.idNumber.toLowerCase() } });
    expect(byId.status).toBe(200);
    expect(byId.body.items).toHaveLength(1);
    expect(byId.body.items[0]).toMatchObject({ householdId: household.id, masked: true });
    const byPhone = await api.call('POST', '/api/residents/lookup', { token: t.tokens.supervisor, body: { phone: `+86 ${PEOPLE.li.phone}` } });
    expect(byPhone.body.items.map((p: { name: string }) => p.name)).toEqual(['李**']);
    const none = await api.call('POST', '/api/residents/lookup', { token: t.tokens.supervisor, body: { idNumber: PEOPLE.wang.idNumber } });
    expect(none.body.items).toEqual([]);
    const both = await api.call('POST', '/api/residents/lookup', { token: t.tokens.supervisor, body: { idNumber: PEOPLE.wang.idNumber, phone: PEOPLE.wang.phone } });
    expect(both.status).toBe(400);
  });

  it('unmasks only for the roles the rules allow, with a reason, after writing the access log', async () => {
    const file = await api.call('GET', `/api/residents/households/${household.id}`, { token: t.tokens.admin });
    const zhang = file.body.members.find((m: { relationship: string }) => m.relationship === 'householder');
    const path = `/api/residents/households/${household.id}/persons/${zhang.id}/unmask`;
    expect((await api.call('POST', path, { token: t.tokens.inspector, body: { reason: '核实身份信息' } })).status).toBe(403);
    expect((await api.call('POST', path, { token: t.tokens.admin, body: { reason: '' } })).status).toBe(400);
    const open = await api.call('POST', path, { token: t.tokens.admin, body: { reason: '核实身份信息' } });
    expect(open.status).toBe(200);
    expect(open.body).toMatchObject({ masked: false, ...PEOPLE.zhang, birthDate: '1980-01-01' });
    const log = await api.call('GET', `/api/residents/audit?record=${zhang.id}`, { token: t.tokens.admin });
    expect(log.status).toBe(200);
    expect(log.body.items[0]).toMatchObject({ action: 'unmask', userId: t.users.admin, reason: '核实身份信息', personId: zhang.id });
    expect(log.body.items.map((e: { action: string }) => e.action)).toContain('lookup');
    const byUser = await api.call('GET', `/api/residents/audit?user=${t.users.admin}`, { token: t.tokens.admin });
    expect(byUser.body.items.map((e: { action: string }) => e.action)).toEqual(['unmask', 'open-household']);
    const today = await api.call('GET', '/api/residents/audit', { token: t.tokens.admin });
    expect(today.body.items.length).toBeGreaterThanOrEqual(5);
    expect((await api.call('GET', '/api/residents/audit', { token: t.tokens.supervisor })).status).toBe(403);
  });

  it('logs visits once per client id', async () => {
    const body = { id: ulid(), householdId: household.id, visitedAt: '2026-11-25T09:30:00+08:00', method: 'door', note: '入户走访' };
    const first = await api.call('POST', '/api/residents/visits', { token: t.tokens.inspector, body });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ date: '2026-11-25', visitorId: t.users.inspector });
    expect((await api.call('POST', '/api/residents/visits', { token: t.tokens.inspector, body })).status).toBe(200);
    expect((await api.call('POST', '/api/residents/visits', { token: t.tokens.inspector, body: { ...body, note: '别的' } })).status).toBe(409);
    const file = await api.call('GET', `/api/residents/households/${household.id}`, { token: t.tokens.inspector });
    expect(file.body.visits).toHaveLength(1);
    expect(file.body.household.lastVisitedAt).toBe('2026-11-25T01:30:00.000Z');
  });

  it('ends a person softly with a reason; the figures follow and the history says who and what', async () => {
    const file = await api.call('GET', `/api/residents/households/${household.id}`, { token: t.tokens.inspector });
    const li = file.body.members.find((m: { relationship: string }) => m.relationship === 'spouse');
    const path = `/api/residents/households/${household.id}/persons/${li.id}`;
    const ended = await api.call('POST', `${path}/end`, { token: t.tokens.inspector, body: { version: li.version, reason: 'moved-out', endedOn: '2026-11-20' } });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body).toMatchObject({ status: 'moved-out', endedOn: '2026-11-20' });
    expect((await api.call('POST', `${path}/end`, { token: t.tokens.inspector, body: { version: li.version, reason: 'deceased', endedOn: '2026-11-20' } })).status).toBe(409);
    const figures = await api.call('GET', `/api/residents/figures?grid=${t.grids.north}`, { token: t.tokens.supervisor });
    expect(figures.body.total).toMatchObject({ people: 1, 'c:nonlocal-temporary': 0, 'pt:elderly-alone': 0 });
    const after = await api.call('GET', `/api/residents/households/${household.id}`, { token: t.tokens.inspector });
    expect(after.body.household.members).toBe(1);
    expect(after.body.history[0]).toMatchObject({ action: 'person-ended', by: t.users.inspector, personId: li.id });
    // The same document can be registered again after its holder moved out.
    const back = await api.call('POST', `/api/residents/households/${household.id}/persons`, { token: t.tokens.inspector, body: personBody(PEOPLE.li) });
    expect(back.status).toBe(201);
  });

  it("counts the day's people added, ended and visits, rolled up", async () => {
    const day = await api.call('GET', `/api/residents/figures/day?date=2026-11-25&grid=${t.grids.north}`, { token: t.tokens.supervisor });
    expect(day.status).toBe(200);
    expect(day.body.total).toEqual({ added: 3, ended: 1, visits: 1 });
    const other = await api.call('GET', '/api/residents/figures/day?date=2026-11-24', { token: t.tokens.supervisor });
    expect(other.body.total).toEqual({});
    // The daily report (日报) carries the same line, for the grid or the tenant, closed or not.
    const report = await api.call('GET', `/api/reports/daily/2026-11-25?grid=${t.grids.north}`, { token: t.tokens.supervisor });
    expect(report.body.residents).toEqual({ added: 3, ended: 1, visits: 1 });
    expect((await api.call('GET', '/api/reports/daily/2026-11-25', { token: t.tokens.admin })).body.residents).toEqual({ added: 3, ended: 1, visits: 1 });
  });

  it('keeps tenants apart: another tenant registers the same document, and never finds ours', async () => {
    const other = await createTestTenant(api, 'rx');
    const theirs = await registerHousehold(api, other.tokens.inspector, other.grids.northGroup1);
    const added = await api.call('POST', `/api/residents/households/${theirs.id}/persons`, { token: other.tokens.inspector, body: personBody(PEOPLE.zhang) });
    expect(added.status).toBe(201);
    const found = await api.call('POST', '/api/residents/lookup', { token: other.tokens.supervisor, body: { idNumber: PEOPLE.zhang.idNumber } });
    expect(found.body.items.map((p: { householdId: string }) => p.householdId)).toEqual([theirs.id]);
    // Different keys: the same number has another blind index and another ciphertext.
    const ours = (await api.call('GET', `/api/residents/households/${household.id}`, { token: t.tokens.admin })).body.members.find((m: { relationship: string }) => m.relationship === 'householder');
    const [a, b] = await Promise.all([getRaw(api.db, tenantKeys(t.id).person(household.id, ours.id)), getRaw(api.db, tenantKeys(other.id).person(theirs.id, added.body.id))]);
    expect(a?.idBlind).not.toBe(b?.idBlind);
    expect(a?.idNumberEnc).not.toBe(b?.idNumberEnc);
  });

  it('edits a person with a version; a stale version is a 409', async () => {
    const file = await api.call('GET', `/api/residents/households/${household.id}`, { token: t.tokens.inspector });
    const zhang = file.body.members.find((m: { relationship: string }) => m.relationship === 'householder');
    const path = `/api/residents/households/${household.id}/persons/${zhang.id}`;
    const edited = await api.call('PATCH', path, { token: t.tokens.inspector, body: { version: zhang.version, phone: PEOPLE.wang.phone, tags: [] } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ phone: '137****1111', tags: [], version: zhang.version + 1 });
    expect((await api.call('PATCH', path, { token: t.tokens.inspector, body: { version: zhang.version, tags: ['disabled'] } })).status).toBe(409);
    const byNewPhone = await api.call('POST', '/api/residents/lookup', { token: t.tokens.admin, body: { phone: PEOPLE.wang.phone } });
    expect(byNewPhone.body.items.map((p: { id: string }) => p.id)).toEqual([zhang.id]);
    expect((await api.call('POST', '/api/residents/lookup', { token: t.tokens.admin, body: { phone: PEOPLE.zhang.phone } })).body.items).toEqual([]);
  });

  it('exports people masked; unmasked only with the permission and a reason; both in the access log', async () => {
    const masked = await api.call('GET', `/api/residents/exports/persons.csv?grid=${t.grids.north}`, { token: t.tokens.supervisor });
    expect(masked.status).toBe(200);
    expect(masked.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(masked.body).toContain('张**');
    for (const secret of SECRETS) expect(masked.body).not.toContain(secret);
    // The reason travels in a POST body (a single-use ticket), never in the file's URL.
    expect((await api.call('POST', '/api/residents/export-tickets', { token: t.tokens.supervisor, body: { reason: '上级核查名单' } })).status).toBe(403);
    expect((await api.call('POST', '/api/residents/export-tickets', { token: t.tokens.admin, body: {} })).status).toBe(400);
    const inUrl = await api.call('GET', `/api/residents/exports/persons.csv?unmask=true&reason=${encodeURIComponent('上级核查名单')}`, { token: t.tokens.admin });
    expect(inUrl.status).toBe(400);
    expect(inUrl.body.issues[0]).toMatchObject({ path: 'query.reason', params: { reason: 'export.reasonInBody' } });
    const ticket = await api.call('POST', '/api/residents/export-tickets', { token: t.tokens.admin, body: { reason: '上级核查名单' } });
    expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
    expect((await api.call('GET', `/api/residents/exports/persons.csv?ticket=${ticket.body.ticket}`, { token: t.tokens.supervisor })).status).toBe(403);
    const clear = await api.call('GET', `/api/residents/exports/persons.csv?ticket=${ticket.body.ticket}`, { token: t.tokens.admin });
    expect(clear.status).toBe(200);
    const again = await api.call('GET', `/api/residents/exports/persons.csv?ticket=${ticket.body.ticket}`, { token: t.tokens.admin });
    expect(again.status).toBe(404);
    expect(again.body.reason).toBe('export.ticket');
    expect(clear.body).toContain(PEOPLE.zhang.idNumber);
    const log = await api.call('GET', `/api/residents/audit?user=${t.users.admin}&limit=1`, { token: t.tokens.admin });
    expect(log.body.items[0]).toMatchObject({ action: 'export-unmasked', reason: '上级核查名单' });
    const csv = await api.call('GET', '/api/residents/exports/audit.csv', { token: t.tokens.admin });
    expect(csv.status).toBe(200);
    expect(csv.body).toContain('export-unmasked');
    expect(csv.body).toContain('export-masked');
  });

  it('reduces people who left longer ago than the retention rule to tombstones, once (the retention job)', async () => {
    const file = await api.call('GET', `/api/residents/households/${household.id}`, { token: t.tokens.admin });
    const gone = file.body.members.find((m: { status: string }) => m.status === 'moved-out');
    // Ended 2026-11-20; a year of retention by default: nothing to do yet on 2026-11-25.
    expect(await runJob(api.db, { kind: 'retention', tenantId: t.id, date: '2026-11-25' }, api.clock)).toBeUndefined();
    expect((await getRaw(api.db, tenantKeys(t.id).person(household.id, gone.id)))?.nameEnc).toBeDefined();
    const result = await runRetentionJob(api.db, t.id, '2027-11-21', api.clock);
    expect(result).toMatchObject({ tombstoned: 1, cutoff: '2026-11-21' });
    const raw = await getRaw(api.db, tenantKeys(t.id).person(household.id, gone.id));
    expect(raw).toMatchObject({ status: 'tombstone', nameMasked: '—', idNumberMasked: '—', category: 'nonlocal-temporary', endedOn: '2026-11-20' });
    for (const field of ['nameEnc', 'idNumberEnc', 'idBlind', 'phoneEnc', 'phoneMasked', 'phoneBlind', 'birthDateEnc', 'gsi2pk']) expect(raw, field).not.toHaveProperty(field);
    // The same document was registered again after she moved out: that registration keeps it.
    const found = await api.call('POST', '/api/residents/lookup', { token: t.tokens.admin, body: { idNumber: PEOPLE.li.idNumber } });
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0].status).toBe('active');
    expect(await runRetentionJob(api.db, t.id, '2027-11-22', api.clock)).toMatchObject({ tombstoned: 0 });
    const history = (await api.call('GET', `/api/residents/households/${household.id}`, { token: t.tokens.admin })).body.history;
    expect(history[0]).toMatchObject({ action: 'person-tombstoned', by: 'retention', personId: gone.id });
  });

  it('moves households with their grid (POST /api/grids/{id}/move) and the figures follow', async () => {
    const grid = (await api.call('GET', `/api/grids/${t.grids.northGroup1}`, { token: t.tokens.admin })).body;
    const moved = await api.call('POST', `/api/grids/${t.grids.northGroup1}/move`, { token: t.tokens.admin, body: { version: grid.version, newParentId: t.grids.southVillage } });
    expect(moved.status).toBe(200);
    const south = await api.call('GET', `/api/residents/figures?grid=${t.grids.south}`, { token: t.tokens.supervisor });
    expect(south.body.total).toMatchObject({ households: 2, people: 2 });
    const north = await api.call('GET', `/api/residents/figures?grid=${t.grids.north}`, { token: t.tokens.supervisor });
    expect(north.body.total.people ?? 0).toBe(0);
    const listed = await api.call('GET', `/api/residents/households?grid=${t.grids.south}`, { token: t.tokens.supervisor });
    expect(listed.body.items.map((h: { id: string }) => h.id)).toContain(household.id);
    expect(listed.body.items.every((h: { gridPath: string }) => h.gridPath.startsWith(`/${t.grids.south}/`))).toBe(true);
    // A grid with households is not retired until they move.
    const retire = await api.call('POST', `/api/grids/${t.grids.northGroup1}/retire`, { token: t.tokens.admin, body: { version: moved.body.version } });
    expect(retire.status).toBe(409);
    expect(retire.body.message).toContain('households');
    // The north supervisor no longer sees them.
    expect((await api.call('GET', `/api/residents/households/${household.id}`, { token: t.tokens.northSupervisor })).status).toBe(403);
  });

  it('lets the tenant admin decide who may unmask, and keeps that section when the venue rules are saved', async () => {
    const rules = (await api.call('GET', '/api/rules', { token: t.tokens.admin })).body;
    const { version, updatedAt: _u, updatedBy: _b, ...body } = rules;
    const saved = await api.call('PUT', '/api/rules', { token: t.tokens.admin, body: { ...body, version, residents: { ...rules.residents, unmaskRoles: ['tenant-admin', 'supervisor'] } } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    // The venue rules screen sends no residents section: it is kept.
    const { residents: _r, ...venueRules } = body;
    expect((await api.call('PUT', '/api/rules', { token: t.tokens.admin, body: { ...venueRules, version: saved.body.version } })).body.residents.unmaskRoles).toEqual(['tenant-admin', 'supervisor']);
    const bad = await api.call('PUT', '/api/rules', { token: t.tokens.admin, body: { ...venueRules, version: saved.body.version + 1, residents: { ...rules.residents, unmaskRoles: ['industry-authority'] } } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('body.residents.unmaskRoles.0');
    const file = await api.call('GET', `/api/residents/households/${household.id}`, { token: t.tokens.supervisor });
    const person = file.body.members.find((m: { status: string }) => m.status === 'active');
    const open = await api.call('POST', `/api/residents/households/${household.id}/persons/${person.id}/unmask`, { token: t.tokens.supervisor, body: { reason: '上门核实' } });
    expect(open.status).toBe(200);
    expect(open.body.masked).toBe(false);
  });

  it('draws the community map of a grid: compounds, buildings, households coloured by tag', async () => {
    const map = await api.call('GET', `/api/residents/map?grid=${t.grids.northGroup1}`, { token: t.tokens.supervisor });
    expect(map.status).toBe(200);
    expect(map.body.legend.map((l: { nameZh: string }) => l.nameZh)).toContain('居家隔离');
    const cells = map.body.compounds.flatMap((c: { buildings: { households: { id: string; colour?: string }[] }[] }) => c.buildings.flatMap((b) => b.households));
    expect(cells.find((h: { id: string }) => h.id === household.id)).toMatchObject({ room: '301', colour: '#43a047', members: 2 });
    expect(JSON.stringify(map.body)).not.toContain(PEOPLE.zhang.name);
    expect((await api.call('GET', `/api/residents/map?grid=${t.grids.northGroup1}`, { token: t.tokens.northSupervisor })).status).toBe(403);
  });

  it('shows industry authorities nothing', async () => {
    expect((await api.call('GET', '/api/residents/households', { token: t.tokens.industry })).status).toBe(403);
    expect((await api.call('POST', '/api/residents/lookup', { token: t.tokens.industry, body: { phone: PEOPLE.zhang.phone } })).status).toBe(403);
  });
});

describe('the logs', () => {
  it('caught the lines written during these tests, and a planted secret (the check can fail)', () => {
    expect(output.lines.some((l) => l.includes('"route"'))).toBe(true);
    new Logger({ serviceName: 'plant', logLevel: 'INFO' }).info('planted', { value: PEOPLE.wang.name });
    expect(output.lines.filter((l) => SECRETS.some((s) => l.includes(s))).length).toBe(1);
    output.lines.pop();
  });

  it('never contain a name, an identity number or a phone used here', () => {
    const leaks = output.lines.filter((l) => SECRETS.some((s) => l.includes(s)));
    expect(leaks).toEqual([]);
  });
});
