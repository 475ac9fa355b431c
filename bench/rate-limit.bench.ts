/**
 * What the rate limits cost a request (functions/api/middleware/rate-limit.ts): the same route through
 * `app.request()` over DynamoDB Local with the limits on (buckets large enough never to refuse) and
 * off, alternating request by request so the machine's load falls on both alike; and the DynamoDB
 * calls the limits add (counted on the tenant's client).
 *
 *   npx tsx bench/rate-limit.bench.ts [--n 200]
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable, localDbConfig, startDynamoLocal } from '../local/dynamodb';
import { createDb } from '../shared/data/db';
import { testApi } from '../test/support/api';
import { createTestTenant } from '../test/support/tenant';
import { median, report } from './figures';

const i = process.argv.indexOf('--n');
const N = Math.min(2000, Math.max(20, Number(i > 0 ? process.argv[i + 1] : 200)));
const TABLE = 'gridwatch-bench-rate-limit';
const HUGE = { capacity: 100_000, refillPerSecond: 100_000 };

const dynamo = await startDynamoLocal();
try {
  await ensureTable(dynamo.endpoint, TABLE);
  const db = createDb(TABLE, localDbConfig(dynamo.endpoint));
  const limited = await testApi({ db, rateLimits: { user: HUGE, tenant: HUGE, identity: HUGE } });
  const open = await testApi({ db });
  const t = await createTestTenant(open, 'rlb');
  const token = t.tokens.supervisor;
  // Each app has its own dev issuer: each signs its own token for the same user.
  const limitedToken = await limited.tokenFor({ tenantId: t.id, userId: t.users.supervisor, roles: ['supervisor'] });

  /** Counts the calls sent through a tenant's client (`count.n`). */
  const countCalls = (doc: typeof db.doc) => {
    const count = { n: 0 };
    const send = doc.send.bind(doc);
    doc.send = ((command: never) => {
      count.n++;
      return send(command);
    }) as typeof doc.send;
    return count;
  };
  const limitedCalls = countCalls(limited.deps.tables.tenant(t.id).doc);

  const time = async (api: typeof open, tok: string) => {
    const started = performance.now();
    const res = await api.call('GET', '/api/grids', { token: tok });
    if (res.status !== 200) throw new Error(`GET /api/grids: ${res.status} ${JSON.stringify(res.body)}`);
    return performance.now() - started;
  };
  for (let k = 0; k < 20; k++) await Promise.all([time(limited, limitedToken), time(open, token)]);
  limitedCalls.n = 0;
  const on: number[] = [];
  const off: number[] = [];
  for (let k = 0; k < N; k++) {
    on.push(await time(limited, limitedToken));
    off.push(await time(open, token));
  }
  // Each limited request also made the same route's calls; the open app's client is a different one.
  const openCalls = countCalls(open.deps.tables.tenant(t.id).doc);
  for (let k = 0; k < 20; k++) await time(open, token);

  // One bare UpdateItem of a bucket-like item and one GetItem, for scale: what a round trip costs here.
  const bare = { update: [] as number[], get: [] as number[] };
  const key = { pk: `T#${t.id}#RATE#bench`, sk: 'BUCKET' };
  for (let k = 0; k < Math.min(N, 100); k++) {
    let started = performance.now();
    await db.doc.send(new UpdateCommand({ TableName: db.table, Key: key, UpdateExpression: 'SET fullAt = if_not_exists(fullAt, :z) + :one', ExpressionAttributeValues: { ':z': 0, ':one': 1 } }));
    bare.update.push(performance.now() - started);
    started = performance.now();
    await db.doc.send(new GetCommand({ TableName: db.table, Key: key }));
    bare.get.push(performance.now() - started);
  }
  console.log(`  bare round trips p50: UpdateItem ${median(bare.update).toFixed(2)} ms, GetItem ${median(bare.get).toFixed(2)} ms`);
  const p50on = median(on);
  const p50off = median(off);
  console.log(`  GET /api/grids p50: ${p50on.toFixed(2)} ms with the limits, ${p50off.toFixed(2)} ms without (n ${N})`);
  report({ name: 'rate limits: added p50 latency of a request (app.request, DynamoDB Local)', value: p50on - p50off, unit: 'ms', ratio: p50on / p50off });
  report({ name: 'rate limits: DynamoDB calls added a request', value: limitedCalls.n / N - openCalls.n / 20, unit: 'calls' });
} finally {
  await dynamo.stop();
}
