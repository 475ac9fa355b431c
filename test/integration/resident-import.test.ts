/**
 * Resident import over DynamoDB Local: row errors (check digit, unknown grid, in-file duplicate),
 * households grouped by 户号, figures exact after import, re-import idempotent (reject and merge),
 * a run killed half-way resumed without counting anyone twice, xlsx, refused files.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { residentCsv, residentRows } from '../../bench/resident-file';
import { xlsxChunks } from '../../shared/export/xlsx';
import { type Api, testApi } from '../support/api';
import { importResidents, residentTotals } from '../support/resident-import';
import { residentId, wrongCheckDigit } from '../support/residents';
import { createTestTenant, type TestTenant } from '../support/tenant';

const HEADER = '户号,本户地址,姓名,性别,身份证号,人员类别,联系电话,与户主关系,网格\n';

let api: Api;
beforeAll(async () => {
  api = await testApi();
});

async function xlsxOf(rows: string[][]): Promise<Uint8Array> {
  const [header, ...data] = rows;
  const parts: Buffer[] = [];
  for await (const part of xlsxChunks([{ name: '人员', columns: header.map((h) => ({ header: h })), rows: (async function* () { yield data; })() }])) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}

describe('resident import', () => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await createTestTenant(api, 'rimp');
  });

  it('writes the valid rows as households and people, reports each bad row by line and field, masked', async () => {
    const id1 = residentId('41018419800101001');
    const id2 = residentId('41018419820202002');
    const id3 = residentId('41018420100303003');
    const csv =
      HEADER +
      `A001,幸福小区3栋2单元301室,张三,男,${id1},本地常住,13800138000,户主,${t.grids.northGroup1}\n` +
      `A001,幸福小区3栋2单元301室,李四,女,${id2},外地暂住,,配偶,北村/北村一组\n` +
      `A001,幸福小区3栋2单元301室,张小三,,${id3},local-permanent,,子女,北村一组\n` +
      `A002,幸福小区3栋2单元302室,王五,男,${wrongCheckDigit(residentId('41018419700101005'))},本地常住,,户主,${t.grids.northGroup1}\n` +
      `A003,幸福小区3栋2单元303室,赵六,男,${residentId('41018419700101006')},本地常住,,户主,no-such-grid\n` +
      `A004,幸福小区3栋2单元304室,钱七,男,${id1},本地常住,,户主,${t.grids.northGroup1}\n`;
    const imp = await importResidents(api, t.tokens.admin, csv);
    expect(imp).toMatchObject({ status: 'done', total: 6, valid: 3, invalid: 3, created: 3, households: 1, rejected: 0, errorCount: 3 });
    expect(imp.errors.map((e: any) => [e.line, e.field, e.code])).toEqual([
      [5, 'idNumber', 'check-digit'],
      [6, 'grid', 'unknown-grid'],
      [7, 'idNumber', 'duplicate-in-file'],
    ]);
    // Personal values are masked in the errors, never as written.
    expect(JSON.stringify(imp.errors)).not.toContain('41018419700101005');
    expect(imp.errors[0].value).toMatch(/^4101\*+\d{3}[\dX]$/);

    const households = await api.call('GET', `/api/residents/households?grid=${t.grids.northGroup1}`, { token: t.tokens.admin });
    expect(households.body.items).toHaveLength(1);
    expect(households.body.items[0]).toMatchObject({ number: 'A001', members: 3, address: { compound: '幸福小区', building: '3', unit: '2', room: '301' } });
    const file = await api.call('GET', `/api/residents/households/${households.body.items[0].id}`, { token: t.tokens.admin });
    expect(file.body.members.map((m: any) => m.name).sort()).toEqual(['张*', '张**', '李*']);
    expect(file.body.members.find((m: any) => m.name === '李*')).toMatchObject({ category: 'nonlocal-temporary', gender: 'female', relationship: 'spouse' });

    expect(await residentTotals(api, t.tokens.admin)).toMatchObject({ households: 1, people: 3, 'c:local-permanent': 2, 'c:nonlocal-temporary': 1 });
    // The document index works for the imported people: the same ID by hand is a 409.
    const again = await api.call('POST', `/api/residents/households/${households.body.items[0].id}/persons`, {
      token: t.tokens.admin,
      body: { id: '01JZZZZZZZZZZZZZZZZZZZZZZZ', name: '某人', idNumber: id2, category: 'local-permanent', relationship: 'other' },
    });
    expect(again.status).toBe(409);
  });

  it('re-importing the same file changes nothing: reject refuses every row, merge finds them equal', async () => {
    const tenant = await createTestTenant(api, 'rimp2');
    const csv = residentCsv({ categories: { 本地常住: 120, 外地常住: 20, 本地暂住: 25, 外地暂住: 35 }, grids: [tenant.grids.northGroup1, tenant.grids.northGroup2, tenant.grids.southVillage], prefix: 'B' });
    const first = await importResidents(api, tenant.tokens.admin, csv);
    expect(first).toMatchObject({ status: 'done', total: 200, created: 200, errorCount: 0 });
    const figures = await residentTotals(api, tenant.tokens.admin);
    expect(figures).toMatchObject({ people: 200, 'c:local-permanent': 120, 'c:nonlocal-permanent': 20, 'c:local-temporary': 25, 'c:nonlocal-temporary': 35 });

    const rejected = await importResidents(api, tenant.tokens.admin, csv);
    expect(rejected).toMatchObject({ status: 'done', created: 0, households: 0, rejected: 200, errorCount: 200 });
    expect(rejected.errors[0]).toMatchObject({ code: 'duplicate-registry', field: 'idNumber', existing: { householdId: expect.any(String) } });
    const merged = await importResidents(api, tenant.tokens.admin, csv, { duplicates: 'merge' });
    expect(merged).toMatchObject({ status: 'done', created: 0, merged: 0, unchanged: 200, errorCount: 0 });
    expect(await residentTotals(api, tenant.tokens.admin)).toEqual(figures);

    // A changed category merges into the registered person, and the figures follow.
    const changed = csv.replace(/,本地常住,/, ',外地常住,');
    const merge2 = await importResidents(api, tenant.tokens.admin, changed, { duplicates: 'merge' });
    expect(merge2).toMatchObject({ merged: 1, unchanged: 199 });
    expect(await residentTotals(api, tenant.tokens.admin)).toMatchObject({ people: 200, 'c:local-permanent': 119, 'c:nonlocal-permanent': 21 });
  });

  it('a run killed half-way is finished by starting it again, nobody counted twice', async () => {
    const tenant = await createTestTenant(api, 'rimp3');
    const csv = residentCsv({ categories: { 本地常住: 300, 外地暂住: 100 }, grids: [tenant.grids.northGroup1, tenant.grids.south], prefix: 'C', region: '410185' });
    // Every 4th chunk transaction fails once the first three are through: the run stops part-way.
    // The job writes with the tenant's own client (tenant-scoped credentials): the failure goes there.
    const tenantDoc = api.deps.tables.tenant(tenant.id).doc;
    const send = tenantDoc.send.bind(tenantDoc);
    let transactions = 0;
    tenantDoc.send = (async (command: unknown) => {
      if (command instanceof TransactWriteCommand && ++transactions === 4) throw new Error('killed');
      return send(command as never);
    }) as typeof tenantDoc.send;
    let stopped: any;
    try {
      stopped = await importResidents(api, tenant.tokens.admin, csv);
    } finally {
      tenantDoc.send = send as typeof tenantDoc.send;
    }
    expect(stopped.status).toBe('failed');
    expect(stopped.chunksDone).toBeGreaterThan(0);
    expect(stopped.chunksDone).toBeLessThan(stopped.chunks);
    const resumed = await api.call('POST', `/api/residents/imports/${stopped.id}/start`, { token: tenant.tokens.admin });
    expect(resumed.status).toBe(202);
    await api.jobs.idle();
    const done = (await api.call('GET', `/api/residents/imports/${stopped.id}`, { token: tenant.tokens.admin })).body;
    expect(done).toMatchObject({ status: 'done', created: 400, chunksDone: done.chunks });
    expect(await residentTotals(api, tenant.tokens.admin)).toMatchObject({ people: 400, 'c:local-permanent': 300, 'c:nonlocal-temporary': 100, households: done.households });
  });

  it('reads xlsx, merges an in-file duplicate, and groups a household met again further down', async () => {
    const tenant = await createTestTenant(api, 'rimp4');
    const g = tenant.grids.northGroup2;
    const rows = [
      ['户号', '小区', '楼栋', '单元', '室', '姓名', '身份证号', '人员类别', '联系电话', '与户主关系', '网格'],
      ['D1', '和谐家园', '1', '1', '101', '孙一', residentId('41018419500101011'), '本地常住', '13900000001', '户主', g],
      ['D2', '和谐家园', '1', '1', '102', '孙二', residentId('41018419500101021'), '本地常住', '', '户主', g],
      ['D1', '和谐家园', '1', '1', '101', '孙三', residentId('41018419500101031'), '外地常住', '', '子女', g],
      ['D2', '和谐家园', '1', '1', '102', '孙二', residentId('41018419500101021'), '本地暂住', '', '户主', g],
    ];
    const imp = await importResidents(api, tenant.tokens.admin, await xlsxOf(rows), { format: 'xlsx', duplicates: 'merge' });
    expect(imp).toMatchObject({ status: 'done', total: 4, valid: 4, created: 3, households: 2, merged: 1, errorCount: 0 });
    const households = (await api.call('GET', `/api/residents/households?grid=${g}`, { token: tenant.tokens.admin })).body.items;
    expect(households.map((h: any) => [h.number, h.members]).sort()).toEqual([
      ['D1', 2],
      ['D2', 1],
    ]);
    expect(await residentTotals(api, tenant.tokens.admin)).toMatchObject({ households: 2, people: 3, 'c:local-permanent': 1, 'c:nonlocal-permanent': 1, 'c:local-temporary': 1 });
  });

  it('refuses a file it cannot read, with the reason in both languages', async () => {
    const gbk = new Uint8Array([...Buffer.from('姓名,身份证号,人员类别,网格\n'), 0xd5, 0xc5, 0xc8, 0xfd, 0x0a]);
    const notUtf8 = await importResidents(api, t.tokens.admin, gbk);
    expect(notUtf8).toMatchObject({ status: 'failed', failure: expect.stringContaining('UTF-8'), failureZh: expect.stringContaining('UTF-8') });
    const missing = await importResidents(api, t.tokens.admin, '姓名,身份证号\n张三,1\n');
    expect(missing).toMatchObject({ status: 'failed', failure: expect.stringContaining('category'), failureZh: expect.stringContaining('人员类别') });
    const notXlsx = await importResidents(api, t.tokens.admin, HEADER, { format: 'xlsx' });
    expect(notXlsx).toMatchObject({ status: 'failed', failureZh: expect.stringContaining('xlsx') });
  });

  it('is for tenant admins, and the upload keeps to the announced size and type', async () => {
    const denied = await api.call('POST', '/api/residents/imports', { token: t.tokens.supervisor, body: { size: 10 } });
    expect(denied.status).toBe(403);
    const announced = await api.call('POST', '/api/residents/imports', { token: t.tokens.admin, body: { size: 10, format: 'xlsx' } });
    expect(announced.body.upload.headers['content-type']).toContain('spreadsheetml');
    const wrongType = await api.call('PUT', announced.body.upload.url, { token: t.tokens.admin, body: '0123456789', headers: { 'content-type': 'text/csv' } });
    expect(wrongType.status).toBe(415);
    const wrongSize = await api.call('PUT', announced.body.upload.url, { token: t.tokens.admin, body: new Uint8Array(9), headers: announced.body.upload.headers });
    expect(wrongSize.status).toBe(400);
    const early = await api.call('POST', `/api/residents/imports/${announced.body.import.id}/start`, { token: t.tokens.admin });
    expect(early.status).toBe(409);
    const list = await api.call('GET', '/api/residents/imports', { token: t.tokens.admin });
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(Array.from(residentRows({ categories: { a: 1 }, grids: ['g'] })).length).toBe(2);
  });
});
