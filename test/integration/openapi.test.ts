/**
 * The OpenAPI document (/api/openapi.json) and the documentation page (/api/docs):
 * - every route the app serves is in the document (and nothing in the document is missing from the app);
 * - real responses match the documented schemas: one representative call of every GET route and the
 *   main POSTs, each response checked with the zod schema of its route definition, and for
 *   undocumented fields against the published JSON schema;
 * - the page lists every operation with its roles, and loads nothing from outside.
 * A GET route with a path or query parameter this file has no value for fails the test: add one.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { mountAll } from '../../functions/api/all-route-groups';
import type { AppEnv } from '../../functions/api/context';
import { runJob } from '../../shared/scheduling/run-job';
import { type Api, testApi } from '../support/api';
import { checklistFor, createVenue, inspectionBody } from '../support/field';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { makeRegistrationCode, registrationForm } from '../support/self-registration';
import { venueCsv } from '../support/venue-csv';
import { personBody, residentId } from '../support/residents';

const TODAY = '2026-11-25';
const YESTERDAY = '2026-11-24';

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; items?: JsonSchema; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[]; additionalProperties?: unknown; $ref?: string };
interface Doc {
  paths: Record<string, Record<string, { 'x-roles': string[] | 'public'; parameters?: { in: string; name: string; required?: boolean }[]; responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }> }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}
interface RouteDefinition {
  method: string;
  path: string;
  responses: Record<string, { content?: Record<string, { schema: ZodType }> }>;
}

let api: Api;
let t: TestTenant;
let platformToken: string;
let doc: Doc;
let definitions: Map<string, RouteDefinition>;
const fixtures: Record<string, string> = {};
const checked: string[] = [];

const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/** Check one real response against its route's documented response. Returns what is wrong, if anything. */
function mismatch(method: string, path: string, status: number, contentType: string, body: unknown): string | undefined {
  const def = definitions.get(key(method, path));
  if (!def) return `${key(method, path)}: no route definition`;
  const documented = def.responses[String(status)];
  if (!documented) return `${key(method, path)}: status ${status} is not documented (${JSON.stringify(body).slice(0, 300)})`;
  const types = Object.keys(documented.content ?? {});
  if (!types.length) return undefined;
  const type = types.find((t) => contentType.startsWith(t));
  if (!type) return `${key(method, path)} ${status}: content-type ${contentType}, documented ${types.join(', ')}`;
  if (type !== 'application/json') return undefined;
  const parsed = documented.content![type].schema.safeParse(body);
  if (!parsed.success) return `${key(method, path)} ${status}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
  const published = doc.paths[path]?.[method.toLowerCase()]?.responses[String(status)]?.content?.[type]?.schema;
  const extra = undocumentedFields(published, body, '');
  if (extra.length) return `${key(method, path)} ${status}: fields not in the document: ${extra.slice(0, 10).join(', ')}`;
  return undefined;
}

function resolve(schema: JsonSchema | undefined): JsonSchema | undefined {
  if (schema?.$ref) return resolve(doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')]);
  return schema;
}

/** Paths of object fields in `value` that the published JSON schema does not name. */
function undocumentedFields(schema: JsonSchema | undefined, value: unknown, at: string): string[] {
  const s = resolve(schema);
  if (!s || value === null || typeof value !== 'object') return [];
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) {
    const results = alternatives.map((alt) => undocumentedFields(alt, value, at));
    return results.find((r) => r.length === 0) ?? results[0] ?? [];
  }
  if (s.allOf) return s.allOf.flatMap((part) => undocumentedFields({ ...part, additionalProperties: {} }, value, at));
  if (Array.isArray(value)) return value.slice(0, 20).flatMap((v, i) => undocumentedFields(s.items, v, `${at}[${i}]`));
  if (!s.properties) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
    if (k in s.properties!) return undocumentedFields(s.properties![k], v, `${at}.${k}`);
    return s.additionalProperties ? [] : [`${at}.${k}`.slice(1)];
  });
}

async function callChecked(method: string, docPath: string, path: string, token: string | undefined, body?: unknown, headers?: Record<string, string>) {
  const res = await api.call(method, path, { token, body, headers });
  const problem = mismatch(method, docPath, res.status, res.headers.get('content-type') ?? '', res.body);
  checked.push(key(method, docPath));
  return { ...res, problem };
}

beforeAll(async () => {
  api = await testApi({ now: `${TODAY}T02:00:00Z` });
  t = await createTestTenant(api, 'oa', { setUpAt: new Date(`${YESTERDAY}T00:30:00Z`) });
  platformToken = await api.tokenFor({ userId: 'root', tenantId: 'platform', roles: ['platform-admin'] });
  doc = (await api.call('GET', '/api/openapi.json')).body as unknown as Doc;
  // The route definitions behind the document (their zod schemas check the answers below).
  const registry = (await mountAll(new OpenAPIHono<AppEnv>())).openAPIRegistry as unknown as { definitions: { type: string; route?: RouteDefinition }[] };
  definitions = new Map(registry.definitions.filter((d) => d.type === 'route' && d.route).map((d) => [key(d.route!.method, d.route!.path.replace(/:(\w+)/g, '{$1}')), d.route!]));

  const venue = await createVenue(api, t);
  const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
  const yesterday = await api.call('POST', '/api/inspections', { token: t.tokens.inspector, body: inspectionBody(venue.id, checklist, { at: new Date(`${YESTERDAY}T03:00:00Z`) }) });
  expect(yesterday.status, JSON.stringify(yesterday.body)).toBe(201);
  await runJob(api.db, { kind: 'plan', tenantId: t.id, date: TODAY }, api.clock);
  const closed = await api.call('POST', `/api/reports/daily/${YESTERDAY}/close`, { token: t.tokens.admin });
  expect(closed.status, JSON.stringify(closed.body)).toBe(200);
  // A 1×1 PNG, uploaded through the API (the local photo store).
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000000000500010d0a2db40000000049454e44ae426082', 'hex');
  const photo = await api.call('POST', '/api/photos', { token: t.tokens.inspector, body: { id: ulid(), venueId: venue.id, contentType: 'image/png', size: png.length } });
  const uploaded = await api.app.request(`/api/photos/${photo.body.photoId ?? photo.body.id}/content`, { method: 'PUT', headers: { authorization: `Bearer ${t.tokens.inspector}`, 'content-type': 'image/png', 'content-length': String(png.length) }, body: png });
  expect(uploaded.status, await uploaded.clone().text()).toBeLessThan(300);
  Object.assign(fixtures, {
    tenantId: t.id,
    gridId: t.grids.north,
    userId: t.users.inspector,
    kind: 'supermarket',
    version: '1',
    venueId: venue.id,
    photoId: photo.body.photoId ?? photo.body.id,
    date: TODAY,
    from: '2026-11-20',
    to: YESTERDAY,
    grid: t.grids.north,
  });
  // Self-registration: a code (its token is the public form's query) and a submission waiting for review.
  const registrationCode = await makeRegistrationCode(api, t.tokens.supervisor, { gridId: t.grids.northGroup1 });
  const registration = registrationForm(registrationCode.token);
  expect((await api.call('POST', '/api/public/registrations', { body: registration })).status).toBe(202);
  Object.assign(fixtures, { code: registrationCode.token, codeId: registrationCode.id, submissionId: registration.id });
  // Household search (the "found" picker of a pushed task): a piece of the address the POST test registers.
  Object.assign(fixtures, { q: '文档小区' });
});

describe('the OpenAPI document', () => {
  it('has every route the app serves, and only those', async () => {
    // What the route groups serve (functions/api/all-route-groups.ts); the access matrix calls each.
    const served = new Set(
      ((await mountAll(new OpenAPIHono<AppEnv>())).routes as { method: string; path: string }[])
        .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/') && !['/api/openapi.json', '/api/docs'].includes(r.path))
        .map((r) => key(r.method, r.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}'))),
    );
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => key(m, path))));
    expect([...served].filter((k) => !documented.has(k)), 'served but not documented').toEqual([]);
    expect([...documented].filter((k) => !served.has(k)), 'documented but not served').toEqual([]);
    expect(documented.size).toBe(definitions.size);
  });

  it('is served at /api/openapi.json, the same document each time', async () => {
    const a = await api.call('GET', '/api/openapi.json');
    expect(a.status).toBe(200);
    expect(a.body.openapi).toBe('3.1.0');
    expect(Object.keys(a.body.paths)).toEqual(Object.keys(doc.paths));
    expect((await api.call('GET', '/api/openapi.json')).body).toEqual(a.body);
  });

  it('describes the real answers of the main POST routes', async () => {
    const problems: (string | undefined)[] = [];
    const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
    const venue = await callChecked('POST', '/api/venues', '/api/venues', t.tokens.admin, { name: '文档超市', kind: 'supermarket', gridId: t.grids.northGroup1, address: '北村一组 9 号', coordinates: { lat: 34.4, lng: 113.8 }, risk: 'yellow' });
    problems.push(venue.problem);
    const body = inspectionBody(venue.body.id, checklist, { fail: ['masks'] });
    const created = await callChecked('POST', '/api/inspections', '/api/inspections', t.tokens.inspector, body);
    const resent = await callChecked('POST', '/api/inspections', '/api/inspections', t.tokens.inspector, body);
    expect([created.status, resent.status]).toEqual([201, 200]);
    problems.push(created.problem, resent.problem);
    fixtures.inspectionId = created.body.inspection.id;
    fixtures.problemId = created.body.problems[0].id;
    // A rectification notice (整改通知书) for the problem, so that its printable notice exists.
    const notice1 = await api.call('POST', `/api/problems/${fixtures.problemId}/notice`, { token: t.tokens.supervisor, body: { version: 1 } });
    problems.push(mismatch('POST', '/api/problems/{problemId}/notice', notice1.status, notice1.headers.get('content-type') ?? '', notice1.body));
    problems.push((await callChecked('POST', '/api/grids', '/api/grids', t.tokens.admin, { id: `oa-${ulid().slice(-6).toLowerCase()}`, name: '文档网格', parentId: t.grids.north })).problem);
    problems.push((await callChecked('POST', '/api/users', '/api/users', t.tokens.admin, { id: `oa-${ulid().slice(-6).toLowerCase()}`, displayName: '文档', roles: ['inspector'], password: 'correct-horse-42', gridIds: [t.grids.north] })).problem);
    problems.push((await callChecked('POST', '/api/photos', '/api/photos', t.tokens.inspector, { id: ulid(), venueId: venue.body.id, contentType: 'image/jpeg', size: 1000 })).problem);
    const bulletin = await callChecked('POST', '/api/bulletins', '/api/bulletins', t.tokens.supervisor, { id: ulid(), title: '通报', body: '现通报如下。', venues: [{ venueId: venue.body.id }], problemIds: [fixtures.problemId] });
    problems.push(bulletin.problem);
    fixtures.bulletinId = bulletin.body.bulletin?.id;
    const notice = await callChecked('POST', '/api/notices', '/api/notices', t.tokens.supervisor, { id: ulid(), action: 'close', venueKinds: ['arcade'], reason: '暂停营业' });
    problems.push(notice.problem);
    fixtures.noticeId = notice.body.notice?.id ?? notice.body.id;
    // 联合执法: the problem referred to joint enforcement.
    const referral = await callChecked('POST', '/api/joint-enforcement', '/api/joint-enforcement', t.tokens.supervisor, { id: ulid(), problemId: fixtures.problemId, agencies: ['police', 'health'], reason: '多次整改不到位' });
    problems.push(referral.problem);
    fixtures.referralId = referral.body.id;
    // A venue import's three calls, each checked against the document.
    const csv = venueCsv({ prefix: 'OA', rows: 3, gridIds: [t.grids.northGroup1] });
    const announced = await callChecked('POST', '/api/venues/imports', '/api/venues/imports', t.tokens.admin, { fileName: 'oa.csv', size: Buffer.byteLength(csv) });
    problems.push(announced.problem);
    const importId = announced.body.import.id;
    const sent = await callChecked('PUT', '/api/venues/imports/{importId}/file', announced.body.upload.url, t.tokens.admin, csv, announced.body.upload.headers);
    problems.push(sent.problem);
    const started = await callChecked('POST', '/api/venues/imports/{importId}/start', `/api/venues/imports/${importId}/start`, t.tokens.admin);
    problems.push(started.problem);
    fixtures.importId = importId;
    await api.jobs.idle();
    // A resident import's three calls.
    const people = `姓名,身份证号,人员类别,网格,户号\n文档导入人,${residentId('41018419800101789')},本地常住,${t.grids.northGroup1},OA-9\n`;
    const announcedPeople = await callChecked('POST', '/api/residents/imports', '/api/residents/imports', t.tokens.admin, { fileName: 'oa.csv', size: Buffer.byteLength(people) });
    problems.push(announcedPeople.problem);
    const residentImportId = announcedPeople.body.import.id;
    problems.push((await callChecked('PUT', '/api/residents/imports/{residentImportId}/file', announcedPeople.body.upload.url, t.tokens.admin, people, announcedPeople.body.upload.headers)).problem);
    problems.push((await callChecked('POST', '/api/residents/imports/{residentImportId}/start', `/api/residents/imports/${residentImportId}/start`, t.tokens.admin)).problem);
    fixtures.residentImportId = residentImportId;
    await api.jobs.idle();
    // The residents registry: a household, a person in it, a visit, a lookup, an unmask.
    const household = await callChecked('POST', '/api/residents/households', '/api/residents/households', t.tokens.inspector, { id: ulid(), gridId: t.grids.northGroup1, number: 'OA-1', address: { compound: '文档小区', room: '101' }, tags: ['permanent'] });
    problems.push(household.problem);
    fixtures.householdId = household.body.id;
    const person = await callChecked('POST', '/api/residents/households/{householdId}/persons', `/api/residents/households/${household.body.id}/persons`, t.tokens.inspector, personBody({ name: '文档人', idNumber: residentId('41018419800101123'), phone: '13812345678' }));
    problems.push(person.problem);
    fixtures.personId = person.body.id;
    problems.push((await callChecked('POST', '/api/residents/visits', '/api/residents/visits', t.tokens.inspector, { id: ulid(), householdId: household.body.id, visitedAt: `${TODAY}T01:00:00Z` })).problem);
    problems.push((await callChecked('POST', '/api/residents/lookup', '/api/residents/lookup', t.tokens.supervisor, { phone: '13812345678' })).problem);
    problems.push((await callChecked('POST', '/api/residents/households/{householdId}/persons/{personId}/unmask', `/api/residents/households/${household.body.id}/persons/${person.body.id}/unmask`, t.tokens.admin, { reason: '核实身份信息' })).problem);
    // Home monitoring: an episode for that person, a fever reading (its alert), supplies, an acknowledgement.
    const episode = await callChecked('POST', '/api/monitoring/episodes', '/api/monitoring/episodes', t.tokens.inspector, { id: ulid(), householdId: household.body.id, personId: person.body.id, type: 'home-isolation', reason: 'contact', startedAt: `${YESTERDAY}T00:00:00Z` });
    problems.push(episode.problem);
    fixtures.episodeId = episode.body.id;
    const reading = await callChecked('POST', '/api/monitoring/readings', '/api/monitoring/readings', t.tokens.inspector, { id: ulid(), episodeId: episode.body.id, takenAt: `${TODAY}T01:00:00Z`, temperature: 37.8, method: 'door', symptoms: ['cough'] });
    problems.push(reading.problem);
    problems.push((await callChecked('POST', '/api/monitoring/episodes/{episodeId}/actions', `/api/monitoring/episodes/${episode.body.id}/actions`, t.tokens.inspector, { id: ulid(), kind: 'door-test', at: `${TODAY}T01:00:00Z`, result: 'pending' })).problem);
    problems.push((await callChecked('POST', '/api/monitoring/alerts/{alertId}/acknowledge', `/api/monitoring/alerts/${reading.body.alertId}/acknowledge`, t.tokens.supervisor, { version: 1 })).problem);
    problems.push((await callChecked('POST', '/api/monitoring/episodes/{episodeId}/extend', `/api/monitoring/episodes/${episode.body.id}/extend`, t.tokens.inspector, { version: 1, days: 1, why: '延长观察' })).problem);
    // Testing rounds: a round, a site, a sample of that person, a lab file with their positive result, the alert resolved.
    const round = await callChecked('POST', '/api/testing/rounds', '/api/testing/rounds', t.tokens.admin, { id: ulid(), number: 1, name: '第一轮', startsAt: `${TODAY}T00:00:00Z`, endsAt: `${TODAY}T12:00:00Z`, exemptCategories: ['nonlocal-temporary'] });
    problems.push(round.problem);
    fixtures.roundId = round.body.id;
    const site = await callChecked('POST', '/api/testing/sites', '/api/testing/sites', t.tokens.supervisor, { id: ulid(), gridId: t.grids.northVillage, name: '文档采样点', place: '村委会', layout: { zones: [{ name: '采样区', purpose: 'sampling' }], channels: [{ name: '普通通道', kind: 'general' }] }, hours: [{ opens: '07:00', closes: '11:00' }], capacityPerHour: 200 });
    problems.push(site.problem);
    problems.push((await callChecked('POST', '/api/testing/records', '/api/testing/records', t.tokens.inspector, { id: ulid(), roundId: round.body.id, via: 'site', siteId: site.body.id, who: { householdId: household.body.id, personId: person.body.id }, sampleId: 'OA-T1', takenAt: `${TODAY}T01:00:00Z` })).problem);
    const labCsv = `样本编号,身份证号,结果\nOA-T1,${residentId('41018419800101123')},阳性\n`;
    const lab = await callChecked('POST', '/api/testing/lab-imports', '/api/testing/lab-imports', t.tokens.supervisor, { roundId: round.body.id, fileName: 'lab.csv', size: Buffer.byteLength(labCsv) });
    problems.push(lab.problem);
    problems.push((await callChecked('PUT', '/api/testing/lab-imports/{labImportId}/file', lab.body.upload.url, t.tokens.supervisor, labCsv, lab.body.upload.headers)).problem);
    problems.push((await callChecked('POST', '/api/testing/lab-imports/{labImportId}/start', `/api/testing/lab-imports/${lab.body.import.id}/start`, t.tokens.supervisor)).problem);
    await api.jobs.idle();
    Object.assign(fixtures, { labImportId: lab.body.import.id, round: round.body.id });
    problems.push((await callChecked('POST', '/api/testing/alerts/{alertId}/resolve', `/api/testing/alerts/positive-${round.body.id}-OA-T1/resolve`, t.tokens.supervisor, { version: 1, note: '已处置' })).problem);
    // Checkpoints: one set up and edited, a red-code vehicle held, its alert resolved.
    const gate = await callChecked('POST', '/api/checkpoints', '/api/checkpoints', t.tokens.supervisor, { id: ulid(), gridId: t.grids.northVillage, name: '文档卡口', location: { place: '村口', road: 'X032' }, shifts: [{ id: 'day', name: '白班', starts: '00:00', ends: '23:59' }], staff: [t.users.inspector] });
    problems.push(gate.problem);
    problems.push((await callChecked('PUT', '/api/checkpoints/{checkpointId}', `/api/checkpoints/${gate.body.id}`, t.tokens.supervisor, { version: 1, name: '文档卡口', location: { place: '村口' }, shifts: [{ id: 'day', name: '白班', starts: '00:00', ends: '23:59' }], staff: [t.users.inspector] })).problem);
    const held = await callChecked('POST', '/api/checkpoints/entries', '/api/checkpoints/entries', t.tokens.inspector, { id: ulid(), checkpointId: gate.body.id, at: `${TODAY}T01:00:00Z`, plate: '豫A12345', vehicleType: 'truck', occupants: 2, from: '郑州', destinationGridId: t.grids.southVillage, colour: 'red' });
    problems.push(held.problem);
    problems.push((await callChecked('POST', '/api/checkpoints/alerts/{alertId}/resolve', `/api/checkpoints/alerts/${held.body.alertId}/resolve`, t.tokens.supervisor, { version: 1, note: '已处置' })).problem);
    const oldGate = await callChecked('POST', '/api/checkpoints', '/api/checkpoints', t.tokens.supervisor, { id: ulid(), gridId: t.grids.northVillage, name: '文档旧卡口', location: { place: '旧村口' }, shifts: [{ id: 'night', name: '夜班', starts: '20:00', ends: '08:00' }] });
    problems.push(oldGate.problem);
    problems.push((await callChecked('POST', '/api/checkpoints/{checkpointId}/retire', `/api/checkpoints/${oldGate.body.id}/retire`, t.tokens.supervisor, { version: 1 })).problem);
    // Pushed lists: announce, upload, start; a task's check, the unmasked row, routing and an outcome.
    const pushedCsv = `姓名,电话,地址,风险等级\n文档推送,13812345678,,高\n文档无址,13912340000,,低\n`;
    const announcedList = await callChecked('POST', '/api/pushed-lists', '/api/pushed-lists', t.tokens.supervisor, { name: '文档名单', size: Buffer.byteLength(pushedCsv) });
    problems.push(announcedList.problem);
    problems.push((await callChecked('PUT', '/api/pushed-lists/{listId}/file', announcedList.body.upload.url, t.tokens.supervisor, pushedCsv, announcedList.body.upload.headers)).problem);
    problems.push((await callChecked('POST', '/api/pushed-lists/{listId}/start', `/api/pushed-lists/${announcedList.body.list.id}/start`, t.tokens.supervisor)).problem);
    await api.jobs.idle();
    fixtures.listId = announcedList.body.list.id;
    const [pushedTask] = (await api.call('GET', '/api/pushed-tasks', { token: t.tokens.admin })).body.items;
    const [waitingRow] = (await api.call('GET', '/api/pushed-tasks/routing', { token: t.tokens.admin })).body.items;
    fixtures.taskId = pushedTask.id;
    problems.push((await callChecked('POST', '/api/pushed-tasks/{taskId}/checks', `/api/pushed-tasks/${pushedTask.id}/checks`, t.tokens.inspector, { id: ulid(), method: 'door', result: 'reached', note: '已上门' })).problem);
    problems.push((await callChecked('POST', '/api/pushed-tasks/{taskId}/personal', `/api/pushed-tasks/${pushedTask.id}/personal`, t.tokens.inspector, { reason: '电话核查需要' })).problem);
    problems.push((await callChecked('POST', '/api/pushed-tasks/{taskId}/route', `/api/pushed-tasks/${waitingRow.id}/route`, t.tokens.supervisor, { version: 1, gridId: t.grids.north })).problem);
    problems.push((await callChecked('POST', '/api/pushed-tasks/{taskId}/outcome', `/api/pushed-tasks/${waitingRow.id}/outcome`, t.tokens.supervisor, { version: 2, outcome: 'not-in-area', whereTo: '外省' })).problem);
    problems.push((await callChecked('POST', '/api/pushed-lists/{listId}/export-tickets', `/api/pushed-lists/${fixtures.listId}/export-tickets`, t.tokens.admin, { reason: '上级核查名单' })).problem);
    problems.push((await callChecked('POST', '/api/auth/login', '/api/auth/login', undefined, { tenant: t.id, user: t.users.admin, password: 'correct-horse-42' })).problem);
    expect(problems.filter(Boolean)).toEqual([]);
  });

  it('describes the real answers of every GET route', async () => {
    expect(fixtures.inspectionId, 'the POST test runs first').toBeDefined();
    const problems: string[] = [];
    const tokens: Record<string, string> = { 'tenant-admin': t.tokens.admin, supervisor: t.tokens.supervisor, inspector: t.tokens.inspector, 'industry-authority': t.tokens.industry, 'platform-admin': platformToken };
    for (const [path, item] of Object.entries(doc.paths)) {
      const op = item.get;
      if (!op) continue;
      const roles = op['x-roles'];
      const token = roles === 'public' ? undefined : tokens[['tenant-admin', 'supervisor', 'inspector', 'industry-authority', 'platform-admin'].find((r) => roles.includes(r))!];
      const values: Record<string, string> = { ...fixtures, ...(path.startsWith('/api/reports/') && { date: YESTERDAY }) };
      const missing = (op.parameters ?? []).filter((p) => (p.in === 'path' || (p.in === 'query' && p.required)) && values[p.name] === undefined).map((p) => p.name);
      if (missing.length) {
        problems.push(`GET ${path}: no value for ${missing.join(', ')} (add a fixture in openapi.test.ts)`);
        continue;
      }
      const query = (op.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => `${p.name}=${encodeURIComponent(values[p.name])}`);
      const url = `${path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name]))}${query.length ? `?${query.join('&')}` : ''}`;
      const res = await callChecked('GET', path, url, token);
      if (res.status >= 300) problems.push(`GET ${url}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      else if (res.problem) problems.push(res.problem);
    }
    expect(problems).toEqual([]);
    const gets = Object.entries(doc.paths).filter(([, item]) => item.get).map(([path]) => key('GET', path));
    expect(gets.filter((k) => !checked.includes(k))).toEqual([]);
  });
});

describe('the documentation page', () => {
  it('lists every operation with its roles, self-contained', async () => {
    const res = await api.app.request('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) expect(html, `${method} ${path}`).toContain(`id="${method}-${path.replace(/[^A-Za-z0-9]+/g, '-')}"`);
    }
    expect(html).toContain('Roles: <b>tenant-admin</b>');
    expect(html).toContain('公开 public');
    // Nothing from outside: no scripts, no external stylesheets, images or fonts.
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html.match(/(?:src|href)="([^"#][^"]*)"/g) ?? []).toEqual(['href="/api/openapi.json"']);
  });
});
