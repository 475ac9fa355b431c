/**
 * Testing-round benchmark (issue 17): a tenant with a registered population (the seed town's 210,186
 * people and categories by default, in 340 level-3 grids under 34 villages under 10 sectors, written
 * straight into the table with the registry's counters), one round, and N samples recorded through
 * the testing repository (the API's code path without HTTP), 1 in 10 a second sample of someone
 * already tested. Measured in the same run: the recording rate against bare PutItems of the same
 * items at the same concurrency, distinct people exact, and the cost of reading the tenant's coverage
 * (DynamoDB calls and ms, median of 5): it must not grow with people or samples, only with grids.
 *
 * The round's first records are written straight into the table (the same items and counters the
 * repository writes, in batches, like the people); the last `--measured` (15,000 by default) go
 * through the repository, so the rate is the one at the round's full size (a transaction per record
 * on DynamoDB Local takes ~40 ms on 2 cores: all 150,000 through it would take two hours).
 *
 *   npm run bench -- testing-round                               (the full size)
 *   npm run bench -- testing-round --people 21019 --records 15000 --measured 15000
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { batchWriteAll, put } from '../shared/data/bulk';
import { createDb, type Db } from '../shared/data/db';
import { gridPath, tenantKeys } from '../shared/data/keys';
import { shardOf } from '../shared/data/residents/counters';
import { tenantData } from '../shared/data/tenant-data';
import { tenantDirectory } from '../shared/data/tenants';
import type { Actor } from '../shared/domain/actor';
import { ensureTable, localDbConfig, startDynamoLocal } from '../local/dynamodb';
import { SEED_TOWN_CODES } from './resident-file';
import { median } from './figures';
import { type BenchResult, recordResults } from './results';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const PEOPLE = Number(arg('people', '210186'));
const RECORDS = Number(arg('records', '150000'));
const WRITERS = Number(arg('writers', '16'));
/** Records sent through the repository (the last ones); the ones before are written straight. */
const MEASURED = Math.min(RECORDS, Number(arg('measured', '15000')));
const STRAIGHT = RECORDS - MEASURED;
/** Bare writes measured on this many items (the same kind of item, the same concurrency). */
const BARE = Math.min(RECORDS, Number(arg('bare', '20000')));
const TABLE = 'gridwatch-bench-testing';
const TENANT = 'bench-testing';
const NOW = new Date('2026-11-25T06:00:00Z');
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ulidOf = (prefix: string, n: number) => {
  let s = '';
  for (let v = n; s.length < 22; v = Math.floor(v / 32)) s = CROCKFORD[v % 32] + s;
  return `01${prefix}${s}`;
};

/** 10 sectors × 3–4 villages (34) × 10 groups (340 level-3 grids), as one town of the articles. */
function grids() {
  const out: { id: string; name: string; parentId: string | null; path: string }[] = [];
  for (let s = 0; s < 10; s++) {
    const sector = { id: `s${s}`, name: `片区${s}`, parentId: null, path: gridPath(null, `s${s}`) };
    out.push(sector);
    for (let v = 0; v < (s < 4 ? 4 : 3); v++) {
      const village = { id: `s${s}-v${v}`, name: `村${s}-${v}`, parentId: sector.id, path: gridPath(sector.path, `s${s}-v${v}`) };
      out.push(village);
      for (let g = 0; g < 10; g++) out.push({ id: `${village.id}-g${g}`, name: `组${g}`, parentId: village.id, path: gridPath(village.path, `${village.id}-g${g}`) });
    }
  }
  return out;
}

/** Person i's category, in the seed town's proportions. */
function categoryOf(i: number): string {
  const scaled = (i * 210_186) / PEOPLE;
  let acc = 0;
  for (const [code, n] of Object.entries(SEED_TOWN_CODES)) if (scaled < (acc += n)) return code;
  return 'local-permanent';
}

