/**
 * Daily quota benchmark (issue 4): a synthetic district at the scale in the domain brief — 7,102
 * grids in three levels, 150,000 venues, 2,000 people — planned and closed against its own in-memory
 * DynamoDB Local, and the same at a tenth of that size, so the growth shows. The data is written
 * directly with BatchWrite (4 calls in flight); the day's close gets a realistic day of inspections
 * (20 per working inspector, ~40,000 at full size), also written directly.
 *
 * Prints, per size: load time, then time and peak memory (process rss and V8 heapUsed, sampled) of
 * the plan job and of the close job; and the growth ratio full ÷ tenth.
 *
 *   npm run bench -- quota                 (both sizes; ~10 minutes on 2 cores)
 *   npx tsx bench/quota.bench.ts --sizes 0.01,0.02   (a quick look)
 */
import { ulid } from 'ulid';
import { fixedClock } from '../shared/clock';
import { batchWriteAll, put } from '../shared/data/bulk';
import { createDb, type Db } from '../shared/data/db';
import { tenantKeys } from '../shared/data/keys';
import { tenantData } from '../shared/data/tenant-data';
import type { Inspection } from '../shared/domain/venues/inspection';
import { runCloseJob } from '../shared/scheduling/close-job';
import { runPlanJob } from '../shared/scheduling/plan-job';
import { ensureTable, localDbConfig, startDynamoLocal } from '../local/dynamodb';
import { prng } from '../shared/prng';
import { type BenchResult, measure, recordResults } from './results';
import { meterCapacity } from './capacity';
import { buildDistrict, DAY } from './district';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SIZES = arg('sizes', '0.1,1')
  .split(',')
  .map(Number)
  .filter((n) => n > 0 && n <= 1)
  .sort((a, b) => a - b);
const TABLE = 'gridwatch-bench';
/** 09:00 on DAY in Shanghai: planned at dawn, the inspections during the day, closed the next morning. */
const PLAN_AT = '2026-11-24T16:40:00Z';
const CLOSE_AT = '2026-11-25T16:40:00Z';

/** The day's work: every working locality inspector logs 20 inspections: most 20 of their list, one in five 16 and 4 repeat visits. */
async function writeInspections(db: Db, tenantId: string): Promise<number> {
  const keys = tenantKeys(tenantId);
  const data = tenantData(db, tenantId);
  const r = prng(99).next;
  const lists = new Map<string, { venueId: string; name: string; kind: string; gridId: string; gridPath: string }[]>();
  for await (const part of data.plans.allParts(DAY)) {
    if (part.onLeave || !part.homeGridId) continue;
    lists.set(part.inspectorId, [...(lists.get(part.inspectorId) ?? []), ...part.assignments]);
  }
  let count = 0;
  function* items() {
    for (const [inspectorId, list] of lists) {
      if (!list.length) continue;
      const visits = r() < 0.8 ? list.slice(0, 20) : [...list.slice(0, 16), ...list.slice(0, 4)];
      for (const [n, a] of visits.entries()) {
        const ended = new Date(Date.parse(`${DAY}T01:00:00Z`) + n * 20 * 60_000 + Math.floor(r() * 600_000));
        const failed = r() < 0.08;
        const id = ulid(ended.getTime());
        const inspection: Inspection = {
          id,
          venueId: a.venueId,
          venueName: a.name,
          venueKind: a.kind,
          gridId: a.gridId,
          gridPath: a.gridPath,
          inspectorId,
          date: DAY,
          checklistVersion: 1,
          results: [],
          photoIds: [],
          startedAt: new Date(ended.getTime() - 600_000).toISOString(),
          endedAt: ended.toISOString(),
          venueCodeScanned: true,
          outcome: failed ? 'rectification-required' : 'pass',
          failedItems: failed ? ['masks'] : [],
          problemIds: failed ? [`${id}-masks`] : [],
          flags: [],
          receivedAt: ended.toISOString(),
        };
        count++;
        yield put({ ...keys.inspection(id), ...keys.inspectionEntries(inspection), entity: 'inspection', schemaVersion: 1, ...inspection });
      }
    }
  }
  await batchWriteAll(db, items(), { concurrency: 8 });
  return count;
}

