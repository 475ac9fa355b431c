/**
 * CSV venue import over DynamoDB Local: bad rows reported by line and field, every valid row written
 * exactly once, re-imports update by external id, progress visible, a stopped run resumed.
 */
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../shared/data/db';
import { tenantKeys } from '../../shared/data/keys';
import { tenantData } from '../../shared/data/tenant-data';
import { venueIdForExternalId } from '../../shared/data/venues';
import { parseVenueCsv } from '../../shared/domain/venue-csv';
import { DEFAULT_VENUE_KINDS } from '../../shared/domain/venue-kind';
import { type Api, testApi } from '../support/api';
import { checklistFor, inspectionBody } from '../support/field';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { IMPORT_HEADER, venueCsv } from '../support/venue-csv';

let api: Api;
let t: TestTenant;
let gridIds: string[];

beforeAll(async () => {
  api = await testApi();
  t = await createTestTenant(api, 'imp');
  gridIds = [t.grids.northGroup1, t.grids.northGroup2, t.grids.southVillage, t.grids.northVillage];
});

const upload = (csv: string, token = t.tokens.admin, fileName = 'venues.csv') =>
  api.call('POST', `/api/venues/imports?fileName=${encodeURIComponent(fileName)}`, { token, body: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });

const progressOf = async (id: string) => (await api.call('GET', `/api/venues/imports/${id}`, { token: t.tokens.admin })).body;

