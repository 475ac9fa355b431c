/**
 * A person who moved household is still found through the (household, person) pair older records keep:
 * a testing record, a pushed-list task's link, a printed person code. Over DynamoDB Local: moved twice,
 * the first household's pair opens them where they live now; a change through an old pair is a 409
 * naming the current household; a tombstone takes the forwardings with it.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { tenantKeys } from '../../shared/data/keys';
import { getRaw, putNew } from '../../shared/data/write';
import { personCode } from '../../shared/domain/testing/record';
import { type Api, testApi } from '../support/api';
import { setPushedListRules, uploadPushedList } from '../support/pushed-lists';
import { personBody, registerHousehold, residentId } from '../support/residents';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { createRound, recordBody } from '../support/testing';

let api: Api;
let t: TestTenant;
let a: { id: string };
let b: { id: string };
let p: { id: string; version: number };
const c = { id: ulid() };

const open = (householdId: string, token = t.tokens.admin) => api.call('GET', `/api/residents/households/${householdId}/persons/${p.id}`, { token });
const move = (from: string, version: number, target: Record<string, unknown>) =>
  api.call('POST', `/api/residents/households/${from}/persons/${p.id}/move`, { token: t.tokens.admin, body: { id: ulid(), version, reason: '搬迁', ...target } });

beforeAll(async () => {
  api = await testApi({ now: '2026-11-25T02:00:00Z' });
  t = await createTestTenant(api, 'pf');
  a = await registerHousehold(api, t.tokens.admin, t.grids.northGroup1);
  b = await registerHousehold(api, t.tokens.admin, t.grids.northGroup1, { address: { building: '8', room: '201' } });
  p = (await api.call('POST', `/api/residents/households/${a.id}/persons`, { token: t.tokens.admin, body: personBody({ name: '冯迁居', idNumber: residentId('41018419680808121') }) })).body;
}, 120_000);

describe('references to a person who moved household', () => {
  it('records made before two moves still open the person where they live now; a sample by the old code lands there', async () => {
    // Records made while they lived in the first household: a sample by their printed code, a pushed-list task linked to them.
    const round = await createRound(api, t.tokens.admin);
    const before = await api.call('POST', '/api/testing/records', { token: t.tokens.inspector, body: recordBody(round.id, { code: personCode(a.id, p.id) }) });
    expect(before.status, JSON.stringify(before.body)).toBe(201);
    expect(before.body).toMatchObject({ householdId: a.id, personId: p.id });
    await setPushedListRules(api, t.tokens.admin, { addressRules: { compounds: [], roads: [{ road: '建设路', from: 1, to: 99, side: 'both', gridId: t.grids.northGroup1 }] }, deadlineDays: 0 });
    await uploadPushedList(api, t.tokens.supervisor, '姓名,电话,地址,风险等级\n冯迁居,13900006666,建设路9号,高\n');
    const task = ((await api.call('GET', '/api/pushed-tasks', { token: t.tokens.inspector })).body.items as any[])[0];
    const linked = await api.call('POST', `/api/pushed-tasks/${task.id}/outcome`, { token: t.tokens.inspector, body: { version: task.version, outcome: 'found', found: { link: { householdId: a.id, personId: p.id } } } });
    expect(linked.body.linked).toEqual({ householdId: a.id, personId: p.id });

    // Moved twice: to b, then to a new household in another grid.
    const first = await move(a.id, p.version, { toHouseholdId: b.id });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const newHousehold = { id: c.id, gridId: t.grids.northGroup2, address: { compound: '新村', building: '2', room: '301' }, tags: [] };
    const second = await move(b.id, first.body.version, { newHousehold });
    expect(second.status, JSON.stringify(second.body)).toBe(201);

    // The first household's pair (the record's, the task's) and the second's open them in the third.
    for (const old of [before.body.householdId, linked.body.linked.householdId, b.id]) {
      const res = await open(old);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ id: p.id, householdId: c.id, gridId: t.grids.northGroup2 });
    }
    const unmasked = await api.call('POST', `/api/residents/households/${a.id}/persons/${p.id}/unmask`, { token: t.tokens.admin, body: { reason: '核对迁居人员信息' } });
    expect(unmasked.status, JSON.stringify(unmasked.body)).toBe(200);
    expect(unmasked.body).toMatchObject({ id: p.id, householdId: c.id, name: '冯迁居' });
    // Opening through an old pair is logged under the household they live in.
    const log = (await api.call('GET', `/api/residents/audit?record=${p.id}`, { token: t.tokens.admin })).body.items as any[];
    expect(log.filter((e) => e.action === 'open-person').map((e) => e.householdId)).toEqual([c.id, c.id, c.id]);
    expect(log.find((e) => e.action === 'unmask')).toMatchObject({ householdId: c.id, reason: '核对迁居人员信息' });
    // The forwarding is no member: the households left list nobody.
    expect((await api.call('GET', `/api/residents/households/${a.id}`, { token: t.tokens.admin })).body.members).toEqual([]);
    // Scope is where they live: a grid member of the first household's grid only may not open them now.
    expect((await open(a.id, t.tokens.inspector)).status).toBe(403);

    // A sample by the old printed code is recorded for the person in their current household.
    const after = await api.call('POST', '/api/testing/records', { token: t.tokens.northSupervisor, body: recordBody(round.id, { code: personCode(a.id, p.id) }) });
    expect(after.status, JSON.stringify(after.body)).toBe(201);
    expect(after.body).toMatchObject({ householdId: c.id, personId: p.id, gridId: t.grids.northGroup2 });
  });

  it('a change through an old pair is a 409 naming where they live now; a tombstone takes the forwardings with it', async () => {
    const now = (await open(c.id)).body;
    const edit = await api.call('PATCH', `/api/residents/households/${a.id}/persons/${p.id}`, { token: t.tokens.admin, body: { version: now.version, tags: [] } });
    expect(edit.status).toBe(409);
    expect(edit.body).toMatchObject({ reason: 'resident.moved', current: { householdId: c.id, personId: p.id } });
    const again = await move(b.id, now.version, { toHouseholdId: a.id });
    expect(again.body).toMatchObject({ reason: 'resident.moved', current: { householdId: c.id } });

    const keys = tenantKeys(t.id);
    expect(await getRaw(api.db, keys.personForward(a.id, p.id))).toMatchObject({ toHouseholdId: b.id });
    const tomb = await api.call('POST', `/api/residents/households/${a.id}/persons/${p.id}/tombstone`, { token: t.tokens.admin, body: { reason: '本人申请删除' } });
    expect(tomb.status, JSON.stringify(tomb.body)).toBe(200);
    expect(tomb.body).toMatchObject({ householdId: c.id, status: 'tombstone' });
    expect(await getRaw(api.db, keys.personForward(a.id, p.id))).toBeUndefined();
    expect(await getRaw(api.db, keys.personForward(b.id, p.id))).toBeUndefined();
    expect((await open(a.id)).status).toBe(404);
    expect((await open(c.id)).body.status).toBe('tombstone');
  });

  it('a forwarding that leads nowhere (a damaged table: a loop) is a 404 after at most 10 hops, not a hang', async () => {
    const keys = tenantKeys(t.id);
    const [x, y, ghost] = [ulid(), ulid(), ulid()];
    const forward = (from: string, to: string) => putNew(api.db, { ...keys.personForward(from, ghost), entity: 'person-forward', personId: ghost, toHouseholdId: to }, 'exists');
    await forward(x, y);
    await forward(y, x);
    const res = await api.call('GET', `/api/residents/households/${x}/persons/${ghost}`, { token: t.tokens.admin });
    expect(res.status).toBe(404);
  });
});
