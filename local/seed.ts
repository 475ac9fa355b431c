/**
 * Demo data for `npm start`, written through the same repositories and jobs as the API, and only
 * once: a second start finds the platform admin and leaves everything as it is. One function per
 * part of the demo, each in its own module under local/demo/:
 *   - the tenants, their grids and people (demo/tenants.ts) and their venues (demo/venues.ts);
 *   - the history (demo/history.ts): the last 14 days played through — plans, inspections, the
 *     ladder, black cards, suspensions, bulletins, each day closed — and today planned;
 *   - the residents (demo-residents.ts): households and people in every lowest grid, sealed with the
 *     tenant's personal-data key, some visits;
 *   - a testing round in progress (demo/testing.ts): sites, samples, coverage, a positive result;
 *   - a checkpoint with the last twelve hours of vehicles (demo/checkpoints.ts), two red codes held;
 *   - home monitoring (demo/monitoring.ts): people under 居家隔离 / 居家观察 with readings, alerts,
 *     supplies and door tests; yesterday's report is closed again to show them;
 *   - the platform admin, last: its presence marks a finished seed.
 */
import { seedDemoPersonMoves } from './demo/person-moves';
import { seedDemoPrivacy } from './demo/privacy';
import type { VenueCodeKeyring } from '../shared/domain/venues/venue-code';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../shared/data/db';
import { tenantData } from '../shared/data/tenant-data';
import { tenantDirectory } from '../shared/data/tenants';
import { newUserItem } from '../shared/data/users';
import { PLATFORM_TENANT } from '../shared/domain/actor';
import type { Grid } from '../shared/domain/grid';
import { addDays, localDate, localInstant } from '../shared/domain/local-day';
import type { Venue, VenueInput } from '../shared/domain/venues/venue';
import { DomainError } from '../shared/errors';
import type { PersonalDataKeys } from '../shared/personal-data/tenant-cipher';
import type { PhotoStore } from '../shared/photos/store';
import { seedDemoResidents } from './demo-residents';
import { seedDemoMonitoring } from './demo/monitoring';
import { runCloseJob } from '../shared/scheduling/close-job';
import { seedDemoSelfRegistration } from './demo/self-registration';
import { historyStart, seedHistory } from './demo/history';
import { DEMO_PASSWORD, DEMO_TENANTS, type DemoLogin, type DemoTenant, PLATFORM_ADMIN } from './demo/tenants';
import { TIME_ZONE } from './demo/town';
import { demoVenues } from './demo/venues';
import { seedDemoTesting } from './demo/testing';
import { seedDemoCheckpoints } from './demo/checkpoints';
import { seedDemoGridMap } from './demo/grid-map';
import { seedDemoPushedList } from './demo/pushed-lists';

export { DEMO_PASSWORD, DEMO_TENANTS, type DemoLogin } from './demo/tenants';

/** Days of history before today (GRIDWATCH_DEMO_DAYS changes it for `npm start`). */
export const HISTORY_DAYS = 14;

export interface SeedOptions {
  /** Signs the venue codes the demo's inspectors scan (the API's own secret). */
  venueCodeKeys: VenueCodeKeyring;
  /** Play the last days through (default true); without it, the town as it is set up, with nothing done yet. */
  history?: boolean;
  /** How many days (default HISTORY_DAYS); 0 is no history. */
  days?: number;
  /** Seals the residents' personal fields with each tenant's key (the API's own key provider). */
  personalData: PersonalDataKeys;
  /** The API's photo store: the history's inspections and rectifications get a few photos (none without it). */
  photos?: PhotoStore;
}

/** True when the data directory already holds the demo (or any) platform. */
async function alreadySeeded(db: Db): Promise<boolean> {
  return !!(await tenantData(db, PLATFORM_TENANT).users.credentials(PLATFORM_ADMIN.id));
}

/** A seed that stopped part-way is run again from the top: what exists already is kept. */
async function unlessExists<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (!(error instanceof DomainError && error.status === 409)) throw error;
    return undefined;
  }
}

/** Up to `limit` writes in flight: DynamoDB Local takes a few at once well. */
async function eachInParallel<T>(items: readonly T[], limit: number, write: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await write(items[next++]);
  }));
}

/**
 * A tenant as its admin would set it up: the tenant with its first admin, the grid tree, the venues,
 * the other people. `fresh` is false when the tenant was there already (a seed interrupted earlier).
 */
