/**
 * Load at full size: 50 simulated inspectors each submit 40 inspections (the real checklist, 40% with
 * failed items so problems open), all inspectors at once, over real HTTP (@hono/node-server on
 * 127.0.0.1 serving the app over a fresh in-memory DynamoDB Local). 20% of submissions are resent
 * with the same id and body; 5% of attempts have their connection cut (after the request is sent,
 * or mid-body) and are retried. Then every inspection must exist exactly once, the problems must
 * match the failed items that require rectification, and the day's report must agree with the raw
 * data. Prints p50/p99 latency and throughput. The same scenario runs small in `npm test`
 * (test/integration/load.test.ts).
 *
 *   npx tsx bench/load.bench.ts [--inspectors 50] [--per 40]
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createDb } from '../shared/data/db';
import { ensureTable, localDbConfig, startDynamoLocal } from '../local/dynamodb';
import { testApi } from '../test/support/api';
import { FULL_LOAD, percentile, prepareLoad, runLoad, verifyLoad } from '../test/support/load';
import { report } from './figures';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const options = {
  ...FULL_LOAD,
  inspectors: Math.min(200, Math.max(1, arg('inspectors', FULL_LOAD.inspectors))),
  inspectionsPerInspector: Math.min(200, Math.max(1, arg('per', FULL_LOAD.inspectionsPerInspector))),
};
const TABLE = 'gridwatch-bench-load';

const dynamo = await startDynamoLocal();
let server: ServerType | undefined;
try {
  await ensureTable(dynamo.endpoint, TABLE);
  const db = createDb(TABLE, localDbConfig(dynamo.endpoint));
  const api = await testApi({ db });
  server = await new Promise<ServerType>((ready) => {
    const s = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  console.log(`load: ${options.inspectors} inspectors × ${options.inspectionsPerInspector} inspections, ${options.resendRate * 100}% resent, ${options.cutRate * 100}% of attempts cut, over HTTP on 127.0.0.1`);
  const t0 = performance.now();
  const prepared = await prepareLoad(api, options);
  console.log(`  setup (tenant, ${options.inspectors} users, ${options.inspectors * options.venuesPerInspector} venues): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const stats = await runLoad(base, prepared, options, api.clock.now());
  const requests = stats.latencies.length;
  console.log(
    `  ${stats.submissions.length} inspections, ${stats.attempts} attempts (${stats.resends} resends, ${stats.cuts} cut, ${stats.networkErrors} network errors, ${stats.retriedBusy} busy answers retried) in ${(stats.wallMs / 1000).toFixed(1)} s`,
  );
  console.log(`  statuses: ${JSON.stringify(stats.statuses)}`);
  report({ name: 'load: submit latency p50', value: percentile(stats.latencies, 50), unit: 'ms' });
  report({ name: 'load: submit latency p99', value: percentile(stats.latencies, 99), unit: 'ms' });
  report({ name: 'load: throughput (answered requests)', value: requests / (stats.wallMs / 1000), unit: 'req/s' });
  report({ name: 'load: throughput (inspections stored)', value: stats.submissions.length / (stats.wallMs / 1000), unit: 'inspections/s' });

  const t1 = performance.now();
  const check = await verifyLoad(api, prepared, stats);
  console.log(`  checks (${((performance.now() - t1) / 1000).toFixed(1)} s): inspections ${check.inspectionsFound}/${check.inspectionsExpected}, problems ${check.problemsFound}/${check.problemsExpected}`);
  console.log(`  daily report: ${check.report ? `status ${check.report.status}, compared ${check.report.checked.join(', ')}` : 'no report route in the API yet'}`);
  report({ name: 'load: inspections lost or doubled', value: Math.abs(check.inspectionsExpected - check.inspectionsFound) + check.discrepancies.filter((d) => /twice|missing|unexpected/.test(d)).length, unit: 'count' });
  const failures = [...stats.failures, ...check.discrepancies];
  if (failures.length) {
    console.error(`FAILED: ${failures.length} problems\n  ${failures.slice(0, 30).join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log('  every inspection stored exactly once; problems, venue counters and the daily report agree');
  }
} finally {
  await new Promise((done) => (server ? server.close(() => done(undefined)) : done(undefined)));
  await dynamo.stop();
}
