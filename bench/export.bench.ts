/**
 * Export benchmark: 100,000 problems (or `--rows N`) seeded straight into a fresh in-memory DynamoDB
 * Local with BatchWrite, then the ledger exported through the real API as CSV and as xlsx by a
 * tenant-wide supervisor. Prints time, bytes, rows and the Node process's peak RSS and heap during
 * each export (DynamoDB Local is another process and is not counted), and checks the row counts.
 *
 *   npx tsx bench/export.bench.ts [--rows 100000]
 *
 * A plain script: one timed run, bounded by the row count, stops by itself; `npm run bench` gathers
 * its figures (bench/results.ts).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { ulid } from 'ulid';
import { createDevIssuer } from '../shared/auth/dev-issuer';
import { fixedClock } from '../shared/clock';
import { batchWriteAll, put } from '../shared/data/bulk';
import { createDb } from '../shared/data/db';
import { tenantKeys } from '../shared/data/keys';
import { tenantData } from '../shared/data/tenant-data';
import { tenantDirectory } from '../shared/data/tenants';
import type { Problem } from '../shared/domain/venues/problem';
import { createApp } from '../functions/api/app';
import { ensureTable, localDbConfig, startDynamoLocal } from '../local/dynamodb';
import { localDeps } from '../local/local-deps';
import { measure, recordResults } from './results';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const ROWS = Math.min(200_000, Math.max(1, Number(arg('rows', '100000'))));
const TABLE = 'gridwatch-bench-export';
const TENANT = 'bench-export';
const NOW = '2026-11-25T02:00:00Z';
const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

const dynamo = await startDynamoLocal();
try {
  await ensureTable(dynamo.endpoint, TABLE);
  const db = createDb(TABLE, localDbConfig(dynamo.endpoint));
  const clock = fixedClock(NOW);
  const now = clock.now();

  // A tenant with two top-level grids and four villages.
  await tenantDirectory(db).create({ id: TENANT, nameZh: '压测区', nameEn: 'Bench District', timezone: 'Asia/Shanghai', gridLevelNames: ['一级网格', '二级网格'] }, undefined, now);
  const data = tenantData(db, TENANT);
  const villages: { id: string; path: string }[] = [];
  for (const top of ['east', 'west']) {
    await data.grids.create({ id: top, name: `${top === 'east' ? '东' : '西'}片区`, parentId: null }, now);
    for (const n of [1, 2]) {
      const grid = await data.grids.create({ id: `${top}-${n}`, name: `${top === 'east' ? '东' : '西'}村${n}`, parentId: top }, now);
      villages.push({ id: grid.id, path: grid.path });
    }
  }

  // Seed the problems: BatchWrite of 25, 8 requests in flight, unprocessed items retried (bounded).
  const keys = tenantKeys(TENANT);
  const kinds = ['shop', 'supermarket', 'restaurant', 'internet-cafe', 'hotel'];
  const items = ['佩戴口罩', '测温', '扫码验码（两码联查）', '消杀', '人员登记'];
  const severities = ['critical', 'major', 'minor'] as const;
  const problemAt = (i: number): Problem => {
    const v = villages[i % villages.length];
    const inspectionId = ulid(Date.parse(NOW) - i * 1000);
    const deadline = `2026-11-${String(20 + (i % 10)).padStart(2, '0')}`;
    return {
      id: `${inspectionId}-item-${i % 5}`,
      venueId: `v-${i % 20_000}`,
      venueName: `场所${i % 20_000}号（${['东', '西', '南', '北'][i % 4]}街${i % 97}号）`,
      venueKind: kinds[i % kinds.length],
      gridId: v.id,
      gridPath: v.path,
      inspectionId,
      itemCode: `item-${i % 5}`,
      itemLabelZh: items[i % 5],
      severity: severities[i % 3],
      status: (['open', 'notice-issued', 'rectification-reported'] as const)[i % 3],
      deadline,
      openedAt: new Date(Date.parse(NOW) - (i % 30) * 86_400_000).toISOString(),
      openedBy: `inspector-${i % 400}`,
      escalations: i % 4 === 0 ? 1 : 0,
      version: 1 + (i % 3),
      updatedAt: NOW,
      ...(i % 3 >= 1 ? { notice: { number: `2026-第${i}号`, issuedAt: NOW, issuedBy: `inspector-${i % 400}`, deadline } } : {}),
    };
  };
  function* problemItems() {
    for (let i = 0; i < ROWS; i++) {
      const p = problemAt(i);
      yield put({ ...keys.problem(p.id), ...keys.problemEntries(p), entity: 'problem', schemaVersion: 1, ...p });
    }
  }
  const seed = await measure(() => batchWriteAll(db, problemItems(), { concurrency: 8, maxAttempts: 10 }));
  console.log(`seeded ${ROWS.toLocaleString()} problems in ${seed.seconds.toFixed(1)} s`);

  const issuer = await createDevIssuer({ issuer: 'bench', audience: 'bench', clock });
  const app = createApp(
    localDeps({
      db,
      clock,
      issuer,
      webOrigin: 'https://web.bench',
      venueCodeSecret: 'bench',
      logger: new Logger({ serviceName: 'gridwatch-bench', logLevel: 'SILENT' }),
        onJobError: (message) => console.error(`job failed: ${message}`),
    }),
  );
  const token = await issuer.sign({ userId: 'boss', tenantId: TENANT, roles: ['supervisor'], gridIds: [], venueKinds: [] });

  const exportOnce = async (format: 'csv' | 'xlsx') =>
    measure(async () => {
      const res = await app.request(`/api/problems/export.${format}?status=open`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`export.${format}: ${res.status} ${await res.text()}`);
      let bytes = 0;
      let newlines = 0;
      const reader = res.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.length;
        if (format === 'csv') for (let i = 0; i < value.length; i++) if (value[i] === 10) newlines++;
      }
      return { bytes, rows: format === 'csv' ? newlines - 1 : undefined };
    });

  // The same read without formatting or HTTP: how much of an export is DynamoDB (Local) itself.
  const read = await measure(async () => {
    const actor = { userId: 'boss', tenantId: TENANT, roles: ['supervisor' as const], gridIds: [], venueKinds: [] };
    let n = 0;
    for await (const batch of await data.problems.ledgerBatches(actor, { kind: 'tenant' }, { status: 'open' }, '2026-11-25')) n += batch.length;
    return { bytes: 0, rows: n };
  });
  if (read.result.rows !== ROWS) throw new Error(`read ${read.result.rows} problems, expected ${ROWS}`);

  const csv = await exportOnce('csv');
  if (csv.result.rows !== ROWS) throw new Error(`CSV has ${csv.result.rows} rows, expected ${ROWS}`);
  const xlsx = await exportOnce('xlsx');

  const line = (name: string, m: Awaited<ReturnType<typeof exportOnce>>) =>
    `${name.padEnd(5)} ${m.seconds.toFixed(1).padStart(6)} s  ${`${mb(m.result.bytes)} MB`.padStart(9)}  ${Math.round(ROWS / m.seconds).toLocaleString().padStart(7)} rows/s  RSS ${m.baseRssMb} → peak ${m.peakRssMb} MB  heap ${m.baseHeapMb} → peak ${m.peakHeapMb} MB`;
  console.log(`\nexport of ${ROWS.toLocaleString()} problem rows (streamed through GET /api/problems/export.*):`);
  console.log(line('read', read as Awaited<ReturnType<typeof exportOnce>>));
  console.log(line('csv', csv));
  console.log(line('xlsx', xlsx));

  const rows = ROWS.toLocaleString('en');
  recordResults([
    { name: `export: ledger read only (DynamoDB), ${rows} problems`, value: Math.round(read.seconds * 10) / 10, unit: 's' },
    { name: `export: CSV time, ${rows} problems`, value: Math.round(csv.seconds * 10) / 10, unit: 's' },
    { name: `export: CSV peak RSS, ${rows} problems`, value: csv.peakRssMb, unit: 'MB' },
    { name: `export: xlsx time, ${rows} problems`, value: Math.round(xlsx.seconds * 10) / 10, unit: 's' },
    { name: `export: xlsx peak RSS, ${rows} problems`, value: xlsx.peakRssMb, unit: 'MB' },
  ]);
} finally {
  await dynamo.stop();
}
