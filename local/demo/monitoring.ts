/**
 * Home monitoring in the demo (居家隔离 / 居家观察): in every lowest grid one or two people of the
 * demo's households, started one to four days ago, with the readings their grid members took (most
 * windows, a few missed: the sweep's alerts; a few fevers), supplies delivered and door tests — all
 * through the monitoring repositories as the API writes them, with the clock of each write. Then
 * some alerts are taken on: one acknowledged, one resolved with a note; the oldest stay open and
 * escalate. Deterministic (shared/prng.ts) for a given `now`.
 */
import type { TenantData } from '../../shared/data/tenant-data';
import type { Actor } from '../../shared/domain/actor';
import { addDays, localDate, localInstant } from '../../shared/domain/local-day';
import { EpisodeActionInput, EpisodeInput } from '../../shared/domain/monitoring/episode';
import { ReadingInput } from '../../shared/domain/monitoring/reading';
import { windowInstance } from '../../shared/domain/monitoring/windows';
import { prng, seedOf } from '../../shared/prng';
import type { DemoResident } from '../demo-residents';
import type { DemoTenant } from './tenants';
import { TIME_ZONE } from './town';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A valid ULID from a number (time 01JE…: the demo's monitoring, apart from its residents' 01JD…). */
function monitoringUlid(n: number): string {
  let s = '';
  for (let v = n; s.length < 22; v = Math.floor(v / 32)) s = CROCKFORD[v % 32] + s;
  return `01JE${s}`;
}
const REASONS = ['risk-area-arrival', 'contact', 'pushed-list', 'self-report'] as const;
const SWEEP_DELAY_MS = 15 * 60_000;

/** Who is monitored: the first person of the first two lived-in households of each lowest grid (one in every other grid). */
function chosen(people: readonly DemoResident[]): DemoResident[] {
  const byGrid = new Map<string, DemoResident[]>();
  for (const p of people) {
    const households = byGrid.get(p.gridId) ?? [];
    if (!households.some((h) => h.householdId === p.householdId)) households.push(p);
    byGrid.set(p.gridId, households);
  }
  return [...byGrid.values()].flatMap((households, g) => households.slice(0, g % 2 === 0 ? 2 : 1));
}

