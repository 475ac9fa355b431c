/**
 * Resident import benchmark: the seed town's register (210,186 people: 162,651 本地常住 / 11,760
 * 外地常住 / 12,569 本地暂住 / 23,206 外地暂住) generated as one CSV and imported through the real API
 * (announce, streamed upload, start; the job checks, seals and writes) over a fresh in-memory
 * DynamoDB Local. In the same run, bare BatchWriteItem of items of a person's shape and size (25 a
 * call, as many calls in flight as the import has at most, and half that: the faster counts), into
 * the same table just before and just after the town's import (the JVM warmed by the quarter): the
 * import's rows/s against the bare items/s (target ≥ 0.5), and the items the import writes a person. A quarter-size file first, into another tenant, gives the
 * peak RSS at two sizes (memory flat over the file). Then the tenant's figures must be exactly the
 * seed town's.
 *
 *   npm run bench -- resident-import
 *   npx tsx bench/resident-import.bench.ts [--people 210186]
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Logger } from '@aws-lambda-powertools/logger';
import { createDevIssuer } from '../shared/auth/dev-issuer';
import { systemClock } from '../shared/clock';
import { batchWriteAll, put } from '../shared/data/bulk';
import { createDb } from '../shared/data/db';
import { tenantKeys } from '../shared/data/keys';
import { tenantData } from '../shared/data/tenant-data';
import { tenantDirectory } from '../shared/data/tenants';
import { createApp } from '../functions/api/app';
import { ensureTable, localDbConfig, startDynamoLocal } from '../local/dynamodb';
import { localDeps } from '../local/local-deps';
import { report } from './figures';
import { SEED_TOWN, SEED_TOWN_CODES, writeResidentCsv } from './resident-file';
import { measure } from './results';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const PEOPLE = Math.min(500_000, Math.max(1000, Number(arg('people', '210186'))));
const SCALE = PEOPLE / 210_186;
const TABLE = 'gridwatch-bench';
/**
 * BatchWrite calls in flight for the bare rate: the import's most (8 writers, each with 2 BatchWrite
 * calls in flight); the bare rate is also measured at 8 and the faster of the two counts (the store's
 * best, so the ratio is never flattered by a baseline slowed by contention).
 */
const IN_FLIGHT = [16, 8];
const BARE_ITEMS = Math.round(Math.min(60_000, PEOPLE / 3));

