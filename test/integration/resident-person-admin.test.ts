/**
 * Moving a person between households (and grids) and tombstoning one on request, through the API over
 * DynamoDB Local: one transaction each, version-checked, resend-safe, in scope at both ends, and the
 * figures of both grids following.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { tenantKeys } from '../../shared/data/keys';
import { getRaw } from '../../shared/data/write';
import { type Api, testApi } from '../support/api';
import { personBody, registerHousehold, residentId } from '../support/residents';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;

const figures = async (gridId: string) => (await api.call('GET', `/api/residents/figures?grid=${gridId}`, { token: t.tokens.admin })).body.total as Record<string, number>;
const file = async (householdId: string) => (await api.call('GET', `/api/residents/households/${householdId}`, { token: t.tokens.admin })).body;
const person = async (householdId: string, body: ReturnType<typeof personBody>, token = t.tokens.inspector) => {
  const res = await api.call('POST', `/api/residents/households/${householdId}/persons`, { token, body });
  if (res.status !== 201) throw new Error(`person: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; version: number; householdId: string };
};

beforeAll(async () => {
  api = await testApi();
  t = await createTestTenant(api, 'pm');
});

describe('moving a person between households', () => {
  it('moves within a grid: one transaction, both households, the identity index, history; a resend is the same move', async () => {
    const a = await registerHousehold(api, t.tokens.inspector, t.grids.northGroup1);
    const b = await registerHousehold(api, t.tokens.inspector, t.grids.northGroup1, { tags: ['party-member'] });
    const idNumber = residentId('41018419700303111');
    const p = await person(a.id, personBody({ name: '赵移居', idNumber, category: 'local-permanent', tags: ['party-member'] }));
    const before = await figures(t.grids.northGroup1);

    const body = { id: ulid(), version: p.version, reason: '投靠子女', toHouseholdId: b.id, relationship: 'parent' };
    const path = `/api/residents/households/${a.id}/persons/${p.id}/move`;
    const stale = await api.call('POST', path, { token: t.tokens.inspector, body: { ...body, id: ulid(), version: p.version + 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(p.version);
    const moved = await api.call('POST', path, { token: t.tokens.inspector, body });
    expect(moved.status, JSON.stringify(moved.body)).toBe(201);
    expect(moved.body).toMatchObject({ id: p.id, householdId: b.id, gridId: t.grids.northGroup1, relationship: 'parent', version: p.version + 1, masked: true, name: '赵**' });
    expect(moved.body.moves).toEqual([expect.objectContaining({ id: body.id, fromHouseholdId: a.id, toHouseholdId: b.id, reason: '投靠子女' })]);
    const resent = await api.call('POST', path, { token: t.tokens.inspector, body });
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ householdId: b.id, version: p.version + 1 });
    // The same move id for another target is a conflict, not a second move.
    expect((await api.call('POST', path, { token: t.tokens.inspector, body: { ...body, toHouseholdId: a.id } })).status).toBe(409);

    const [fromFile, toFile] = [await file(a.id), await file(b.id)];
    expect(fromFile.household.members).toBe(0);
    expect(fromFile.members).toEqual([]);
    expect(fromFile.history[0]).toMatchObject({ action: 'person-moved-out', personId: p.id, changes: [{ field: 'householdId', from: a.id, to: b.id }] });
    expect(toFile.household.members).toBe(1);
    expect(toFile.members.map((m: { id: string }) => m.id)).toEqual([p.id]);
    expect(toFile.history[0]).toMatchObject({ action: 'person-moved-in', personId: p.id });
    expect(await getRaw(api.db, tenantKeys(t.id).person(a.id, p.id))).toBeUndefined();
    // The identity index follows: a lookup finds them in the new household, a second registration points there.
    const found = await api.call('POST', '/api/residents/lookup', { token: t.tokens.admin, body: { idNumber } });
    expect(found.body.items.map((x: { householdId: string }) => x.householdId)).toEqual([b.id]);
    const duplicate = await api.call('POST', `/api/residents/households/${a.id}/persons`, { token: t.tokens.inspector, body: personBody({ name: '赵移居', idNumber }) });
    expect(duplicate.body.existing).toMatchObject({ householdId: b.id, personId: p.id });
    // Inside one grid no figure changes.
    expect(await figures(t.grids.northGroup1)).toEqual(before);
    // The person's file is read at its new place; the old place forwards there (person-forwards.test.ts).
    expect((await api.call('GET', `/api/residents/households/${b.id}/persons/${p.id}`, { token: t.tokens.inspector })).status).toBe(200);
    expect((await api.call('GET', `/api/residents/households/${a.id}/persons/${p.id}`, { token: t.tokens.inspector })).body.householdId).toBe(b.id);
  });

  it('moves to a new household in another grid in the same call; the figures of both grids follow', async () => {
    const a = await registerHousehold(api, t.tokens.admin, t.grids.northGroup1);
    const p = await person(a.id, personBody({ name: '钱分户', idNumber: residentId('41018419750505222'), category: 'nonlocal-permanent', tags: ['disabled'] }), t.tokens.admin);
    const [g1, g2, v0] = [await figures(t.grids.northGroup1), await figures(t.grids.northGroup2), await figures(t.grids.northVillage)];
    const newHousehold = { id: ulid(), gridId: t.grids.northGroup2, number: `NEW-${Date.now() % 100000}`, address: { compound: '新村', building: '1', room: '101' }, tags: ['permanent'] };
    const moved = await api.call('POST', `/api/residents/households/${a.id}/persons/${p.id}/move`, { token: t.tokens.northSupervisor, body: { id: ulid(), version: p.version, reason: '分户', newHousehold, relationship: 'householder' } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(201);
    expect(moved.body).toMatchObject({ householdId: newHousehold.id, gridId: t.grids.northGroup2, relationship: 'householder' });
    const [h1, h2] = [await figures(t.grids.northGroup1), await figures(t.grids.northGroup2)];
    expect(h1.people).toBe(g1.people - 1);
    expect(h1['c:nonlocal-permanent'] ?? 0).toBe((g1['c:nonlocal-permanent'] ?? 0) - 1);
    expect(h1['pt:disabled'] ?? 0).toBe((g1['pt:disabled'] ?? 0) - 1);
    expect(h1.households).toBe(g1.households);
    expect(h2.people).toBe((g2.people ?? 0) + 1);
    expect(h2['c:nonlocal-permanent']).toBe((g2['c:nonlocal-permanent'] ?? 0) + 1);
    expect(h2['pt:disabled']).toBe((g2['pt:disabled'] ?? 0) + 1);
    expect(h2.households).toBe((g2.households ?? 0) + 1);
    expect(h2['ht:permanent']).toBe((g2['ht:permanent'] ?? 0) + 1);
    // The village above both: the same people, one household more.
    const village = await figures(t.grids.northVillage);
    expect(village).toEqual({ ...v0, households: v0.households + 1, 'ht:permanent': v0['ht:permanent'] + 1 });
    expect((await file(newHousehold.id)).household).toMatchObject({ gridId: t.grids.northGroup2, members: 1, number: newHousehold.number });
  });

  it('checks scope at both ends: a grid member cannot move someone into a household outside their grids, nor out of one', async () => {
    const mine = await registerHousehold(api, t.tokens.inspector, t.grids.northGroup1);
    const theirs = await registerHousehold(api, t.tokens.admin, t.grids.northGroup2);
    const p = await person(mine.id, personBody({ name: '孙不动', idNumber: residentId('41018419800808333') }));
    const q = await person(theirs.id, personBody({ name: '李别处', idNumber: residentId('41018419810909444') }), t.tokens.admin);
    const into = await api.call('POST', `/api/residents/households/${mine.id}/persons/${p.id}/move`, { token: t.tokens.inspector, body: { id: ulid(), version: p.version, reason: '越界', toHouseholdId: theirs.id } });
    expect(into.status).toBe(403);
    const newOutside = await api.call('POST', `/api/residents/households/${mine.id}/persons/${p.id}/move`, {
      token: t.tokens.inspector,
      body: { id: ulid(), version: p.version, reason: '越界', newHousehold: { id: ulid(), gridId: t.grids.southVillage, address: { room: '1' } } },
    });
    expect(newOutside.status).toBe(403);
    const outOf = await api.call('POST', `/api/residents/households/${theirs.id}/persons/${q.id}/move`, { token: t.tokens.inspector, body: { id: ulid(), version: q.version, reason: '越界', toHouseholdId: mine.id } });
    expect(outOf.status).toBe(403);
    const nowhere = await api.call('POST', `/api/residents/households/${mine.id}/persons/${p.id}/move`, { token: t.tokens.inspector, body: { id: ulid(), version: p.version, reason: '不存在', toHouseholdId: ulid() } });
    expect(nowhere.status).toBe(404);
    const same = await api.call('POST', `/api/residents/households/${mine.id}/persons/${p.id}/move`, { token: t.tokens.inspector, body: { id: ulid(), version: p.version, reason: '同户', toHouseholdId: mine.id } });
    expect(same.status).toBe(400);
    expect(same.body.issues[0].path).toBe('body.toHouseholdId');
    const both = await api.call('POST', `/api/residents/households/${mine.id}/persons/${p.id}/move`, { token: t.tokens.inspector, body: { id: ulid(), version: p.version, reason: '两者', toHouseholdId: theirs.id, newHousehold: { id: ulid(), gridId: t.grids.northGroup1, address: { room: '1' } } } });
    expect(both.status).toBe(400);
    expect((await file(mine.id)).members.map((m: { id: string }) => m.id)).toEqual([p.id]);
  });
});

describe('tombstoning one person on request', () => {
  it('is a tenant admin act with a reason, audited first; the person is counted out and reduced like the retention job does; a resend is the same', async () => {
    const h = await registerHousehold(api, t.tokens.inspector, t.grids.northGroup1);
    const idNumber = residentId('41018419900101555');
    const p = await person(h.id, personBody({ name: '周删除', idNumber, phone: '13612345678', category: 'local-permanent' }));
    const before = await figures(t.grids.northGroup1);
    const path = `/api/residents/households/${h.id}/persons/${p.id}/tombstone`;
    expect((await api.call('POST', path, { token: t.tokens.inspector, body: { reason: '本人申请删除' } })).status).toBe(403);
    expect((await api.call('POST', path, { token: t.tokens.supervisor, body: { reason: '本人申请删除' } })).status).toBe(403);
    expect((await api.call('POST', path, { token: t.tokens.admin, body: {} })).status).toBe(400);
    const gone = await api.call('POST', path, { token: t.tokens.admin, body: { reason: '本人申请删除（个人信息保护法第四十七条）' } });
    expect(gone.status, JSON.stringify(gone.body)).toBe(200);
    expect(gone.body).toMatchObject({ id: p.id, status: 'tombstone', name: '—', idNumber: '—' });
    expect(gone.body.phone).toBeUndefined();
    const raw = await getRaw(api.db, tenantKeys(t.id).person(h.id, p.id));
    for (const field of ['nameEnc', 'idNumberEnc', 'idBlind', 'phoneEnc', 'phoneBlind', 'birthDateEnc', 'gsi2pk']) expect(raw?.[field], field).toBeUndefined();
    const again = await api.call('POST', path, { token: t.tokens.admin, body: { reason: '本人申请删除（个人信息保护法第四十七条）' } });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(gone.body.version);

    const after = await figures(t.grids.northGroup1);
    expect(after.people).toBe(before.people - 1);
    expect(after['c:local-permanent']).toBe(before['c:local-permanent'] - 1);
    const f = await file(h.id);
    expect(f.household.members).toBe(0);
    expect(f.history[0]).toMatchObject({ action: 'person-tombstoned', by: t.users.admin, personId: p.id });
    const log = await api.call('GET', `/api/residents/audit?record=${p.id}`, { token: t.tokens.admin });
    expect(log.body.items.filter((e: { action: string }) => e.action === 'tombstone')[0]).toMatchObject({ userId: t.users.admin, reason: '本人申请删除（个人信息保护法第四十七条）', householdId: h.id });
    // The document is free again, and nothing finds the person by it.
    expect((await api.call('POST', '/api/residents/lookup', { token: t.tokens.admin, body: { idNumber } })).body.items).toEqual([]);
    await person(h.id, personBody({ name: '周删除', idNumber }));
  });

  it('tombstones someone who already moved out (their retention entry goes with it)', async () => {
    const h = await registerHousehold(api, t.tokens.inspector, t.grids.northGroup1);
    const p = await person(h.id, personBody({ name: '吴已迁', idNumber: residentId('41018419910202666') }));
    const ended = await api.call('POST', `/api/residents/households/${h.id}/persons/${p.id}/end`, { token: t.tokens.inspector, body: { version: p.version, reason: 'moved-out', endedOn: '2026-11-20' } });
    expect(ended.status).toBe(200);
    const before = await figures(t.grids.northGroup1);
    const gone = await api.call('POST', `/api/residents/households/${h.id}/persons/${p.id}/tombstone`, { token: t.tokens.admin, body: { reason: '管理员决定删除' } });
    expect(gone.body).toMatchObject({ status: 'tombstone', endedOn: '2026-11-20', endReason: 'moved-out' });
    expect(await figures(t.grids.northGroup1)).toEqual(before);
    expect(await getRaw(api.db, tenantKeys(t.id).retentionEntry('2026-11-20', h.id, p.id))).toBeUndefined();
  });
});