export async function seedDemoMonitoring(data: TenantData, tenant: DemoTenant, people: readonly DemoResident[], now: Date): Promise<{ episodes: number; readings: number }> {
  const m = data.residents.monitoring;
  const scope = { kind: 'tenant' } as const;
  const actorOf = (userId: string, roles: Actor['roles']): Actor => ({ userId, tenantId: data.tenantId, roles, gridIds: [], venueKinds: [] });
  const admin = actorOf('admin', ['tenant-admin']);
  const supervisor = tenant.users.find((u) => u.roles.includes('supervisor') && !u.gridIds?.length)!;
  const memberOf = (gridId: string) => tenant.users.find((u) => u.roles.includes('inspector') && u.gridIds?.some((g) => gridId.startsWith(g)));
  const rules = await m.episodes.rules();
  const today = localDate(now, TIME_ZONE);
  const rng = prng(seedOf(`${tenant.id}/monitoring`));
  let n = 0;
  let readings = 0;
  let firstDay = today;
  const targets = chosen(people);

  for (const [i, p] of targets.entries()) {
    const member = memberOf(p.gridId);
    const startDay = addDays(today, -(1 + (i % 4)));
    if (startDay < firstDay) firstDay = startDay;
    const startedAt = localInstant(startDay, 6 * 60 + 30, TIME_ZONE);
    const input = EpisodeInput.parse({ id: monitoringUlid(++n), householdId: p.householdId, personId: p.personId, type: i % 3 === 2 ? 'home-observation' : 'home-isolation', startedAt: startedAt.toISOString(), reason: REASONS[i % REASONS.length], note: i % 4 === 0 ? '大数据推送：外省中风险地区返乡' : undefined, assignees: member ? [member.id] : [] });
    const { episode } = await m.episodes.start(admin, scope, input, startedAt);
    const taker = actorOf(member?.id ?? 'admin', member ? ['inspector'] : ['tenant-admin']);
    const at = (d: Date, minutes: number) => new Date(d.getTime() + minutes * 60_000);

    // The readings: most windows done, a few missed; person 2 has missed the last ones in a row (lost).
    for (let d = startDay; d <= today; d = addDays(d, 1)) {
      for (const w of rules.windows.map((x) => windowInstance(d, x, TIME_ZONE))) {
        if (w.opensAt < startedAt || w.opensAt > now) continue;
        const closed = w.closesAt <= now;
        const skip = closed ? rng.chance(0.12) || (i === 2 && now.getTime() - w.closesAt.getTime() < 30 * 3_600_000) : rng.chance(0.6);
        if (skip) continue;
        const takenAt = closed ? at(w.opensAt, rng.int(20, 150)) : new Date(Math.max(w.opensAt.getTime(), now.getTime() - rng.int(10, 40) * 60_000));
        const fever = (i === 1 && d === addDays(today, -1) && w.window.id === 'pm') || (i === 4 && d === startDay && w.window.id === 'pm');
        const reading = ReadingInput.parse({
          id: monitoringUlid(++n),
          episodeId: episode.id,
          takenAt: takenAt.toISOString(),
          temperature: fever ? 37.8 + rng.int(0, 6) / 10 : 36 + rng.int(0, 9) / 10,
          symptoms: fever ? ['fever', 'cough'] : rng.chance(0.1) ? ['fatigue'] : [],
          method: rng.chance(0.7) ? 'door' : rng.chance(0.5) ? 'phone' : 'self-reported',
        });
        await m.readings.record(taker, scope, reading, at(takenAt, 3));
        readings++;
      }
    }
    // Supplies (物资配送) the day after the start; a door test (上门检测) on the first day, one still pending.
    const supplies = localInstant(addDays(startDay, 1), 11 * 60, TIME_ZONE);
    if (supplies <= now) await m.readings.recordAction(taker, scope, episode.id, EpisodeActionInput.parse({ id: monitoringUlid(++n), kind: 'supplies', at: supplies.toISOString(), note: rng.pick(['米面油、蔬菜', '蔬菜、鸡蛋、牛奶', '常用药品、口罩']) }), supplies);
    const test = localInstant(startDay, 10 * 60, TIME_ZONE);
    if (test <= now) await m.readings.recordAction(taker, scope, episode.id, EpisodeActionInput.parse({ id: monitoringUlid(++n), kind: 'door-test', at: test.toISOString(), result: i === targets.length - 1 ? 'pending' : 'negative' }), test);
  }

  // The sweeps as the scheduler ran them: a quarter of an hour after each window closed.
  for (let d = firstDay; d <= today; d = addDays(d, 1)) {
    for (const w of rules.windows.map((x) => windowInstance(d, x, TIME_ZONE))) {
      const sweptAt = new Date(w.closesAt.getTime() + SWEEP_DELAY_MS);
      if (sweptAt <= now) await m.sweep.run(sweptAt);
    }
  }

  // The supervisor takes on the newest missed alert and resolves the one before it; the older stay open (escalated).
  const tops = (await data.grids.topLevel()).map((g) => g.path);
  const open = (await Promise.all(tops.map((t) => m.alerts.inSubtree(t, 'OPEN')))).flat().sort((a, b) => b.raisedAt.localeCompare(a.raisedAt) || a.id.localeCompare(b.id));
  const missed = open.filter((a) => a.kind === 'missed-reading');
  const boss = actorOf(supervisor.id, ['supervisor']);
  if (missed[0]) await m.alerts.acknowledge(boss, missed[0], { version: missed[0].version }, now);
  if (missed[1]) await m.alerts.resolve(boss, missed[1], { version: missed[1].version, note: '已电话联系，本人外出就医，已补测体温正常' }, now);
  return { episodes: targets.length, readings };
}
