/**
 * The access matrix over every route in the OpenAPI document:
 * - no token → 401, every role the route does not declare → 403;
 * - a user of tenant B asking for tenant A's things → 404, and A's things never appear in B's lists.
 * A route without a case below fails the test, so a new route cannot skip these checks.
 * It runs twice: on the app as the local server and the tests run it, and on the app as bundled
 * for Lambda (test/support/lambda-api.ts), where functions/api/openapi-runtime.ts routes and validates.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/domain/actor';
import { ROLES } from '../../shared/domain/actor';
import { type Api, testApi } from '../support/api';
import { checklistFor, createVenue, inspectionBody } from '../support/field';
import { LAMBDA_DOCUMENT_MARK, lambdaTestApi } from '../support/lambda-api';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { importVenueCsv } from '../support/venue-csv';
import { importResidents } from '../support/resident-import';
import { personBody, registerHousehold, residentId } from '../support/residents';
import { PUSHED_HEADER, setPushedListRules, uploadPushedList } from '../support/pushed-lists';
import { makeRegistrationCode, registrationForm } from '../support/self-registration';
import { importLabFile } from '../support/testing';
import { positiveAlertId } from '../../shared/domain/testing/alert';

let api: Api;
let a: TestTenant;
let b: TestTenant;
let platformToken: string;
let operations: { method: string; path: string; roles: Role[] | 'public' }[];
const aThings = { venueId: '', inspectionId: '', checklistVersion: 1, problemId: '', bulletinId: '', noticeId: '', referralId: '' };
const aVenueLeaks = () => [aThings.venueId, '甲方秘密超市'];
/** Tenant A's venue import and photo. */
const aFiles = { importId: '', photoId: '', residentImportId: '' };
/** Tenant A's household and person (residents). */
const aResidents = { householdId: '', personId: '', idNumber: residentId('41018419800101123') };
/** Tenant A's monitoring episode (of that person) and the fever alert of its reading. */
const aMonitoring = { episodeId: '', alertId: '' };
/** Tenant A's registration code and a submission with it (self-registration). */
const aSelfRegistration = { codeId: '', submissionId: '' };
/** Tenant A's testing round, site, the lab import and the positive alert of that person's sample. */
const aTesting = { roundId: '', siteId: '', alertId: '', labImportId: '' };
/** Tenant A's checkpoint and the alert of a red-code vehicle held there. */
const aCheckpoint = { checkpointId: '', alertId: '' };
/** Tenant A's pushed list, a task in a grid (by the person's phone) and a row in the routing queue. */
const aPushed = { listId: '', taskId: '', routingId: '' };

async function setUp(makeApi: () => Promise<Api>) {
  api = await makeApi();
  [a, b] = await Promise.all([createTestTenant(api, 'ma'), createTestTenant(api, 'mb')]);
  platformToken = await api.tokenFor({ tenantId: 'platform', roles: ['platform-admin'] });
  // Things in tenant A that B will ask for.
  const venue = await createVenue(api, a, { name: '甲方秘密超市' });
  const checklist = await checklistFor(api, a.tokens.inspector, 'supermarket');
  const submitted = await api.call('POST', '/api/inspections', { token: a.tokens.inspector, body: inspectionBody(venue.id, checklist, { fail: ['masks'] }) });
  aThings.venueId = venue.id;
  aThings.inspectionId = submitted.body.inspection.id;
  aThings.checklistVersion = checklist.version;
  // The enforcement ladder: A's problem (from that inspection), a bulletin and a tenant-wide notice.
  aThings.problemId = submitted.body.problems[0].id;
  const bulletin = await api.call('POST', '/api/bulletins', { token: a.tokens.supervisor, body: { id: ulid(), title: '甲方通报', body: '甲方内容', problemIds: [aThings.problemId] } });
  aThings.bulletinId = bulletin.body.bulletin.id;
  const notice = await api.call('POST', '/api/notices', { token: a.tokens.supervisor, body: { id: ulid(), action: 'pause', venueKinds: ['museum'], reason: '甲方通知' } });
  aThings.noticeId = notice.body.id;
  // 联合执法: A's problem referred to the police.
  aThings.referralId = (await api.call('POST', '/api/joint-enforcement', { token: a.tokens.supervisor, body: { id: ulid(), problemId: aThings.problemId, agencies: ['police'], reason: '甲方联合执法' } })).body.id;
  const imported = await importVenueCsv(api.call, a.tokens.admin, `外部编号,名称,类别,网格,地址\nMA-1,甲方导入店,门店,${a.grids.north},甲方地址\n`);
  aFiles.importId = imported.body.id;
  aFiles.photoId = (await api.call('POST', '/api/photos', { token: a.tokens.inspector, body: { id: ulid(), venueId: venue.id, contentType: 'image/jpeg', size: 1000 } })).body.photoId;
  const household = await registerHousehold(api, a.tokens.inspector, a.grids.northGroup1);
  const person = await api.call('POST', `/api/residents/households/${household.id}/persons`, { token: a.tokens.inspector, body: personBody({ name: '甲方居民', idNumber: aResidents.idNumber, phone: '13812345678' }) });
  Object.assign(aResidents, { householdId: household.id, personId: person.body.id });
  const episode = await api.call('POST', '/api/monitoring/episodes', { token: a.tokens.inspector, body: { id: ulid(), householdId: household.id, personId: person.body.id, type: 'home-isolation', reason: 'contact', startedAt: '2026-11-24T00:00:00Z' } });
  const fever = await api.call('POST', '/api/monitoring/readings', { token: a.tokens.inspector, body: { id: ulid(), episodeId: episode.body.id, takenAt: '2026-11-25T01:00:00Z', temperature: 38.1, method: 'door' } });
  Object.assign(aMonitoring, { episodeId: episode.body.id, alertId: fever.body.alertId });
  const registrationCode = await makeRegistrationCode(api, a.tokens.supervisor, { gridId: a.grids.northGroup1, label: '甲方登记码' });
  const registration = registrationForm(registrationCode.token, { name: '甲方自登' });
  if ((await api.call('POST', '/api/public/registrations', { body: registration })).status !== 202) throw new Error('self-registration set-up');
  Object.assign(aSelfRegistration, { codeId: registrationCode.id, submissionId: registration.id });
  const round = await api.call('POST', '/api/testing/rounds', { token: a.tokens.admin, body: { id: ulid(), number: 1, name: '甲方轮次', startsAt: '2026-11-25T00:00:00Z', endsAt: '2026-11-26T00:00:00Z' } });
  const site = await api.call('POST', '/api/testing/sites', { token: a.tokens.admin, body: { id: ulid(), gridId: a.grids.northVillage, name: '甲方采样点', place: '甲方', layout: { zones: [{ name: '采样区', purpose: 'sampling' }], channels: [{ name: '通道', kind: 'general' }] }, hours: [{ opens: '07:00', closes: '11:00' }], capacityPerHour: 10 } });
  const lab = await importLabFile(api, a.tokens.admin, round.body.id, `样本编号,身份证号,结果\nA-1,${aResidents.idNumber},阳性\n`);
  Object.assign(aTesting, { roundId: round.body.id, siteId: site.body.id, alertId: positiveAlertId(round.body.id, 'A-1'), labImportId: lab.body.id });
  const checkpoint = await api.call('POST', '/api/checkpoints', { token: a.tokens.admin, body: { id: ulid(), gridId: a.grids.northVillage, name: '甲方卡口', location: { place: '甲方' }, shifts: [{ id: 'day', name: '白班', starts: '00:00', ends: '23:59' }], staff: [a.users.inspector] } });
  const held = await api.call('POST', '/api/checkpoints/entries', { token: a.tokens.inspector, body: { id: ulid(), checkpointId: checkpoint.body.id, at: '2026-11-25T01:00:00Z', plate: '豫A12345', vehicleType: 'car', occupants: 1, from: '甲方', colour: 'red' } });
  Object.assign(aCheckpoint, { checkpointId: checkpoint.body.id, alertId: held.body.alertId });
  // A's inspector locked out of sign-in (delays started): a record B must never see.
  for (let i = 0; i < 4; i++) await api.call('POST', '/api/auth/login', { body: { tenant: a.id, username: a.users.inspector, password: 'wrong-password' } });
  await api.jobs.idle();
  aFiles.residentImportId = (await importResidents(api, a.tokens.admin, `姓名,身份证号,人员类别,网格,户号\n甲方导入人,${residentId('41018419800101456')},本地常住,${a.grids.north},MA-1\n`)).id;
  const pushed = await uploadPushedList(api, a.tokens.admin, `${PUSHED_HEADER}\n甲方推送,,13812345678,,,,,高\n甲方无址,,13912345678,,,,,低\n`);
  const [aTask] = (await api.call('GET', '/api/pushed-tasks', { token: a.tokens.admin })).body.items;
  const [aRouting] = (await api.call('GET', '/api/pushed-tasks/routing', { token: a.tokens.admin })).body.items;
  Object.assign(aPushed, { listId: pushed.id, taskId: aTask.id, routingId: aRouting.id });
  const doc = (await api.call('GET', '/api/openapi.json')).body;
  operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, { 'x-roles': Role[] | 'public' }>).map(([method, op]) => ({ method: method.toUpperCase(), path, roles: op['x-roles'] })),
  );
}

