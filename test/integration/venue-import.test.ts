/**
 * CSV venue import over DynamoDB Local: bad rows reported by line and field, every valid row written
 * exactly once, re-imports update by external id, progress visible, a stopped run resumed.
 */
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../shared/data/db';
import { tenantKeys } from '../../shared/data/keys';
import { tenantData } from '../../shared/data/tenant-data';
import { venueIdForExternalId } from '../../shared/data/venues/venues';
import { parseVenueCsv } from '../../shared/domain/venues/venue-csv';
import { DEFAULT_VENUE_KINDS } from '../../shared/domain/venues/venue-kind';
import type { ImportFileStore } from '../../shared/import-files/store';
import { IMPORT_CHUNK_ROWS, IMPORT_STALL_MS } from '../../shared/domain/venues/venue-import';

const chunksOf = (rows: number) => Math.ceil(rows / IMPORT_CHUNK_ROWS);
import { dispatchDueJobs } from '../../shared/scheduling/dispatch';
import { runImportJob } from '../../shared/scheduling/import-job';
import type { ImportJob, Job } from '../../shared/scheduling/jobs';
import { runJob } from '../../shared/scheduling/run-job';
import { type Api, testApi } from '../support/api';
import { checklistFor, inspectionBody } from '../support/field';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { IMPORT_HEADER, importVenueCsv, venueCsv } from '../support/venue-csv';

let api: Api;
let t: TestTenant;
let gridIds: string[];

beforeAll(async () => {
  api = await testApi();
  t = await createTestTenant(api, 'imp');
  gridIds = [t.grids.northGroup1, t.grids.northGroup2, t.grids.southVillage, t.grids.northVillage];
});

const upload = (csv: string | Uint8Array, token = t.tokens.admin, fileName = 'venues.csv') => importVenueCsv(api.call, token, csv, fileName);

/** Upload, start, and wait for the job: the import as it ends. */
async function imported(csv: string | Uint8Array, fileName?: string) {
  const started = await upload(csv, t.tokens.admin, fileName);
  expect(started.status, JSON.stringify(started.body).slice(0, 500)).toBe(202);
  await api.jobs.idle();
  return progressOf(started.body.id);
}

