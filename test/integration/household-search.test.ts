/**
 * Finding a household to link someone to (the "found" picker of a pushed task) over DynamoDB Local:
 * by 户号 exactly or a piece of the address, within the caller's grids only; then a pushed task closed
 * as found links the chosen member.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Api, testApi } from '../support/api';
import { PUSHED_HEADER, uploadPushedList } from '../support/pushed-lists';
import { personBody, registerHousehold, residentId } from '../support/residents';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
const homes = { north: '', south: '', northPerson: '' };
const search = (token: string, query: string) => api.call('GET', `/api/residents/household-search?${query}`, { token });
const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((h) => h.id).sort();

beforeAll(async () => {
  api = await testApi({ now: '2026-12-06T01:00:00Z' });
  t = await createTestTenant(api, 'hs');
  homes.north = (await registerHousehold(api, t.tokens.admin, t.grids.northGroup1, { number: 'BC-101', address: { compound: '幸福小区', building: '3', unit: '2', room: '301' } })).id;
  homes.south = (await registerHousehold(api, t.tokens.admin, t.grids.southVillage, { number: 'NC-7', address: { compound: '南湖花园', building: '1', room: '102' } })).id;
  const person = await api.call('POST', `/api/residents/households/${homes.north}/persons`, { token: t.tokens.admin, body: personBody({ name: '赵建国', idNumber: residentId('41018419700101123') }) });
  homes.northPerson = person.body.id;
}, 60_000);

describe('household search', () => {
  it('finds by 户号 or a piece of the address, within my grids only', async () => {
    expect(ids(await search(t.tokens.admin, 'q=BC-101'))).toEqual([homes.north]);
    expect(ids(await search(t.tokens.admin, `q=${encodeURIComponent('3栋')}`))).toEqual([]);
    expect(ids(await search(t.tokens.admin, `q=${encodeURIComponent('幸福小区3')}`))).toEqual([homes.north]);
    expect(ids(await search(t.tokens.admin, `q=${encodeURIComponent('南湖')}`))).toEqual([homes.south]);
    // The inspector works 北村一组: 南村's household is not found, by number or address.
    expect(ids(await search(t.tokens.inspector, 'q=NC-7'))).toEqual([]);
    expect(ids(await search(t.tokens.inspector, `q=${encodeURIComponent('南湖')}`))).toEqual([]);
    expect(ids(await search(t.tokens.inspector, 'q=BC'))).toEqual([homes.north]);
    expect((await search(t.tokens.inspector, `q=BC&grid=${t.grids.southVillage}`)).body.reason).toBe('scope.grid');
    const found = (await search(t.tokens.inspector, 'q=BC-101')).body;
    expect(found).toMatchObject({ more: false, items: [{ id: homes.north, number: 'BC-101', members: 1 }] });
    expect(JSON.stringify(found)).not.toContain('赵建国');
    expect((await search(t.tokens.inspector, 'q=')).status).toBe(400);
  });

  it('gives the member chosen to a pushed task closed as found', async () => {
    await uploadPushedList(api, t.tokens.admin, `${PUSHED_HEADER}\n赵建国,,13900000009,幸福小区,某市,2026-12-05,省大数据局,高\n`, '链接测试');
    const [waiting] = (await api.call('GET', '/api/pushed-tasks/routing', { token: t.tokens.admin })).body.items;
    const routed = await api.call('POST', `/api/pushed-tasks/${waiting.id}/route`, { token: t.tokens.admin, body: { version: waiting.version, gridId: t.grids.northGroup1 } });
    const body = { version: routed.body.version, outcome: 'found', found: { link: { householdId: homes.north, personId: homes.northPerson } } };
    const closed = await api.call('POST', `/api/pushed-tasks/${waiting.id}/outcome`, { token: t.tokens.inspector, body });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'verified', outcome: 'found', linked: { householdId: homes.north, personId: homes.northPerson } });
  });
});
