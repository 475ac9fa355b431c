/**
 * The demo's past: a tenant's last days played through as the running system would have lived them,
 * one day after the other, with a clock set to that day. Each day: at 00:30 the scheduled job
 * (escalation, then the daily plan), the office's morning steps on the ladder, every person's round
 * of inspections (in parallel, each from their stored list), the office's afternoon decisions, a
 * bulletin on two of the days, and after midnight the day's close (日报). Then today is planned.
 * Deterministic: every choice comes from a PRNG seeded by demo town, day and person, and each person's
 * choices do not depend on the order in which the parallel rounds finish.
 */
import type { VenueCodeKeyring } from '../../shared/domain/venues/venue-code';
import { fixedClock } from '../../shared/clock';
import type { Actor } from '../../shared/domain/actor';
import type { Db } from '../../shared/data/db';
import type { Grid } from '../../shared/domain/grid';
import { addDays, localDate } from '../../shared/domain/local-day';
import type { Venue } from '../../shared/domain/venues/venue';
import { tenantData } from '../../shared/data/tenant-data';
import { prng, seedOf } from '../../shared/prng';
import { runJob } from '../../shared/scheduling/run-job';
import { dayStart, listOf, workDay } from './field';
import { concludeReferrals, referHardCase } from './joint';
import { issueNotice } from './notices';
import { demoPhotos } from './photos';
import type { PhotoStore } from '../../shared/photos/store';
import { officeAfternoon, officeMorning, publishBulletin } from './office';
import type { DemoTenant } from './tenants';
import { openTown, TIME_ZONE, type Town } from './town';

export interface HistoryOptions {
  /** The real now: history ends yesterday, today is planned. */
  now: Date;
  days: number;
  venueCodeKeys: VenueCodeKeyring;
  /**
   * What seeds every choice: the demo town's own id, also when tests seed the town under a fresh
   * tenant id, so that a test reads the history the demo shows (a random id played another one).
   */
  randomKey: string;
  /** Where the demo's photos go (the API's photo store); without it the history has no photos. */
  photos?: PhotoStore;
}

export interface HistoryFigures {
  days: number;
  inspections: number;
}

/** The first day of the history: the day the demo tenant was set up. */
export const historyStart = (now: Date, days: number) => addDays(localDate(now, TIME_ZONE), -days);

export async function seedHistory(db: Db, tenant: DemoTenant, venues: Venue[], grids: Grid[], options: HistoryOptions): Promise<HistoryFigures> {
  const data = tenantData(db, tenant.id);
  const today = localDate(options.now, TIME_ZONE);
  const town = await openTown(data, tenant, venues, grids, options.venueCodeKeys);
  if (options.photos) town.photos = demoPhotos(data, options.photos);
  const people = [...town.actors.values()].filter((a) => a.roles.includes('inspector') || a.roles.includes('industry-authority'));
  // The day each venue was last visited, for the rounds' off-list choices.
  const lastVisit = new Map<string, string>();
  let inspections = 0;
  let bulletins = 0;

  for (let i = 0, date = historyStart(options.now, options.days); date < today; i++, date = addDays(date, 1)) {
    await runJob(db, { kind: 'plan', tenantId: tenant.id, date }, fixedClock(town.at(date, 30)));
    if (i === options.days - 3) await issueNotice(town, date, prng(seedOf(`${options.randomKey}/${date}/reopen`)), 'reopen');
    await officeMorning(town, date, prng(seedOf(`${options.randomKey}/${date}/morning`)));
    const lists = await Promise.all(people.map((actor) => listOf(town, actor.userId, date)));
    // A suspension story: a critical failure on the fourth day, one in the second week, one on the last day.
    const criticalVenueId = [3, 9, options.days - 1].includes(i) ? criticalVenue(town, people, lists) : undefined;
    const start = dayStart(town, lastVisit);
    // One inspector after another: two of them may meet at one venue, and an inspection that passes
    // an item closes its open problem (re-check by inspection), so their order must not be a race.
    const rounds: number[] = [];
    for (const [n, actor] of people.entries()) rounds.push(await workDay(town, actor, { date, index: i, criticalVenueId }, prng(seedOf(`${options.randomKey}/${date}/${actor.userId}`)), start, lists[n]));
    for (const venueId of start.visitedToday) lastVisit.set(venueId, date);
    inspections += rounds.reduce((a, b) => a + b, 0);
    if (i === 5 || i === options.days - 3) await publishBulletin(town, date, prng(seedOf(`${options.randomKey}/${date}/bulletin`)), ++bulletins);
    await officeAfternoon(town, date, prng(seedOf(`${options.randomKey}/${date}/afternoon`)), i === options.days - 1);
    // 联合执法: a hard case referred in the first week (its outcome recorded three days later) and one on the second-last day.
    if (i === 6 || i === options.days - 2) await referHardCase(town, date, prng(seedOf(`${options.randomKey}/${date}/joint`)));
    if (i === 9) await concludeReferrals(town, date);
    if (i === options.days - 4) await issueNotice(town, date, prng(seedOf(`${options.randomKey}/${date}/pause`)), 'pause');
    await runJob(db, { kind: 'close', tenantId: tenant.id, date }, fixedClock(town.at(addDays(date, 1), 40)));
  }
  await runJob(db, { kind: 'plan', tenantId: tenant.id, date: today }, fixedClock(options.now));
  return { days: options.days, inspections };
}

/** The first red venue on a locality inspector's list today that has no suspension story yet. */
function criticalVenue(town: Town, people: Actor[], lists: Awaited<ReturnType<typeof listOf>>[]): string | undefined {
  const taken = new Set(town.suspensionsRecommended.map((s) => s.venueId));
  for (const [n, actor] of people.entries()) {
    if (!actor.roles.includes('inspector')) continue;
    const venue = lists[n].map((a) => town.venues.get(a.venueId)).find((v) => v?.risk === 'red' && !taken.has(v.id));
    if (venue) return venue.id;
  }
  return undefined;
}