async function register(db: Db, leaves: ReturnType<typeof grids>) {
  const keys = tenantKeys(TENANT);
  const counts = new Map<string, Record<string, number>>();
  function* items() {
    for (let i = 0; i < PEOPLE; i++) {
      const grid = leaves[i % leaves.length];
      const householdId = ulidOf('HH', Math.floor(i / 3));
      const id = ulidOf('PP', i);
      const category = categoryOf(i);
      const c = counts.get(grid.id) ?? {};
      c.people = (c.people ?? 0) + 1;
      c[`c:${category}`] = (c[`c:${category}`] ?? 0) + 1;
      counts.set(grid.id, c);
      yield put({ ...keys.person(householdId, id), ...keys.personEntries({ id, householdId, gridPath: grid.path }), entity: 'person', schemaVersion: 1, id, householdId, gridId: grid.id, gridPath: grid.path, gender: 'unknown', idType: 'resident-id', category, relationship: 'householder', tags: [], status: 'active', nameMasked: '王*', idNumberMasked: '4101**********1234', version: 1, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(), createdBy: 'bench', updatedBy: 'bench' });
    }
    for (const [gridId, c] of counts) yield put({ ...keys.residentCounter(gridId, 0), entity: 'resident-counter', gridId, ...c });
  }
  await batchWriteAll(db, items());
}

/** Records 0 … STRAIGHT-1, as the repository would have stored them (record, id claim, tube, mark, coverage counters). */
async function recordStraight(db: Db, leaves: ReturnType<typeof grids>, roundId: string, personOf: (i: number) => number) {
  const keys = tenantKeys(TENANT);
  const counters = new Map<string, { gridId: string; shard: number; times: number; tested: number }>();
  function* items() {
    const marked = new Set<number>();
    for (let i = 0; i < STRAIGHT; i++) {
      const p = personOf(i);
      const first = !marked.has(p);
      marked.add(p);
      const id = ulidOf('RC', i);
      const personId = ulidOf('PP', p);
      const gridId = leaves[p % leaves.length].id;
      const takenAt = '2026-11-25T05:00:00Z';
      const record = { id, roundId, via: 'door', personId, householdId: ulidOf('HH', Math.floor(p / 3)), gridId, nameMasked: '王*', sampleId: `S${i}`, takenAt, first, recordedBy: 'admin', receivedAt: NOW.toISOString() };
      yield put({ ...keys.testRecordClaim(roundId, id), entity: 'test-record-claim', schemaVersion: 1, roundId, recordId: id, personId, sampleId: record.sampleId, takenAt });
      yield put({ ...keys.testRecord(roundId, personId, id), entity: 'test-record', schemaVersion: 1, ...record });
      yield put({ ...keys.testSample(roundId, record.sampleId), entity: 'test-sample', schemaVersion: 1, personId, householdId: record.householdId, recordId: id });
      if (first) yield put({ ...keys.testedMark(roundId, personId), entity: 'test-mark', schemaVersion: 1, roundId, personId, gridId, firstAt: takenAt, recordId: id });
      const shard = shardOf(personId);
      const c = counters.get(`${gridId}#${shard}`) ?? { gridId, shard, times: 0, tested: 0 };
      c.times += 1;
      c.tested += first ? 1 : 0;
      counters.set(`${gridId}#${shard}`, c);
    }
    for (const c of counters.values()) yield put({ ...keys.testCoverageCounter(roundId, c.gridId, c.shard), entity: 'test-coverage', gridId: c.gridId, roundId, times: c.times, tested: c.tested });
  }
  await batchWriteAll(db, items());
}

/** `n` tasks, `WRITERS` at a time; returns items per second. */
async function rate(n: number, task: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: WRITERS }, async () => {
    while (next < n) await task(next++);
  }));
  return Math.round((n / ((performance.now() - started) / 1000)) * 10) / 10;
}

async function counted<T>(db: Db, step: () => Promise<T>): Promise<{ result: T; calls: number; ms: number }> {
  let calls = 0;
  const send = db.doc.send.bind(db.doc);
  db.doc.send = ((command: never) => {
    calls++;
    return send(command);
  }) as typeof db.doc.send;
  const started = performance.now();
  try {
    const result = await step();
    return { result, calls, ms: Math.round(performance.now() - started) };
  } finally {
    db.doc.send = send;
  }
}