/** An import checked as the job checks it, its rows stored, ready to be written by `imports.run`. */
async function checkedImport(csv: string) {
  const data = tenantData(api.db, t.id);
  const tree = await data.grids.tree();
  const parsed = parseVenueCsv(csv, { kinds: DEFAULT_VENUE_KINDS, grids: tree });
  const created = await data.imports.create({ size: Buffer.byteLength(csv), by: t.users.admin, now: api.clock.now() });
  await data.imports.storeChecked(created.id, parsed, api.clock.now());
  return { data, created: await data.imports.get(created.id) };
}

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
    expect(res.body).toMatchObject({ status: 'queued', fileName: 'venues.csv', size: Buffer.byteLength(csv), total: 0 });
    await api.jobs.idle();
    const done = await progressOf(res.body.id);
    expect(done).toMatchObject({ status: 'done', total: 7, valid: 2, invalid: 5, chunks: 1, created: 2, updated: 0, written: 2, processed: 2, chunksDone: 1, errorCount: 5 });
    expect(done.errors.map((e: { line: number; field: string; code: string }) => [e.line, e.field, e.code])).toEqual([
      [3, 'gridId', 'unknown-grid'],
      [4, 'kind', 'unknown-kind'],
      [5, 'name', 'required'],
      [6, 'contactPhone', 'invalid'],
      [7, 'lat', 'invalid'],
    ]);
    expect(done.checkedAt).toBeDefined();
    expect(done.finishedAt).toBeDefined();
    // Checked, the file (contacts, phone numbers) is deleted from the store.
    expect(await api.deps.importFiles.size({ tenantId: t.id, importId: res.body.id })).toBeUndefined();

    const venue = await api.call('GET', `/api/venues/${venueIdForExternalId('E-7')}`, { token: t.tokens.admin });
    expect(venue.body).toMatchObject({ name: '老张烩面馆,中街店', kind: 'restaurant', address: '南村\n中街5号', risk: 'red', externalId: 'E-7', status: 'open', version: 1 });
    // An inspector of the north group sees the imported venue of their grid in the listing.
    const mine = await api.call('GET', '/api/venues?limit=200', { token: t.tokens.inspector });
    expect(mine.body.items.map((v: { externalId?: string }) => v.externalId)).toContain('E-1');
    // The imports list shows it, newest first.
    const list = await api.call('GET', '/api/venues/imports', { token: t.tokens.admin });
    expect(list.body.items[0]).toMatchObject({ id: res.body.id, status: 'done' });
  });

  it('finds grids by path or unambiguous name, and reads the xlsx template as it is', async () => {
    const csv = [
      IMPORT_HEADER,
      'P-1,路径店,门店,北片区/北村/北村一组,北村一组1号,,,,,', // full name path
      'P-2,简写店,门店,镇名/北村/北村二组,北村二组1号,,,,,', // a town name first, then the path
      'P-3,名称店,门店,南村,南村1号,,,,,', // a name only one grid has
      'P-4,错路径店,门店,南村/北村一组,南村2号,,,,,', // a wrong parent is not skipped
    ].join('\n');
    const done = await imported(csv);
    expect(done).toMatchObject({ status: 'done', total: 4, valid: 3, invalid: 1, created: 3 });
    expect(done.errors).toMatchObject([{ line: 5, field: 'gridId', code: 'unknown-grid', value: '南村/北村一组' }]);
    const grids = Object.fromEntries(
      await Promise.all(['P-1', 'P-2', 'P-3'].map(async (id) => [id, (await api.call('GET', `/api/venues/${venueIdForExternalId(id)}`, { token: t.tokens.admin })).body.gridId])),
    );
    expect(grids).toEqual({ 'P-1': t.grids.northGroup1, 'P-2': t.grids.northGroup2, 'P-3': t.grids.southVillage });

    // The xlsx template, its grid cell pointed at this tenant: uploaded as it is (sent as text/csv like any file).
    const { xlsxTemplate, VENUE_TEMPLATE_HEADER, VENUE_TEMPLATE_EXAMPLE } = await import('../../local/import-templates');
    const example = VENUE_TEMPLATE_EXAMPLE.map((cell, i) => (i === 0 ? 'X-1' : VENUE_TEMPLATE_HEADER[i] === '网格' ? '北村/北村一组' : cell));
    const xlsx = Buffer.from(await xlsxTemplate('场所', VENUE_TEMPLATE_HEADER, example, () => 12));
    const fromXlsx = await imported(xlsx, 'venues.xlsx');
    expect(fromXlsx).toMatchObject({ status: 'done', total: 1, valid: 1, invalid: 0, created: 1 });
    const venue = (await api.call('GET', `/api/venues/${venueIdForExternalId('X-1')}`, { token: t.tokens.admin })).body;
    expect(venue).toMatchObject({ name: '泰山村便民超市', kind: 'supermarket', gridId: t.grids.northGroup1, risk: 'yellow', contactPhone: '13903710001' });
  });

  it('imports 2,000 rows exactly once, shows progress while it runs, and re-imports by external id', async () => {
    const csv = venueCsv({ prefix: 'BULK', rows: 2000, gridIds });
    const res = await upload(csv, t.tokens.admin, '批量.csv');
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(202);

    // Poll as the CLI does: progress only grows, and ends done.
    const seen: number[] = [];
    const statuses = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const p = await progressOf(res.body.id);
      seen.push(p.processed);
      statuses.add(p.status);
      if (p.status === 'done') {
        expect(p).toMatchObject({ total: 2000, valid: 2000, invalid: 0, chunks: Math.ceil(2000 / IMPORT_CHUNK_ROWS) });
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen.at(-1)).toBe(2000);
    expect(statuses.has('running')).toBe(true);
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
    expect(await imported(csv)).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: 2000 });
    expect(await listedVenues('BULK')).toHaveLength(2000);

    // A file with every tenth row renamed: those venues are updated in place, versions bumped, the rest kept.
    expect(await imported(venueCsv({ prefix: 'BULK', rows: 2000, gridIds, variant: '新', variantEvery: 10 }))).toMatchObject({ status: 'done', created: 0, updated: 200, unchanged: 1800 });
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
    const { created } = await checkedImport(venueCsv({ prefix: 'STOP', rows: 500, gridIds }));
    expect(created).toMatchObject({ status: 'running', chunks: chunksOf(500) });

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
    expect(await progressOf(created.id)).toMatchObject({ status: 'failed', chunksDone: 2, processed: 2 * IMPORT_CHUNK_ROWS, failure: 'killed' });

    // Resume through the API: the job runs again and only the rest is written.
    const resumed = await api.call('POST', `/api/venues/imports/${created.id}/start`, { token: t.tokens.admin });
    expect(resumed.status).toBe(202);
    await api.jobs.idle();
    expect(await progressOf(created.id)).toMatchObject({ status: 'done', chunksDone: chunksOf(500), created: 500, updated: 0, unchanged: 0 });
    expect(await listedVenues('STOP')).toHaveLength(500);
  }, 120_000);

  it('shows an import whose worker died as stopped, and the scheduler resumes it (as SQS would in AWS)', async () => {
    const { data, created } = await checkedImport(venueCsv({ prefix: 'DIED', rows: 500, gridIds }));
    await data.importLiveness.started(created.id, api.clock.now());
    // The server is killed after two chunks: nothing after that reaches the store, not even a failure.
    let transactions = 0;
    const killed: Db = {
      table: api.db.table,
      doc: {
        send: (command: unknown) => {
          if (transactions >= 2 || (command instanceof TransactWriteCommand && ++transactions > 2)) return Promise.reject(new Error('killed'));
          return api.db.doc.send(command as never);
        },
      } as Db['doc'],
    };
    await expect(tenantData(killed, t.id).imports.run(created.id, () => api.clock.now())).rejects.toThrow('killed');
    expect(await progressOf(created.id)).toMatchObject({ status: 'running', chunksDone: 2 });

    // No sign of life for two minutes: stopped, saying so (and the web app offers to start it again).
    api.clock.advance(IMPORT_STALL_MS);
    const stopped = await progressOf(created.id);
    expect(stopped).toMatchObject({ status: 'stopped', chunksDone: 2 });
    expect(stopped.failureZh).toContain('导入已中断');

    // The scheduler's next tick sends its job again; the rest is written, each chunk once.
    const sent: Job[] = [];
    const queue = { send: async (jobs: Job[]) => void sent.push(...jobs.filter((j) => j.tenantId === t.id)) };
    await dispatchDueJobs(api.db, queue, api.clock.now());
    expect(sent.filter((j) => j.kind === 'import')).toEqual([{ kind: 'import', tenantId: t.id, importId: created.id, resume: true }]);
    await runJob(api.db, sent.find((j) => j.kind === 'import')!, api.clock, api.deps.importFiles);
    expect(await progressOf(created.id)).toMatchObject({ status: 'done', chunksDone: chunksOf(500), created: 500 });
    expect(await listedVenues('DIED')).toHaveLength(500);
    // Done: no longer watched.
    api.clock.advance(IMPORT_STALL_MS);
    const later: Job[] = [];
    await dispatchDueJobs(api.db, { send: async (jobs: Job[]) => void later.push(...jobs.filter((j) => j.tenantId === t.id && j.kind === 'import')) }, api.clock.now());
    expect(later).toEqual([]);
  }, 120_000);

  it('gives up after three automatic resumes: the import fails, saying so, for a person to start', async () => {
    const { data, created } = await checkedImport(venueCsv({ prefix: 'GIVEUP', rows: 10, gridIds }));
    await data.importLiveness.started(created.id, api.clock.now());
    await api.db.doc.send(new UpdateCommand({ TableName: api.db.table, Key: tenantKeys(t.id).venueImport(created.id), UpdateExpression: 'SET autoResumes = :n', ExpressionAttributeValues: { ':n': 3 } }));
    api.clock.advance(IMPORT_STALL_MS);
    const sent: Job[] = [];
    await dispatchDueJobs(api.db, { send: async (jobs: Job[]) => void sent.push(...jobs.filter((j) => j.tenantId === t.id && j.kind === 'import')) }, api.clock.now());
    expect(sent).toEqual([{ kind: 'import', tenantId: t.id, importId: created.id, resume: true }]);
    expect(await runImportJob(api.db, sent[0] as ImportJob, api.clock, api.deps.importFiles)).toMatchObject({ status: 'refused', chunksWritten: 0 });
    expect(await progressOf(created.id)).toMatchObject({ status: 'failed', chunksDone: 0, failure: expect.stringContaining('resumed 3 times') });
    const again: Job[] = [];
    await dispatchDueJobs(api.db, { send: async (jobs: Job[]) => void again.push(...jobs.filter((j) => j.tenantId === t.id && j.kind === 'import')) }, api.clock.now());
    expect(again).toEqual([]);
    // A person's start still finishes it.
    expect((await api.call('POST', `/api/venues/imports/${created.id}/start`, { token: t.tokens.admin })).status).toBe(202);
    await api.jobs.idle();
    expect(await progressOf(created.id)).toMatchObject({ status: 'done', created: 10 });
  }, 120_000);

  it('finishes an import whose check stopped part-way', async () => {
    const csv = venueCsv({ prefix: 'CHK', rows: 300, gridIds });
    const data = tenantData(api.db, t.id);
    const created = await data.imports.create({ size: Buffer.byteLength(csv), by: t.users.admin, now: api.clock.now() });
    const file = { tenantId: t.id, importId: created.id };
    await api.deps.importFiles.content!.put(file, new TextEncoder().encode(csv));
    await data.imports.markQueued(created.id, api.clock.now());
    // A store that dies once the chunks are stored, before the import records its counts (as a killed Lambda would).
    const recordsCounts = (command: unknown) => command instanceof UpdateCommand && Object.values(command.input.ExpressionAttributeNames ?? {}).includes('checkedAt');
    const dying: Db = {
      table: api.db.table,
      doc: {
        send: (command: unknown) => {
          if (recordsCounts(command)) return Promise.reject(new Error('killed'));
          return api.db.doc.send(command as never);
        },
      } as Db['doc'],
    };
    await expect(runImportJob(dying, { kind: 'import', tenantId: t.id, importId: created.id }, api.clock, api.deps.importFiles)).rejects.toThrow('killed');
    expect(await progressOf(created.id)).toMatchObject({ status: 'failed', failure: 'killed', total: 0, chunks: 0 });
    expect(await api.deps.importFiles.size(file)).toBe(Buffer.byteLength(csv));

    const resumed = await api.call('POST', `/api/venues/imports/${created.id}/start`, { token: t.tokens.admin });
    expect(resumed.status).toBe(202);
    await api.jobs.idle();
    expect(await progressOf(created.id)).toMatchObject({ status: 'done', total: 300, chunks: chunksOf(300), chunksDone: chunksOf(300), created: 300 });
    expect(await listedVenues('CHK')).toHaveLength(300);
    expect(await api.deps.importFiles.size(file)).toBeUndefined();
  }, 120_000);

  it('checks a file once when the same job runs twice at once (SQS delivers at least once)', async () => {
    const csv = venueCsv({ prefix: 'TWICE', rows: 200, gridIds });
    const data = tenantData(api.db, t.id);
    const created = await data.imports.create({ size: Buffer.byteLength(csv), by: t.users.admin, now: api.clock.now() });
    const store = api.deps.importFiles;
    await store.content!.put({ tenantId: t.id, importId: created.id }, new TextEncoder().encode(csv));
    await data.imports.markQueued(created.id, api.clock.now());
    // Run B starts checking first, but reads the file only after run A has checked it and deleted it.
    let deleted!: () => void;
    const aDeleted = new Promise<void>((resolve) => {
      deleted = resolve;
    });
    const storeA: ImportFileStore = { ...store, remove: async (file) => store.remove(file).then(deleted) };
    const storeB: ImportFileStore = { ...store, read: async (file) => aDeleted.then(() => store.read(file)) };
    const job = { kind: 'import', tenantId: t.id, importId: created.id } as const;
    const runB = runImportJob(api.db, job, api.clock, storeB);
    for (let i = 0; i < 1000 && (await progressOf(created.id)).status !== 'checking'; i++) await new Promise((r) => setTimeout(r, 10));
    const runA = runImportJob(api.db, job, api.clock, storeA);
    const [a, b] = await Promise.all([runA, runB]);
    expect(a.status).toBe('done');
    // B found the file gone because A had checked it: it writes with A, it does not fail the import.
    expect(b.status).not.toBe('refused');
    expect(await progressOf(created.id)).toMatchObject({ status: 'done', total: 200, chunks: chunksOf(200), chunksDone: chunksOf(200), created: 200 });
    expect((await progressOf(created.id)).failure).toBeUndefined();
    expect(await listedVenues('TWICE')).toHaveLength(200);
  }, 120_000);

  it('counts each chunk once when two runs race', async () => {
    const { data, created } = await checkedImport(venueCsv({ prefix: 'RACE', rows: 300, gridIds }));
    const runs = await Promise.allSettled([data.imports.run(created.id, () => api.clock.now()), data.imports.run(created.id, () => api.clock.now())]);
    expect(runs.some((r) => r.status === 'fulfilled')).toBe(true);
    const p = await progressOf(created.id);
    expect(p).toMatchObject({ status: 'done', chunksDone: chunksOf(300), created: 300 });
    expect(await listedVenues('RACE')).toHaveLength(300);
  }, 120_000);

  it('takes files over 1 MiB and keeps the first 1,000 row errors', async () => {
    const csv = venueCsv({ prefix: 'NOGRID', rows: 4000, gridIds: ['no-such-grid'], padAddress: 20 });
    expect(Buffer.byteLength(csv)).toBeGreaterThan(1024 * 1024);
    const stored = await imported(csv);
    expect(stored).toMatchObject({ status: 'done', total: 4000, valid: 0, invalid: 4000, errorCount: 4000, chunks: 0 });
    expect(stored.errors).toHaveLength(1000);
    expect(stored.errors[999]).toMatchObject({ field: 'gridId', code: 'unknown-grid', line: expect.any(Number) });
  });

  it('refuses what it cannot import, saying why', async () => {
    const admin = { token: t.tokens.admin };
    // The announcement: a size, within the limit; JSON only.
    const tooBig = await api.call('POST', '/api/venues/imports', { ...admin, body: { fileName: 'big.csv', size: 10 * 1024 * 1024 + 1 } });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.message).toContain('size');
    expect((await api.call('POST', '/api/venues/imports', { ...admin, body: { fileName: 'none.csv' } })).status).toBe(400);
    expect((await api.call('POST', '/api/venues/imports', { ...admin, body: 'a,b\n1,2\n', headers: { 'content-type': 'text/csv' } })).status).toBe(415);

    // The upload: exactly the announced size, as CSV, once; the start only after it.
    const csv = `${IMPORT_HEADER}\nZ-1,坏网格,门店,nowhere,地址,,,,,\n`;
    const announced = await api.call('POST', '/api/venues/imports', { ...admin, body: { fileName: 'z.csv', size: Buffer.byteLength(csv) } });
    expect(announced.status).toBe(201);
    expect(announced.body.import).toMatchObject({ status: 'uploading', size: Buffer.byteLength(csv) });
    expect(announced.body.upload).toMatchObject({ method: 'PUT', authorization: 'bearer', headers: { 'content-type': 'text/csv' } });
    const { url } = announced.body.upload;
    const id = announced.body.import.id;
    const early = await api.call('POST', `/api/venues/imports/${id}/start`, admin);
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('not uploaded');
    expect((await api.call('PUT', url, { ...admin, body: `${csv}extra`, headers: { 'content-type': 'text/csv' } })).body.message).toContain('announced');
    expect((await api.call('PUT', url, { ...admin, body: csv, headers: { 'content-type': 'application/json' } })).status).toBe(415);
    const huge = await api.call('PUT', url, { ...admin, body: 'x'.repeat(10 * 1024 * 1024 + 1), headers: { 'content-type': 'text/csv' } });
    expect(huge.status).toBe(413);
    expect(await progressOf(id)).toMatchObject({ status: 'uploading' });
    expect((await api.call('PUT', url, { ...admin, body: csv, headers: { 'content-type': 'text/csv' } })).status).toBe(204);
    expect((await api.call('POST', `/api/venues/imports/${id}/start`, admin)).status).toBe(202);
    expect((await api.call('PUT', url, { ...admin, body: csv, headers: { 'content-type': 'text/csv' } })).status).toBe(409);
    await api.jobs.idle();
    expect(await progressOf(id)).toMatchObject({ status: 'done', valid: 0, invalid: 1, chunks: 0 });

    // Other routes keep their 1 MiB limit.
    const bigJson = await api.call('POST', '/api/venues', { ...admin, body: { name: 'x'.repeat(1024 * 1024) } });
    expect(bigJson.status).toBe(413);

    // A file that is no venue CSV: the import fails with the reason, in both languages, and the file is deleted.
    const noHeader = await imported('a,b,c\n1,2,3\n');
    expect(noHeader).toMatchObject({ status: 'failed', failure: expect.stringContaining('unknown column "a"'), failureZh: expect.stringContaining('未知的列') });
    expect(await api.deps.importFiles.size({ tenantId: t.id, importId: noHeader.id })).toBeUndefined();
    // Started again, it fails again, saying the file is gone (nothing half-done).
    expect((await api.call('POST', `/api/venues/imports/${noHeader.id}/start`, admin)).status).toBe(202);
    await api.jobs.idle();
    expect(await progressOf(noHeader.id)).toMatchObject({ status: 'failed', failure: expect.stringContaining('no longer there'), total: 0 });

    expect((await api.call('GET', '/api/venues/imports/01ARZ3NDEKTSV4RRFFQ69G5FAV', admin)).status).toBe(404);
    expect((await api.call('POST', '/api/venues/imports/01ARZ3NDEKTSV4RRFFQ69G5FAV/start', admin)).status).toBe(404);
  });
});
