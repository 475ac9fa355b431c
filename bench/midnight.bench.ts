/**
 * 2,500 districts at half past midnight (issue 18 §5). Two parts:
 *
 * 1. **Measured** on DynamoDB Local: the day-start jobs of one tenant at each size of docs/cost.md
 *    (town, district, the 7,102-grid district; bench/district.ts) — the plan job as the worker runs it
 *    (escalation, plan, retention: runJob) and the missed-reading sweep (people under home monitoring:
 *    town 10, district 100, large 700 due, half without yesterday afternoon's reading) — their time,
 *    calls, write units, and the busiest partition's write units in any one second.
 * 2. **Modelled**: the wave of 2,500 same-time-zone tenants (1,500 towns, 875 districts, 125 large)
 *    through the queue and the worker (bench/midnight-sim.ts, time-stepped, deterministic), with the
 *    measured durations and with those modelled for AWS (half): the worker 5 at once (before) and a
 *    range of maximum concurrencies, tenants in directory order or the longest first, with and
 *    without jitter. The sizing: the smallest concurrency that, in directory order (what the
 *    dispatcher does) with AWS durations, has every tenant planned and swept within 5 minutes while
 *    the table's busiest second stays under its default write quota; the stack's is
 *    WORKER_MAX_CONCURRENCY (infra/settings.ts).
 *
 *   npm run bench -- midnight                     (all three sizes: ~15 minutes on 2 shared cores)
 *   npx tsx bench/midnight.bench.ts --sizes town,district   (the large size modelled ×7.5 of the district)
 */
import { fixedClock } from '../shared/clock';
import { batchWriteAll } from '../shared/data/bulk';
import { createDb } from '../shared/data/db';
import { runJob } from '../shared/scheduling/run-job';
import { ensureTable, localDbConfig, startDynamoLocal } from '../local/dynamodb';
import { meterCapacity } from './capacity';
import { buildDistrict, DAY, TENANT_SIZES } from './district';
import { monitoringItems } from './episodes';
import { report } from './figures';
import { WORKER_MAX_CONCURRENCY } from '../infra/settings';
import { type JobCost, simulateWave, type TenantKind, type WaveConfig } from './midnight-sim';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
type Size = keyof typeof TENANT_SIZES;
const SIZES = arg('sizes', 'town,district,large').split(',').filter((s): s is Size => s in TENANT_SIZES);
const TABLE = 'gridwatch-bench-midnight';
/** 00:30 in Shanghai on DAY: the tick that starts the day. */
const DAY_START = '2026-11-24T16:30:00Z';
const MONITORED: Record<Size, number> = { town: 10, district: 100, large: 700 };
const TENANTS: Record<Size, number> = { town: 1500, district: 875, large: 125 };
const TARGET_SECONDS = 300;
/** Jobs in AWS at this share of their time here (docs/cost.md: DynamoDB Local on 2 shared cores is slower). */
const AWS_FACTOR = 0.5;
/** An on-demand table's default write quota (40,000 WCU a second, a quota AWS raises on request). */
const TABLE_WRITE_QUOTA = 40_000;

interface Measured extends JobCost {
  calls: number;
  /** The most write units one partition (table or index) took in any one second, and which. */
  hotPartitionUnits: number;
  hotPartition: string;
}

