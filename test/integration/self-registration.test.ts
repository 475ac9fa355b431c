/**
 * Self-registration by QR code (扫码登记) over DynamoDB Local: codes, the public form (receipt only,
 * the same answer for registered and unregistered people, tampered / retired / other-tenant codes
 * refused), and the review queue (confirm, merge, reject) with the day's figures.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Api, testApi } from '../support/api';
import { personBody, registerHousehold, residentId, wrongCheckDigit } from '../support/residents';
import { setTenantStatus } from '../support/platform';
import { makeRegistrationCode, registrationForm } from '../support/self-registration';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let a: TestTenant;
let b: TestTenant;
let code: { id: string; token: string };

const submit = (body: unknown) => api.call('POST', '/api/public/registrations', { body });
const queue = (token: string, query = '') => api.call('GET', `/api/self-registration/submissions${query}`, { token });

beforeAll(async () => {
  api = await testApi();
  [a, b] = await Promise.all([createTestTenant(api, 'sr'), createTestTenant(api, 'sb')]);
  code = await makeRegistrationCode(api, a.tokens.supervisor, { gridId: a.grids.northGroup1 });
});

describe('registration codes', () => {
  it('are made by supervisors and admins, not inspectors; a resend is the same code', async () => {
    const body = { id: ulid(), label: '南村登记码', gridId: a.grids.southVillage };
    const made = await api.call('POST', '/api/self-registration/codes', { token: a.tokens.admin, body });
    expect(made.status).toBe(201);
    expect(made.body.token).toMatch(/^GR1\.k1\./);
    expect((await api.call('POST', '/api/self-registration/codes', { token: a.tokens.admin, body })).status).toBe(200);
    expect((await api.call('POST', '/api/self-registration/codes', { token: a.tokens.inspector, body: { ...body, id: ulid() } })).status).toBe(403);
    const compoundWithoutGrid = await api.call('POST', '/api/self-registration/codes', { token: a.tokens.admin, body: { id: ulid(), label: 'x', compound: '幸福小区' } });
    expect(compoundWithoutGrid.status).toBe(400);
    expect(compoundWithoutGrid.body.issues[0].path).toBe('body.gridId');
  });

  it('give the public form its set-up: tenant, categories, purpose statement', async () => {
    const form = await api.call('GET', `/api/public/registrations/form?code=${encodeURIComponent(code.token)}`);
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ tenantName: '测试镇', label: '北村一组登记码', purpose: { version: 1 } });
    expect(form.body.categories.map((c: { code: string }) => c.code)).toContain('nonlocal-temporary');
  });
});

describe('the public form', () => {
  it('answers with a receipt only; a resend is the same receipt', async () => {
    const form = registrationForm(code.token);
    const first = await submit(form);
    expect(first.status).toBe(202);
    expect(Object.keys(first.body).sort()).toEqual(['receipt', 'receivedAt']);
    expect(first.body.receipt).toBe(`R-${form.id.slice(-8)}`);
    const again = await submit(form);
    expect(again).toMatchObject({ status: 202, body: first.body });
    // The same id with another body is not a resend.
    expect((await submit({ ...form, name: '别人' })).status).toBe(409);
  });

  it('gives the same answer whether or not the person is already registered (no enumeration)', async () => {
    const known = residentId('41018419850505123');
    const household = await registerHousehold(api, a.tokens.inspector, a.grids.northGroup1);
    expect((await api.call('POST', `/api/residents/households/${household.id}/persons`, { token: a.tokens.inspector, body: personBody({ name: '李已登', idNumber: known }) })).status).toBe(201);
    const registered = await submit(registrationForm(code.token, { idNumber: known, name: '李已登' }));
    const stranger = await submit(registrationForm(code.token));
    expect(registered.status).toBe(stranger.status);
    expect(Object.keys(registered.body).sort()).toEqual(Object.keys(stranger.body).sort());
    expect([...registered.headers.keys()].filter((h) => h !== 'x-request-id').sort()).toEqual([...stranger.headers.keys()].filter((h) => h !== 'x-request-id').sort());
  });

  it('refuses a tampered code, another tenant’s key, a retired code — all alike', async () => {
    const parts = code.token.split('.');
    const tampered = [...parts.slice(0, 3), ulid(), parts[4]].join('.');
    const otherTenant = [parts[0], parts[1], b.id, parts[3], parts[4]].join('.');
    for (const token of [tampered, otherTenant, 'GR1.k1.x.y.z', `${code.token}x`]) {
      const res = await submit(registrationForm(token));
      expect(res.status, token).toBe(403);
      expect(res.body.error).toBe('code_refused');
    }
    const retiring = await makeRegistrationCode(api, a.tokens.admin, { gridId: a.grids.north, label: '将停用' });
    expect((await submit(registrationForm(retiring.token))).status).toBe(202);
    expect((await api.call('POST', `/api/self-registration/codes/${retiring.id}/retire`, { token: a.tokens.admin })).status).toBe(200);
    expect((await submit(registrationForm(retiring.token))).body.error).toBe('code_refused');
    expect((await api.call('GET', `/api/public/registrations/form?code=${encodeURIComponent(retiring.token)}`)).status).toBe(403);
  });

  it('validates strictly, naming the field: check digit, consent, unknown fields, category', async () => {
    const bad = await submit(registrationForm(code.token, { idNumber: wrongCheckDigit(residentId('41018419900101777')) }));
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toContain('body.idNumber');
    expect((await submit(registrationForm(code.token, { consent: false }))).body.issues[0].path).toBe('body.consent');
    expect((await submit(registrationForm(code.token, { tenantId: b.id }))).status).toBe(400);
    const category = await submit(registrationForm(code.token, { category: 'martian' }));
    expect(category.status).toBe(400);
    expect(category.body.issues[0].path).toBe('body.category');
    expect((await submit(registrationForm(code.token, { purposeVersion: 7 }))).status).toBe(409);
    const big = await api.call('POST', '/api/public/registrations', { body: JSON.stringify({ ...registrationForm(code.token), arrivedFrom: 'x'.repeat(5000) }) });
    expect(big.status).toBe(413);
  });

  it("writes only to the code's tenant", async () => {
    const form = registrationForm(code.token, { name: '甲方登记人' });
    expect((await submit(form)).status).toBe(202);
    const inA = await queue(a.tokens.admin, '?limit=100');
    expect(inA.body.items.map((s: { id: string }) => s.id)).toContain(form.id);
    const inB = await queue(b.tokens.admin, '?limit=100');
    expect(inB.status).toBe(200);
    expect(inB.body.items).toEqual([]);
    expect((await api.call('GET', `/api/self-registration/submissions/${form.id}`, { token: b.tokens.admin })).status).toBe(404);
  });
});

describe('the review queue', () => {
  it('shows the grid members their pending submissions, masked, with the registered person offered', async () => {
    const known = residentId('41018419770707123');
    const household = await registerHousehold(api, a.tokens.inspector, a.grids.northGroup1);
    const person = await api.call('POST', `/api/residents/households/${household.id}/persons`, { token: a.tokens.inspector, body: personBody({ name: '赵老住户', idNumber: known }) });
    const form = registrationForm(code.token, { idNumber: known, name: '赵老住户' });
    await submit(form);
    const list = await queue(a.tokens.inspector, '?limit=100');
    const item = list.body.items.find((s: { id: string }) => s.id === form.id);
    expect(item).toMatchObject({ status: 'pending', name: '赵***', idNumber: `${known.slice(0, 4)}**********${known.slice(-4)}`, match: { personId: person.body.id, householdId: household.id } });
    expect(JSON.stringify(list.body)).not.toContain(known);
    // The south grid's supervisor-free inspector of another grid sees nothing of it: a scoped reviewer.
    const south = await api.tokenFor({ tenantId: a.id, userId: `south-${a.id}`, roles: ['inspector'], gridIds: [a.grids.south] });
    expect((await queue(south, '?limit=100')).body.items.map((s: { id: string }) => s.id)).not.toContain(form.id);
    expect((await api.call('POST', `/api/self-registration/submissions/${form.id}/decision`, { token: south, body: { action: 'reject', version: 1, reason: '不是本组' } })).status).toBe(403);

    const merged = await api.call('POST', `/api/self-registration/submissions/${form.id}/decision`, { token: a.tokens.inspector, body: { action: 'merge', version: 1, householdId: household.id, personId: person.body.id } });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ status: 'merged', personId: person.body.id, version: 2 });
    expect((await queue(a.tokens.inspector, '?limit=100')).body.items.map((s: { id: string }) => s.id)).not.toContain(form.id);
    // Deciding twice: the version is stale.
    expect((await api.call('POST', `/api/self-registration/submissions/${form.id}/decision`, { token: a.tokens.inspector, body: { action: 'reject', version: 1, reason: '重复' } })).status).toBe(409);
  });

  it('confirms into a new household (the registry makes household and person); a resent confirm repeats nothing', async () => {
    const form = registrationForm(code.token, { name: '孙新来', householdNumber: `SR-${Date.now()}` });
    await submit(form);
    const body = { action: 'confirm', version: 1, personId: ulid(), newHouseholdId: ulid(), relationship: 'householder' };
    const confirmed = await api.call('POST', `/api/self-registration/submissions/${form.id}/decision`, { token: a.tokens.inspector, body });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', personId: body.personId, householdId: body.newHouseholdId });
    const file = await api.call('GET', `/api/residents/households/${body.newHouseholdId}`, { token: a.tokens.inspector });
    expect(file.body.household).toMatchObject({ gridId: a.grids.northGroup1, address: form.address, members: 1 });
    expect(file.body.members[0]).toMatchObject({ id: body.personId, name: '孙**', category: 'nonlocal-temporary', movedInOn: '2026-11-20' });
    const again = await api.call('POST', `/api/self-registration/submissions/${form.id}/decision`, { token: a.tokens.inspector, body });
    expect(again.status).toBe(409);
    expect((await api.call('GET', `/api/residents/households/${body.newHouseholdId}`, { token: a.tokens.inspector })).body.household.members).toBe(1);
  });

  it('confirms into an existing household, and rejects with a reason; the day’s figures count it all', async () => {
    const household = await registerHousehold(api, a.tokens.inspector, a.grids.northGroup1);
    const joining = registrationForm(code.token, { name: '钱家人' });
    const spam = registrationForm(code.token, { name: '乱填的' });
    await submit(joining);
    await submit(spam);
    const joined = await api.call('POST', `/api/self-registration/submissions/${joining.id}/decision`, { token: a.tokens.supervisor, body: { action: 'confirm', version: 1, personId: ulid(), householdId: household.id, relationship: 'child' } });
    expect(joined.body).toMatchObject({ status: 'confirmed', householdId: household.id });
    const both = await api.call('POST', `/api/self-registration/submissions/${joining.id}/decision`, { token: a.tokens.supervisor, body: { action: 'confirm', version: 2, personId: ulid(), householdId: household.id, newHouseholdId: ulid() } });
    expect(both.status).toBe(409);
    const rejected = await api.call('POST', `/api/self-registration/submissions/${spam.id}/decision`, { token: a.tokens.supervisor, body: { action: 'reject', version: 1, reason: '信息不实' } });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '信息不实' });
    const figures = await api.call('GET', '/api/self-registration/figures?date=2026-11-25', { token: a.tokens.admin });
    expect(figures.status).toBe(200);
    const row = figures.body.rows.find((r: { gridId: string; category: string }) => r.gridId === a.grids.northGroup1 && r.category === 'nonlocal-temporary');
    expect(row.submitted).toBeGreaterThanOrEqual(8);
    expect(row).toMatchObject({ merged: 1 });
    expect(row.confirmed).toBe(2);
    expect(row.rejected).toBe(1);
    expect(figures.body.total.submitted).toBeGreaterThanOrEqual(row.submitted);
  });
});

describe('the poster', () => {
  it('prints the code as a QR of the public form’s address, on the venue-code sheet', async () => {
    const poster = await api.app.request(`/api/self-registration/codes/${code.id}/poster.html?origin=${encodeURIComponent('https://gw.example.cn')}`, { headers: { authorization: `Bearer ${a.tokens.supervisor}` } });
    expect(poster.status).toBe(200);
    const page = await poster.text();
    expect(page).toContain('北村一组登记码');
    expect(page).toContain('扫码登记 Self-registration');
    expect(page).toContain('<svg class="qr"');
    expect((await api.call('GET', `/api/self-registration/codes/${code.id}/poster.html?origin=javascript:alert(1)`, { token: a.tokens.supervisor })).status).toBe(400);
    expect((await api.call('GET', `/api/self-registration/codes/${code.id}/poster.html`, { token: a.tokens.inspector })).status).toBe(403);
  });
});

describe("a suspended tenant's codes", () => {
  it('are refused like a retired code, on the form and its submission, and nothing is written; active again, they work', async () => {
    const c = await createTestTenant(api, 'ss');
    const cCode = await makeRegistrationCode(api, c.tokens.supervisor, { gridId: c.grids.northGroup1 });
    const formPath = `/api/public/registrations/form?code=${encodeURIComponent(cCode.token)}`;
    expect((await api.call('GET', formPath)).status).toBe(200);
    expect((await submit(registrationForm(cCode.token))).status).toBe(202);
    const retired = await makeRegistrationCode(api, c.tokens.supervisor, { gridId: c.grids.northGroup1, label: '旧码' });
    expect((await api.call('POST', `/api/self-registration/codes/${retired.id}/retire`, { token: c.tokens.supervisor })).status).toBe(200);
    const retiredAnswer = (await submit(registrationForm(retired.token))).body;

    await setTenantStatus(api, c.id, 'suspended');
    const form = registrationForm(cCode.token);
    for (const res of [await api.call('GET', formPath), await submit(form)]) {
      expect(res.status).toBe(403);
      expect({ ...res.body, requestId: 'x' }).toEqual({ ...retiredAnswer, requestId: 'x' });
    }
    await setTenantStatus(api, c.id, 'active');
    const pending = (await queue(c.tokens.supervisor)).body.items.map((s: { id: string }) => s.id);
    expect(pending).toHaveLength(1);
    expect(pending).not.toContain(form.id);
    expect((await submit(registrationForm(cCode.token))).status).toBe(202);
  });
});
