/**
 * "Found" for a pushed row without an ID number, over DynamoDB Local: the member registers the person
 * in the same step with the document they were shown (the registry's rules: a valid number of its
 * type), idempotent by the client ids (a resend is the same person and task), or links a person
 * already in a household.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Api, testApi } from '../support/api';
import { setPushedListRules, uploadPushedList } from '../support/pushed-lists';
import { personBody, registerHousehold, residentId } from '../support/residents';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
let tasks: Map<string, any>;
let household: { id: string };
let known: { id: string };

const outcome = (task: any, found: unknown) => api.call('POST', `/api/pushed-tasks/${task.id}/outcome`, { token: t.tokens.inspector, body: { version: task.version, outcome: 'found', found } });

beforeAll(async () => {
  api = await testApi({ now: '2026-12-06T01:00:00Z' });
  t = await createTestTenant(api, 'plf');
  await setPushedListRules(api, t.tokens.admin, { addressRules: { compounds: [], roads: [{ road: '建设路', from: 1, to: 99, side: 'both', gridId: t.grids.northGroup1 }] }, deadlineDays: 0 });
  household = await registerHousehold(api, t.tokens.inspector, t.grids.northGroup1);
  known = (await api.call('POST', `/api/residents/households/${household.id}/persons`, { token: t.tokens.inspector, body: personBody({ name: '郑已登', idNumber: residentId('41018419700303303'), relationship: 'spouse' }) })).body;
  // Two rows with a phone only (nobody has it): placed by the address rule, no ID number to register with.
  await uploadPushedList(api, t.tokens.supervisor, '姓名,电话,地址,风险等级\n吴无证,13900007777,建设路3号,高\n冯无证,13900008888,建设路5号,中\n');
  tasks = new Map(((await api.call('GET', '/api/pushed-tasks', { token: t.tokens.inspector })).body.items as any[]).map((x) => [x.name, x]));
  expect(tasks.get('吴**')).toMatchObject({ gridId: t.grids.northGroup1, status: 'open' });
  expect(tasks.get('吴**').idNumber).toBeUndefined();
}, 120_000);

describe('"found" for a row without an ID number', () => {
  it('registers the person with the document shown, in a new household, once however often it is sent', async () => {
    const task = tasks.get('吴**');
    const create = { newHousehold: { id: ulid(), address: { compound: '建设路小区', room: '3号' } }, personId: ulid(), category: 'local-permanent', relationship: 'householder' };
    const noDocument = await outcome(task, { create });
    expect(noDocument.status).toBe(400);
    expect(JSON.stringify(noDocument.body.issues)).toContain('idNumber');
    const badPassport = await outcome(task, { create: { ...create, idType: 'passport', idNumber: 'E1' } });
    expect(badPassport.status).toBe(400);
    expect(badPassport.body.issues[0]).toMatchObject({ path: 'body.found.create.idNumber', params: { reason: 'idNumber.passport' } });
    expect((await outcome(task, { create: { ...create, idType: 'passport' } })).body.issues[0].path).toBe('body.found.create.idNumber');
    const done = await outcome(task, { create: { ...create, idType: 'passport', idNumber: 'e12345678' } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'verified', outcome: 'found', linked: { householdId: create.newHousehold.id, personId: create.personId } });
    // A resend (the phone's outbox) is the same person and the same task.
    const again = await outcome(task, { create: { ...create, idType: 'passport', idNumber: 'e12345678' } });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(done.body.version);
    const file = (await api.call('GET', `/api/residents/households/${create.newHousehold.id}`, { token: t.tokens.inspector })).body;
    expect(file.members).toHaveLength(1);
    expect(file.members[0]).toMatchObject({ id: create.personId, idType: 'passport', gridId: t.grids.northGroup1 });
    expect(JSON.stringify(file)).not.toContain('E12345678');
  });

  it('links a person already registered in a household instead', async () => {
    const task = tasks.get('冯**');
    const res = await outcome(task, { link: { householdId: household.id, personId: known.id } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'verified', linked: { householdId: household.id, personId: known.id } });
  });
});

describe("opening a task's row unmasked: the tenant's rule", () => {
  it('lets grid members by default; the rule can keep it to supervisors and admins; each opening audited', async () => {
    const task = tasks.get('冯**');
    const open = (token: string) => api.call('POST', `/api/pushed-tasks/${task.id}/personal`, { token, body: { reason: '电话核查需要' } });
    const byMember = await open(t.tokens.inspector);
    expect(byMember.status).toBe(200);
    expect(byMember.body).toMatchObject({ name: '冯无证', phone: '13900008888', masked: false });
    await setPushedListRules(api, t.tokens.admin, { addressRules: { compounds: [], roads: [] }, deadlineDays: 0, unmaskRoles: ['tenant-admin', 'supervisor'] });
    const refused = await open(t.tokens.inspector);
    expect(refused.status).toBe(403);
    expect(refused.body.reason).toBe('role.unmask');
    expect((await open(t.tokens.northSupervisor)).status).toBe(200);
    const rules = (await api.call('GET', '/api/rules', { token: t.tokens.admin })).body;
    expect(rules.residents.pushedLists.unmaskRoles).toEqual(['tenant-admin', 'supervisor']);
    // Indexed by the person the task was linked to.
    const log = (await api.call('GET', `/api/residents/audit?record=${known.id}`, { token: t.tokens.admin })).body.items;
    expect(log.map((e: any) => [e.action, e.userId])).toEqual([
      ['open-pushed-task', t.users.northSupervisor],
      ['open-pushed-task', t.users.inspector],
    ]);
    // A rule naming a role twice is refused, naming the field.
    const current = (await api.call('GET', '/api/rules', { token: t.tokens.admin })).body;
    const { updatedAt: _a, updatedBy: _b, ...body } = current;
    const twice = await api.call('PUT', '/api/rules', { token: t.tokens.admin, body: { ...body, residents: { ...body.residents, pushedLists: { ...body.residents.pushedLists, unmaskRoles: ['inspector', 'inspector'] } } } });
    expect(twice.status).toBe(400);
    expect(twice.body.issues[0].path).toBe('body.residents.pushedLists.unmaskRoles');
  });
});
