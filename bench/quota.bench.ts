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
import { tenantDirectory } from '../shared/data/tenants';
import type { Grid } from '../shared/domain/grid';
import type { Inspection } from '../shared/domain/inspection';
import type { Problem } from '../shared/domain/problem';
import type { User } from '../shared/domain/user';
import type { Venue } from '../shared/domain/venue';
import { runCloseJob } from '../shared/scheduling/close-job';
import { runPlanJob } from '../shared/scheduling/plan-job';
import { ensureTable, localDbConfig, startDynamoLocal } from '../local/dynamodb';
import { prng } from '../shared/prng';
import { type BenchResult, measure, recordResults } from './results';
import { meterCapacity } from './capacity';

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
const DAY = '2026-11-25'; // a Wednesday
const CREATED = '2026-11-01T00:00:00.000Z';
/** 09:00 on DAY in Shanghai: planned at dawn, the inspections during the day, closed the next morning. */
const PLAN_AT = '2026-11-24T16:40:00Z';
const CLOSE_AT = '2026-11-25T16:40:00Z';

const pick = <T>(r: () => number, weighted: [T, number][]): T => {
  let x = r() * weighted.reduce((n, [, w]) => n + w, 0);
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1][0];
};
const KINDS: [string, number][] = [
  ['shop', 38],
  ['restaurant', 20],
  ['supermarket', 8],
  ['enterprise', 12],
  ['farmers-market', 2],
  ['hotel', 5],
  ['internet-cafe', 3],
  ['ktv', 2],
  ['chess-room', 4],
  ['training-institution', 6],
];
const pad = (n: number, w: number) => String(n).padStart(w, '0');

interface District {
  tenantId: string;
  grids: number;
  venues: number;
  people: number;
  items: number;
}

