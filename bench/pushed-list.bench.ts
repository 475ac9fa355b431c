/**
 * Pushed-list benchmark: a list of 50,000 rows matched against a registry. The registry is the seed
 * town's register (210,186 people, `bench/resident-file.ts`) imported through the API first —
 * `--people` makes it smaller on a loaded machine. The list (generated, valid ID numbers): 40 % people
 * of the registry (matched by the blind index of the ID number), 30 % new people at an address a rule
 * places (compound names of the town's 18 groups), 30 % nowhere (the routing queue). It is uploaded,
 * started and polled through the real API; the job's rows per second and its DynamoDB calls per row
 * are the figures; then the same list again (every row seen before: nothing written).
 *
 *   npm run bench -- pushed-list
 *   npx tsx bench/pushed-list.bench.ts [--people 210186] [--rows 50000]
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDevIssuer } from '../shared/auth/dev-issuer';
import { systemClock } from '../shared/clock';
import { createDb } from '../shared/data/db';
import { tenantData } from '../shared/data/tenant-data';
import { tenantDirectory } from '../shared/data/tenants';
import { residentIdCheckChar } from '../shared/domain/residents/id-number';
import { DEFAULT_PUSHED_RETENTION_DAYS, DEFAULT_PUSHED_UNMASK_ROLES } from '../shared/domain/pushed-lists/rules';
import { createApp } from '../functions/api/app';
import { ensureTable, localDbConfig, startDynamoLocal } from '../local/dynamodb';
import { localDeps } from '../local/local-deps';
import { report } from './figures';
import { generatedId, SEED_TOWN, writeResidentCsv } from './resident-file';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const PEOPLE = Math.min(500_000, Math.max(1000, Number(arg('people', '210186'))));
const ROWS = Math.min(200_000, Math.max(100, Number(arg('rows', '50000'))));
const TABLE = 'gridwatch-bench';

const dynamo = await startDynamoLocal();
const dir = mkdtempSync(join(tmpdir(), 'gridwatch-pushed-bench-'));
try {
  await ensureTable(dynamo.endpoint, TABLE);
  const db = createDb(TABLE, localDbConfig(dynamo.endpoint));
  // Every client's calls (the job's tenant has a client of its own, shared/data/tenant-tables.ts).
  const calls = new Map<string, number>();
  const send = DynamoDBDocumentClient.prototype.send as (this: DynamoDBDocumentClient, command: unknown) => Promise<unknown>;
  DynamoDBDocumentClient.prototype.send = async function (this: DynamoDBDocumentClient, command: { constructor: { name: string } }) {
    calls.set(command.constructor.name, (calls.get(command.constructor.name) ?? 0) + 1);
    return send.call(this, command);
  } as typeof DynamoDBDocumentClient.prototype.send;
  const clock = systemClock;
  const issuer = await createDevIssuer({ issuer: 'https://bench/api/auth', audience: 'bench', clock });
  const deps = localDeps({ db, clock, issuer, webOrigin: 'http://bench', venueCodeSecret: 'bench', importFileDir: join(dir, 'files'), logger: new Logger({ serviceName: 'bench', logLevel: 'SILENT' }), onJobError: (m) => console.error(`job failed: ${m}`) });
  const app = createApp(deps);

  // A town like the seed's: 3 areas × 3 villages × 2 groups.
  const tenantId = 'bench';
  const now = clock.now();
  await tenantDirectory(db).create({ id: tenantId, nameZh: '基准镇', nameEn: 'Bench Town', timezone: 'Asia/Shanghai', gridLevelNames: ['片区', '村', '组'] }, { id: 'admin', displayName: '管理员', password: 'bench-password-1' }, now);
  const data = tenantData(db, tenantId);
  const grids: { id: string; name: string }[] = [];
  for (const top of ['a', 'b', 'c']) {
    await data.grids.create({ id: top, name: `片区${top}`, parentId: null }, now);
    for (const v of [1, 2, 3]) {
      await data.grids.create({ id: `${top}-${v}`, name: `村${top}${v}`, parentId: top }, now);
      for (const g of [1, 2]) {
        const group = await data.grids.create({ id: `${top}-${v}-${g}`, name: `组${top}${v}${g}`, parentId: `${top}-${v}` }, now);
        grids.push({ id: group.id, name: group.name });
      }
    }
  }
  const token = await issuer.sign({ userId: 'admin', tenantId, roles: ['tenant-admin'], gridIds: [], venueKinds: [] });
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const json = body !== undefined && !(body instanceof ReadableStream);
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(json && { 'content-type': 'application/json' }), ...headers },
      body: json ? JSON.stringify(body) : (body as ReadableStream | undefined),
      ...(body instanceof ReadableStream && { duplex: 'half' }),
    } as RequestInit);
    return { status: res.status, body: (res.status === 204 ? {} : await res.json()) as Record<string, any> };
  };
  /** Announce, upload as a stream, start, poll until done (resident import or pushed list). */
  async function upload(kind: 'residents/imports' | 'pushed-lists', file: string, extra: Record<string, unknown>) {
    const size = statSync(file).size;
    const announced = await call('POST', `/api/${kind}`, { fileName: 'file.csv', size, ...extra });
    if (announced.status !== 201) throw new Error(`announce: ${JSON.stringify(announced.body)}`);
    const id = (announced.body.import ?? announced.body.list).id;
    const sent = await call('PUT', announced.body.upload.url, Readable.toWeb(createReadStream(file)), announced.body.upload.headers);
    if (sent.status !== 204) throw new Error(`upload: ${JSON.stringify(sent.body)}`);
    const started = performance.now();
    await call('POST', `/api/${kind}/${id}/start`);
    for (;;) {
      const p = (await call('GET', `/api/${kind}/${id}`)).body;
      if (p.status === 'done' || p.status === 'failed') {
        await deps.jobs.idle();
        if (p.status !== 'done') throw new Error(`${kind} ${p.status}: ${p.failure}`);
        return { view: (await call('GET', `/api/${kind}/${id}`)).body, seconds: (performance.now() - started) / 1000 };
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  const registerFile = join(dir, 'town.csv');
  const scale = PEOPLE / 210_186;
  await writeResidentCsv(registerFile, { categories: Object.fromEntries(Object.entries(SEED_TOWN).map(([k, v]) => [k, Math.round(v * scale)])), grids: grids.map((g) => g.id) });
  console.log(`pushed-list benchmark: registry of ${PEOPLE.toLocaleString('en')} people (imported first), a list of ${ROWS.toLocaleString('en')} rows; DynamoDB Local in memory`);
  const register = await upload('residents/imports', registerFile, { format: 'csv' });
  console.log(`  registry imported: ${register.view.created} people in ${register.seconds.toFixed(1)} s`);

  const rules = await data.rules.get();
  const { version, updatedAt: _at, updatedBy: _by, ...body } = rules;
  await data.rules.save({ ...body, version, residents: { ...rules.residents, pushedLists: { addressRules: { compounds: grids.map((g) => ({ name: `${g.name}小区`, aliases: [], gridId: g.id })), roads: [] }, deadlineDays: 0, unmaskRoles: [...DEFAULT_PUSHED_UNMASK_ROLES], retentionDays: DEFAULT_PUSHED_RETENTION_DAYS, scopedRouting: false } } }, 'admin', now);

  // The list: 40 % registered people (by ID number), 30 % placed by an address rule, 30 % nowhere.
  const listFile = join(dir, 'list.csv');
  const out = createWriteStream(listFile);
  out.write('姓名,身份证号,电话,地址,来源地,抵达日期,推送来源,风险等级\n');
  for (let i = 0; i < ROWS; i++) {
    const kind = i % 10;
    const idNumber = kind < 4 ? generatedId((i * 7919) % PEOPLE) : (() => {
      const first17 = `5101${String(10 + (i % 80)).padStart(2, '0')}19${String(60 + (i % 40))}0${1 + (i % 9)}1${i % 10}${String(i % 1000).padStart(3, '0')}`;
      return `${first17}${residentIdCheckChar(first17)}`;
    })();
    const address = kind < 4 ? '' : kind < 7 ? `${grids[i % grids.length].name}小区${1 + (i % 30)}栋` : `外地某路${i}号`;
    if (!out.write(`推送${i},${idNumber},1${String(3_000_000_000 + i).slice(0, 10)},${address},某市,2026-12-05,省大数据局,${['高', '中', '低'][i % 3]}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');

  calls.clear();
  const first = await upload('pushed-lists', listFile, { name: '基准名单', format: 'csv' });
  const firstCalls = [...calls.values()].reduce((a, b) => a + b, 0);
  console.log(`  list: ${JSON.stringify(first.view.progress)} in ${first.seconds.toFixed(1)} s; calls ${[...calls].map(([n, c]) => `${n} ${c}`).join(', ')}`);
  calls.clear();
  const again = await upload('pushed-lists', listFile, { name: '基准名单（重复）', format: 'csv' });
  const againCalls = [...calls.values()].reduce((a, b) => a + b, 0);
  console.log(`  the same list again: ${again.view.duplicates} rows seen before, ${JSON.stringify(again.view.progress)} in ${again.seconds.toFixed(1)} s`);

  const size = `${ROWS.toLocaleString('en')} rows vs ${PEOPLE.toLocaleString('en')} people`;
  report({ name: `pushed list: rows matched per second, ${size}`, value: ROWS / first.seconds, unit: 'rows/s' });
  report({ name: `pushed list: DynamoDB calls per row, ${size}`, value: firstCalls / ROWS, unit: 'calls/row' });
  report({ name: `pushed list: the same list again, rows per second, ${size}`, value: ROWS / again.seconds, unit: 'rows/s' });
  report({ name: `pushed list: the same list again, DynamoDB calls per row, ${size}`, value: againCalls / ROWS, unit: 'calls/row' });
  report({ name: `pushed list: rows matched (person or address rule), ${size}`, value: first.view.progress.matched, unit: 'rows', ratio: first.view.progress.matched / Math.round(ROWS * 0.7), target: 1, atLeast: true });
  if (again.view.progress.received !== 0 || first.view.progress.received !== ROWS) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
  await dynamo.stop();
}