type Probe = { path: string; body?: unknown };
/** For each operation: how tenant B's user would ask for tenant A's thing, and what B must see. */
interface CrossTenantCase {
  /** The role of B's user that would be allowed to make this call. */
  as: keyof TestTenant['tokens'] | 'platform';
  probe: (a: TestTenant) => Probe;
  /** 404: B must get not found. 'list': B gets 200 and none of `leaks(a)` appears. 'own': the route only ever reads the caller's own data. */
  expect: 404 | 400 | 'list' | 'own' | 'public';
  leaks?: (a: TestTenant) => string[];
}

const CASES: Record<string, CrossTenantCase> = {
  'GET /api/venue-kinds': { as: 'inspector', probe: () => ({ path: '/api/venue-kinds' }), expect: 'own' },
  'PUT /api/venue-kinds': { as: 'admin', probe: () => ({ path: '/api/venue-kinds' }), expect: 'own' },
  'GET /api/checklists/{kind}': { as: 'inspector', probe: () => ({ path: '/api/checklists/supermarket' }), expect: 'own' },
  'GET /api/checklists/{kind}/versions/{version}': { as: 'inspector', probe: () => ({ path: '/api/checklists/supermarket/versions/1' }), expect: 'own' },
  'PUT /api/checklists/{kind}': { as: 'admin', probe: () => ({ path: '/api/checklists/supermarket' }), expect: 'own' },
  'GET /api/venues': { as: 'admin', probe: () => ({ path: '/api/venues?limit=200' }), expect: 'list', leaks: aVenueLeaks },
  'POST /api/venues': { as: 'admin', probe: (t) => ({ path: '/api/venues', body: { name: 'x', kind: 'shop', gridId: t.grids.north, address: 'x' } }), expect: 400 },
  'GET /api/venues/{venueId}': { as: 'admin', probe: () => ({ path: `/api/venues/${aThings.venueId}` }), expect: 404 },
  'PATCH /api/venues/{venueId}': { as: 'admin', probe: () => ({ path: `/api/venues/${aThings.venueId}`, body: { version: 1, name: 'x' } }), expect: 404 },
  'GET /api/venues/{venueId}/code': { as: 'admin', probe: () => ({ path: `/api/venues/${aThings.venueId}/code` }), expect: 404 },
  'POST /api/venues/{venueId}/code/rotate': { as: 'admin', probe: () => ({ path: `/api/venues/${aThings.venueId}/code/rotate`, body: { version: 1 } }), expect: 404 },
  'GET /api/venues/{venueId}/code.png': { as: 'admin', probe: () => ({ path: `/api/venues/${aThings.venueId}/code.png` }), expect: 404 },
  'GET /api/venues/{venueId}/code.svg': { as: 'admin', probe: () => ({ path: `/api/venues/${aThings.venueId}/code.svg` }), expect: 404 },
  'GET /api/venues/{venueId}/code.html': { as: 'admin', probe: () => ({ path: `/api/venues/${aThings.venueId}/code.html` }), expect: 404 },
  'GET /api/grids/{gridId}/codes.html': { as: 'admin', probe: (a) => ({ path: `/api/grids/${a.grids.north}/codes.html` }), expect: 404 },
  // Imports are created in the caller's tenant only (grids and kinds are the caller's).
  'POST /api/venues/imports': { as: 'admin', probe: () => ({ path: '/api/venues/imports', body: { fileName: 'b.csv', size: 10 } }), expect: 'own' },
  'PUT /api/venues/imports/{importId}/file': { as: 'admin', probe: () => ({ path: `/api/venues/imports/${aFiles.importId}/file`, body: 'a,b' }), expect: 404 },
  'GET /api/venues/imports': { as: 'admin', probe: () => ({ path: '/api/venues/imports' }), expect: 'list', leaks: () => [aFiles.importId] },
  'GET /api/venues/imports/{importId}': { as: 'admin', probe: () => ({ path: `/api/venues/imports/${aFiles.importId}` }), expect: 404 },
  'POST /api/venues/imports/{importId}/start': { as: 'admin', probe: () => ({ path: `/api/venues/imports/${aFiles.importId}/start` }), expect: 404 },
  'POST /api/photos': { as: 'inspector', probe: () => ({ path: '/api/photos', body: { id: ulid(), venueId: aThings.venueId, contentType: 'image/jpeg', size: 1000 } }), expect: 404 },
  'GET /api/photos/{photoId}': { as: 'supervisor', probe: () => ({ path: `/api/photos/${aFiles.photoId}` }), expect: 404 },
  'PUT /api/photos/{photoId}/content': { as: 'inspector', probe: () => ({ path: `/api/photos/${aFiles.photoId}/content`, body: {} }), expect: 404 },
  'GET /api/photos/{photoId}/content': { as: 'supervisor', probe: () => ({ path: `/api/photos/${aFiles.photoId}/content` }), expect: 404 },
  'GET /api/venues/{venueId}/inspections': { as: 'admin', probe: () => ({ path: `/api/venues/${aThings.venueId}/inspections` }), expect: 404 },
  'POST /api/inspections': {
    as: 'supervisor',
    probe: () => ({ path: '/api/inspections', body: inspectionBody(aThings.venueId, { version: aThings.checklistVersion, items: [{ code: 'masks' }] }) }),
    expect: 404,
  },
  'GET /api/inspections/by-inspector': { as: 'supervisor', probe: (t) => ({ path: `/api/inspections/by-inspector?date=2026-11-25&inspector=${t.users.inspector}` }), expect: 'list', leaks: aVenueLeaks },
  'GET /api/inspections/by-grid': { as: 'supervisor', probe: (t) => ({ path: `/api/inspections/by-grid?date=2026-11-25&grid=${t.grids.north}` }), expect: 404 },
  'GET /api/inspections/{inspectionId}': { as: 'supervisor', probe: () => ({ path: `/api/inspections/${aThings.inspectionId}` }), expect: 404 },
  'GET /api/inspections/{inspectionId}/evidence': { as: 'supervisor', probe: () => ({ path: `/api/inspections/${aThings.inspectionId}/evidence` }), expect: 404 },
  'GET /api/health': { as: 'admin', probe: () => ({ path: '/api/health' }), expect: 'public' },
  'POST /api/auth/login': { as: 'admin', probe: () => ({ path: '/api/auth/login' }), expect: 'public' },
  'POST /api/auth/new-password': { as: 'admin', probe: () => ({ path: '/api/auth/new-password' }), expect: 'public' },
  'GET /api/auth/jwks.json': { as: 'admin', probe: () => ({ path: '/api/auth/jwks.json' }), expect: 'public' },
  'GET /api/me': { as: 'admin', probe: () => ({ path: '/api/me' }), expect: 'own' },
  // Platform routes manage tenants by id on purpose; only the platform admin may call them (role matrix).
  'POST /api/platform/tenants': { as: 'platform', probe: () => ({ path: '/api/platform/tenants' }), expect: 'own' },
  'GET /api/platform/tenants': { as: 'platform', probe: () => ({ path: '/api/platform/tenants' }), expect: 'own' },
  'GET /api/platform/tenants/{tenantId}': { as: 'platform', probe: () => ({ path: '/api/platform/tenants/x' }), expect: 'own' },
  'PATCH /api/platform/tenants/{tenantId}': { as: 'platform', probe: () => ({ path: '/api/platform/tenants/x' }), expect: 'own' },
  'GET /api/tenant': { as: 'admin', probe: () => ({ path: '/api/tenant' }), expect: 'list', leaks: (t) => [t.id] },
  'PATCH /api/tenant': { as: 'admin', probe: () => ({ path: '/api/tenant', body: { version: 1, nameEn: 'Hijacked' } }), expect: 'own' },
  'GET /api/grids': { as: 'admin', probe: () => ({ path: '/api/grids' }), expect: 'list', leaks: (t) => Object.values(t.grids) },
  'POST /api/grids': { as: 'admin', probe: (t) => ({ path: '/api/grids', body: { id: 'intruder', name: 'x', parentId: t.grids.north } }), expect: 400 },
  'GET /api/grids/{gridId}': { as: 'admin', probe: (t) => ({ path: `/api/grids/${t.grids.north}` }), expect: 404 },
  'PATCH /api/grids/{gridId}': { as: 'admin', probe: (t) => ({ path: `/api/grids/${t.grids.north}`, body: { version: 1, name: 'x' } }), expect: 404 },
  'POST /api/grids/{gridId}/move': { as: 'admin', probe: (t) => ({ path: `/api/grids/${t.grids.northGroup2}/move`, body: { version: 1, newParentId: null } }), expect: 404 },
  'POST /api/grids/{gridId}/retire': { as: 'admin', probe: (t) => ({ path: `/api/grids/${t.grids.northGroup2}/retire`, body: { version: 1 } }), expect: 404 },
  'GET /api/users': { as: 'admin', probe: () => ({ path: '/api/users?limit=200' }), expect: 'list', leaks: (t) => Object.values(t.users) },
  'POST /api/users': { as: 'admin', probe: (t) => ({ path: '/api/users', body: { id: 'spy-1', displayName: 'x', roles: ['inspector'], password: 'password-1', gridIds: [t.grids.north] } }), expect: 400 },
  'GET /api/auth/lockouts': { as: 'admin', probe: () => ({ path: '/api/auth/lockouts?limit=200' }), expect: 'list', leaks: (t) => [t.users.inspector] },
  'GET /api/users/{userId}': { as: 'admin', probe: (t) => ({ path: `/api/users/${t.users.inspector}` }), expect: 404 },
  'PATCH /api/users/{userId}': { as: 'admin', probe: (t) => ({ path: `/api/users/${t.users.inspector}`, body: { version: 1, displayName: 'x' } }), expect: 404 },
  'DELETE /api/users/{userId}': { as: 'admin', probe: (t) => ({ path: `/api/users/${t.users.inspector}` }), expect: 404 },
  // Rules are one item per tenant, always the caller's: B reads its own (defaults), never A's.
  'GET /api/rules': { as: 'inspector', probe: () => ({ path: '/api/rules' }), expect: 'list', leaks: (t) => [t.id, t.users.admin] },
  'PUT /api/rules': { as: 'admin', probe: () => ({ path: '/api/rules' }), expect: 'own' },
  'GET /api/rules/history': { as: 'supervisor', probe: () => ({ path: '/api/rules/history' }), expect: 'list', leaks: (t) => [t.id, t.users.admin] },
  // The problem ledger and the enforcement ladder.
  'GET /api/problems': { as: 'admin', probe: () => ({ path: '/api/problems?limit=200' }), expect: 'list', leaks: () => [...aVenueLeaks(), aThings.problemId] },
  'GET /api/problems/export.csv': { as: 'supervisor', probe: () => ({ path: '/api/problems/export.csv' }), expect: 'list', leaks: () => [...aVenueLeaks(), aThings.problemId] },
  'GET /api/problems/export.xlsx': { as: 'supervisor', probe: () => ({ path: '/api/problems/export.xlsx' }), expect: 'list', leaks: () => [aThings.problemId] },
  'GET /api/problems/{problemId}': { as: 'admin', probe: () => ({ path: `/api/problems/${aThings.problemId}` }), expect: 404 },
  'GET /api/problems/{problemId}/notice.html': { as: 'admin', probe: () => ({ path: `/api/problems/${aThings.problemId}/notice.html` }), expect: 404 },
  'POST /api/problems/{problemId}/notice': { as: 'supervisor', probe: () => ({ path: `/api/problems/${aThings.problemId}/notice`, body: { version: 1 } }), expect: 404 },
  'POST /api/problems/{problemId}/rectification': { as: 'inspector', probe: () => ({ path: `/api/problems/${aThings.problemId}/rectification`, body: { version: 1, note: 'x' } }), expect: 404 },
  'POST /api/problems/{problemId}/recheck': { as: 'supervisor', probe: () => ({ path: `/api/problems/${aThings.problemId}/recheck`, body: { version: 1, passed: true, note: 'x' } }), expect: 404 },
  'POST /api/problems/{problemId}/reopen': { as: 'admin', probe: () => ({ path: `/api/problems/${aThings.problemId}/reopen`, body: { version: 1, reason: 'x' } }), expect: 404 },
  'GET /api/venues/{venueId}/problems': { as: 'admin', probe: () => ({ path: `/api/venues/${aThings.venueId}/problems` }), expect: 404 },
  'GET /api/venues/{venueId}/events': { as: 'admin', probe: () => ({ path: `/api/venues/${aThings.venueId}/events` }), expect: 404 },
  'GET /api/venues/{venueId}/history.csv': { as: 'admin', probe: () => ({ path: `/api/venues/${aThings.venueId}/history.csv` }), expect: 404 },
  'GET /api/venues/{venueId}/history.xlsx': { as: 'admin', probe: () => ({ path: `/api/venues/${aThings.venueId}/history.xlsx` }), expect: 404 },
  'POST /api/venues/{venueId}/black-card': { as: 'supervisor', probe: () => ({ path: `/api/venues/${aThings.venueId}/black-card`, body: { version: 1, reason: 'x' } }), expect: 404 },
  'POST /api/venues/{venueId}/black-card/remove': { as: 'supervisor', probe: () => ({ path: `/api/venues/${aThings.venueId}/black-card/remove`, body: { version: 1, reason: 'x' } }), expect: 404 },
  'POST /api/venues/{venueId}/suspension': { as: 'inspector', probe: () => ({ path: `/api/venues/${aThings.venueId}/suspension`, body: { version: 1, reason: 'x' } }), expect: 404 },
  'POST /api/venues/{venueId}/suspension/approve': { as: 'supervisor', probe: () => ({ path: `/api/venues/${aThings.venueId}/suspension/approve`, body: { version: 1, reason: 'x' } }), expect: 404 },
  'POST /api/venues/{venueId}/suspension/reject': { as: 'supervisor', probe: () => ({ path: `/api/venues/${aThings.venueId}/suspension/reject`, body: { version: 1, reason: 'x' } }), expect: 404 },
  'POST /api/venues/{venueId}/reopen': { as: 'supervisor', probe: () => ({ path: `/api/venues/${aThings.venueId}/reopen`, body: { version: 1, reason: 'x' } }), expect: 404 },
  'GET /api/enforcement/black-cards': { as: 'supervisor', probe: () => ({ path: '/api/enforcement/black-cards' }), expect: 'list', leaks: aVenueLeaks },
  'GET /api/enforcement/suspensions': { as: 'supervisor', probe: () => ({ path: '/api/enforcement/suspensions' }), expect: 'list', leaks: aVenueLeaks },
  // Naming A's venue in B's bulletin: no such venue in B.
  'POST /api/bulletins': { as: 'supervisor', probe: () => ({ path: '/api/bulletins', body: { id: ulid(), title: 'x', body: 'x', venues: [{ venueId: aThings.venueId }] } }), expect: 400 },
  'GET /api/bulletins': { as: 'inspector', probe: () => ({ path: '/api/bulletins?limit=200' }), expect: 'list', leaks: () => [aThings.bulletinId, '甲方通报'] },
  'GET /api/bulletins/{bulletinId}': { as: 'inspector', probe: () => ({ path: `/api/bulletins/${aThings.bulletinId}` }), expect: 404 },
  // A notice acts on the caller's own tenant's venues only (kinds, not ids).
  'POST /api/notices': { as: 'supervisor', probe: () => ({ path: '/api/notices' }), expect: 'own' },
  'GET /api/notices': { as: 'inspector', probe: () => ({ path: '/api/notices?limit=200' }), expect: 'list', leaks: () => [aThings.noticeId, '甲方通知'] },
  'GET /api/notices/{noticeId}': { as: 'inspector', probe: () => ({ path: `/api/notices/${aThings.noticeId}` }), expect: 404 },
  'POST /api/notices/{noticeId}/resume': { as: 'supervisor', probe: () => ({ path: `/api/notices/${aThings.noticeId}/resume` }), expect: 404 },
  // 联合执法 (joint enforcement)
  'POST /api/joint-enforcement': { as: 'supervisor', probe: () => ({ path: '/api/joint-enforcement', body: { id: ulid(), problemId: aThings.problemId, agencies: ['police'], reason: '乙方' } }), expect: 404 },
  'POST /api/joint-enforcement/{referralId}/outcome': { as: 'supervisor', probe: () => ({ path: `/api/joint-enforcement/${aThings.referralId}/outcome`, body: { version: 1, outcome: 'penalised', note: '乙方' } }), expect: 404 },
  'GET /api/joint-enforcement': { as: 'inspector', probe: () => ({ path: '/api/joint-enforcement?limit=200' }), expect: 'list', leaks: () => [aThings.referralId, '甲方联合执法'] },
  'GET /api/joint-enforcement/agencies': { as: 'inspector', probe: () => ({ path: '/api/joint-enforcement/agencies' }), expect: 'own' },
  'GET /api/joint-enforcement/day/{date}': { as: 'supervisor', probe: () => ({ path: '/api/joint-enforcement/day/2026-11-25' }), expect: 'list', leaks: () => [aThings.referralId, ...aVenueLeaks()] },
  'GET /api/joint-enforcement/{referralId}': { as: 'inspector', probe: () => ({ path: `/api/joint-enforcement/${aThings.referralId}` }), expect: 404 },
  // The daily plan and the daily reports: always the caller's own tenant; A's people and grids are unknown to B.
  'GET /api/plans/today': { as: 'inspector', probe: () => ({ path: '/api/plans/today' }), expect: 'list', leaks: aVenueLeaks },
  'GET /api/plans/{date}': { as: 'supervisor', probe: (t) => ({ path: `/api/plans/2026-11-25?inspector=${t.users.inspector}` }), expect: 404 },
  'POST /api/plans/{date}/replan': { as: 'admin', probe: () => ({ path: '/api/plans/2026-11-25/replan' }), expect: 'own' },
  'GET /api/reports/daily/{date}': { as: 'supervisor', probe: (t) => ({ path: `/api/reports/daily/2026-11-24?grid=${t.grids.north}` }), expect: 404 },
  'GET /api/reports/range': { as: 'supervisor', probe: (t) => ({ path: `/api/reports/range?from=2026-11-20&to=2026-11-24&grid=${t.grids.north}` }), expect: 404 },
  'POST /api/reports/daily/{date}/close': { as: 'admin', probe: () => ({ path: '/api/reports/daily/2026-11-24/close' }), expect: 'own' },
  // Residents: A's households and people are unknown to B; B's lookups and figures never show them.
  'POST /api/residents/households': { as: 'inspector', probe: (t) => ({ path: '/api/residents/households', body: { id: ulid(), gridId: t.grids.northGroup1, address: { room: '1' } } }), expect: 400 },
  'GET /api/residents/households': { as: 'admin', probe: () => ({ path: '/api/residents/households?limit=200' }), expect: 'list', leaks: () => [aResidents.householdId] },
  'GET /api/residents/household-search': { as: 'admin', probe: () => ({ path: `/api/residents/household-search?q=${encodeURIComponent('幸福小区')}` }), expect: 'list', leaks: () => [aResidents.householdId] },
  'GET /api/residents/households/{householdId}': { as: 'admin', probe: () => ({ path: `/api/residents/households/${aResidents.householdId}` }), expect: 404 },
  'PATCH /api/residents/households/{householdId}': { as: 'admin', probe: () => ({ path: `/api/residents/households/${aResidents.householdId}`, body: { version: 1, tags: [] } }), expect: 404 },
  'POST /api/residents/households/{householdId}/persons': {
    as: 'admin',
    probe: () => ({ path: `/api/residents/households/${aResidents.householdId}/persons`, body: personBody({ name: '乙方', idNumber: residentId('41018419900101123') }) }),
    expect: 404,
  },
  'GET /api/residents/households/{householdId}/persons/{personId}': { as: 'admin', probe: () => ({ path: `/api/residents/households/${aResidents.householdId}/persons/${aResidents.personId}` }), expect: 404 },
  'PATCH /api/residents/households/{householdId}/persons/{personId}': {
    as: 'admin',
    probe: () => ({ path: `/api/residents/households/${aResidents.householdId}/persons/${aResidents.personId}`, body: { version: 1, tags: [] } }),
    expect: 404,
  },
  'POST /api/residents/households/{householdId}/persons/{personId}/end': {
    as: 'admin',
    probe: () => ({ path: `/api/residents/households/${aResidents.householdId}/persons/${aResidents.personId}/end`, body: { version: 1, reason: 'moved-out', endedOn: '2026-11-20' } }),
    expect: 404,
  },
  'POST /api/residents/households/{householdId}/persons/{personId}/unmask': {
    as: 'admin',
    probe: () => ({ path: `/api/residents/households/${aResidents.householdId}/persons/${aResidents.personId}/unmask`, body: { reason: '核实身份信息' } }),
    expect: 404,
  },
  'POST /api/residents/visits': { as: 'inspector', probe: () => ({ path: '/api/residents/visits', body: { id: ulid(), householdId: aResidents.householdId, visitedAt: '2026-11-25T09:00:00+08:00' } }), expect: 404 },
  'POST /api/residents/lookup': { as: 'supervisor', probe: () => ({ path: '/api/residents/lookup', body: { idNumber: aResidents.idNumber } }), expect: 'list', leaks: () => [aResidents.householdId, aResidents.personId] },
  'GET /api/residents/figures': { as: 'supervisor', probe: () => ({ path: '/api/residents/figures' }), expect: 'list', leaks: (t) => Object.values(t.grids) },
  'GET /api/residents/exports/persons.csv': { as: 'supervisor', probe: () => ({ path: '/api/residents/exports/persons.csv' }), expect: 'list', leaks: () => [aResidents.householdId, '甲*'] },
  'GET /api/residents/exports/audit.csv': { as: 'admin', probe: () => ({ path: '/api/residents/exports/audit.csv' }), expect: 'list', leaks: (t) => [t.users.inspector, aResidents.householdId] },
  'GET /api/residents/figures/day': { as: 'supervisor', probe: () => ({ path: '/api/residents/figures/day?date=2026-11-25' }), expect: 'list', leaks: (t) => Object.values(t.grids) },
  'GET /api/residents/map': { as: 'admin', probe: (t) => ({ path: `/api/residents/map?grid=${t.grids.northGroup1}` }), expect: 404 },
  'POST /api/residents/imports': { as: 'admin', probe: () => ({ path: '/api/residents/imports', body: { fileName: 'b.csv', size: 10 } }), expect: 'own' },
  'PUT /api/residents/imports/{residentImportId}/file': { as: 'admin', probe: () => ({ path: `/api/residents/imports/${aFiles.residentImportId}/file`, body: 'a,b' }), expect: 404 },
  'GET /api/residents/imports': { as: 'admin', probe: () => ({ path: '/api/residents/imports' }), expect: 'list', leaks: () => [aFiles.residentImportId] },
  'GET /api/residents/imports/{residentImportId}': { as: 'admin', probe: () => ({ path: `/api/residents/imports/${aFiles.residentImportId}` }), expect: 404 },
  'POST /api/residents/imports/{residentImportId}/start': { as: 'admin', probe: () => ({ path: `/api/residents/imports/${aFiles.residentImportId}/start` }), expect: 404 },
  'GET /api/residents/audit': { as: 'admin', probe: () => ({ path: '/api/residents/audit' }), expect: 'list', leaks: (t) => [t.users.inspector, aResidents.householdId] },
  'POST /api/monitoring/episodes': {
    as: 'inspector',
    probe: () => ({ path: '/api/monitoring/episodes', body: { id: ulid(), householdId: aResidents.householdId, personId: aResidents.personId, type: 'home-isolation', reason: 'contact' } }),
    expect: 404,
  },
  'GET /api/monitoring/episodes/{episodeId}': { as: 'admin', probe: () => ({ path: `/api/monitoring/episodes/${aMonitoring.episodeId}` }), expect: 404 },
  'POST /api/monitoring/episodes/{episodeId}/extend': { as: 'inspector', probe: () => ({ path: `/api/monitoring/episodes/${aMonitoring.episodeId}/extend`, body: { version: 1, days: 2, why: '延长' } }), expect: 404 },
  'POST /api/monitoring/episodes/{episodeId}/restart': { as: 'inspector', probe: () => ({ path: `/api/monitoring/episodes/${aMonitoring.episodeId}/restart`, body: { version: 1, exposedAt: '2026-11-25T01:00:00Z', why: '再次接触' } }), expect: 404 },
  'POST /api/monitoring/episodes/{episodeId}/end': { as: 'inspector', probe: () => ({ path: `/api/monitoring/episodes/${aMonitoring.episodeId}/end`, body: { version: 1, outcome: 'ended-early', why: '解除' } }), expect: 404 },
  'POST /api/monitoring/episodes/{episodeId}/assign': { as: 'inspector', probe: () => ({ path: `/api/monitoring/episodes/${aMonitoring.episodeId}/assign`, body: { version: 1, assignees: [], why: '调整' } }), expect: 404 },
  'POST /api/monitoring/episodes/{episodeId}/actions': { as: 'inspector', probe: () => ({ path: `/api/monitoring/episodes/${aMonitoring.episodeId}/actions`, body: { id: ulid(), kind: 'supplies', at: '2026-11-25T01:00:00Z' } }), expect: 404 },
  'POST /api/monitoring/readings': { as: 'inspector', probe: () => ({ path: '/api/monitoring/readings', body: { id: ulid(), episodeId: aMonitoring.episodeId, takenAt: '2026-11-25T01:00:00Z', temperature: 36.5, method: 'door' } }), expect: 404 },
  'GET /api/monitoring/alerts': { as: 'supervisor', probe: () => ({ path: '/api/monitoring/alerts' }), expect: 'list', leaks: () => [aMonitoring.alertId, aMonitoring.episodeId] },
  'POST /api/monitoring/alerts/{alertId}/acknowledge': { as: 'supervisor', probe: () => ({ path: `/api/monitoring/alerts/${aMonitoring.alertId}/acknowledge`, body: { version: 1 } }), expect: 404 },
  'POST /api/monitoring/alerts/{alertId}/resolve': { as: 'supervisor', probe: () => ({ path: `/api/monitoring/alerts/${aMonitoring.alertId}/resolve`, body: { version: 1, note: '已处理' } }), expect: 404 },
  'GET /api/monitoring/today': { as: 'inspector', probe: () => ({ path: '/api/monitoring/today' }), expect: 'list', leaks: () => [aMonitoring.episodeId, aResidents.householdId] },
  'GET /api/monitoring/figures': { as: 'supervisor', probe: () => ({ path: '/api/monitoring/figures' }), expect: 'list', leaks: (t) => Object.values(t.grids) },
  // Self-registration (扫码登记): the public routes take their tenant from a signed code (self-registration.test.ts refuses other tenants' codes).
  'GET /api/public/registrations/form': { as: 'admin', probe: () => ({ path: '/api/public/registrations/form' }), expect: 'public' },
  'POST /api/public/registrations': { as: 'admin', probe: () => ({ path: '/api/public/registrations' }), expect: 'public' },
  'POST /api/self-registration/codes': { as: 'admin', probe: () => ({ path: '/api/self-registration/codes', body: { id: aSelfRegistration.codeId, label: 'B的码' } }), expect: 'own' },
  'GET /api/self-registration/codes': { as: 'admin', probe: () => ({ path: '/api/self-registration/codes' }), expect: 'list', leaks: () => [aSelfRegistration.codeId, '甲方登记码'] },
  'GET /api/self-registration/codes/{codeId}/poster.html': { as: 'admin', probe: () => ({ path: `/api/self-registration/codes/${aSelfRegistration.codeId}/poster.html` }), expect: 404 },
  'POST /api/self-registration/codes/{codeId}/retire': { as: 'admin', probe: () => ({ path: `/api/self-registration/codes/${aSelfRegistration.codeId}/retire` }), expect: 404 },
  'GET /api/self-registration/purpose': { as: 'admin', probe: () => ({ path: '/api/self-registration/purpose' }), expect: 'own' },
  'PUT /api/self-registration/purpose': { as: 'admin', probe: () => ({ path: '/api/self-registration/purpose' }), expect: 'own' },
  'GET /api/self-registration/submissions': { as: 'admin', probe: () => ({ path: '/api/self-registration/submissions' }), expect: 'list', leaks: () => [aSelfRegistration.submissionId, '甲*'] },
  'GET /api/self-registration/submissions/{submissionId}': { as: 'admin', probe: () => ({ path: `/api/self-registration/submissions/${aSelfRegistration.submissionId}` }), expect: 404 },
  'POST /api/self-registration/submissions/{submissionId}/decision': {
    as: 'admin',
    probe: () => ({ path: `/api/self-registration/submissions/${aSelfRegistration.submissionId}/decision`, body: { action: 'reject', version: 1, reason: 'B拒绝' } }),
    expect: 404,
  },
  'GET /api/self-registration/figures': { as: 'admin', probe: () => ({ path: '/api/self-registration/figures?date=2026-11-25' }), expect: 'list', leaks: (t) => Object.values(t.grids) },
  // Venue check-ins: the public one takes its tenant from the signed venue code (check-ins.test.ts refuses other tenants' codes).
  'POST /api/public/check-ins': { as: 'admin', probe: () => ({ path: '/api/public/check-ins' }), expect: 'public' },
  'GET /api/check-ins/venues/{venueId}': { as: 'supervisor', probe: () => ({ path: `/api/check-ins/venues/${aThings.venueId}` }), expect: 404 },
  'GET /api/check-ins/figures': { as: 'supervisor', probe: () => ({ path: '/api/check-ins/figures?date=2026-11-25' }), expect: 'own' },
  'GET /api/check-ins/busiest': { as: 'supervisor', probe: () => ({ path: '/api/check-ins/busiest?date=2026-11-25' }), expect: 'list', leaks: () => [aThings.venueId] },
  'POST /api/check-ins/venues/{venueId}/visitors': {
    as: 'supervisor',
    probe: () => ({ path: `/api/check-ins/venues/${aThings.venueId}/visitors`, body: { from: '2026-11-25T00:00:00Z', to: '2026-11-25T02:00:00Z', reason: '病例轨迹追踪' } }),
    expect: 404,
  },
  'POST /api/testing/rounds': { as: 'admin', probe: (t) => ({ path: '/api/testing/rounds', body: { id: ulid(), number: 9, name: '乙方', startsAt: '2026-11-25T00:00:00Z', endsAt: '2026-11-26T00:00:00Z', scopeGridId: t.grids.north } }), expect: 400 },
  'GET /api/testing/rounds': { as: 'inspector', probe: () => ({ path: '/api/testing/rounds' }), expect: 'list', leaks: () => [aTesting.roundId, '甲方轮次'] },
  'GET /api/testing/rounds/{roundId}/coverage': { as: 'supervisor', probe: () => ({ path: `/api/testing/rounds/${aTesting.roundId}/coverage` }), expect: 404 },
  'GET /api/testing/rounds/{roundId}/site-days': { as: 'supervisor', probe: () => ({ path: `/api/testing/rounds/${aTesting.roundId}/site-days` }), expect: 404 },
  'GET /api/testing/rounds/{roundId}/untested': { as: 'supervisor', probe: (t) => ({ path: `/api/testing/rounds/${aTesting.roundId}/untested?grid=${t.grids.northGroup1}` }), expect: 404 },
  'POST /api/testing/lab-imports': { as: 'supervisor', probe: () => ({ path: '/api/testing/lab-imports', body: { roundId: aTesting.roundId, size: 10 } }), expect: 404 },
  'PUT /api/testing/lab-imports/{labImportId}/file': { as: 'supervisor', probe: () => ({ path: `/api/testing/lab-imports/${aTesting.labImportId}/file`, body: 'a,b' }), expect: 404 },
  'POST /api/testing/lab-imports/{labImportId}/start': { as: 'supervisor', probe: () => ({ path: `/api/testing/lab-imports/${aTesting.labImportId}/start` }), expect: 404 },
  'GET /api/testing/lab-imports': { as: 'supervisor', probe: () => ({ path: `/api/testing/lab-imports?round=${aTesting.roundId}` }), expect: 404 },
  'GET /api/testing/lab-imports/{labImportId}': { as: 'supervisor', probe: () => ({ path: `/api/testing/lab-imports/${aTesting.labImportId}` }), expect: 404 },
  'POST /api/testing/sites': { as: 'admin', probe: (t) => ({ path: '/api/testing/sites', body: { id: ulid(), gridId: t.grids.northVillage, name: '乙方', place: '乙方', layout: { zones: [{ name: '采样区', purpose: 'sampling' }], channels: [{ name: '通道', kind: 'general' }] }, hours: [{ opens: '07:00', closes: '11:00' }], capacityPerHour: 10 } }), expect: 400 },
  'GET /api/testing/sites': { as: 'supervisor', probe: () => ({ path: '/api/testing/sites' }), expect: 'list', leaks: () => [aTesting.siteId, '甲方采样点'] },
  'POST /api/testing/records': { as: 'inspector', probe: () => ({ path: '/api/testing/records', body: { id: ulid(), roundId: aTesting.roundId, via: 'door', who: { householdId: aResidents.householdId, personId: aResidents.personId }, sampleId: 'B-2', takenAt: '2026-11-25T01:00:00Z' } }), expect: 404 },
  'GET /api/testing/alerts': { as: 'supervisor', probe: () => ({ path: '/api/testing/alerts' }), expect: 'list', leaks: () => [aTesting.alertId, aResidents.personId] },
  'POST /api/testing/alerts/{alertId}/resolve': { as: 'supervisor', probe: () => ({ path: `/api/testing/alerts/${aTesting.alertId}/resolve`, body: { version: 1, note: '乙方' } }), expect: 404 },
  'POST /api/checkpoints': { as: 'admin', probe: (t) => ({ path: '/api/checkpoints', body: { id: ulid(), gridId: t.grids.northVillage, name: '乙方', location: { place: '乙方' }, shifts: [{ id: 'day', name: '白班', starts: '08:00', ends: '20:00' }] } }), expect: 400 },
  'PUT /api/checkpoints/{checkpointId}': { as: 'admin', probe: () => ({ path: `/api/checkpoints/${aCheckpoint.checkpointId}`, body: { version: 1, name: '乙方', location: { place: '乙方' }, shifts: [{ id: 'day', name: '白班', starts: '08:00', ends: '20:00' }] } }), expect: 404 },
  'GET /api/checkpoints': { as: 'inspector', probe: () => ({ path: '/api/checkpoints' }), expect: 'list', leaks: () => [aCheckpoint.checkpointId, '甲方卡口'] },
  'POST /api/checkpoints/entries': { as: 'inspector', probe: () => ({ path: '/api/checkpoints/entries', body: { id: ulid(), checkpointId: aCheckpoint.checkpointId, at: '2026-11-25T01:00:00Z', plate: '豫A12345', vehicleType: 'car', occupants: 1, from: '乙方', colour: 'green' } }), expect: 404 },
  'GET /api/checkpoints/counts': { as: 'supervisor', probe: () => ({ path: '/api/checkpoints/counts?date=2026-11-25' }), expect: 'list', leaks: () => [aCheckpoint.checkpointId, '甲方卡口'] },
  'GET /api/checkpoints/alerts': { as: 'supervisor', probe: () => ({ path: '/api/checkpoints/alerts' }), expect: 'list', leaks: () => [aCheckpoint.alertId, aCheckpoint.checkpointId] },
  'POST /api/checkpoints/alerts/{alertId}/resolve': { as: 'supervisor', probe: () => ({ path: `/api/checkpoints/alerts/${aCheckpoint.alertId}/resolve`, body: { version: 1, note: '乙方' } }), expect: 404 },
  'POST /api/checkpoints/{checkpointId}/retire': { as: 'admin', probe: () => ({ path: `/api/checkpoints/${aCheckpoint.checkpointId}/retire`, body: { version: 1 } }), expect: 404 },
  'GET /api/checkpoints/destinations': { as: 'inspector', probe: () => ({ path: '/api/checkpoints/destinations' }), expect: 'list', leaks: (t) => Object.values(t.grids) },
  // 三色管理图: another tenant's grid is not found (the map of the caller's own top grids never names A's).
  // The recount of the map's counters: always the caller's own tenant.
  'POST /api/grid-map/recount': { as: 'admin', probe: () => ({ path: '/api/grid-map/recount' }), expect: 'own' },
  'GET /api/grid-map/recount': { as: 'admin', probe: () => ({ path: '/api/grid-map/recount' }), expect: 'own' },
  'GET /api/grid-map': { as: 'supervisor', probe: (t) => ({ path: `/api/grid-map?measure=households&grid=${t.grids.north}` }), expect: 404 },
  // Pushed lists: created in the caller's tenant only; A's lists and tasks are never found from B.
  'POST /api/pushed-lists': { as: 'supervisor', probe: () => ({ path: '/api/pushed-lists', body: { name: '乙方名单', size: 10 } }), expect: 'own' },
  'PUT /api/pushed-lists/{listId}/file': { as: 'supervisor', probe: () => ({ path: `/api/pushed-lists/${aPushed.listId}/file`, body: 'a,b' }), expect: 404 },
  'POST /api/pushed-lists/{listId}/start': { as: 'supervisor', probe: () => ({ path: `/api/pushed-lists/${aPushed.listId}/start` }), expect: 404 },
  'GET /api/pushed-lists': { as: 'supervisor', probe: () => ({ path: '/api/pushed-lists' }), expect: 'list', leaks: () => [aPushed.listId] },
  'GET /api/pushed-lists/{listId}': { as: 'supervisor', probe: () => ({ path: `/api/pushed-lists/${aPushed.listId}` }), expect: 404 },
  'GET /api/pushed-tasks': { as: 'admin', probe: () => ({ path: '/api/pushed-tasks' }), expect: 'list', leaks: () => [aPushed.taskId, aPushed.routingId] },
  'GET /api/pushed-tasks/routing': { as: 'supervisor', probe: () => ({ path: '/api/pushed-tasks/routing' }), expect: 'list', leaks: () => [aPushed.taskId, aPushed.routingId] },
  'GET /api/pushed-tasks/{taskId}': { as: 'admin', probe: () => ({ path: `/api/pushed-tasks/${aPushed.taskId}` }), expect: 404 },
  'POST /api/pushed-tasks/{taskId}/route': { as: 'supervisor', probe: (t) => ({ path: `/api/pushed-tasks/${aPushed.routingId}/route`, body: { version: 1, gridId: t.grids.north } }), expect: 404 },
  'POST /api/pushed-tasks/{taskId}/checks': { as: 'inspector', probe: () => ({ path: `/api/pushed-tasks/${aPushed.taskId}/checks`, body: { id: ulid(), method: 'phone', result: 'reached' } }), expect: 404 },
  'POST /api/pushed-tasks/{taskId}/outcome': { as: 'inspector', probe: () => ({ path: `/api/pushed-tasks/${aPushed.taskId}/outcome`, body: { version: 1, outcome: 'duplicate' } }), expect: 404 },
  'POST /api/pushed-tasks/{taskId}/personal': { as: 'admin', probe: () => ({ path: `/api/pushed-tasks/${aPushed.taskId}/personal`, body: { reason: '核查需要' } }), expect: 404 },
  // Issue 14: moving a person, a tombstone on request, export tickets (A's household, person and grid are not found from B).
  'POST /api/residents/households/{householdId}/persons/{personId}/move': {
    as: 'inspector',
    probe: () => ({ path: `/api/residents/households/${aResidents.householdId}/persons/${aResidents.personId}/move`, body: { id: ulid(), version: 1, reason: '越租户迁移', toHouseholdId: ulid() } }),
    expect: 404,
  },
  'POST /api/residents/households/{householdId}/persons/{personId}/tombstone': { as: 'admin', probe: () => ({ path: `/api/residents/households/${aResidents.householdId}/persons/${aResidents.personId}/tombstone`, body: { reason: '越租户删除' } }), expect: 404 },
  'POST /api/residents/export-tickets': { as: 'admin', probe: (t) => ({ path: '/api/residents/export-tickets', body: { reason: '越租户导出', grid: t.grids.north } }), expect: 404 },
  // The data key is always the caller's tenant's (its id comes from the token): nothing of A's to name.
  'GET /api/residents/data-key': { as: 'admin', probe: () => ({ path: '/api/residents/data-key' }), expect: 'own' },
  'POST /api/residents/data-key/rotate': { as: 'admin', probe: () => ({ path: '/api/residents/data-key/rotate' }), expect: 'own' },
  'POST /api/residents/data-key/reseal': { as: 'admin', probe: () => ({ path: '/api/residents/data-key/reseal' }), expect: 'own' },
  'GET /api/pushed-lists/{listId}/export.csv': { as: 'supervisor', probe: () => ({ path: `/api/pushed-lists/${aPushed.listId}/export.csv` }), expect: 404 },
  'POST /api/pushed-lists/{listId}/export-tickets': { as: 'admin', probe: () => ({ path: `/api/pushed-lists/${aPushed.listId}/export-tickets`, body: { reason: '上级核查名单' } }), expect: 404 },
};

