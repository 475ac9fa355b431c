/**
 * Home-monitoring sweep benchmark (issue 15): one tenant, people under home monitoring at two sizes
 * (1,000 and 10,000 due in the window), each beside the same backlog of 20,000 episodes that ended
 * weeks ago; half of those due have a reading in the window, half not. The missed-reading sweep of
 * one window (the morning, swept at 10:05) is timed and its DynamoDB calls counted by command, then run
 * again (a retried job: it must raise nothing). The calls must grow with the people due, not with all
 * episodes: the backlog is never read (GSI1 is read from yesterday on). Then today's list of one grid
 * member's grid and of one supervisor's top-level grid: Queries on their paths (GSI3), not the tenant.
 *
 *   npm run bench -- monitoring            (~3 minutes on 2 cores)
 *   npx tsx bench/monitoring.bench.ts --sizes 500,1000
 */
import { fixedClock } from '../shared/clock';
import { batchWriteAll } from '../shared/data/bulk';
import { createDb, type Db } from '../shared/data/db';
import { tenantDirectory } from '../shared/data/tenants';
import { tenantData } from '../shared/data/tenant-data';
import { tmpdir } from 'node:os';
import { localKeyProvider } from '../shared/personal-data/local-key-provider';
import { personalDataKeys } from '../shared/personal-data/tenant-cipher';
import { runMonitoringSweep } from '../shared/scheduling/monitoring-sweep-job';
import { ensureTable, localDbConfig, startDynamoLocal } from '../local/dynamodb';
import { monitoringItems } from './episodes';
import { type BenchResult, recordResults } from './results';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SIZES = arg('sizes', '1000,10000').split(',').map(Number).filter((n) => n > 0).sort((a, b) => a - b);
const BACKLOG = Number(arg('backlog', '20000'));
const TABLE = 'gridwatch-bench-monitoring';
const TODAY = '2026-11-25';
/** 10:05 in Shanghai: the morning window closed 5 minutes ago. */
const SWEEP_AT = '2026-11-25T02:05:00Z';

/** Count every DynamoDB call by command while `step` runs. */
async function counted<T>(db: Db, step: () => Promise<T>): Promise<{ result: T; calls: Record<string, number>; seconds: number }> {
  const calls: Record<string, number> = {};
  const send = db.doc.send.bind(db.doc);
  db.doc.send = ((command: { constructor: { name: string } }) => {
    const name = command.constructor.name.replace(/Command$/, '');
    calls[name] = (calls[name] ?? 0) + 1;
    return send(command as never);
  }) as typeof db.doc.send;
  const started = performance.now();
  try {
    const result = await step();
    return { result, calls, seconds: Math.round((performance.now() - started) / 10) / 100 };
  } finally {
    db.doc.send = send;
  }
}

async function tenantWith(db: Db, tenantId: string, due: number) {
  await tenantDirectory(db).create({ id: tenantId, nameZh: '基准区', nameEn: 'Bench District', timezone: 'Asia/Shanghai', gridLevelNames: ['一级', '二级', '三级'] }, undefined, new Date('2026-10-01T00:00:00Z'));
  // Half of those due had their reading this morning; yesterday's afternoon was swept: this run sweeps the morning only.
  await batchWriteAll(db, monitoringItems(tenantId, { due, backlog: BACKLOG, doneWindow: `${TODAY}#am`, sweptThrough: '2026-11-24T10:00:00.000Z' }));
}

const dynamo = await startDynamoLocal();
try {
  await ensureTable(dynamo.endpoint, TABLE);
  const db = createDb(TABLE, localDbConfig(dynamo.endpoint));
  const results: BenchResult[] = [];
  const figures: { due: number; seconds: number; calls: number; reads: number; alerts: number; retryCalls: number; retryAlerts: number }[] = [];
  for (const due of SIZES) {
    const tenantId = `bench-mon-${due}`;
    await tenantWith(db, tenantId, due);
    const clock = fixedClock(SWEEP_AT);
    const first = await counted(db, () => runMonitoringSweep(db, tenantId, clock));
    const retry = await counted(db, () => runMonitoringSweep(db, tenantId, clock));
    const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
    const reads = (c: Record<string, number>) => (c.Query ?? 0) + (c.Get ?? 0) + (c.BatchGet ?? 0);
    console.log(`${due} due (+${BACKLOG} ended): ${first.seconds} s, calls ${JSON.stringify(first.calls)}, episodes read ${first.result.episodesRead}, alerts ${first.result.alertsRaised}; retry: ${retry.seconds} s, calls ${JSON.stringify(retry.calls)}, alerts ${retry.result.alertsRaised}`);
    figures.push({ due, seconds: first.seconds, calls: total(first.calls), reads: reads(first.calls), alerts: first.result.alertsRaised, retryCalls: total(retry.calls), retryAlerts: retry.result.alertsRaised });
    // Today's list of one grid member's grid (1/40 of those due) and a supervisor's top-level grid (1/4): Queries on their paths.
    // No key is ever created here (no readings): the list only asks whether there is one.
    const m = tenantData(db, tenantId, { personalData: personalDataKeys({ tenant: () => db }, localKeyProvider({ file: `${tmpdir()}/gridwatch-bench-monitoring.key` })) }).residents.monitoring;
    for (const [who, path] of [['a grid member (1 of 40 grids)', '/top0/g00/'], ['a supervisor (1 of 4 top-level grids)', '/top0/']] as const) {
      const list = await counted(db, () => m.lists.today({ kind: 'subtrees', roots: [path] }, [path], clock.now()));
      const people = list.result.buildings.reduce((n, b) => n + b.people.length, 0);
      console.log(`${due} due: today's list of ${who}: ${people} people, ${list.seconds} s, calls ${JSON.stringify(list.calls)}`);
      results.push({ name: `monitoring: today's list of ${who}, ${due.toLocaleString('en')} due, read calls`, value: reads(list.calls), unit: 'calls' });
      results.push({ name: `monitoring: today's list of ${who}, ${due.toLocaleString('en')} due, time`, value: list.seconds, unit: 's' });
    }
  }
  const small = figures[0]!;
  for (const f of figures) {
    const ratio = (key: 'seconds' | 'calls' | 'reads') => (f === small || !small[key] ? undefined : Math.round((f[key] / small[key]) * 100) / 100);
    const at = `${f.due.toLocaleString('en')} due, ${BACKLOG.toLocaleString('en')} ended`;
    const grows = f === small ? {} : { target: Math.round((f.due / small.due) * 1.2 * 100) / 100 };
    results.push(
      { name: `monitoring: sweep time, ${at}`, value: f.seconds, unit: 's', ...(ratio('seconds') ? { ratio: ratio('seconds') } : {}) },
      { name: `monitoring: sweep DynamoDB calls, ${at}`, value: f.calls, unit: 'calls', ...(ratio('calls') ? { ratio: ratio('calls'), ...grows } : {}) },
      { name: `monitoring: sweep read calls, ${at}`, value: f.reads, unit: 'calls', ...(ratio('reads') ? { ratio: ratio('reads'), ...grows } : {}) },
      { name: `monitoring: missed-reading alerts, ${at}`, value: f.alerts, unit: 'alerts' },
      { name: `monitoring: retried sweep, alerts raised, ${at}`, value: f.retryAlerts, unit: 'alerts', target: 0 },
    );
  }
  recordResults(results);
  if (figures.some((f) => f.retryAlerts !== 0)) throw new Error('a retried sweep raised alerts');
} finally {
  await dynamo.stop();
}
