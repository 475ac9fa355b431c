import { beforeAll, describe, expect, it } from 'vitest';
import { tenantData } from '../../shared/data/tenant-data';
import { type Api, testApi } from '../support/api';
import { createVenue } from '../support/field';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
beforeAll(async () => {
  api = await testApi();
  t = await createTestTenant(api, 'grid');
});

const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((g) => g.id);

describe('grids', () => {
  it('lists the tree in path order, and a scoped supervisor only their subtree', async () => {
    const all = await api.call('GET', '/api/grids', { token: t.tokens.admin });
    expect(ids(all)).toEqual([t.grids.north, t.grids.northVillage, t.grids.northGroup1, t.grids.northGroup2, t.grids.south, t.grids.southVillage]);
    expect(all.body.items[2]).toMatchObject({ level: 3, parentId: t.grids.northVillage });
    const north = await api.call('GET', '/api/grids', { token: t.tokens.northSupervisor });
    expect(ids(north)).toEqual([t.grids.north, t.grids.northVillage, t.grids.northGroup1, t.grids.northGroup2]);
    const insp = await api.call('GET', '/api/grids', { token: t.tokens.inspector });
    expect(ids(insp)).toEqual([t.grids.northGroup1]);
    expect((await api.call('GET', `/api/grids/${t.grids.south}`, { token: t.tokens.northSupervisor })).status).toBe(403);
    expect((await api.call('GET', `/api/grids?root=${t.grids.south}`, { token: t.tokens.northSupervisor })).status).toBe(403);
    expect(ids(await api.call('GET', `/api/grids?root=${t.grids.northVillage}`, { token: t.tokens.northSupervisor }))).toHaveLength(3);
  });

  it('creates a grid under an active parent only, and refuses duplicates', async () => {
    const created = await api.call('POST', '/api/grids', { token: t.tokens.admin, body: { id: 'east', name: '东片区', parentId: null } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ path: '/east/', level: 1, version: 1 });
    expect((await api.call('POST', '/api/grids', { token: t.tokens.admin, body: { id: 'east', name: '又一个', parentId: null } })).status).toBe(409);
    const orphan = await api.call('POST', '/api/grids', { token: t.tokens.admin, body: { id: 'orphan', name: '孤儿', parentId: 'nowhere' } });
    expect(orphan.status).toBe(400);
    expect(orphan.body.issues[0].path).toBe('parentId');
    const bad = await api.call('POST', '/api/grids', { token: t.tokens.admin, body: { id: 'has space', name: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.id', 'body.name']);
    expect((await api.call('GET', '/api/grids/orphan', { token: t.tokens.admin })).status).toBe(404);
  });

  it('renames with a version check', async () => {
    const g = (await api.call('GET', `/api/grids/${t.grids.southVillage}`, { token: t.tokens.admin })).body;
    const ok = await api.call('PATCH', `/api/grids/${g.id}`, { token: t.tokens.admin, body: { version: g.version, name: '南村（新）' } });
    expect(ok.body).toMatchObject({ name: '南村（新）', version: g.version + 1 });
    const stale = await api.call('PATCH', `/api/grids/${g.id}`, { token: t.tokens.admin, body: { version: g.version, name: '晚了' } });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(g.version + 1);
  });

  it('moves a subtree and re-paths every descendant; refuses a move under itself', async () => {
    const venue = await createVenue(api, t, { gridId: t.grids.northGroup1, name: '随网格搬家的商店' });
    const v = (await api.call('GET', `/api/grids/${t.grids.northVillage}`, { token: t.tokens.admin })).body;
    const cycle = await api.call('POST', `/api/grids/${v.id}/move`, { token: t.tokens.admin, body: { version: v.version, newParentId: t.grids.northGroup1 } });
    expect(cycle.status).toBe(400);
    const moved = await api.call('POST', `/api/grids/${v.id}/move`, { token: t.tokens.admin, body: { version: v.version, newParentId: t.grids.south } });
    expect(moved.status).toBe(200);
    expect(moved.body.path).toBe(`/${t.grids.south}/${v.id}/`);
    const child = (await api.call('GET', `/api/grids/${t.grids.northGroup1}`, { token: t.tokens.admin })).body;
    expect(child).toMatchObject({ path: `/${t.grids.south}/${v.id}/${t.grids.northGroup1}/`, level: 3 });
    // The north supervisor no longer sees the moved village, nor its venues; the venue follows its grid.
    expect(ids(await api.call('GET', '/api/grids', { token: t.tokens.northSupervisor }))).toEqual([t.grids.north]);
    expect((await api.call('GET', `/api/venues/${venue.id}`, { token: t.tokens.northSupervisor })).status).toBe(403);
    expect(ids(await api.call('GET', `/api/venues?grid=${t.grids.south}`, { token: t.tokens.admin }))).toContain(venue.id);
    expect(ids(await api.call('GET', `/api/venues?grid=${t.grids.north}`, { token: t.tokens.admin }))).not.toContain(venue.id);
    // Move it back to the top: it becomes level 1 with children at level 2.
    const back = await api.call('POST', `/api/grids/${v.id}/move`, { token: t.tokens.admin, body: { version: moved.body.version, newParentId: null } });
    expect(back.body).toMatchObject({ path: `/${v.id}/`, level: 1 });
    expect((await api.call('GET', `/api/grids/${t.grids.northGroup2}`, { token: t.tokens.admin })).body.level).toBe(2);
  });

  it('moves a subtree larger than one transaction, and a stopped move is finished by the next one', async () => {
    const data = tenantData(api.db, t.id);
    const now = api.clock.now();
    await data.grids.create({ id: 'big', name: '大社区', parentId: null }, now);
    await data.grids.create({ id: 'target', name: '新片区', parentId: null }, now);
    for (let i = 0; i < 130; i++) await data.grids.create({ id: `big-${i}`, name: `楼栋${i}`, parentId: 'big' }, now);
    const big = await data.grids.get('big', true);
    await data.grids.move('big', big.version, 'target', now);
    const tree = await data.grids.tree('/target/');
    expect(tree).toHaveLength(132);
    expect(tree.every((g) => g.path.startsWith('/target/'))).toBe(true);
    expect((await data.grids.get('big', true)).pendingMoveFrom).toBeUndefined();

    // Simulate a crash after the root moved: put the marker back and three children on the old path.
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { tenantKeys } = await import('../../shared/data/keys');
    const keys = tenantKeys(t.id);
    await api.db.doc.send(new UpdateCommand({ TableName: api.db.table, Key: keys.grid('big'), UpdateExpression: 'SET pendingMoveFrom = :p', ExpressionAttributeValues: { ':p': '/big/' } }));
    for (const id of ['big-1', 'big-2', 'big-3']) {
      await api.db.doc.send(new UpdateCommand({ TableName: api.db.table, Key: keys.grid(id), UpdateExpression: 'SET #p = :p, gsi1sk = :p', ExpressionAttributeNames: { '#p': 'path' }, ExpressionAttributeValues: { ':p': `/big/${id}/` } }));
    }
    await data.grids.finishPendingMove('big', now);
    expect((await data.grids.tree('/big/')).length).toBe(0);
    expect((await data.grids.get('big-2', true)).path).toBe('/target/big/big-2/');
  });

  it('retires a grid only when it has no active children', async () => {
    const parent = (await api.call('GET', `/api/grids/${t.grids.south}`, { token: t.tokens.admin })).body;
    expect((await api.call('POST', `/api/grids/${parent.id}/retire`, { token: t.tokens.admin, body: { version: parent.version } })).status).toBe(409);
    const leaf = (await api.call('GET', `/api/grids/${t.grids.southVillage}`, { token: t.tokens.admin })).body;
    const retired = await api.call('POST', `/api/grids/${leaf.id}/retire`, { token: t.tokens.admin, body: { version: leaf.version } });
    expect(retired.body.status).toBe('retired');
    const child = await api.call('POST', '/api/grids', { token: t.tokens.admin, body: { id: 'under-retired', name: 'x', parentId: leaf.id } });
    expect(child.status).toBe(400);
  });
});
