/**
 * The office's part of a demo day, through the same repositories as the API: in the morning the
 * supervisor issues rectification notices (整改通知书) for yesterday's problems and the grid's
 * inspector records the rectifications venues report; in the afternoon the supervisor decides
 * suspensions (停业整顿), reopens a venue that passed its re-check and removes black cards (摘牌) of
 * venues that have put things right; now and then a supervision bulletin (督查通报) names the worst.
 * Not every problem moves every day, so the ledger ends with problems at every step.
 */
import { ulid } from 'ulid';
import { BulletinInput } from '../../shared/data/venues/bulletins';
import { addDays } from '../../shared/domain/local-day';
import type { Venue } from '../../shared/domain/venues/venue';
import { DomainError } from '../../shared/errors';
import type { Prng } from '../../shared/prng';
import { localInspectorOf, problemStep, resending, type Town } from './town';

const REQUIREMENTS: Record<string, string> = {
  temperature: '在入口设置测温点，专人值守',
  masks: '从业人员全程佩戴口罩，督促顾客佩戴',
  'one-metre': '收银台、入口处设置一米线',
  disinfection: '每日两次消杀并如实登记',
  ventilation: '营业期间每日开窗通风不少于三次',
  commitment: '签订疫情防控承诺书并张贴',
  registration: '落实扫码登记，老人儿童手工登记',
  'emergency-plan': '制定疫情防控应急预案并组织演练',
  capacity: '落实限量、预约、错峰措施',
  'scan-code': '落实扫码验码、两码联查',
};

/** An illegal step (someone else moved it first) is skipped: the demo never stops on one problem. */
async function step<T>(write: () => Promise<T>): Promise<T | undefined> {
  try {
    return await resending(write);
  } catch (error) {
    if (error instanceof DomainError && error.status === 409) return undefined;
    throw error;
  }
}

/**
 * Worth trying 摘牌 or reopening: the venue's summary says it passed since `since`. The action itself
 * judges by the inspections (ladder.ts passedSince) and refuses (409, skipped) when they disagree.
 */
const passedByItsSummary = (venue: Pick<Venue, 'lastRecheckPassedAt' | 'lastOutcome' | 'lastInspectedAt'>, since: string) =>
  (!!venue.lastRecheckPassedAt && venue.lastRecheckPassedAt >= since) || (venue.lastOutcome === 'pass' && !!venue.lastInspectedAt && venue.lastInspectedAt >= since);

/** Steps of the office's desk work are this far apart. */
const DESK_STEP_MS = 15_000;

