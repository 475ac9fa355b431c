/**
 * Data-key rotation over DynamoDB Local: a tenant admin makes a new key version; values keep being
 * sealed with the old one until every process's key cache has expired, then with the new one; the
 * re-seal job moves every person's values to the newest version page by page (a run stopped half-way
 * is finished by the next; a second run changes nothing), after which no person needs the old version
 * to be read. Blind indexes (lookups, duplicates) keep working throughout.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryAll } from '../../shared/data/db';
import { tenantKeys } from '../../shared/data/keys';
import { tenantData } from '../../shared/data/tenant-data';
import type { StoredPerson } from '../../shared/data/residents/stored';
import { CACHE_MS } from '../../shared/personal-data/tenant-cipher';
import { type Api, testApi } from '../support/api';
import { personBody, registerHousehold, residentId } from '../support/residents';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
const PEOPLE = Array.from({ length: 7 }, (_, i) => ({ name: `轮换${'甲乙丙丁戊己庚'[i]}`, idNumber: residentId(`4101841985010${String(i + 10).padStart(2, '0')}12`), phone: `1390000${String(i).padStart(4, '0')}` }));

/** Every person of the tenant as stored (both top-level grids' GSI1 partitions). */
async function stored(): Promise<StoredPerson[]> {
  const keys = tenantKeys(t.id);
  return [...(await queryAll<StoredPerson>(api.db, keys.personsInSubtree(`/${t.grids.north}/`))), ...(await queryAll<StoredPerson>(api.db, keys.personsInSubtree(`/${t.grids.south}/`)))];
}
const versionsOf = (people: StoredPerson[]) => new Set(people.flatMap((p) => [p.nameEnc, p.idNumberEnc, p.phoneEnc, p.birthDateEnc].filter(Boolean).map((v) => v!.split('.')[0])));

beforeAll(async () => {
  api = await testApi();
  t = await createTestTenant(api, 'dk');
  const north = await registerHousehold(api, t.tokens.admin, t.grids.northGroup1);
  const south = await registerHousehold(api, t.tokens.admin, t.grids.southVillage);
  for (const [i, p] of PEOPLE.slice(0, 5).entries()) {
    const res = await api.call('POST', `/api/residents/households/${i % 2 ? south.id : north.id}/persons`, { token: t.tokens.admin, body: personBody(p) });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  }
});

describe('data-key rotation', () => {
  it('rotates, re-seals resumably and idempotently, and then reads every person with the newest version alone', async () => {
    expect((await api.call('POST', '/api/residents/data-key/rotate', { token: t.tokens.supervisor })).status).toBe(403);
    const first = await api.call('GET', '/api/residents/data-key', { token: t.tokens.admin });
    expect(first.body).toMatchObject({ provider: 'local', newest: 1, versions: [{ version: 1 }] });
    const rotated = await api.call('POST', '/api/residents/data-key/rotate', { token: t.tokens.admin });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(201);
    expect(rotated.body.newest).toBe(2);
    expect(rotated.body.versions[1].activeFrom).toBe(new Date(api.clock.now().getTime() + CACHE_MS).toISOString());
    // Not again before this one is re-sealed; no re-seal before the new version is active.
    expect((await api.call('POST', '/api/residents/data-key/rotate', { token: t.tokens.admin })).body.reason).toBe('resident.resealRunning');
    expect((await api.call('POST', '/api/residents/data-key/reseal', { token: t.tokens.admin })).status).toBe(409);

    // Until every cache has expired, new values are still sealed with version 1 (any process can read them).
    const household = await registerHousehold(api, t.tokens.admin, t.grids.northGroup2);
    await api.call('POST', `/api/residents/households/${household.id}/persons`, { token: t.tokens.admin, body: personBody(PEOPLE[5]) });
    expect(versionsOf(await stored())).toEqual(new Set(['k1']));
    api.clock.advance(CACHE_MS + 60_000);
    const sixth = await api.call('POST', `/api/residents/households/${household.id}/persons`, { token: t.tokens.admin, body: personBody(PEOPLE[6]) });
    expect(sixth.status).toBe(201);
    expect(versionsOf(await stored())).toEqual(new Set(['k1', 'k2']));
    // Both versions open: the person sealed with version 2 unmasks, and a lookup by blind index finds them.
    const unmasked = await api.call('POST', `/api/residents/households/${household.id}/persons/${sixth.body.id}/unmask`, { token: t.tokens.admin, body: { reason: '轮换后核对' } });
    expect(unmasked.body.idNumber).toBe(PEOPLE[6].idNumber);
    expect((await api.call('POST', '/api/residents/lookup', { token: t.tokens.admin, body: { idNumber: PEOPLE[0].idNumber } })).body.items).toHaveLength(1);

    // Version 2 alone cannot read everyone yet (the test below could fail).
    const only2 = (await api.deps.personalData.cipherFor(t.id, { onlyVersions: [2] }))!;
    const before = await stored();
    expect(() => before.map((p) => only2.decrypt(p.idNumberEnc!, `person/${p.id}/idNumber`))).toThrow();

    // Killed half-way: the (empty) import chunks, one page of two people, then the job sent by the route finishes from the saved cursor.
    const residents = tenantData(api.db, t.id, { personalData: api.deps.personalData }).residents;
    const half = await residents.reseal.run(() => api.clock.now(), { pageSize: 2, maxPages: 2 });
    expect(half).toMatchObject({ version: 2, status: 'running', at: 1, checked: 2 });
    expect(half!.cursor).toBeDefined();
    const sent = await api.call('POST', '/api/residents/data-key/reseal', { token: t.tokens.admin });
    expect(sent.status).toBe(202);
    await api.jobs.idle();
    const done = (await api.call('GET', '/api/residents/data-key', { token: t.tokens.admin })).body.reseal;
    expect(done).toMatchObject({ version: 2, status: 'done', checked: 7, resealed: 6 });
    const after = await stored();
    expect(versionsOf(after)).toEqual(new Set(['k2']));
    // Run twice: the same result, nothing rewritten.
    const again = await residents.reseal.run(() => api.clock.now());
    expect(again).toMatchObject({ status: 'done', checked: 7, resealed: 6 });
    expect((await stored()).map((p) => [p.id, p.version, p.nameEnc])).toEqual(after.map((p) => [p.id, p.version, p.nameEnc]));

    // The old version is no longer needed to read any person: version 2 alone opens every value.
    for (const p of after) {
      const name = only2.decrypt(p.nameEnc!, `person/${p.id}/name`);
      expect(PEOPLE.map((x) => x.name)).toContain(name);
      expect(only2.decrypt(p.phoneEnc!, `person/${p.id}/phone`)).toBe(PEOPLE.find((x) => x.name === name)!.phone);
      expect(only2.decrypt(p.idNumberEnc!, `person/${p.id}/idNumber`)).toBe(PEOPLE.find((x) => x.name === name)!.idNumber);
    }
    // The blind index key stayed: lookups and duplicates still work.
    expect((await api.call('POST', '/api/residents/lookup', { token: t.tokens.admin, body: { phone: PEOPLE[3].phone } })).body.items).toHaveLength(1);
    const duplicate = await api.call('POST', `/api/residents/households/${household.id}/persons`, { token: t.tokens.admin, body: { ...personBody(PEOPLE[1]), id: ulid() } });
    expect(duplicate.status).toBe(409);
    // Now another rotation is allowed.
    expect((await api.call('POST', '/api/residents/data-key/rotate', { token: t.tokens.admin })).status).toBe(201);
  });
});
