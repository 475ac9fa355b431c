/**
 * The demo's traffic checkpoint (卡口): one at the entrance of the town's first village, two shifts,
 * the town's grid members as staff, and the last twelve hours of vehicles — mostly green, some yellow
 * (a fresh certificate passes, an old one turns back), two red held with their alerts. Written through
 * the checkpoint repositories like the API does; ids deterministic, so a seed run again finds them.
 */
import type { TenantData } from '../../shared/data/tenant-data';
import type { Actor } from '../../shared/domain/actor';
import { CheckpointInput, EntryInput } from '../../shared/domain/checkpoints/checkpoint';
import { levelOf } from '../../shared/domain/grid';
import { DomainError } from '../../shared/errors';
import { prng, seedOf } from '../../shared/prng';
import type { DemoTenant } from './tenants';
import { demoUlid } from './ulid';

const checkpointUlid = (n: number) => demoUlid('01JG', n);

const ENTRIES = 48;
const FROM = ['郑州市', '新郑市区', '许昌市', '开封市', '中牟县', '长葛市', '北京市', '武汉市'];
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

export async function seedDemoCheckpoints(data: TenantData, t: DemoTenant, now: Date): Promise<void> {
  const actor: Actor = { userId: 'admin', tenantId: data.tenantId, roles: ['tenant-admin'], gridIds: [], venueKinds: [] };
  const scope = { kind: 'tenant' } as const;
  const k = data.residents.checkpoints;
  const villages = (await data.grids.tree()).filter((g) => levelOf(g.path) === 2 && g.status === 'active');
  if (!villages.length) return;
  const [gate, destination] = [villages[0], villages[villages.length - 1]];
  const staff = t.users.filter((u) => u.roles.includes('inspector')).map((u) => u.id);
  const checkpoint = CheckpointInput.parse({
    id: checkpointUlid(1),
    gridId: gate.id,
    name: `${gate.name}东入口卡口`,
    location: { place: `${gate.name}东入口`, road: '乡道' },
    shifts: [
      { id: 'day', name: '白班', starts: '08:00', ends: '20:00' },
      { id: 'night', name: '夜班', starts: '20:00', ends: '08:00' },
    ],
    staff,
  });
  await k.create(actor, scope, checkpoint, now);
  const rng = prng(seedOf(`${t.id}/checkpoints`));
  const by: Actor = { ...actor, userId: staff[0] ?? 'admin', roles: ['inspector'] };
  for (let i = 0; i < ENTRIES; i++) {
    const at = new Date(now.getTime() - (ENTRIES - i) * 15 * 60_000);
    // Two red codes at fixed places in the day; a yellow now and then.
    const colour = i === 9 || i === 31 ? 'red' : rng.chance(0.12) ? 'yellow' : 'green';
    const certificateAge = rng.chance(0.7) ? rng.int(6, 40) : rng.int(50, 80);
    const entry = EntryInput.parse({
      id: checkpointUlid(100 + i),
      checkpointId: checkpoint.id,
      at: at.toISOString(),
      plate: i === 20 ? '临时 ZZ-0137' : `豫${rng.pick(['A', 'A', 'K', 'B'])}${rng.pick([...LETTERS])}${rng.int(1000, 9999)}`,
      vehicleType: rng.pick(['car', 'car', 'car', 'van', 'truck', 'bus', 'motorcycle'] as const),
      occupants: rng.int(1, 5),
      from: rng.pick(FROM),
      destinationGridId: colour === 'red' ? destination.id : undefined,
      colour,
      certificate: colour === 'yellow' ? { testedAt: new Date(at.getTime() - certificateAge * 3_600_000).toISOString(), negative: true } : undefined,
    });
    await k.entries.record(by, scope, entry, now).catch((error) => {
      // A seed run again: the entry is there from the first run (its time was another `now`).
      if (!(error instanceof DomainError && error.status === 409)) throw error;
    });
  }
}
