/**
 * The demo's testing round in progress (全员检测): round 5 started this morning, a sampling site laid
 * out as four zones and two channels in every level-2 grid, samples of most people — a village nearly
 * done, one half-way, one far behind — (at the site of their village, the bedridden and isolated at home), and a first lab file with one positive result
 * whose alert waits for the supervisor (through the lab import job's code, as an upload would). Written through the testing repositories like the API does;
 * ids deterministic, so a seed run again finds what it wrote.
 */
import type { TenantData } from '../../shared/data/tenant-data';
import type { Actor } from '../../shared/domain/actor';
import { levelOf } from '../../shared/domain/grid';
import { personCode, RecordInput } from '../../shared/domain/testing/record';
import { RoundInput, SiteInput } from '../../shared/domain/testing/round';
import { DomainError } from '../../shared/errors';
import { prng, seedOf } from '../../shared/prng';
import { demoUlid } from './ulid';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../../shared/clock';
import { localImportFileStore } from '../../shared/import-files/local-store';
import { runLabImport } from '../../shared/scheduling/lab-import-job';

const testingUlid = (n: number) => demoUlid('01JF', n);

const ZONES = [
  { name: '等候区', purpose: 'waiting' },
  { name: '登记区', purpose: 'registration' },
  { name: '采样区', purpose: 'sampling' },
  { name: '缓冲区', purpose: 'buffer' },
] as const;
const CHANNELS = [
  { name: '普通通道', kind: 'general' },
  { name: '老幼病残绿色通道', kind: 'priority' },
] as const;

/**
 * Share of the people sampled so far per village, in the villages' order (the round is half a day
 * old): one half-way (its grid members still have doors to knock on), one done, one far behind — so
 * the 三色管理图 by coverage shows all three colours (green from 90 %, red below 60 %). Taken as an
 * exact share of each village's people in their order (a village holds a dozen people in the demo: a
 * random draw could land on either side of a threshold). Door to door for some.
 */
const SAMPLED_BY_VILLAGE = [0.75, 1, 0.35, 1];
const SAMPLED_ELSEWHERE = 0.72;
const AT_DOOR = 0.06;

const exists = (error: unknown) => error instanceof DomainError && error.status === 409;

export async function seedDemoTesting(data: TenantData, townId: string, now: Date): Promise<void> {
  const actor: Actor = { userId: 'admin', tenantId: data.tenantId, roles: ['tenant-admin'], gridIds: [], venueKinds: [] };
  const scope = { kind: 'tenant' } as const;
  const t = data.residents.testing;
  const hour = 3_600_000;
  const round = RoundInput.parse({
    id: testingUlid(1),
    number: 5,
    name: '第五轮全员核酸检测',
    startsAt: new Date(now.getTime() - 5 * hour).toISOString(),
    endsAt: new Date(now.getTime() + 31 * hour).toISOString(),
    exemptCategories: ['nonlocal-temporary'],
  });
  const { stored } = await t.rounds.create(actor, scope, round, now).catch(async (error) => {
    if (!exists(error)) throw error;
    return { stored: await t.rounds.get(round.id) };
  });
  const grids = await data.grids.tree();
  const villages = grids.filter((g) => levelOf(g.path) === 2);
  const siteOf = new Map<string, string>();
  const sampledIn = new Map(villages.map((v, i) => [v.path, SAMPLED_BY_VILLAGE[i % SAMPLED_BY_VILLAGE.length]]));
  const seen = new Map<string, number>();
  for (const [i, v] of villages.entries()) {
    const site = SiteInput.parse({
      id: testingUlid(100 + i),
      gridId: v.id,
      name: `${v.name}采样点`,
      place: `${v.name}党群服务中心广场`,
      layout: { zones: ZONES, channels: CHANNELS },
      hours: [
        { opens: '07:00', closes: '11:30' },
        { opens: '14:30', closes: '18:00' },
      ],
      staff: [],
      capacityPerHour: 240 + (i % 3) * 60,
    });
    await t.rounds.createSite(actor, scope, site, now).catch((error) => {
      if (!exists(error)) throw error;
    });
    siteOf.set(v.path, site.id);
  }
  // Seeded by the demo town, not the tenant id: tests seed the town under a random id and must read what the demo shows.
  const random = prng(seedOf(`${townId}/testing`));
  const lab: string[] = ['样本编号,身份证号或人员码,结果'];
  let n = 0;
  const tops = grids.filter((g) => g.parentId === null).map((g) => g.path);
  // Written a few at a time (DynamoDB Local takes a few at once well); chosen in the people's order, so the same every time.
  const writes: Promise<unknown>[] = [];
  for await (const person of data.residents.persons.eachInSubtrees(tops)) {
    n++;
    if (writes.length >= 8) await Promise.all(writes.splice(0));
    // Those the round exempts are not sampled: each village's share is of the people it aims at.
    if (person.status !== 'active' || stored.exemptCategories.includes(person.category)) continue;
    const village = [...siteOf.keys()].find((p) => person.gridPath.startsWith(p));
    // The k-th person of a village is sampled when the share's running total, rounded, passes a whole person.
    const k = seen.get(village ?? '') ?? 0;
    seen.set(village ?? '', k + 1);
    const share = (village ? sampledIn.get(village) : undefined) ?? SAMPLED_ELSEWHERE;
    if (Math.round((k + 1) * share) === Math.round(k * share)) continue;
    const atDoor = !village || random.chance(AT_DOOR);
    const sampleId = `R5-${String(n).padStart(5, '0')}`;
    const input = RecordInput.parse({
      id: testingUlid(10_000 + n),
      roundId: stored.id,
      via: atDoor ? 'door' : 'site',
      siteId: atDoor ? undefined : siteOf.get(village!),
      who: { householdId: person.householdId, personId: person.id },
      sampleId,
      takenAt: new Date(now.getTime() - random.int(10, 4 * 60) * 60_000).toISOString(),
    });
    writes.push(
      t.records.record(actor, scope, input, now).catch((error) => {
        if (!exists(error)) throw error;
      }),
    );
    // The lab's first batch: the early samples; one of them positive.
    if (lab.length <= 40) lab.push(`${sampleId},${personCode(person.householdId, person.id)},${lab.length === 17 ? '阳性' : '阴性'}`);
  }
  await Promise.all(writes);
  await seedLabImport(t, data.tenantId, stored.id, lab.join('\n'), now);
}

/** The lab's first file through the import path: announced, put in a file store of the seed's own, run by the job's code. Once. */
async function seedLabImport(t: TenantData['residents']['testing'], tenantId: string, roundId: string, csv: string, now: Date): Promise<void> {
  if ((await t.labImports.ofRound(roundId, now)).length) return;
  const bytes = new TextEncoder().encode(csv);
  const created = await t.labImports.create({ roundId, fileName: '第五轮检测结果-第1批.csv', size: bytes.length, by: 'admin', now });
  const dir = mkdtempSync(join(tmpdir(), 'gridwatch-demo-lab-'));
  const files = localImportFileStore({ dir });
  const file = { tenantId, importId: created.id };
  await files.content!.put(file, bytes);
  await t.labImports.markQueued(created.id, now);
  await runLabImport(t, file, fixedClock(now.toISOString()), files);
  rmSync(dir, { recursive: true, force: true });
}
