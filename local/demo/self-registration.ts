/**
 * Self-registration (扫码登记) and visitors' check-ins in the demo: a registration code for the
 * tenant and one per village of the first top-level grid, a handful of residents' forms waiting for
 * review (one already confirmed, one rejected), and this morning's check-ins at a few venues — all
 * through the same repositories the API uses (sealed with the tenant's key), deterministic
 * (shared/prng.ts, fixed ids), and found again by a seed that runs twice.
 */
import { encodeTime } from 'ulid';
import type { TenantData } from '../../shared/data/tenant-data';
import type { Actor } from '../../shared/domain/actor';
import { CheckInInput } from '../../shared/domain/check-in';
import { residentIdCheckChar } from '../../shared/domain/residents/id-number';
import { SubmissionInput } from '../../shared/domain/self-registration/submission';
import type { Venue } from '../../shared/domain/venues/venue';
import { type Prng, prng, seedOf } from '../../shared/prng';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A fixed ULID per demo thing (time 01JS…): a second seed finds it. */
function demoUlid(n: number): string {
  let s = '';
  for (let v = n; s.length < 22; v = Math.floor(v / 32)) s = CROCKFORD[v % 32] + s;
  return `01JS${s}`;
}

/** A ULID at a time with the rest from the demo's PRNG (a check-in's id carries its time). */
const ulidAt = (at: number, random: Prng) => `${encodeTime(at, 10)}${Array.from({ length: 16 }, () => random.pick([...CROCKFORD])).join('')}`;

const NAMES = ['马晓燕', '郭建华', '何志强', '罗丽娟', '高春生', '林小雨', '梁国栋', '宋佳怡', '郑海波'];
const FROM = ['河南省郑州市', '湖北省武汉市', '河北省石家庄市', '广东省深圳市', '北京市朝阳区'];
const CATEGORIES = ['nonlocal-temporary', 'nonlocal-temporary', 'local-temporary', 'nonlocal-permanent'];

export async function seedDemoSelfRegistration(data: TenantData, townId: string, region: string, venues: readonly Venue[], now: Date): Promise<void> {
  // Seeded by the demo town's id, not the tenant's: a test's town under a random id plays the same.
  const random = prng(seedOf(`self-registration/${townId}`));
  const actor: Actor = { userId: 'admin', tenantId: data.tenantId, roles: ['tenant-admin'], gridIds: [], venueKinds: [] };
  const { codes, intake, review } = data.selfRegistration;
  const grids = await data.grids.tree();
  const villages = grids.filter((g) => g.path.split('/').length === 4).slice(0, 2);
  const made = [
    (await codes.create(actor, { id: demoUlid(1), label: `${grids[0]?.name ?? ''}全辖区登记码` }, now)).code,
    ...(await Promise.all(villages.map(async (v, i) => (await codes.create(actor, { id: demoUlid(2 + i), gridId: v.id, compound: `${v.name}新村`, label: `${v.name}扫码登记` }, now)).code))),
  ];
  const purpose = await codes.purpose();
  const arrivedOn = new Date(now.getTime() - 3 * 86_400_000).toISOString().slice(0, 10);
  const forms: SubmissionInput[] = [];
  for (const [i, name] of NAMES.entries()) {
    const code = made[1 + (i % Math.max(1, made.length - 1))] ?? made[0];
    const first17 = `${region}19${80 + random.int(0, 19)}0${random.int(1, 9)}1${random.int(0, 9)}${random.int(100, 999)}`;
    const input = SubmissionInput.parse({
      code: 'demo-code-token',
      id: demoUlid(100 + i),
      name,
      idNumber: `${first17}${residentIdCheckChar(first17)}`,
      phone: `137${String(random.int(10_000_000, 99_999_999))}`,
      category: random.pick(CATEGORIES),
      address: { building: String(random.int(1, 12)), unit: String(random.int(1, 3)), room: `${random.int(1, 6)}0${random.int(1, 4)}` },
      arrivedFrom: random.pick(FROM),
      arrivedOn,
      consent: true,
      purposeVersion: purpose.version,
    });
    forms.push(input);
    await intake.submit(code, input, new Date(now.getTime() - (NAMES.length - i) * 600_000));
  }
  // One confirmed into a new household, one rejected: the queue shows the rest.
  const scope = { kind: 'tenant' } as const;
  const first = await review.one(scope, demoUlid(100));
  if (first.status === 'pending') await review.decide(actor, scope, first.id, { action: 'confirm', version: first.version, personId: demoUlid(200), newHouseholdId: demoUlid(201), relationship: 'householder' }, now);
  const last = await review.one(scope, demoUlid(100 + NAMES.length - 1));
  if (last.status === 'pending') await review.decide(actor, scope, last.id, { action: 'reject', version: last.version, reason: '重复登记（已由网格员上门登记）' }, now);
  // The first resident scans the poster again: the queue offers the person just registered (合并).
  const again = SubmissionInput.parse({ ...forms[0], id: demoUlid(100 + NAMES.length), phone: `139${String(random.int(10_000_000, 99_999_999))}` });
  await intake.submit(made[1] ?? made[0], again, new Date(now.getTime() - 300_000));

  // This morning's check-ins at three venues, the first one busy (a market at opening time), and
  // fewer on each of the 6 days before (the venue page's week, the dashboard's busiest venues).
  const visits: { venue: Venue; input: CheckInInput; at: number }[] = [];
  for (const [v, venue] of venues.slice(0, 3).entries()) {
    for (let daysAgo = 0; daysAgo < 7; daysAgo++) {
      const visitors = daysAgo === 0 ? (v === 0 ? 40 : 12) : v === 0 ? random.int(15, 30) : random.int(3, 8);
      for (let k = 0; k < visitors; k++) {
        const at = now.getTime() - daysAgo * 86_400_000 - random.int(5, daysAgo === 0 ? 180 : 600) * 60_000;
        const id = ulidAt(at, random);
        const input = CheckInInput.parse(random.chance(0.8) ? { code: 'demo-venue-code', id, phone: `135${String(random.int(10_000_000, 99_999_999))}` } : { code: 'demo-venue-code', id, personCode: `HZ-${random.int(10_000_000, 99_999_999)}` });
        visits.push({ venue, input, at });
      }
    }
  }
  // Written a few at a time (the choices above are made in order, so the demo is the same each time).
  for (let i = 0; i < visits.length; i += 8) {
    await Promise.all(visits.slice(i, i + 8).map((c) => data.selfRegistration.checkIns.record(c.venue, c.input, new Date(c.at))));
  }
}
