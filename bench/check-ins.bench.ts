/**
 * Venue check-ins (issue 16): the public write path — a visitor's check-in through the app (zod, the
 * venue code's signature, the address and venue token buckets, the venue, the sealed check-in with its
 * two sharded counters in one transaction) — against DynamoDB Local, on ONE venue:
 * - paced at 100 check-ins a second for 10 s (a market at opening time): how many get through, the
 *   DynamoDB calls per check-in by command, and the transaction conflicts the shards leave;
 * - unpaced, as fast as 32 requests in flight go (the venue's bucket lifted): the rate this machine
 *   reaches, which bounds nothing in AWS but shows no hot item stalls the path.
 * Every visitor has an address of their own (phones behind different addresses).
 *
 *   npm run bench -- check-ins            (~1 minute on 2 cores)
 *   npx tsx bench/check-ins.bench.ts --seconds 5 --rate 100
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { createApp } from '../functions/api/app';
import { ensureTable, localDbConfig, startDynamoLocal } from '../local/dynamodb';
import { localDeps } from '../local/local-deps';
import { createDevIssuer } from '../shared/auth/dev-issuer';
import { systemClock } from '../shared/clock';
import { createDb } from '../shared/data/db';
import { tenantData } from '../shared/data/tenant-data';
import { tenantDirectory } from '../shared/data/tenants';
import { PUBLIC_LIMITS } from '../shared/domain/public-limits';
import { venueCodeToken } from '../shared/domain/venues/venue-code';
import { type BenchResult, recordResults } from './results';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SECONDS = Number(arg('seconds', '10'));
const RATE = Number(arg('rate', '100'));
const UNPACED = Number(arg('unpaced', '2000'));
const IN_FLIGHT = 32;
const TABLE = 'gridwatch-bench-check-ins';
const TENANT = 'bench-checkins';

/** Every DynamoDB call of every tenant's client, by command, while counting. */
const calls: Record<string, number> = {};
let counting = false;
const send = DynamoDBDocumentClient.prototype.send as (this: DynamoDBDocumentClient, command: unknown) => Promise<unknown>;
DynamoDBDocumentClient.prototype.send = function (this: DynamoDBDocumentClient, command: { constructor: { name: string } }) {
  if (counting) {
    const name = command.constructor.name.replace(/Command$/, '');
    calls[name] = (calls[name] ?? 0) + 1;
  }
  return send.call(this, command);
} as typeof DynamoDBDocumentClient.prototype.send;

const dynamo = await startDynamoLocal();
try {
  await ensureTable(dynamo.endpoint, TABLE);
  const db = createDb(TABLE, localDbConfig(dynamo.endpoint));
  const issuer = await createDevIssuer({ issuer: 'https://bench.local', audience: 'bench', clock: systemClock });
  const deps = localDeps({ db, clock: systemClock, issuer, webOrigin: 'https://web.bench', venueCodeSecret: 'bench-venue-code-secret-of-32-chars!!', logger: new Logger({ logLevel: 'SILENT' }), photoDir: mkdtempSync(join(tmpdir(), 'gridwatch-bench-')), onJobError: () => {} });
  const app = createApp(deps);
  const now = new Date();
  await tenantDirectory(db).create({ id: TENANT, nameZh: '基准区', nameEn: 'Bench District', timezone: 'Asia/Shanghai', gridLevelNames: ['一级', '二级', '三级'] }, undefined, now);
  const data = tenantData(db, TENANT);
  await data.grids.create({ id: 'market-town', name: '集镇', parentId: null }, now);
  const venue = await data.venues.create({ name: '集镇农贸市场', kind: 'supermarket', gridId: 'market-town', address: '集镇中街 1 号', coordinates: { lat: 34.4, lng: 113.8 }, risk: 'yellow' } as never, now);
  const code = venueCodeToken(await deps.venueCodeKeys(), TENANT, venue.id, venue.codeVersion);
  let visitor = 0;
  const checkIn = async () => {
    visitor++;
    const address = `10.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor & 255}`;
    const res = await app.request('/api/public/check-ins', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, id: ulid(), phone: `139${String(visitor).padStart(8, '0')}` }) }, { incoming: { socket: { remoteAddress: address } } });
    await res.arrayBuffer();
    return res.status;
  };
  // Warm: the tenant's data key, the keyring, the route group (a warm Lambda's state).
  if ((await checkIn()) !== 202) throw new Error('check-in set-up failed');

  // Paced: RATE a second for SECONDS, on the one venue.
  const statuses: Record<number, number> = {};
  const latencies: number[] = [];
  counting = true;
  const pacedStart = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < RATE * SECONDS; i++) {
    const due = pacedStart + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      (async () => {
        const t0 = performance.now();
        const status = await checkIn();
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      })(),
    );
  }
  await Promise.all(pending);
  counting = false;
  const pacedSeconds = (performance.now() - pacedStart) / 1000;
  const accepted = statuses[202] ?? 0;
  const callTotal = Object.values(calls).reduce((a, b) => a + b, 0);
  latencies.sort((a, b) => a - b);
  const p95 = Math.round(latencies[Math.floor(latencies.length * 0.95)]);
  console.log(`paced ${RATE}/s × ${SECONDS} s: ${JSON.stringify(statuses)} in ${pacedSeconds.toFixed(1)} s, calls ${JSON.stringify(calls)}, p95 ${p95} ms`);

  // Unpaced: the venue's bucket lifted (its own figure above), 32 in flight.
  (PUBLIC_LIMITS as { venueCode: { capacity: number; refillPerSecond: number } }).venueCode = { capacity: 1_000_000, refillPerSecond: 100_000 };
  let left = UNPACED;
  const fastStatuses: Record<number, number> = {};
  const fastStart = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (left-- > 0) {
        const status = await checkIn();
        fastStatuses[status] = (fastStatuses[status] ?? 0) + 1;
      }
    }),
  );
  const fastSeconds = (performance.now() - fastStart) / 1000;
  console.log(`unpaced ${UNPACED}: ${JSON.stringify(fastStatuses)} in ${fastSeconds.toFixed(1)} s`);
  const counted = await data.selfRegistration.checkIns.venueCounts(venue.id);
  console.log(`venue counters: ${JSON.stringify(counted)}`);

  const results: BenchResult[] = [
    { name: `check-ins: paced ${RATE}/s on one venue, accepted`, value: Math.round((accepted / (RATE * SECONDS)) * 1000) / 10, unit: '%' },
    { name: 'check-ins: DynamoDB calls per check-in', value: Math.round((callTotal / (RATE * SECONDS)) * 100) / 100, unit: 'calls' },
    { name: 'check-ins: TransactWriteItems per check-in', value: Math.round(((calls.TransactWrite ?? 0) / (RATE * SECONDS)) * 100) / 100, unit: 'calls' },
    { name: 'check-ins: token-bucket UpdateItems per check-in', value: Math.round(((calls.Update ?? 0) / (RATE * SECONDS)) * 100) / 100, unit: 'calls' },
    { name: `check-ins: paced ${RATE}/s, p95 latency (DynamoDB Local)`, value: p95, unit: 'ms' },
    { name: 'check-ins: unpaced rate, one venue (DynamoDB Local, 2 cores)', value: Math.round((fastStatuses[202] ?? 0) / fastSeconds), unit: 'items/s' },
    { name: 'check-ins: unpaced, non-202 answers', value: UNPACED - (fastStatuses[202] ?? 0), unit: 'count' },
  ];
  recordResults(results);
  for (const r of results) console.log(`${r.name}: ${r.value} ${r.unit}`);
} finally {
  await dynamo.stop();
}
