/**
 * The recount of the 三色管理图 counters over DynamoDB Local: counters deleted (as in a deployment
 * whose venues and problems predate them) are rebuilt from the venues and open problems, exactly as
 * the live writes counted them; a recount killed half-way is finished by the next run; a second
 * recount gives the same figures; a tenant admin starts it through the API, and only they may.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { sortKeysOf } from '../../shared/data/bulk';
import { tenantKeys } from '../../shared/data/keys';
import { readVenueCounts } from '../../shared/data/venues/venue-counters';
import type { Counts } from '../../shared/domain/residents/counts';
import { runGridMapRecount } from '../../shared/scheduling/grid-map-recount-job';
import { type Api, testApi } from '../support/api';
import { checklistFor, createVenue, inspectionBody } from '../support/field';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
let counted: Record<string, Counts>;

const nonZero = (m: Map<string, Counts>) =>
  Object.fromEntries([...m].map(([g, c]) => [g, Object.fromEntries(Object.entries(c).filter(([, n]) => n !== 0))] as const).filter(([, c]) => Object.keys(c).length > 0));
const counts = async () => nonZero(await readVenueCounts(api.db, tenantKeys(t.id)));

async function deleteCounters() {
  const keys = tenantKeys(t.id);
  const { pk } = keys.venueCounter('x', 0);
  const sks = await sortKeysOf(api.db, keys.venueCounters());
  for (let i = 0; i < sks.length; i += 25) {
    await api.db.doc.send(new BatchWriteCommand({ RequestItems: { [api.db.table]: sks.slice(i, i + 25).map((sk) => ({ DeleteRequest: { Key: { pk, sk } } })) } }));
  }
}

beforeAll(async () => {
  api = await testApi();
  t = await createTestTenant(api, 'rc');
  const grids = [t.grids.northGroup1, t.grids.northGroup1, t.grids.northGroup2, t.grids.northVillage, t.grids.southVillage, t.grids.south, t.grids.southVillage];
  const venues = [];
  for (const [i, gridId] of grids.entries()) venues.push(await createVenue(api, t, { name: `重数场所${i}`, kind: i % 2 ? 'shop' : 'supermarket', gridId, address: `${i} 号` }));
  // Open problems in two grids: one inspection failing an item at two venues.
  for (const v of [venues[0], venues[4]]) {
    const checklist = await checklistFor(api, t.tokens.admin, v.kind);
    const failed = checklist.items.find((i) => i.requiresRectification)!.code;
    const res = await api.call('POST', '/api/inspections', { token: t.tokens.supervisor, body: inspectionBody(v.id, checklist, { fail: [failed] }) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  counted = await counts();
});

describe('the recount of the 三色管理图 counters', () => {
  it('counts what the live writes counted', () => {
    expect(counted[t.grids.northGroup1]).toMatchObject({ venues: 2, openProblems: 1 });
    expect(counted[t.grids.southVillage]).toMatchObject({ venues: 2, openProblems: 1 });
  });

  it('rebuilds deleted counters; a run killed half-way is finished by the next', async () => {
    await deleteCounters();
    expect(await counts()).toEqual({});
    // Pages of 2 items: the north subtree alone takes several.
    const stopped = await runGridMapRecount(api.db, t.id, api.clock, { pageSize: 2, maxPages: 3 });
    expect(stopped).toMatchObject({ status: 'running', top: 0, pages: 3 });
    const done = await runGridMapRecount(api.db, t.id, api.clock, { pageSize: 2 });
    expect(done).toMatchObject({ status: 'done', totals: { venues: 7, openProblems: 2 } });
    expect(await counts()).toEqual(counted);
  });

  it('gives the same figures when run again, also over counters that drifted', async () => {
    // A drifted shard (counted twice once): the recount replaces it.
    const keys = tenantKeys(t.id);
    await api.db.doc.send(new BatchWriteCommand({ RequestItems: { [api.db.table]: [{ PutRequest: { Item: { ...keys.venueCounter(t.grids.northGroup2, 3), entity: 'venue-counter', gridId: t.grids.northGroup2, venues: 5 } } }] } }));
    const again = await runGridMapRecount(api.db, t.id, api.clock);
    expect(again.status).toBe('done');
    expect(await counts()).toEqual(counted);
  });

  it('is started by a tenant admin through the API (a queued job) and followed there; nobody else may', async () => {
    await deleteCounters();
    expect((await api.call('POST', '/api/grid-map/recount', { token: t.tokens.supervisor })).status).toBe(403);
    const started = await api.call('POST', '/api/grid-map/recount', { token: t.tokens.admin });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await api.jobs.idle();
    const state = await api.call('GET', '/api/grid-map/recount', { token: t.tokens.admin });
    expect(state.body).toMatchObject({ status: 'done', subtreesDone: 2, subtreesTotal: 2, totals: { venues: 7, openProblems: 2 } });
    expect(await counts()).toEqual(counted);
    const map = await api.call('GET', '/api/grid-map?measure=venues', { token: t.tokens.admin });
    expect(map.body.total).toBe(7);
  });
});