/** 07:30, before the rounds: notices for the problems of earlier days. */
export async function officeMorning(town: Town, date: string, r: Prng): Promise<void> {
  const start = town.at(date, 7 * 60 + 30).getTime();
  let n = 0;
  for (const tracked of [...town.problems.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    if (tracked.status !== 'open' || tracked.since >= date || !r.chance(0.85)) continue;
    const now = new Date(start + n++ * DESK_STEP_MS);
    const requirements = REQUIREMENTS[tracked.itemCode] ?? '立即整改到位';
    await step(() => problemStep(town, town.office, tracked, (version) => ({ type: 'issue-notice', version, requirements }), now, date));
  }
}

/** 17:30: the venues' calls that they have rectified, recorded by the grid's inspector for the next visit to re-check. */
async function rectificationsReported(town: Town, date: string, r: Prng): Promise<void> {
  const start = town.at(date, 17 * 60 + 30).getTime();
  let n = 0;
  for (const tracked of [...town.problems.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    if (tracked.status !== 'notice-issued' || tracked.since >= date || !r.chance(0.7)) continue;
    const venue = town.venues.get(tracked.venueId);
    const recorder = (venue && localInspectorOf(town, venue)) ?? town.office;
    const now = new Date(start + n++ * DESK_STEP_MS);
    const note = '店主电话告知已按通知整改，附整改说明';
    // Some venues send a photo of the rectified spot with their call.
    const photoId = await town.photos?.take({ kind: 'rectification', venueId: tracked.venueId, problemId: tracked.id }, recorder, now, tracked.id);
    await step(() => problemStep(town, recorder, tracked, (version) => ({ type: 'report-rectification', version, note, photoIds: photoId ? [photoId] : [] }), now, date));
  }
}

/**
 * 17:00: suspensions recommended on earlier days are approved (the last day's wait for a decision);
 * the first suspended venue to pass its re-check reopens; black cards of venues with nothing open and
 * a passed re-check since the card come off after a few days, so some stay up.
 */
export async function officeAfternoon(town: Town, date: string, r: Prng, lastDay: boolean): Promise<void> {
  const now = town.at(date, 17 * 60);
  const { data, office } = town;
  // Recommended by parallel rounds: in a fixed order, whichever round finished first.
  const recommended = [...town.suspensionsRecommended].sort((a, b) => a.date.localeCompare(b.date) || a.venueId.localeCompare(b.venueId));
  for (const s of recommended) {
    if (s.date >= date || (lastDay && s.date === addDays(date, -1))) continue;
    const venue = await data.venues.get(s.venueId);
    if (venue.suspension?.state !== 'recommended') continue;
    await step(() => data.enforcement.act(office, venue.id, { type: 'approve-suspension', version: venue.version, reason: '多项防控措施不落实，责令停业整顿' }, now, data.assertVenueVisible));
  }
  const [firstSuspended] = recommended;
  if (firstSuspended) {
    const venue = await data.venues.get(firstSuspended.venueId);
    if (venue.status === 'suspended' && venue.suspension?.decidedAt && passedByItsSummary(venue, venue.suspension.decidedAt)) {
      await step(() => data.enforcement.act(office, venue.id, { type: 'reopen', version: venue.version, reason: '整改到位，复查合格，准予恢复营业' }, now, data.assertVenueVisible));
    }
  }
  for (const venue of await data.enforcement.register('BLACKCARD')) {
    const card = venue.blackCard;
    if (!card || card.since > town.at(addDays(date, -2), 0).toISOString()) continue;
    if (venue.openProblems > 0 || !passedByItsSummary(venue, card.since) || !r.chance(0.8)) continue;
    await step(() => data.enforcement.act(office, venue.id, { type: 'remove-black-card', version: venue.version, reason: '整改到位，复查合格，予以摘牌' }, now, data.assertVenueVisible));
  }
  await rectificationsReported(town, date, r);
}

/** A supervision bulletin naming the two venues with the most problems still open, and those problems. */
export async function publishBulletin(town: Town, date: string, r: Prng, issue: number): Promise<void> {
  const open = [...town.problems.values()].filter((p) => p.status !== 'closed').sort((a, b) => a.id.localeCompare(b.id));
  const perVenue = new Map<string, string[]>();
  for (const p of open) perVenue.set(p.venueId, [...(perVenue.get(p.venueId) ?? []), p.id]);
  const worst = [...perVenue.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])).slice(0, 2);
  const named = worst.map(([venueId]) => town.venues.get(venueId)?.name).filter(Boolean);
  const now = town.at(date, 16 * 60);
  const input = BulletinInput.parse({
    id: ulid(now.getTime(), r.next),
    title: `${town.tenant.nameZh}疫情防控督查通报（第${issue}次检查）`,
    body: [
      `近期，${town.tenant.nameZh}督导组对辖区门店、商超、农贸市场、餐馆和企业的防控措施落实情况开展了督查。`,
      `多数场所扫码验码、测温、佩戴口罩等措施落实到位，但仍有场所问题反复出现、整改不及时。`,
      named.length ? `现对${named.join('、')}予以通报，挂黑牌督办，属地和行业主管部门每日检查，直至整改到位。` : '请各网格对照问题清单，举一反三，立行立改。',
    ].join('\n'),
    venues: worst.map(([venueId]) => ({ venueId, note: '问题反复出现，整改不到位' })),
    problemIds: worst.flatMap(([, ids]) => ids).slice(0, 10),
  });
  await town.data.bulletins.publish(town.office, input, now, town.data.assertVenueVisible);
}