const key = (op: { method: string; path: string }) => `${op.method} ${op.path}`;
const fill = (path: string) => path.replace(/\{[^}]+\}/g, 'some-id');

describe.each([
  { app: 'local', makeApi: () => testApi(), generatesDocument: true },
  { app: 'Lambda bundle', makeApi: () => lambdaTestApi(), generatesDocument: false },
])('access matrix ($app)', ({ makeApi, generatesDocument }) => {
  beforeAll(() => setUp(makeApi), 120_000);

  it('runs the app it names (the bundle has no OpenAPI generator, only the document made when bundling)', async () => {
    const document = (await api.call('GET', '/api/openapi.json')).body;
    expect(Boolean(document[LAMBDA_DOCUMENT_MARK])).toBe(!generatesDocument);
  });

  it('has a case for every route', () => {
    expect(operations.length).toBeGreaterThan(15);
    expect(operations.map(key).filter((k) => !CASES[k])).toEqual([]);
  });

  it('declares roles on every route', () => {
    for (const op of operations) expect(op.roles, key(op)).toBeDefined();
  });

  it('answers 401 without a token and 403 to every role a route does not allow', async () => {
    const tokenOf: Record<Role, string> = {
      'platform-admin': platformToken,
      'tenant-admin': a.tokens.admin,
      supervisor: a.tokens.supervisor,
      inspector: a.tokens.inspector,
      'industry-authority': a.tokens.industry,
    };
    for (const op of operations) {
      if (op.roles === 'public') continue;
      const path = fill(op.path);
      const body = op.method === 'GET' ? undefined : {};
      expect((await api.call(op.method, path, { body })).status, `${key(op)} without token`).toBe(401);
      for (const role of ROLES.filter((r) => !(op.roles as Role[]).includes(r))) {
        const res = await api.call(op.method, path, { token: tokenOf[role], body });
        expect(res.status, `${key(op)} as ${role}`).toBe(403);
        expect(res.body.error).toBe('forbidden');
      }
    }
  });

  it("gives tenant B 404 for tenant A's things and never lists them", async () => {
    for (const op of operations) {
      const c = CASES[key(op)];
      if (c.expect === 'public' || c.expect === 'own') continue;
      const token = c.as === 'platform' ? platformToken : b.tokens[c.as];
      const { path, body } = c.probe(a);
      const res = await api.call(op.method, path, { token, body });
      if (c.expect === 'list') {
        expect(res.status, key(op)).toBe(200);
        const text = JSON.stringify(res.body);
        for (const leak of c.leaks?.(a) ?? []) expect(text, `${key(op)} leaks ${leak}`).not.toContain(leak);
      } else {
        expect(res.status, `${key(op)}: ${JSON.stringify(res.body)}`).toBe(c.expect);
        expect(JSON.stringify(res.body)).not.toContain(a.id);
      }
    }
    // And tenant A's things are untouched by all of that.
    const grid = await api.call('GET', `/api/grids/${a.grids.north}`, { token: a.tokens.admin });
    expect(grid.body).toMatchObject({ name: '北片区', version: 1 });
    const tenantA = await api.call('GET', '/api/tenant', { token: a.tokens.admin });
    expect(tenantA.body).toMatchObject({ id: a.id, nameEn: 'Test Town', version: 1 });
  });

  it("refuses tenant A's ids named in tenant B's bodies with 400 naming the field", async () => {
    const venue = await createVenue(api, b);
    const checklist = await checklistFor(api, b.tokens.inspector, 'supermarket');
    const problem = (await api.call('POST', '/api/inspections', { token: b.tokens.inspector, body: inspectionBody(venue.id, checklist, { fail: ['masks'] }) })).body.problems[0];
    expect((await api.call('POST', `/api/problems/${problem.id}/notice`, { token: b.tokens.inspector, body: { version: 1 } })).status).toBe(200);
    const probes: [string, unknown, string][] = [
      [`/api/venues/${venue.id}/suspension`, { version: 1, reason: 'x', inspectionId: aThings.inspectionId }, 'inspectionId'],
      [`/api/problems/${problem.id}/rectification`, { version: 2, note: 'x', photoIds: [aFiles.photoId] }, 'photoIds.0'],
      [`/api/problems/${problem.id}/recheck`, { version: 2, inspectionId: aThings.inspectionId }, 'inspectionId'],
      ['/api/inspections', inspectionBody(venue.id, checklist, { extra: { photoIds: [aFiles.photoId] } }), 'photoIds.0'],
    ];
    for (const [path, body, field] of probes) {
      const res = await api.call('POST', path, { token: b.tokens.inspector, body });
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.issues.map((i: { path: string }) => i.path)).toEqual([field]);
    }
  });

  it("shows a photo within the tenant only to roles that may see its venue (grid scope, industry), 404 to others", async () => {
    // A's venue is a supermarket in 北村一组; a second one in 南村 is outside the inspector's and the north supervisor's grids.
    const south = await createVenue(api, a, { name: '甲方南村超市', gridId: a.grids.southVillage });
    const photoOf = async (venueId: string) => (await api.call('POST', '/api/photos', { token: a.tokens.supervisor, body: { id: ulid(), venueId, contentType: 'image/jpeg', size: 1000 } })).body.photoId as string;
    const [north, southPhoto] = [aFiles.photoId, await photoOf(south.id)];
    const cases: [keyof TestTenant['tokens'], string, number][] = [
      ['admin', north, 200], ['admin', southPhoto, 200],
      ['supervisor', north, 200], ['supervisor', southPhoto, 200],
      ['northSupervisor', north, 200], ['northSupervisor', southPhoto, 404],
      ['inspector', north, 200], ['inspector', southPhoto, 404],
      ['industry', north, 404], ['industry', southPhoto, 404], // supermarkets; this authority oversees shops
    ];
    for (const [who, photoId, status] of cases) {
      expect((await api.call('GET', `/api/photos/${photoId}`, { token: a.tokens[who] })).status, `${who} ${photoId === north ? 'north' : 'south'}`).toBe(status);
    }
    for (const who of ['admin', 'supervisor', 'inspector'] as const) expect((await api.call('GET', `/api/photos/${north}`, { token: b.tokens[who] })).status).toBe(404);
  });

  it("changes the caller's own tenant only, whatever the body says", async () => {
    const res = await api.call('PATCH', '/api/tenant', { token: b.tokens.admin, body: { version: 1, nameEn: 'B renamed', id: a.id } });
    expect(res.status).toBe(400); // unknown field 'id' is refused, not used
    const ok = await api.call('PATCH', '/api/tenant', { token: b.tokens.admin, body: { version: 1, nameEn: 'B renamed' } });
    expect(ok.body).toMatchObject({ id: b.id, nameEn: 'B renamed' });
    expect((await api.call('GET', '/api/tenant', { token: a.tokens.admin })).body.nameEn).toBe('Test Town');
  });

  it("opens a pushed task's row only for the roles the tenant's rule names (residents.pushedLists.unmaskRoles), 404 across tenants", async () => {
    const open = (token: string) => api.call('POST', `/api/pushed-tasks/${aPushed.taskId}/personal`, { token, body: { reason: '电话核查需要' } });
    const before = (await api.call('GET', '/api/rules', { token: a.tokens.admin })).body.residents.pushedLists;
    expect((await open(a.tokens.inspector)).status).toBe(200);
    await setPushedListRules(api, a.tokens.admin, { ...before, unmaskRoles: ['tenant-admin'] });
    for (const who of ['inspector', 'supervisor', 'northSupervisor'] as const) expect((await open(a.tokens[who])).body.reason, who).toBe('role.unmask');
    expect((await open(a.tokens.admin)).status).toBe(200);
    expect((await open(b.tokens.admin)).status).toBe(404);
    await setPushedListRules(api, a.tokens.admin, before);
    expect((await open(a.tokens.inspector)).status).toBe(200);
  });

  it("limits a pushed list to a village supervisor's grids: the list, a task, the export; the routing queue only for tenant-wide roles", async () => {
    const south = await api.tokenFor({ userId: `south-boss-${a.id.slice(-6)}`, tenantId: a.id, roles: ['supervisor'], gridIds: [a.grids.southVillage] });
    const call = (token: string, path: string) => api.call('GET', path, { token });
    expect((await call(a.tokens.supervisor, `/api/pushed-lists/${aPushed.listId}`)).body).toMatchObject({ scoped: false, progress: { received: 2 } });
    expect((await call(a.tokens.northSupervisor, `/api/pushed-lists/${aPushed.listId}`)).body).toMatchObject({ scoped: true, progress: { received: 1 } });
    expect((await call(south, `/api/pushed-lists/${aPushed.listId}`)).body).toMatchObject({ scoped: true, progress: { received: 0 }, grids: [] });
    expect((await call(south, `/api/pushed-tasks/${aPushed.taskId}`)).status).toBe(403);
    expect((await call(south, '/api/pushed-tasks')).body.items).toEqual([]);
    const csv = (await call(south, `/api/pushed-lists/${aPushed.listId}/export.csv`)).body as string;
    expect(csv.split('\r\n').filter((l) => /^\d+,/.test(l))).toEqual([]);
    for (const token of [a.tokens.northSupervisor, south]) expect((await call(token, '/api/pushed-tasks/routing')).body.reason).toBe('scope.routing');
    expect((await call(a.tokens.northSupervisor, `/api/pushed-tasks/${aPushed.routingId}`)).status).toBe(403);
    expect((await call(a.tokens.admin, '/api/pushed-tasks/routing')).body.items.map((t: { id: string }) => t.id)).toEqual([aPushed.routingId]);
  });
});