const dynamo = await startDynamoLocal();
try {
  await ensureTable(dynamo.endpoint, TABLE);
  const db = createDb(TABLE, localDbConfig(dynamo.endpoint));
  // Write units per (second, partition) while a job runs: the per-partition limit is 1,000 WCU a second.
  let perSecond = new Map<string, number>();
  let started = 0;
  const meter = meterCapacity(db, (partitions, units) => {
    const second = Math.floor((performance.now() - started) / 1000);
    for (const pk of partitions) perSecond.set(`${second} ${pk}`, (perSecond.get(`${second} ${pk}`) ?? 0) + units);
  });
  const measureJob = async (step: () => Promise<void>): Promise<Measured> => {
    meter.reset();
    perSecond = new Map();
    started = performance.now();
    await step();
    const seconds = (performance.now() - started) / 1000;
    const [hot, hotUnits] = [...perSecond].reduce((best, entry) => (entry[1] > best[1] ? entry : best), ['', 0] as [string, number]);
    // The partition by its shape: the tenant's id left out.
    const hotPartition = hot.split(' ')[1]?.replace(/^T#[^#]+/, 'T#t') ?? '—';
    return { seconds, writeUnits: meter.writeUnits, calls: meter.total(), hotPartitionUnits: hotUnits, hotPartition };
  };

  const measured = new Map<Size, { plan: Measured; sweep: Measured }>();
  for (const size of SIZES) {
    const district = await buildDistrict(db, TENANT_SIZES[size]);
    await batchWriteAll(db, monitoringItems(district.tenantId, { due: MONITORED[size], backlog: 0, doneWindow: '2026-11-24#pm', sweptThrough: '2026-11-24T02:00:00.000Z' }));
    const clock = fixedClock(DAY_START);
    const plan = await measureJob(() => runJob(db, { kind: 'plan', tenantId: district.tenantId, date: DAY }, clock));
    const sweep = await measureJob(() => runJob(db, { kind: 'monitoring-sweep', tenantId: district.tenantId, date: DAY }, clock));
    measured.set(size, { plan, sweep });
    const at = `${size} (${district.grids.toLocaleString('en')} grids, ${district.venues.toLocaleString('en')} venues, ${MONITORED[size]} monitored)`;
    console.log(`${at}: plan ${plan.seconds.toFixed(1)} s, ${plan.calls} calls, ~${plan.writeUnits} WRU, hottest ${plan.hotPartition} ${plan.hotPartitionUnits} WRU in a second; sweep ${sweep.seconds.toFixed(1)} s, ${sweep.calls} calls, ~${sweep.writeUnits} WRU, hottest ${sweep.hotPartition} ${sweep.hotPartitionUnits}`);
    report({ name: `midnight: plan job (measured), ${at}`, value: plan.seconds, unit: 's' });
    report({ name: `midnight: sweep job (measured), ${at}`, value: sweep.seconds, unit: 's' });
    report({ name: `midnight: busiest partition, plan job, ${size} (${plan.hotPartition})`, value: plan.hotPartitionUnits, unit: 'WRU/s', ratio: plan.hotPartitionUnits / 1000, target: 1 });
  }

  // Sizes not measured in this run: the large district is the district ×7.5 (linear, as the quota bench's growth ratios show).
  const costOf = (size: Size): { plan: JobCost; sweep: JobCost; how: string } => {
    const m = measured.get(size);
    if (m) return { ...m, how: 'measured' };
    const d = measured.get('district');
    if (size === 'large' && d) return { plan: { seconds: d.plan.seconds * 7.5, writeUnits: d.plan.writeUnits * 7.5 }, sweep: { seconds: d.sweep.seconds * 7, writeUnits: d.sweep.writeUnits * 7 }, how: 'modelled ×7.5 of the district' };
    throw new Error(`no durations for ${size}: measure it (--sizes) or the district`);
  };
  const kinds: TenantKind[] = (Object.keys(TENANTS) as Size[]).map((size) => {
    const c = costOf(size);
    console.log(`wave: ${TENANTS[size]} × ${size}: plan ${c.plan.seconds.toFixed(1)} s, sweep ${c.sweep.seconds.toFixed(1)} s (${c.how})`);
    return { name: size, count: TENANTS[size], plan: c.plan, sweep: c.sweep };
  });
  // Lambda's SQS scaling (up to 300 more concurrent invocations a minute), a 1 s cold start, the dispatcher
  // sending ~200 messages a second (250 SendMessageBatch calls of 10 beside 100 BatchGetItems of 25 tenants).
  // Durations: as measured here, and as modelled for AWS (half, as docs/cost.md assumes for jobs).
  const wave = (over: Partial<WaveConfig>, factor = 1) =>
    simulateWave({
      kinds: kinds.map((k) => ({ ...k, plan: { ...k.plan, seconds: k.plan.seconds * factor }, sweep: k.sweep && { ...k.sweep, seconds: k.sweep.seconds * factor } })),
      maxConcurrency: 5,
      order: 'directory',
      jitterSeconds: 0,
      dispatchPerSecond: 200,
      initialConcurrency: 5,
      scaleUpPerMinute: 300,
      coldStartSeconds: 1,
      horizonSeconds: 12 * 3600,
      seed: 18,
      ...over,
    });

  const today = wave({}, AWS_FACTOR);
  console.log(`today's worker (5 at once): ${(today.completionSeconds / 60).toFixed(1)} minutes (AWS-modelled durations)`);
  report({ name: 'midnight: simulated completion, 2,500 tenants, worker 5 at once (today; AWS-modelled durations)', value: today.completionSeconds, unit: 's', ratio: today.completionSeconds, target: TARGET_SECONDS });

  console.log('\n| max concurrency | order | durations | done | done, 60 s jitter | peak running | peak WCU/s | peak WCU/s, jitter |\n|---|---|---|---|---|---|---|---|');
  let sized: number | undefined;
  for (const concurrency of [50, 100, 200, 300, 400, 500]) {
    for (const order of ['directory', 'largest-first'] as const) {
      for (const [label, factor] of [
        ['measured', 1],
        ['AWS (½)', AWS_FACTOR],
      ] as const) {
        const result = wave({ maxConcurrency: concurrency, order }, factor);
        const jittered = wave({ maxConcurrency: concurrency, order, jitterSeconds: 60 }, factor);
        console.log(`| ${concurrency} | ${order} | ${label} | ${result.completionSeconds.toFixed(0)} s | ${jittered.completionSeconds.toFixed(0)} s | ${result.peakConcurrency} | ${result.peakWriteUnitsPerSecond.toLocaleString('en')} | ${jittered.peakWriteUnitsPerSecond.toLocaleString('en')} |`);
        // The sizing: what the dispatcher does today (directory order), AWS durations, the table's default write quota kept.
        if (sized === undefined && order === 'directory' && factor === AWS_FACTOR && result.completionSeconds <= TARGET_SECONDS && result.peakWriteUnitsPerSecond <= TABLE_WRITE_QUOTA) sized = concurrency;
      }
    }
  }
  const chosen = sized ?? WORKER_MAX_CONCURRENCY;
  const at = wave({ maxConcurrency: chosen }, AWS_FACTOR);
  const atLocal = wave({ maxConcurrency: chosen });
  const first = wave({ maxConcurrency: chosen, order: 'largest-first' }, AWS_FACTOR);
  const byKind = (r: typeof at) => JSON.stringify(Object.fromEntries(Object.entries(r.completionByKind).map(([k, v]) => [k, Math.round(v)])));
  console.log(`\nsized: ${sized ?? 'none met the target'}; the stack has ${WORKER_MAX_CONCURRENCY}. At ${chosen}: ${at.completionSeconds.toFixed(0)} s (AWS), ${atLocal.completionSeconds.toFixed(0)} s (measured), largest first ${first.completionSeconds.toFixed(0)} s; by kind ${byKind(at)}`);
  report({ name: `midnight: simulated completion, 2,500 tenants, worker ${chosen} at once (AWS-modelled durations)`, value: at.completionSeconds, unit: 's', ratio: at.completionSeconds, target: TARGET_SECONDS });
  report({ name: `midnight: simulated completion, 2,500 tenants, worker ${chosen} at once (durations as measured here)`, value: atLocal.completionSeconds, unit: 's', ratio: atLocal.completionSeconds, target: TARGET_SECONDS });
  report({ name: `midnight: simulated completion, 2,500 tenants, worker ${chosen} at once, longest jobs first (AWS-modelled)`, value: first.completionSeconds, unit: 's', ratio: first.completionSeconds, target: TARGET_SECONDS });
  report({ name: `midnight: table write units at the busiest second of the wave (${chosen} at once, AWS-modelled)`, value: at.peakWriteUnitsPerSecond, unit: 'WCU/s', ratio: at.peakWriteUnitsPerSecond, target: TABLE_WRITE_QUOTA });
  if (sized !== WORKER_MAX_CONCURRENCY) console.log(`NOTE: the stack's worker concurrency (${WORKER_MAX_CONCURRENCY}) is not this run's sizing (${sized})`);
} finally {
  await dynamo.stop();
}