const dynamo = await startDynamoLocal();
const dir = mkdtempSync(join(tmpdir(), 'gridwatch-resident-bench-'));
try {
  await ensureTable(dynamo.endpoint, TABLE);
  const db = createDb(TABLE, localDbConfig(dynamo.endpoint));
  const clock = systemClock;
  const issuer = await createDevIssuer({ issuer: 'https://bench/api/auth', audience: 'bench', clock });
  const deps = localDeps({ db, clock, issuer, webOrigin: 'http://bench', venueCodeSecret: 'bench', importFileDir: join(dir, 'files'), logger: new Logger({ serviceName: 'bench', logLevel: 'SILENT' }), onJobError: (m) => console.error(`job failed: ${m}`) });
  const app = createApp(deps);
  // DynamoDB calls by command, and the time spent in them (where the import's time goes). The job
  // writes through the tenant's own client (tenant-scoped credentials), so each tenant client is wrapped.
  const calls = new Map<string, { n: number; ms: number; items: number }>();
  const wrapped = new WeakSet<object>();
  const tenantDb = deps.tables.tenant.bind(deps.tables);
  deps.tables.tenant = (id: string) => {
    const tdb = tenantDb(id);
    if (wrapped.has(tdb)) return tdb;
    wrapped.add(tdb);
    const send = tdb.doc.send.bind(tdb.doc);
    tdb.doc.send = (async (command: { constructor: { name: string }; input?: { RequestItems?: Record<string, unknown[]>; TransactItems?: unknown[] } }) => {
      const t0 = performance.now();
      try {
        return await send(command as never);
      } finally {
        const c = calls.get(command.constructor.name) ?? { n: 0, ms: 0, items: 0 };
        c.n++;
        c.ms += performance.now() - t0;
        const req = command.input?.RequestItems;
        c.items += req ? Object.values(req).reduce((n, v) => n + ((v as { Keys?: unknown[] }).Keys?.length ?? (Array.isArray(v) ? v.length : 0)), 0) : (command.input?.TransactItems?.length ?? 0);
        calls.set(command.constructor.name, c);
      }
    }) as typeof tdb.doc.send;
    return tdb;
  };

  /** A town like the seed's: 3 areas × 3 villages × 2 groups. */
  async function town(tenantId: string) {
    const now = clock.now();
    await tenantDirectory(db).create({ id: tenantId, nameZh: '基准镇', nameEn: 'Bench Town', timezone: 'Asia/Shanghai', gridLevelNames: ['片区', '村', '组'] }, { id: 'admin', displayName: '管理员', password: 'bench-password-1' }, now);
    const data = tenantData(db, tenantId);
    const grids: string[] = [];
    for (const top of ['a', 'b', 'c']) {
      await data.grids.create({ id: top, name: `片区${top}`, parentId: null }, now);
      for (const v of [1, 2, 3]) {
        await data.grids.create({ id: `${top}-${v}`, name: `村${top}${v}`, parentId: top }, now);
        for (const g of [1, 2]) {
          await data.grids.create({ id: `${top}-${v}-${g}`, name: `组${top}${v}${g}`, parentId: `${top}-${v}` }, now);
          grids.push(`${top}-${v}-${g}`);
        }
      }
    }
    return { grids, token: await issuer.sign({ userId: 'admin', tenantId, roles: ['tenant-admin'], gridIds: [], venueKinds: [] }) };
  }

  const call = async (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) => {
    const json = body !== undefined && !(body instanceof ReadableStream);
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(json && { 'content-type': 'application/json' }), ...headers },
      body: json ? JSON.stringify(body) : (body as ReadableStream | undefined),
      ...(body instanceof ReadableStream && { duplex: 'half' }),
    } as RequestInit);
    return { status: res.status, body: (res.status === 204 ? {} : await res.json()) as Record<string, any> };
  };

  /** Announce, upload the file as a stream (it never sits in memory), start, poll until done. */
  async function importFile(label: string, token: string, file: string, size: number) {
    const announced = await call('POST', '/api/residents/imports', token, { fileName: 'town.csv', size });
    if (announced.status !== 201) throw new Error(`announce: ${JSON.stringify(announced.body)}`);
    const { upload, import: created } = announced.body;
    const sent = await call('PUT', upload.url, token, Readable.toWeb(createReadStream(file)), upload.headers);
    if (sent.status !== 204) throw new Error(`upload: ${JSON.stringify(sent.body)}`);
    await call('POST', `/api/residents/imports/${created.id}/start`, token);
    let last = -1;
    const started = performance.now();
    for (;;) {
      const p = (await call('GET', `/api/residents/imports/${created.id}`, token)).body;
      const pct = p.checkedAt ? Math.floor((100 * p.processed) / Math.max(1, p.valid)) : 0;
      if (pct >= last + 10 || p.status === 'done' || p.status === 'failed') {
        console.log(`  ${label}: ${p.status.padEnd(8)} ${String(pct).padStart(3)}%  ${p.processed}/${p.valid}  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
        last = pct;
      }
      if (p.status === 'done' || p.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    await deps.jobs.idle();
    const final = (await call('GET', `/api/residents/imports/${created.id}`, token)).body;
    if (final.status !== 'done') throw new Error(`import ${final.status}: ${final.failure}`);
    return final;
  }

  /**
   * Bare BatchWriteItem: items of a person's shape and size, with its index attributes; or (`mix`)
   * the import's own items in its proportions: per household of three, three people, their three
   * identity-index items, the household (with its index entry) and its 户号 item.
   */
  async function bare(label: string, n: number, inFlight: number, mix = false): Promise<number> {
    const keys = tenantKeys('bare');
    const filler = 'x'.repeat(60);
    const at = new Date().toISOString();
    const items = function* () {
      let written = 0;
      for (let i = 0; written < n; i++) {
        const id = `${label}${String(i).padStart(20, '0')}`.slice(-26);
        const householdId = mix ? `H${label}${String(Math.floor(i / 3)).padStart(20, '0')}` : `H${id.slice(1)}`;
        const p = { id, householdId, gridPath: '/a/a-1/a-1-1/', phoneBlind: i % 3 ? undefined : `b${id}` };
        yield put({ ...keys.person(householdId, id), ...keys.personEntries(p), entity: 'person', schemaVersion: 1, ...p, gridId: 'a-1-1', gender: 'male', idType: 'resident-id', category: 'local-permanent', relationship: 'child', tags: [], status: 'active', nameEnc: `k1.${filler}.${filler}`, nameMasked: '张*', idNumberEnc: `k1.${filler}.${filler}${filler}`, idNumberMasked: '4101**********1234', idBlind: `${filler}${i}`, birthDateEnc: `k1.${filler}.${filler}`, birthYear: 1990, version: 1, createdAt: at, updatedAt: at, createdBy: 'admin', updatedBy: 'admin' });
        written++;
        if (!mix) continue;
        yield put({ ...keys.idNumberIndex(`${filler.slice(0, 43)}${label}${i}`), entity: 'id-index', householdId, personId: id, active: true });
        written++;
        if (i % 3) continue;
        const h = { id: householdId, gridId: 'a-1-1', gridPath: '/a/a-1/a-1-1/', number: `N${id}`, address: { compound: '幸福小区', building: '3', unit: '2', room: '301' }, tags: [], members: 3, version: 1, createdAt: at, updatedAt: at, createdBy: 'admin', importMark: `${id}#1-1` };
        yield put({ ...keys.household(householdId), ...keys.householdEntries(h), entity: 'household', schemaVersion: 1, ...h });
        yield put({ ...keys.householdNumber(h.number), entity: 'household-number', householdId });
        written += 2;
      }
    };
    const started = performance.now();
    await batchWriteAll(db, items(), { concurrency: inFlight, maxAttempts: 11 });
    const rate = n / ((performance.now() - started) / 1000);
    console.log(`  bare BatchWriteItem (${label}, ${mix ? "the import's item mix" : 'person items'}, ${inFlight} in flight): ~${n} items, ${Math.round(rate)} items/s`);
    return rate;
  }

  const quarterFile = join(dir, 'quarter.csv');
  const fullFile = join(dir, 'town.csv');
  const categories = (scale: number) => Object.fromEntries(Object.entries(SEED_TOWN).map(([k, v]) => [k, Math.round(v * scale)]));
  const small = await town('bench-quarter');
  const full = await town('bench');
  const quarterSize = await writeResidentCsv(quarterFile, { categories: categories(SCALE / 4), grids: small.grids });
  const fullSize = await writeResidentCsv(fullFile, { categories: categories(SCALE), grids: full.grids });
  console.log(`resident import benchmark: ${PEOPLE.toLocaleString('en')} people (${(fullSize / 1024 / 1024).toFixed(1)} MB CSV), a quarter first (${(quarterSize / 1024 / 1024).toFixed(1)} MB); DynamoDB Local in memory`);

  // The quarter import warms DynamoDB Local's JVM (a bare rate on a cold JVM is low and flatters the
  // ratio); the bare rates are then taken just before and just after the town's import, into the
  // table the import writes into (holding the quarter before, the quarter and the town after).
  const quarter = await measure(() => importFile('quarter', small.token, quarterFile, quarterSize));
  const bestBare = async (label: string, mix = false) => Math.max(...[await bare(`${label}1`, BARE_ITEMS, IN_FLIGHT[0], mix), await bare(`${label}2`, BARE_ITEMS, IN_FLIGHT[1], mix)]);
  const bareBefore = await bestBare('A');
  const mixBefore = await bestBare('C', true);
  calls.clear();
  const whole = await measure(() => importFile('town', full.token, fullFile, fullSize));
  console.log(`  town: DynamoDB calls (count × mean ms, items or keys): ${[...calls].map(([name, c]) => `${name} ${c.n} × ${(c.ms / c.n).toFixed(0)} ms (${c.items})`).join(', ')}`);
  const written = calls.get('BatchWriteCommand')?.items ?? 0;
  console.log(`  town: ${written} items BatchWritten (chunks and error pages included) = ${(written / PEOPLE).toFixed(3)} a person; ${((calls.get('BatchGetCommand')?.items ?? 0) / PEOPLE).toFixed(3)} keys read a person`);
  console.log(`  town: checked in ${((Date.parse(whole.result.checkedAt) - Date.parse(whole.result.createdAt)) / 1000).toFixed(1)} s (upload, check, seal, store chunks)`);
  const bareAfter = await bestBare('B');
  const mixAfter = await bestBare('D', true);
  const bareRate = (bareBefore + bareAfter) / 2;
  const mixRate = (mixBefore + mixAfter) / 2;
  const rowsPerSecond = PEOPLE / whole.seconds;
  const figures = (await call('GET', '/api/residents/figures', full.token)).body.total as Record<string, number>;
  const expected = PEOPLE === 210_186 ? SEED_TOWN_CODES : Object.fromEntries(Object.entries(SEED_TOWN_CODES).map(([k, v]) => [k, Math.round(v * SCALE)]));
  const exact = Object.entries(expected).every(([code, n]) => figures[`c:${code}`] === n) && figures.people === PEOPLE;
  console.log(`  town: ${whole.seconds} s, ${whole.result.created} people, ${whole.result.households} households, ${whole.result.chunks} chunks; figures ${JSON.stringify(figures)}`);
  console.log(`  peak RSS: quarter ${quarter.peakRssMb} MB, whole ${whole.peakRssMb} MB (base ${quarter.baseRssMb} / ${whole.baseRssMb} MB)`);

  const n = PEOPLE.toLocaleString('en');
  report({ name: `resident import: ${n} people, import rate vs bare BatchWriteItem (target ≥ 0.5)`, value: rowsPerSecond, unit: 'rows/s', ratio: rowsPerSecond / bareRate, target: 0.5, atLeast: true });
  report({ name: 'resident import: bare BatchWriteItem, same run', value: bareRate, unit: 'items/s' });
  // A person is at least 2 items (the person, its document's unique index) and a household 2 more
  // (the household, its 户号): per item written, how the import compares with the bare writes.
  const itemsPerSecond = (2 * whole.result.created + 2 * whole.result.households) / whole.seconds;
  report({ name: 'resident import: registry items written per second vs bare', value: itemsPerSecond, unit: 'items/s', ratio: itemsPerSecond / bareRate });
  // The same items the import writes, bare: the import's rows/s times its items a person against it is
  // the share of the store's rate the import's own work leaves (1 = no overhead at all).
  report({ name: "resident import: bare BatchWriteItem of the import's own item mix, same run", value: mixRate, unit: 'items/s' });
  report({ name: 'resident import: items BatchWritten per person (chunks included)', value: written / PEOPLE, unit: 'items', ratio: 1 / (written / PEOPLE) });
  report({ name: "resident import: items written per second vs bare writes of the same items", value: rowsPerSecond * (written / PEOPLE), unit: 'items/s', ratio: (rowsPerSecond * (written / PEOPLE)) / mixRate });
  report({ name: `resident import: ${n} people, total time`, value: whole.seconds, unit: 's' });
  report({ name: `resident import: peak RSS, ${n} people vs a quarter`, value: whole.peakRssMb, unit: 'MB', ratio: whole.peakRssMb / quarter.peakRssMb, target: 1.25 });
  report({ name: `resident import: peak RSS, ${Math.round(PEOPLE / 4).toLocaleString('en')} people`, value: quarter.peakRssMb, unit: 'MB' });
  report({ name: 'resident import: people in the figures after the import (categories exact)', value: figures.people ?? 0, unit: 'people', ratio: exact ? 1 : 0, target: 1, atLeast: true });
  if (!exact || rowsPerSecond / bareRate < 0.5) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
  await dynamo.stop();
}
