/**
 * The demo's traffic checkpoints (卡口) per town: one at the entrance of the first village (day and
 * night shifts, 48 vehicles over the last twelve hours, two red held with their alerts), and one on
 * the second village's road (three shifts, the night one 22:00–06:00 across midnight; 24 vehicles,
 * one red held). The grid members working in each village staff its gate. Mostly green, some yellow (a fresh certificate
 * passes, an old one turns back). Written through the checkpoint repositories like the API does; ids
 * deterministic, so a seed run again finds them.
 */
import type { TenantData } from '../../shared/data/tenant-data';
import type { Actor } from '../../shared/domain/actor';
import { CheckpointInput, EntryInput } from '../../shared/domain/checkpoints/checkpoint';
import { worksInCheckpointGrid } from '../../shared/domain/checkpoints/staff';
import { levelOf } from '../../shared/domain/grid';
import { DomainError } from '../../shared/errors';
import { prng, seedOf } from '../../shared/prng';
import type { DemoTenant } from './tenants';
import { demoUlid } from './ulid';

const checkpointUlid = (n: number) => demoUlid('01JG', n);

interface DemoGate {
  n: number;
  /** Which village (index among the town's villages), and the gate's name and place after its name. */
  village: number;
  name: string;
  road: string;
  shifts: { id: string; name: string; starts: string; ends: string }[];
  entries: number;
  /** Minutes between vehicles, and the vehicles (by number) whose occupants have a red code. */
  every: number;
  red: number[];
}
const GATES: DemoGate[] = [
  { n: 1, village: 0, name: '东入口卡口', road: '乡道', shifts: [{ id: 'day', name: '白班', starts: '08:00', ends: '20:00' }, { id: 'night', name: '夜班', starts: '20:00', ends: '08:00' }], entries: 48, every: 15, red: [9, 31] },
  {
    n: 2,
    village: 1,
    name: '县道卡口',
    road: 'X032县道',
    shifts: [{ id: 'early', name: '早班', starts: '06:00', ends: '14:00' }, { id: 'middle', name: '中班', starts: '14:00', ends: '22:00' }, { id: 'night', name: '夜班', starts: '22:00', ends: '06:00' }],
    entries: 24,
    every: 30,
    red: [15],
  },
];
const FROM = ['郑州市', '新郑市区', '许昌市', '开封市', '中牟县', '长葛市', '北京市', '武汉市'];
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

export async function seedDemoCheckpoints(data: TenantData, t: DemoTenant, now: Date): Promise<void> {
  const actor: Actor = { userId: 'admin', tenantId: data.tenantId, roles: ['tenant-admin'], gridIds: [], venueKinds: [] };
  const scope = { kind: 'tenant' } as const;
  const k = data.residents.checkpoints;
  const grids = (await data.grids.tree()).filter((g) => g.status === 'active');
  const villages = grids.filter((g) => levelOf(g.path) === 2);
  if (!villages.length) return;
  const destination = villages[villages.length - 1];
  const pathOf = new Map(grids.map((g) => [g.id, g.path]));
  const rng = prng(seedOf(`${t.id}/checkpoints`));
  for (const g of GATES) {
    const village = villages[Math.min(g.village, villages.length - 1)];
    // The grid members who work in the village (or a group of it) staff its gate, as the API requires.
    const staff = t.users.filter((u) => u.roles.includes('inspector') && worksInCheckpointGrid({ roles: u.roles, gridIds: u.gridIds ?? [] }, (u.gridIds ?? []).flatMap((id) => pathOf.get(id) ?? []), village.path)).map((u) => u.id);
    const by: Actor = { ...actor, userId: staff[0] ?? 'admin', roles: ['inspector'] };
    const checkpoint = CheckpointInput.parse({ id: checkpointUlid(g.n), gridId: village.id, name: `${village.name}${g.name}`, location: { place: `${village.name}${g.name.replace('卡口', '')}`, road: g.road }, shifts: g.shifts, staff });
    await k.create(actor, scope, checkpoint, now);
    await seedVehicles(data, g, checkpoint.id, destination.id, by, rng, now);
  }
}

/** A gate's vehicles, one every `g.every` minutes up to now (entry ids by gate: 100+ for the first, 200+ for the second). */
async function seedVehicles(data: TenantData, g: DemoGate, checkpointId: string, destinationId: string, by: Actor, rng: ReturnType<typeof prng>, now: Date) {
  const scope = { kind: 'tenant' } as const;
  const k = data.residents.checkpoints;
  const ENTRIES = g.entries;
  for (let i = 0; i < ENTRIES; i++) {
    const at = new Date(now.getTime() - (ENTRIES - i) * g.every * 60_000);
    // Red codes at fixed places in the day; a yellow now and then.
    const colour = g.red.includes(i) ? 'red' : rng.chance(0.12) ? 'yellow' : 'green';
    const certificateAge = rng.chance(0.7) ? rng.int(6, 40) : rng.int(50, 80);
    const entry = EntryInput.parse({
      id: checkpointUlid(g.n * 100 + i),
      checkpointId,
      at: at.toISOString(),
      plate: g.n === 1 && i === 20 ? '临时 ZZ-0137' : `豫${rng.pick(['A', 'A', 'K', 'B'])}${rng.pick([...LETTERS])}${rng.int(1000, 9999)}`,
      vehicleType: rng.pick(['car', 'car', 'car', 'van', 'truck', 'bus', 'motorcycle'] as const),
      occupants: rng.int(1, 5),
      from: rng.pick(FROM),
      destinationGridId: colour === 'red' ? destinationId : undefined,
      colour,
      certificate: colour === 'yellow' ? { testedAt: new Date(at.getTime() - certificateAge * 3_600_000).toISOString(), negative: true } : undefined,
    });
    await k.entries.record(by, scope, entry, now).catch((error) => {
      // A seed run again: the entry is there from the first run (its time was another `now`).
      if (!(error instanceof DomainError && error.status === 409)) throw error;
    });
  }
}