async function seedTenant(db: Db, t: DemoTenant, inputs: VenueInput[], at: Date): Promise<{ fresh: boolean; venues: Venue[]; grids: Grid[] }> {
  const [admin, ...others] = t.users;
  const created = await unlessExists(
    tenantDirectory(db).create(
      { id: t.id, nameZh: t.nameZh, nameEn: t.nameEn, timezone: TIME_ZONE, gridLevelNames: t.gridLevelNames },
      { id: admin.id, displayName: admin.displayName, password: DEMO_PASSWORD },
      at,
    ),
  );
  const data = tenantData(db, t.id);
  for (const g of t.grids) await unlessExists(data.grids.create(g, at));
  const venues: Venue[] = [];
  await eachInParallel(inputs, 8, async (v) => {
    const venue = await unlessExists(data.venues.create(v, at));
    if (venue) venues.push(venue);
  });
  await eachInParallel(others, 4, (u) =>
    unlessExists(data.users.create({ id: u.id, displayName: u.displayName, roles: u.roles, gridIds: u.gridIds ?? [], venueKinds: u.venueKinds ?? [], password: DEMO_PASSWORD }, at)),
  );
  // Venue ids are ULIDs (made at create time): order by what the demo says, so the history plays the same every time.
  venues.sort((a, b) => `${a.gridId}/${a.name}/${a.address}`.localeCompare(`${b.gridId}/${b.name}/${b.address}`));
  return { fresh: !!created, venues, grids: await data.grids.tree() };
}

/** The platform admin, last: its presence marks a finished seed, so an interrupted seed runs again. */
async function seedPlatformAdmin(db: Db, now: Date): Promise<void> {
  // A tenant's user input refuses this role: the platform admin is written here by hand.
  const { item } = await newUserItem(PLATFORM_TENANT, { ...PLATFORM_ADMIN, roles: ['platform-admin' as never], gridIds: [], venueKinds: [], password: DEMO_PASSWORD }, now);
  await db.doc.send(new PutCommand({ TableName: db.table, Item: item }));
}

/**
 * One demo tenant, set up and (with `history`) played through its last days. `id` seeds the same
 * town under another tenant id (tests, which share one DynamoDB Local).
 */
export async function seedDemoTenant(db: Db, t: DemoTenant, now: Date, options: SeedOptions & { id?: string }): Promise<void> {
  const days = options.history === false ? 0 : (options.days ?? HISTORY_DAYS);
  const tenant = { ...t, id: options.id ?? t.id };
  // With a history, the tenant was set up on its first morning, so no report predates it.
  const setUpAt = days > 0 ? localInstant(historyStart(now, days), 7 * 60, TIME_ZONE) : now;
  const town = await seedTenant(db, tenant, demoVenues(t.id), setUpAt);
  // An interrupted seed's history is not played again over itself: that tenant keeps what it got.
  if (days > 0 && town.fresh) await seedHistory(db, tenant, town.venues, town.grids, { now, days, venueCodeKeys: options.venueCodeKeys, randomKey: t.id, photos: options.photos });
  const data = tenantData(db, tenant.id, { personalData: options.personalData });
  const people = await seedDemoResidents(data, t.region, now);
  if (days > 0) {
    // Home monitoring is part of the days played through (without them, nobody has been followed yet).
    await seedDemoMonitoring(data, t, people, now);
    // Yesterday's report closed again, now with its home-monitoring section.
    await runCloseJob(db, tenant.id, addDays(localDate(now, TIME_ZONE), -1), { now: () => now });
  }
  // A person moved to a new household of their own in a neighbouring grid (issue 14).
  await seedDemoPersonMoves(data, t.id, people, now);
  await seedDemoTesting(data, t.id, now);
  await seedDemoCheckpoints(data, t, now);
  await seedDemoGridMap(tenantData(db, tenant.id), t.users[0].id, now);
  // A pushed list in the first grid leader's area (泰山村, 石牌社区…), with tasks at every state.
  const leader = t.users.find((u) => u.roles.includes('inspector') && u.gridIds?.length)!;
  // A fresh TenantData: the residents' rules are read once per instance, and this seed adds address rules.
  await seedDemoPushedList(tenantData(db, tenant.id, { personalData: options.personalData }), t.region, leader.gridIds![0], now);
  // Self-registrations waiting for review and this morning's check-ins (a fresh tenant only).
  if (town.fresh) await seedDemoSelfRegistration(data, t.id, t.region, town.venues, now);
  // Last, over everything sealed: a resident's deletion request, and the data key rotated and re-sealed.
  await seedDemoPrivacy(db, tenantData(db, tenant.id, { personalData: options.personalData }), options.personalData, t.id, people, now);
}

export async function seedDemo(db: Db, now: Date, options: SeedOptions): Promise<'seeded' | 'existing'> {
  if (await alreadySeeded(db)) return 'existing';
  await Promise.all(DEMO_TENANTS.map((t) => seedDemoTenant(db, t, now, options)));
  await seedPlatformAdmin(db, now);
  return 'seeded';
}

export function demoLogins(): DemoLogin[] {
  return [
    { tenant: PLATFORM_TENANT, username: PLATFORM_ADMIN.id, password: DEMO_PASSWORD, role: 'platform-admin', note: '平台管理员 platform admin' },
    ...DEMO_TENANTS.flatMap((t) => t.users.map((u) => ({ tenant: t.id, username: u.id, password: DEMO_PASSWORD, role: u.roles[0], note: `${t.nameZh} · ${u.note}` }))),
  ];
}