/** Every venue of the tenant with an external id of this prefix, through the listing API. */
async function listedVenues(prefix: string) {
  const found: { id: string; externalId?: string; name: string; version: number; gridId: string }[] = [];
  let cursor: string | undefined;
  do {
    const res = await api.call('GET', `/api/venues?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { token: t.tokens.admin });
    expect(res.status).toBe(200);
    found.push(...res.body.items);
    cursor = res.body.cursor;
  } while (cursor);
  return found.filter((v) => v.externalId?.startsWith(`${prefix}-`));
}

describe('venue import', () => {
  it('writes the good rows and reports each bad one by line and field', async () => {
    const csv = [
      IMPORT_HEADER,
      `E-1,好又多超市,商超,${t.grids.northGroup1},北村一组8号,34.4,113.8,王经理,13900001111,黄`,
      `E-2,坏网格超市,商超,no-such-grid,北村一组9号,,,,,`,
      `E-3,游泳馆,游泳馆,${t.grids.northGroup1},北村一组10号,,,,,`,
      `E-4,,门店,${t.grids.northGroup1},北村一组11号,,,,,`,
      `E-5,坏电话店,门店,${t.grids.northGroup1},北村一组12号,,,,电话:139,`,
      `E-6,坏纬度店,门店,${t.grids.northGroup1},北村一组13号,三十四,113.8,,,`,
      `E-7,"老张烩面馆,中街店",餐馆,${t.grids.southVillage},"南村\n中街5号",,,,,red`,
    ].join('\n');
    const res = await upload(csv);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ status: 'queued', fileName: 'venues.csv', total: 7, valid: 2, invalid: 5, errorCount: 5, chunks: 1 });
    expect(res.body.errors.map((e: { line: number; field: string; code: string }) => [e.line, e.field, e.code])).toEqual([
      [3, 'gridId', 'unknown-grid'],
      [4, 'kind', 'unknown-kind'],
      [5, 'name', 'required'],
      [6, 'contactPhone', 'invalid'],
      [7, 'lat', 'invalid'],
    ]);
    await api.jobs.idle();
    const done = await progressOf(res.body.id);
    expect(done).toMatchObject({ status: 'done', created: 2, updated: 0, written: 2, processed: 2, chunksDone: 1, errorCount: 5 });
    expect(done.errors).toHaveLength(5);
    expect(done.finishedAt).toBeDefined();

    const venue = await api.call('GET', `/api/venues/${venueIdForExternalId('E-7')}`, { token: t.tokens.admin });
    expect(venue.body).toMatchObject({ name: '老张烩面馆,中街店', kind: 'restaurant', address: '南村\n中街5号', risk: 'red', externalId: 'E-7', status: 'open', version: 1 });
    // An inspector of the north group sees the imported venue of their grid in the listing.
    const mine = await api.call('GET', '/api/venues?limit=200', { token: t.tokens.inspector });
    expect(mine.body.items.map((v: { externalId?: string }) => v.externalId)).toContain('E-1');
    // The imports list shows it, newest first.
    const list = await api.call('GET', '/api/venues/imports', { token: t.tokens.admin });
    expect(list.body.items[0]).toMatchObject({ id: res.body.id, status: 'done' });
  });

  it('imports 2,000 rows exactly once, shows progress while it runs, and re-imports by external id', async () => {
    const csv = venueCsv({ prefix: 'BULK', rows: 2000, gridIds });
    const res = await upload(csv, t.tokens.admin, '批量.csv');
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(202);
    expect(res.body).toMatchObject({ total: 2000, valid: 2000, invalid: 0, chunks: Math.ceil(2000 / 98) });

    // Poll as the CLI does: progress only grows, and ends done.
    const seen: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const p = await progressOf(res.body.id);
      seen.push(p.processed);
      if (p.status === 'done') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen.at(-1)).toBe(2000);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(new Set(seen).size).toBeGreaterThan(1);

    let venues = await listedVenues('BULK');
    expect(venues).toHaveLength(2000);
    expect(new Set(venues.map((v) => v.externalId)).size).toBe(2000);

    // Things the import does not own: an inspection result, open problems, a black card, a status.
    const id = venueIdForExternalId('BULK-000010');
    const before = (await api.call('GET', `/api/venues/${id}`, { token: t.tokens.admin })).body;
    const checklist = await checklistFor(api, t.tokens.supervisor, before.kind);
    const inspected = await api.call('POST', '/api/inspections', { token: t.tokens.supervisor, body: inspectionBody(id, checklist, { fail: [checklist.items[1].code] }) });
    expect(inspected.status, JSON.stringify(inspected.body)).toBe(201);
    await api.db.doc.send(
      new UpdateCommand({
        TableName: api.db.table,
        Key: tenantKeys(t.id).venue(id),
        UpdateExpression: 'SET blackCard = :card, #status = :suspended',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':card': { since: '2026-11-20', reason: '整改不力' }, ':suspended': 'suspended' },
      }),
    );
    const kept = (await api.call('GET', `/api/venues/${id}`, { token: t.tokens.admin })).body;

    // The same file again: nothing changes, nothing is duplicated.
    const again = await upload(csv);
    await api.jobs.idle();
    expect(await progressOf(again.body.id)).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: 2000 });
    expect(await listedVenues('BULK')).toHaveLength(2000);

    // A file with every tenth row renamed: those venues are updated in place, versions bumped, the rest kept.
    const changed = await upload(venueCsv({ prefix: 'BULK', rows: 2000, gridIds, variant: '新', variantEvery: 10 }));
    await api.jobs.idle();
    expect(await progressOf(changed.body.id)).toMatchObject({ status: 'done', created: 0, updated: 200, unchanged: 1800 });
    venues = await listedVenues('BULK');
    expect(venues).toHaveLength(2000);
    expect(venues.filter((v) => v.name.startsWith('新测试场所'))).toHaveLength(200);
    expect(venues.filter((v) => v.name.startsWith('新')).every((v) => v.version === 2)).toBe(true);
    const after = (await api.call('GET', `/api/venues/${id}`, { token: t.tokens.admin })).body;
    expect(after).toMatchObject({
      name: `新${before.name}`,
      version: kept.version + 1,
      lastInspectedAt: kept.lastInspectedAt,
      lastOutcome: kept.lastOutcome,
      openProblems: kept.openProblems,
      blackCard: kept.blackCard,
      status: 'suspended',
      codeVersion: kept.codeVersion,
      createdAt: kept.createdAt,
    });
    expect(kept.openProblems).toBeGreaterThan(0);
  }, 180_000);

  it('finishes a run that stopped part-way, counting each chunk once', async () => {
    const data = tenantData(api.db, t.id);
    const tree = await data.grids.tree();
    const parsed = parseVenueCsv(venueCsv({ prefix: 'STOP', rows: 500, gridIds }), { kinds: DEFAULT_VENUE_KINDS, grids: new Map(tree.map((g) => [g.id, g.path])) });
    const created = await data.imports.create(parsed, { by: t.users.admin, now: api.clock.now() });
    expect(created.chunks).toBe(6);

    // A store that dies after two chunk transactions (as a killed Lambda would).
    let transactions = 0;
    const dying: Db = {
      table: api.db.table,
      doc: {
        send: (command: unknown) => {
          if (command instanceof TransactWriteCommand && ++transactions > 2) return Promise.reject(new Error('killed'));
          return api.db.doc.send(command as never);
        },
      } as Db['doc'],
    };
    await expect(tenantData(dying, t.id).imports.run(created.id, () => api.clock.now())).rejects.toThrow('killed');
    expect(await progressOf(created.id)).toMatchObject({ status: 'failed', chunksDone: 2, processed: 196, failure: 'killed' });

    // Resume through the API: the job runs again and only the rest is written.
    const resumed = await api.call('POST', `/api/venues/imports/${created.id}/resume`, { token: t.tokens.admin });
    expect(resumed.status).toBe(202);
    await api.jobs.idle();
    expect(await progressOf(created.id)).toMatchObject({ status: 'done', chunksDone: 6, created: 500, updated: 0, unchanged: 0 });
    expect(await listedVenues('STOP')).toHaveLength(500);
  }, 120_000);

  it('counts each chunk once when two runs race', async () => {
    const data = tenantData(api.db, t.id);
    const tree = await data.grids.tree();
    const parsed = parseVenueCsv(venueCsv({ prefix: 'RACE', rows: 300, gridIds }), { kinds: DEFAULT_VENUE_KINDS, grids: new Map(tree.map((g) => [g.id, g.path])) });
    const created = await data.imports.create(parsed, { by: t.users.admin, now: api.clock.now() });
    const runs = await Promise.allSettled([data.imports.run(created.id, () => api.clock.now()), data.imports.run(created.id, () => api.clock.now())]);
    expect(runs.some((r) => r.status === 'fulfilled')).toBe(true);
    const p = await progressOf(created.id);
    expect(p).toMatchObject({ status: 'done', chunksDone: 4, created: 300 });
    expect(await listedVenues('RACE')).toHaveLength(300);
  }, 120_000);

  it('takes files over 1 MiB and keeps the first 1,000 row errors', async () => {
    const csv = venueCsv({ prefix: 'NOGRID', rows: 4000, gridIds: ['no-such-grid'], padAddress: 20 });
    expect(Buffer.byteLength(csv)).toBeGreaterThan(1024 * 1024);
    const res = await upload(csv);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'done', total: 4000, valid: 0, invalid: 4000, errorCount: 4000 });
    expect(res.body.errors).toHaveLength(1000);
    const stored = await progressOf(res.body.id);
    expect(stored.errors).toHaveLength(1000);
    expect(stored.errors[999]).toMatchObject({ field: 'gridId', code: 'unknown-grid', line: expect.any(Number) });
  });

  it('refuses what it cannot import', async () => {
    const json = await api.call('POST', '/api/venues/imports', { token: t.tokens.admin, body: { rows: [] } });
    expect(json.status).toBe(415);
    const noHeader = await upload('a,b,c\n1,2,3\n');
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.message).toContain('unknown column "a"');
    const tooBig = await api.call('POST', '/api/venues/imports', {
      token: t.tokens.admin,
      body: 'x'.repeat(10 * 1024 * 1024 + 1),
      headers: { 'content-type': 'text/csv' },
    });
    expect(tooBig.status).toBe(413);
    // Other routes keep their 1 MiB limit.
    const bigJson = await api.call('POST', '/api/venues', { token: t.tokens.admin, body: { name: 'x'.repeat(1024 * 1024) } });
    expect(bigJson.status).toBe(413);
    const allBad = await upload(`${IMPORT_HEADER}\nZ-1,坏网格,门店,nowhere,地址,,,,,\n`);
    expect(allBad.status).toBe(202);
    expect(allBad.body).toMatchObject({ status: 'done', valid: 0, invalid: 1, chunks: 0 });
    expect((await api.call('GET', '/api/venues/imports/01ARZ3NDEKTSV4RRFFQ69G5FAV', { token: t.tokens.admin })).status).toBe(404);
  });
});
