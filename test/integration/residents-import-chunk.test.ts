/**
 * The repository function an import job calls (data.residents.imports.addChunk): a chunk of
 * households and people in one transaction, counters aggregated per grid, duplicates against the
 * registry reported (not written), a retried chunk recognised.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { tenantData } from '../../shared/data/tenant-data';
import { PersonInput } from '../../shared/domain/residents/person';
import { HouseholdInput } from '../../shared/domain/residents/household';
import { type Api, testApi } from '../support/api';
import { personBody, registerHousehold, residentId } from '../support/residents';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;

beforeAll(async () => {
  api = await testApi();
  t = await createTestTenant(api, 'ri');
});

describe('an import chunk', () => {
  it('writes households and people with one counter update per grid, reports duplicates, and recognises a retry', async () => {
    // Someone registered by hand already.
    const byHand = await registerHousehold(api, t.tokens.admin, t.grids.northGroup2);
    const taken = residentId('41018419700101001');
    expect((await api.call('POST', `/api/residents/households/${byHand.id}/persons`, { token: t.tokens.admin, body: personBody({ name: '甲', idNumber: taken }) })).status).toBe(201);

    const households = [0, 1].map((i) => HouseholdInput.parse({ id: ulid(), gridId: i ? t.grids.northGroup1 : t.grids.southVillage, number: `IMP-${i}`, address: { room: `${i}01` }, tags: ['permanent'] }));
    const people = [
      { householdId: households[0].id, input: PersonInput.parse(personBody({ name: '乙', idNumber: residentId('41018419800101002'), category: 'local-temporary' })) },
      { householdId: households[0].id, input: PersonInput.parse(personBody({ name: '丙', idNumber: residentId('41018419800101003'), relationship: 'child' })) },
      { householdId: households[1].id, input: PersonInput.parse(personBody({ name: '丁', idNumber: residentId('41018419800101004') })) },
      { householdId: households[1].id, input: PersonInput.parse(personBody({ name: '戊', idNumber: taken })) },
      { householdId: byHand.id, input: PersonInput.parse(personBody({ name: '己', idNumber: residentId('41018419800101005'), relationship: 'child' })) },
    ];
    const imports = tenantData(api.db, t.id, { personalData: api.deps.personalData }).residents.imports;
    const first = await imports.addChunk('importer', { households, people }, { now: api.clock.now(), shard: 3 });
    expect(first).toEqual({ written: 4, duplicates: [{ row: 3, householdId: byHand.id, personId: expect.any(String) }], alreadyWritten: 0 });

    const tenantWide = (await api.call('GET', '/api/residents/figures', { token: t.tokens.supervisor })).body.total;
    expect(tenantWide).toMatchObject({ households: 3, people: 5, 'c:local-temporary': 1, 'c:local-permanent': 4 });
    const file = (await api.call('GET', `/api/residents/households/${byHand.id}`, { token: t.tokens.admin })).body;
    expect(file.household.members).toBe(2);
    expect((await api.call('GET', `/api/residents/households/${households[0].id}`, { token: t.tokens.admin })).body.household.members).toBe(2);

    const again = await imports.addChunk('importer', { households, people }, { now: api.clock.now(), shard: 3 });
    expect(again).toMatchObject({ written: 0, alreadyWritten: 4 });
    expect((await api.call('GET', '/api/residents/figures', { token: t.tokens.supervisor })).body.total.people).toBe(5);
  });
});

describe('concurrent writes to one grid', () => {
  it('all land, each counted once (transactions on the same counter shard are sent again)', async () => {
    const household = await registerHousehold(api, t.tokens.admin, t.grids.southVillage);
    const peopleBefore = (await api.call('GET', `/api/residents/figures?grid=${t.grids.southVillage}`, { token: t.tokens.admin })).body.total.people ?? 0;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => api.call('POST', `/api/residents/households/${household.id}/persons`, { token: t.tokens.admin, body: personBody({ name: '并发', idNumber: residentId(`41018419900101${100 + i}`) }) })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect((await api.call('GET', `/api/residents/households/${household.id}`, { token: t.tokens.admin })).body.household.members).toBe(8);
    expect((await api.call('GET', `/api/residents/figures?grid=${t.grids.southVillage}`, { token: t.tokens.admin })).body.total.people).toBe(peopleBefore + 8);
  });
});