/** Write a district of `f` × full size; returns its counts. */
async function buildDistrict(db: Db, f: number): Promise<District> {
  const tenantId = `bench-${String(f).replace('.', '-')}`;
  const keys = tenantKeys(tenantId);
  // A deterministic PRNG, so every run builds the same district.
  const r = prng(4_2026 + Math.round(f * 1000)).next;
  const at = CREATED;
  await tenantDirectory(db).create({ id: tenantId, nameZh: '基准区', nameEn: 'Bench District', timezone: 'Asia/Shanghai', gridLevelNames: ['一级网格', '二级网格', '三级网格'] }, undefined, new Date(at));

  const l1 = Math.max(1, Math.round(22 * f));
  const l2 = Math.max(l1, Math.round(340 * f));
  const l3 = Math.round(7102 * f) - l1 - l2;
  const grids: Grid[] = [];
  const grid = (id: string, parent: Grid | null, level: number): Grid => ({
    id,
    name: `网格 ${id}`,
    parentId: parent?.id ?? null,
    path: `${parent?.path ?? '/'}${id}/`,
    level,
    status: 'active',
    version: 1,
    createdAt: at,
    updatedAt: at,
  });
  const tops = Array.from({ length: l1 }, (_, i) => grid(`z${pad(i + 1, 2)}`, null, 1));
  const villages = Array.from({ length: l2 }, (_, i) => grid(`${tops[i % l1].id}-v${pad(i + 1, 3)}`, tops[i % l1], 2));
  const groups = Array.from({ length: l3 }, (_, i) => grid(`${villages[i % l2].id}-g${pad(i + 1, 4)}`, villages[i % l2], 3));
  grids.push(...tops, ...villages, ...groups);

  // People: a head per village, members sharing the groups (~4 each), a few industry authorities; 3% on leave.
  const authorities = Math.max(1, Math.round(10 * f));
  const members = Math.round(2000 * f) - authorities - l2;
  const users: User[] = [];
  const user = (id: string, roles: User['roles'], gridIds: string[], venueKinds: string[] = []): User => ({
    id,
    displayName: `人员 ${id}`,
    roles,
    gridIds,
    venueKinds,
    status: 'active',
    onLeave: r() < 0.03,
    version: 1,
    createdAt: at,
    updatedAt: at,
  });
  for (const v of villages) users.push(user(`head-${v.id}`.toLowerCase(), ['inspector'], [v.id]));
  for (let m = 0; m < members; m++) {
    const from = Math.floor((m * l3) / members);
    const to = Math.floor(((m + 1) * l3) / members);
    users.push(user(`member-${pad(m + 1, 4)}`, ['inspector'], groups.slice(from, to).map((g) => g.id)));
  }
  const authorityKinds = [['shop', 'supermarket', 'farmers-market', 'restaurant'], ['internet-cafe', 'ktv', 'hotel'], ['training-institution'], ['enterprise'], ['chess-room']];
  for (let a = 0; a < authorities; a++) users.push(user(`authority-${pad(a + 1, 2)}`, ['industry-authority'], [], authorityKinds[a % authorityKinds.length]));

  const venueCount = Math.round(150_000 * f);
  const problems: Problem[] = [];
  function* venueItems() {
    for (let n = 0; n < venueCount; n++) {
      const g = groups[Math.floor(r() * groups.length)];
      const kind = pick(r, KINDS);
      const never = r() < 0.15;
      const daysAgo = 1 + Math.floor(r() * 14);
      const venue: Venue = {
        id: `v${pad(n + 1, 6)}`,
        name: `场所 ${n + 1} 号`,
        kind,
        gridId: g.id,
        gridPath: g.path,
        address: `${g.name} ${1 + Math.floor(r() * 200)} 号`,
        risk: pick(r, [
          ['red', 10],
          ['yellow', 30],
          ['green', 60],
        ]),
        status: pick(r, [
          ['open', 97],
          ['suspended', 2],
          ['closed', 1],
        ]),
        codeVersion: 1,
        openProblems: 0,
        version: 1,
        createdAt: at,
        updatedAt: at,
        ...(never ? {} : { lastInspectedAt: new Date(Date.parse(`${DAY}T02:00:00Z`) - daysAgo * 86_400_000).toISOString(), lastOutcome: 'pass' }),
        ...(r() < 0.003 ? { blackCard: { since: '2026-11-20T02:00:00Z', reason: '督查通报点名' } } : {}),
        ...(r() < 0.005 ? { followUpDue: '2026-11-24' } : {}),
      };
      if (r() < 0.01) {
        problems.push({
          id: `${ulid(Date.parse('2026-11-20T00:00:00Z') + n)}-masks`,
          venueId: venue.id,
          venueName: venue.name,
          venueKind: venue.kind,
          gridId: venue.gridId,
          gridPath: venue.gridPath,
          inspectionId: ulid(),
          itemCode: 'masks',
          itemLabelZh: '佩戴口罩',
          severity: 'major',
          status: pick(r, [
            ['open', 1],
            ['notice-issued', 1],
            ['rectification-reported', 1],
          ]),
          deadline: pick(r, [
            ['2026-11-23', 1],
            ['2026-11-27', 2],
          ]),
          openedAt: '2026-11-20T02:00:00Z',
          openedBy: 'member-0001',
          escalations: 0,
          version: 1,
          updatedAt: at,
        });
      }
      yield put({ ...keys.venue(venue.id), ...keys.venueEntries(venue), entity: 'venue', schemaVersion: 1, ...venue });
    }
  }
  function* otherItems() {
    for (const g of grids) yield put({ ...keys.grid(g.id), ...keys.gridTreeEntry(g.path), ...(g.level === 1 ? keys.topGridEntry(g.id) : {}), entity: 'grid', schemaVersion: 1, ...g });
    for (const u of users) yield put({ ...keys.user(u.id), ...keys.userListEntry(u.id), entity: 'user', schemaVersion: 1, ...u });
    for (const p of problems) yield put({ ...keys.problem(p.id), ...keys.problemEntries(p), entity: 'problem', schemaVersion: 1, ...p });
  }
  // DynamoDB Local takes more calls in flight than one connection uses: 8 for loading.
  const a = await batchWriteAll(db, venueItems(), { concurrency: 8 });
  const b = await batchWriteAll(db, otherItems(), { concurrency: 8 });
  return { tenantId, grids: grids.length, venues: venueCount, people: users.length, items: a.written + b.written };
}

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
