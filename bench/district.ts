/**
 * A synthetic district at a fraction `f` of the domain brief's largest (7,102 grids in three levels,
 * 150,000 venues, 2,000 people, 1 % of venues with an open problem), written straight with
 * BatchWrite, deterministic (shared/prng.ts). f 0.0134 is a town of 20,000 people (95 grids, 2,010
 * venues, 27 staff), f 0.134 a district of 200,000 (952 / 20,100 / 268), f 1 the 7,102-grid district
 * (docs/cost.md). Used by the quota and midnight benches.
 */
import { ulid } from 'ulid';
import { batchWriteAll, put } from '../shared/data/bulk';
import type { Db } from '../shared/data/db';
import { tenantKeys } from '../shared/data/keys';
import { tenantDirectory } from '../shared/data/tenants';
import type { Grid } from '../shared/domain/grid';
import type { Problem } from '../shared/domain/venues/problem';
import type { User } from '../shared/domain/user';
import type { Venue } from '../shared/domain/venues/venue';
import { prng } from '../shared/prng';

/** The day the district is planned for (a Wednesday); venues were last inspected in the two weeks before. */
export const DAY = '2026-11-25';
const CREATED = '2026-11-01T00:00:00.000Z';

/** The three tenant sizes of docs/cost.md, as fractions of the 7,102-grid district. */
export const TENANT_SIZES = { town: 0.0134, district: 0.134, large: 1 } as const;

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

export interface District {
  tenantId: string;
  grids: number;
  venues: number;
  people: number;
  items: number;
}

/** Write a district of `f` × full size; returns its counts. */
export async function buildDistrict(db: Db, f: number): Promise<District> {
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
