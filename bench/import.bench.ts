/**
 * Venue import benchmark: a generated CSV of 20,000 venues (or `--rows N`) imported through the real
 * API over a fresh in-memory DynamoDB Local, then imported again unchanged and again with changes.
 * Prints the times, rows per second, DynamoDB calls per chunk, and checks every row landed once.
 *
 *   npm run bench -- import                 (20,000 rows; several minutes on 2 cores with DynamoDB Local)
 *   npx tsx bench/import.bench.ts [--rows 20000]
 *
 * A plain script (not a vitest bench): one timed run, bounded by the row count, stops by itself.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { createDevIssuer } from '../shared/auth/dev-issuer';
import { systemClock } from '../shared/clock';
import { createDb } from '../shared/data/db';
import { tenantData } from '../shared/data/tenant-data';
import { tenantDirectory } from '../shared/data/tenants';
import { createApp } from '../functions/api/app';
import { ensureTable, localDbConfig, startDynamoLocal } from '../local/dynamodb';
import { localDeps } from '../local/local-deps';
import { importVenueCsv, venueCsv } from '../test/support/venue-csv';
import { recordResults } from './results';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const ROWS = Math.min(100_000, Math.max(1, Number(arg('rows', '20000'))));
const TABLE = 'gridwatch-bench';

const dynamo = await startDynamoLocal();
try {
  await ensureTable(dynamo.endpoint, TABLE);
  const db = createDb(TABLE, localDbConfig(dynamo.endpoint));
  // Count DynamoDB calls by command.
  const calls = new Map<string, number>();
  const spent = new Map<string, number>();
  const send = db.doc.send.bind(db.doc);
  db.doc.send = (async (command: { constructor: { name: string } }) => {
    const name = command.constructor.name;
    calls.set(name, (calls.get(name) ?? 0) + 1);
    const t0 = performance.now();
    try {
      return await send(command as never);
    } finally {
      spent.set(name, (spent.get(name) ?? 0) + performance.now() - t0);
    }
  }) as typeof db.doc.send;

  const clock = systemClock;
  const now = clock.now();
  const tenantId = 'bench';
  await tenantDirectory(db).create(
    { id: tenantId, nameZh: '基准测试镇', nameEn: 'Bench Town', timezone: 'Asia/Shanghai', gridLevelNames: ['一级', '二级', '三级'] },
    { id: 'admin', displayName: '管理员', password: 'bench-password-1' },
    now,
  );
  const data = tenantData(db, tenantId);
  const gridIds: string[] = [];
  for (const top of ['a', 'b', 'c']) {
    await data.grids.create({ id: top, name: `片区${top}`, parentId: null }, now);
    for (const v of [1, 2, 3]) {
      await data.grids.create({ id: `${top}-${v}`, name: `村${top}${v}`, parentId: top }, now);
      for (const g of [1, 2]) {
        await data.grids.create({ id: `${top}-${v}-${g}`, name: `组${top}${v}${g}`, parentId: `${top}-${v}` }, now);
        gridIds.push(`${top}-${v}-${g}`);
      }
    }
  }

  const issuer = await createDevIssuer({ issuer: 'https://bench/api/auth', audience: 'bench', clock });
  const deps = localDeps({
    db,
    clock,
    issuer,
    webOrigin: 'http://bench',
    venueCodeSecret: 'bench',
    logger: new Logger({ serviceName: 'bench', logLevel: 'SILENT' }),
    onJobError: (message) => console.error(`job failed: ${message}`),
  });
  const { jobs } = deps;
  const app = createApp(deps);
  const token = await issuer.sign({ userId: 'admin', tenantId, roles: ['tenant-admin'], gridIds: [], venueKinds: [] });
  const call = async (method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = { token }) => {
    const { body, headers = {} } = options;
    const json = body !== undefined && typeof body !== 'string';
    const res = await app.request(path, {
      method,
      headers: { ...(options.token && { authorization: `Bearer ${options.token}` }), ...(json && { 'content-type': 'application/json' }), ...headers },
      body: json ? JSON.stringify(body) : (body as string | undefined),
    });
    return { status: res.status, body: (res.status === 204 ? {} : await res.json()) as Record<string, any> };
  };

  async function importFile(label: string, csv: string) {
    calls.clear();
    const started = performance.now();
    // As the web app and the CLI: announce, upload (the local store, through the API), start.
    const res = await importVenueCsv(call, token, csv, 'bench.csv');
    if (res.status !== 202) throw new Error(`upload refused: ${JSON.stringify(res.body).slice(0, 300)}`);
    const uploaded = performance.now();
    calls.clear();
    spent.clear();
    let last = -1;
    for (;;) {
      const p = (await call('GET', `/api/venues/imports/${res.body.id}`)).body;
      const pct = p.checkedAt ? Math.floor((100 * p.processed) / Math.max(1, p.valid)) : 0;
      if (pct >= last + 10 || p.status === 'done') {
        console.log(`  ${label}: ${p.status.padEnd(8)} ${String(pct).padStart(3)}%  ${p.processed}/${p.valid}  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
        last = pct;
      }
      if (p.status === 'done' || p.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await jobs.idle();
    const finished = performance.now();
    const final = (await call('GET', `/api/venues/imports/${res.body.id}`)).body;
    if (final.status !== 'done') throw new Error(`import ${final.status}: ${final.failure}`);
    const pollCalls = calls.get('QueryCommand') ?? 0;
    const msPerCall = Object.fromEntries([...spent].map(([name, ms]) => [name, Math.round(ms / (calls.get(name) ?? 1))]));
    // Check + store: from the upload's start to the job's checkedAt (the same clock).
    const checkMs = Date.parse(final.checkedAt) - Date.parse(final.createdAt);
    return { final, uploadMs: uploaded - started, checkMs, totalMs: finished - started, jobCalls: Object.fromEntries(calls), msPerCall, pollCalls };
  }

  async function countVenues(): Promise<{ count: number; unique: number }> {
    const ids = new Set<string>();
    let count = 0;
    let cursor: string | undefined;
    do {
      const page = (await call('GET', `/api/venues?limit=200${cursor ? `&cursor=${cursor}` : ''}`)).body;
      for (const v of page.items) ids.add(v.externalId);
      count += page.items.length;
      cursor = page.cursor;
    } while (cursor);
    return { count, unique: ids.size };
  }

  const csv = venueCsv({ prefix: 'BENCH', rows: ROWS, gridIds });
  console.log(`venue import benchmark: ${ROWS} rows, ${(Buffer.byteLength(csv) / 1024 / 1024).toFixed(2)} MB, DynamoDB Local in memory, ${gridIds.length} grids`);
  const runs = [
    { label: 'first import', result: await importFile('first import', csv) },
    { label: 're-import, unchanged', result: await importFile('re-import, unchanged', csv) },
    { label: 're-import, all changed', result: await importFile('re-import, all changed', venueCsv({ prefix: 'BENCH', rows: ROWS, gridIds, variant: '新' })) },
  ];
  const venues = await countVenues();
  console.log('');
  for (const { label, result } of runs) {
    const { final, uploadMs, checkMs, totalMs, jobCalls } = result;
    const jobTotal = Object.values(jobCalls).reduce((a, b) => a + b, 0);
    console.log(
      `${label.padEnd(24)} ${(totalMs / 1000).toFixed(1).padStart(6)} s  ${Math.round(ROWS / (totalMs / 1000))
        .toString()
        .padStart(5)} rows/s  (upload ${(uploadMs / 1000).toFixed(1)} s, check+store ${(checkMs / 1000).toFixed(1)} s)  created ${final.created} updated ${final.updated} unchanged ${final.unchanged}  chunks ${final.chunks}`,
    );
    console.log(`${''.padEnd(24)} DynamoDB calls while writing (incl. progress polls): ${JSON.stringify(jobCalls)} = ${(jobTotal / final.chunks).toFixed(2)} per chunk`);
    console.log(`${''.padEnd(24)} mean ms per call: ${JSON.stringify(result.msPerCall)}`);
  }
  console.log(`venues listed: ${venues.count}, distinct external ids: ${venues.unique} (expected ${ROWS} each)`);
  const writeCalls = (r: (typeof runs)[number]['result']) => ((r.jobCalls.BatchGetCommand ?? 0) + (r.jobCalls.TransactWriteCommand ?? 0)) / r.final.chunks;
  const rows = ROWS.toLocaleString('en');
  recordResults([
    { name: `import: ${rows} rows, first import`, value: Math.round(runs[0].result.totalMs / 100) / 10, unit: 's' },
    { name: `import: ${rows} rows, first import`, value: Math.round(ROWS / (runs[0].result.totalMs / 1000)), unit: 'rows/s' },
    { name: `import: ${rows} rows, re-import unchanged`, value: Math.round(runs[1].result.totalMs / 100) / 10, unit: 's' },
    { name: `import: ${rows} rows, re-import all changed`, value: Math.round(runs[2].result.totalMs / 100) / 10, unit: 's' },
    { name: 'import: DynamoDB write calls per chunk', value: writeCalls(runs[0].result), unit: 'calls' },
    { name: `import: venues listed after 3 imports of ${rows}`, value: venues.count, unit: 'items', ratio: venues.unique / ROWS, target: 1 },
  ]);
  if (venues.count !== ROWS || venues.unique !== ROWS) process.exitCode = 1;
} finally {
  await dynamo.stop();
}