const dynamo = await startDynamoLocal();
try {
  await ensureTable(dynamo.endpoint, TABLE);
  const db = createDb(TABLE, localDbConfig(dynamo.endpoint));
  await tenantDirectory(db).create({ id: TENANT, nameZh: '基准镇', nameEn: 'Bench Town', timezone: 'Asia/Shanghai', gridLevelNames: ['一级', '二级', '三级'] }, undefined, NOW);
  const data = tenantData(db, TENANT);
  const tree = grids();
  for (const g of tree) await data.grids.create({ id: g.id, name: g.name, parentId: g.parentId }, NOW);
  const leaves = tree.filter((g) => g.path.split('/').length === 5);
  let t0 = performance.now();
  await register(db, leaves);
  console.log(`registered ${PEOPLE} people in ${leaves.length} groups: ${((performance.now() - t0) / 1000).toFixed(0)} s`);

  const actor: Actor = { userId: 'admin', tenantId: TENANT, roles: ['tenant-admin'], gridIds: [], venueKinds: [] };
  const scope = { kind: 'tenant' } as const;
  const t = data.residents.testing;
  const { stored: round } = await t.rounds.create(actor, scope, { id: ulid(), number: 5, name: '第五轮', startsAt: '2026-11-25T00:00:00Z', endsAt: '2026-11-26T00:00:00Z', exemptCategories: ['nonlocal-temporary'] }, NOW);
  // 9 in 10 samples are a new person's, 1 in 10 a second sample of someone sampled before.
  const personOf = (i: number) => (i % 10 === 9 ? i - 9 : i) % PEOPLE;
  t0 = performance.now();
  await recordStraight(db, leaves, round.id, personOf);
  console.log(`wrote the round's first ${STRAIGHT} records straight: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  t0 = performance.now();
  const recordRate = await rate(MEASURED, (n) => {
    const i = STRAIGHT + n;
    const p = personOf(i);
    return t.records.record(actor, scope, { id: ulidOf('RC', i), roundId: round.id, via: 'door', who: { householdId: ulidOf('HH', Math.floor(p / 3)), personId: ulidOf('PP', p) }, sampleId: `S${i}`, takenAt: '2026-11-25T05:00:00Z' }, NOW);
  });
  console.log(`recorded the last ${MEASURED} samples through the repository: ${recordRate} /s (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  const bareRate = await rate(BARE, (i) =>
    db.doc.send(new PutCommand({ TableName: TABLE, Item: { pk: `T#${TENANT}#BARE#${i}`, sk: `REC#${ulidOf('BR', i)}`, entity: 'bare', roundId: round.id, via: 'door', personId: ulidOf('PP', i), householdId: ulidOf('HH', i), gridId: 's0-v0-g0', nameMasked: '王*', sampleId: `B${i}`, takenAt: NOW.toISOString(), first: true, recordedBy: 'admin', receivedAt: NOW.toISOString() } })),
  );
  console.log(`bare PutItem: ${bareRate} /s`);

  const roots = tree.filter((g) => g.parentId === null).map((g) => g.path);
  const reads = [];
  for (let i = 0; i < 5; i++) reads.push(await counted(db, () => t.coverage.ofRound(round, roots)));
  const coverage = reads[0].result;
  const distinct = new Set(Array.from({ length: RECORDS }, (_, i) => personOf(i))).size;
  console.log(`coverage: ${JSON.stringify(coverage.total)} over ${coverage.grids.length} grids; ${reads[0].calls} calls, ${reads.map((r) => r.ms).join('/')} ms`);
  if (coverage.total.times !== RECORDS || coverage.total.tested !== distinct) throw new Error(`counted ${coverage.total.times} samples / ${coverage.total.tested} people, expected ${RECORDS} / ${distinct}`);
  const at = `${RECORDS.toLocaleString('en')} samples, ${PEOPLE.toLocaleString('en')} people`;
  const results: BenchResult[] = [
    { name: `testing-round: recording rate (the last ${MEASURED.toLocaleString('en')}), ${at}`, value: recordRate, unit: 'records/s', ratio: Math.round((recordRate / bareRate) * 100) / 100 },
    { name: `testing-round: bare PutItem rate, same run (${WRITERS} in flight)`, value: bareRate, unit: 'items/s' },
    { name: `testing-round: coverage read, DynamoDB calls, ${tree.length} grids, ${at}`, value: reads[0].calls, unit: 'calls' },
    { name: `testing-round: coverage read time (median of 5), ${tree.length} grids, ${at}`, value: median(reads.map((r) => r.ms)), unit: 'ms' },
    { name: `testing-round: distinct people counted (exact), ${at}`, value: coverage.total.tested, unit: 'people' },
  ];
  recordResults(results);
  for (const r of results) console.log(`${r.name}: ${r.value} ${r.unit}${r.ratio !== undefined ? ` (×${r.ratio} of bare)` : ''}`);
} finally {
  await dynamo.stop();
}