const dynamo = await startDynamoLocal();
const results: BenchResult[] = [];
try {
  await ensureTable(dynamo.endpoint, TABLE);
  const db = createDb(TABLE, localDbConfig(dynamo.endpoint));
  const figures = new Map<number, Record<string, number>>();
  // What each job costs in DynamoDB (docs/cost.md): counted from the plan job's start to the close's end, loads excluded.
  const meter = meterCapacity(db);

  for (const f of SIZES) {
    const label = f === 1 ? 'full' : `×${f}`;
    console.log(`\n── size ${label}`);
    const t0 = performance.now();
    const district = await buildDistrict(db, f);
    const loadSeconds = (performance.now() - t0) / 1000;
    console.log(
      `loaded ${district.grids} grids, ${district.venues} venues, ${district.people} people (${district.items} items) in ${loadSeconds.toFixed(1)} s (${Math.round(district.items / loadSeconds)} items/s)`,
    );

    meter.reset();
    const plan = await measure((sample) => runPlanJob(db, district.tenantId, DAY, fixedClock(PLAN_AT), { afterSubtree: () => sample() }));
    if (plan.result.status !== 'done') throw new Error(`plan ended ${plan.result.status}`);
    const totals = plan.result.run?.totals;
    console.log(
      `plan:  ${plan.seconds} s, peak rss ${plan.peakRssMb} MB, peak heap ${plan.peakHeapMb} MB (from ${plan.baseHeapMb}); ${plan.result.planned} subtrees, ${totals?.assignments} assignments (${totals?.mandatory} mandatory), ${totals?.eligible} eligible, ${totals?.leftOver} left over`,
    );

    const planUse = { calls: meter.total(), rru: meter.readUnits, wru: meter.writeUnits };
    console.log(`plan DynamoDB: ${planUse.calls} calls ${JSON.stringify(meter.calls)}, ~${Math.round(planUse.rru)} RRU, ~${planUse.wru} WRU`);
    const t1 = performance.now();
    const written = await writeInspections(db, district.tenantId);
    console.log(`wrote ${written} inspections in ${((performance.now() - t1) / 1000).toFixed(1)} s`);

    meter.reset();
    const close = await measure(() => runCloseJob(db, district.tenantId, DAY, fixedClock(CLOSE_AT)));
    const total = close.result.report;
    console.log(
      `close: ${close.seconds} s, peak rss ${close.peakRssMb} MB, peak heap ${close.peakHeapMb} MB (from ${close.baseHeapMb}); ${total?.inspections} inspections, done ${total?.done} of quota ${total?.quota}, shortfall ${total?.shortfall}, met ${total?.metQuota}`,
    );
    const closeUse = { calls: meter.total(), rru: meter.readUnits, wru: meter.writeUnits };
    console.log(`close DynamoDB: ${closeUse.calls} calls ${JSON.stringify(meter.calls)}, ~${Math.round(closeUse.rru)} RRU, ~${closeUse.wru} WRU`);
    if (total?.inspections !== written) throw new Error(`the close counted ${total?.inspections} inspections, ${written} were written`);
    figures.set(f, {
      loadItemsPerSecond: Math.round(district.items / loadSeconds),
      planSeconds: plan.seconds,
      planRss: plan.peakRssMb,
      planHeap: plan.peakHeapMb,
      closeSeconds: close.seconds,
      closeRss: close.peakRssMb,
      closeHeap: close.peakHeapMb,
      venues: district.venues,
      inspections: written,
      planCalls: planUse.calls,
      planRru: Math.round(planUse.rru),
      planWru: planUse.wru,
      closeCalls: closeUse.calls,
      closeRru: Math.round(closeUse.rru),
      closeWru: closeUse.wru,
    });
  }

  const sizes = [...figures.keys()];
  const smallest = figures.get(sizes[0]) as Record<string, number>;
  const ratio = (f: number, key: string) => (f === sizes[0] || !smallest[key] ? undefined : Math.round(((figures.get(f) as Record<string, number>)[key] / smallest[key]) * 100) / 100);
  for (const f of sizes) {
    const x = figures.get(f) as Record<string, number>;
    const at = `${x.venues.toLocaleString('en')} venues`;
    const full = f === 1;
    results.push(
      { name: `quota: plan time, ${at}`, value: x.planSeconds, unit: 's', ratio: ratio(f, 'planSeconds'), ...(full ? { target: 10 } : {}) },
      { name: `quota: plan peak rss, ${at}`, value: x.planRss, unit: 'MB', ratio: ratio(f, 'planRss'), ...(full ? { target: 10 } : {}) },
      { name: `quota: plan peak heap, ${at}`, value: x.planHeap, unit: 'MB', ratio: ratio(f, 'planHeap'), ...(full ? { target: 10 } : {}) },
      { name: `quota: close time, ${at} (${x.inspections.toLocaleString('en')} inspections)`, value: x.closeSeconds, unit: 's', ratio: ratio(f, 'closeSeconds'), ...(full ? { target: 10 } : {}) },
      { name: `quota: close peak rss, ${at}`, value: x.closeRss, unit: 'MB', ratio: ratio(f, 'closeRss'), ...(full ? { target: 10 } : {}) },
      { name: `quota: close peak heap, ${at}`, value: x.closeHeap, unit: 'MB', ratio: ratio(f, 'closeHeap'), ...(full ? { target: 10 } : {}) },
      { name: `quota: load by BatchWrite, ${at}`, value: x.loadItemsPerSecond, unit: 'items/s' },
      { name: `quota: plan job DynamoDB calls, ${at}`, value: x.planCalls, unit: 'calls' },
      { name: `quota: plan job request units (est.), ${at}`, value: x.planRru + x.planWru, unit: `RU (${x.planRru} read, ${x.planWru} write)` },
      { name: `quota: close job DynamoDB calls, ${at}`, value: x.closeCalls, unit: 'calls' },
      { name: `quota: close job request units (est.), ${at}`, value: x.closeRru + x.closeWru, unit: `RU (${x.closeRru} read, ${x.closeWru} write)` },
    );
  }
  console.log('\nsize growth (largest ÷ smallest):');
  for (const r of results.filter((x) => x.ratio !== undefined)) console.log(`  ${r.name}: ${r.value} ${r.unit}, ×${r.ratio}`);
  for (const r of results) if (r.ratio === undefined) delete r.ratio;
  // The ratios' target is 10 (10× the data: no worse than linear). In absolute terms a plan must fit
  // Lambda's 15 minutes (the job stops at 12 and resumes) and the worker's memory.
  recordResults(results);
} finally {
  await dynamo.stop();
}
