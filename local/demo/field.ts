/**
 * One person's day in the field: their list from the stored plan, worked in order (most of it, on
 * most days), plus a few venues off the list that the quota does not cover (a KTV, a hotel) so that
 * they too are visited. Every inspection is submitted through the inspection repository as the API
 * submits it; a re-check visit then closes or re-opens the problem through the ladder.
 */
import { ulid } from 'ulid';
import type { Actor } from '../../shared/domain/actor';
import type { ChecklistItem } from '../../shared/domain/venues/checklist';
import { InspectionInput, type ItemResult } from '../../shared/domain/venues/inspection';
import type { Venue } from '../../shared/domain/venues/venue';
import { venueCodeToken } from '../../shared/domain/venues/venue-code';
import { mergeAllParts } from '../../shared/planning/stored-plan';
import type { Prng } from '../../shared/prng';
import { localInspectorOf, problemStep, resending, type Town } from './town';

/** How often a visit finds something wrong, by the venue's risk colour. */
const FAILURE_RATE: Record<string, number> = { red: 0.09, yellow: 0.05, green: 0.02 };
/** Notes an inspector writes beside a failed item. */
const FAILURE_NOTES: Record<string, string> = {
  temperature: '门口未设测温点',
  masks: '店员未佩戴口罩',
  'one-metre': '收银台前未设一米线',
  disinfection: '消杀记录未更新',
  ventilation: '门窗紧闭，未通风',
  commitment: '未签订防控承诺书',
  registration: '顾客未扫码登记',
  'emergency-plan': '应急预案未制定',
  capacity: '高峰时段未限流',
  'scan-code': '未落实扫码验码，顾客直接进入',
};

export interface FieldDay {
  date: string;
  /** Days since the history began. */
  index: number;
  /** A venue whose visit today fails a critical item (a suspension story). */
  criticalVenueId?: string;
}

interface Visit {
  venue: Venue;
  /** Open problems of this venue whose rectification was reported: this visit re-checks them. */
  rechecks: string[];
}

/** Off-list visits a day: venues of kinds outside the quota, the longest unvisited first. */
const OFF_LIST_PER_DAY = 1;

/**
 * What every round of one day reads as the day began (rounds run in parallel, so what one does today
 * must not change another's choices), and where they note the venues they visited.
 */
export interface DayStart {
  /** The day each venue was last visited before today. */
  lastVisit: ReadonlyMap<string, string>;
  /** Problems awaiting a re-check, by venue: a visit today re-checks them. */
  rechecks: ReadonlyMap<string, string[]>;
  visitedToday: Set<string>;
}

export function dayStart(town: Town, lastVisit: ReadonlyMap<string, string>): DayStart {
  const rechecks = new Map<string, string[]>();
  for (const p of [...town.problems.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    if (p.status === 'rectification-reported') rechecks.set(p.venueId, [...(rechecks.get(p.venueId) ?? []), p.id]);
  }
  return { lastVisit: new Map(lastVisit), rechecks, visitedToday: new Set() };
}

/** A person's list for the day, as the plan job stored it (in the order to work it). */
export async function listOf(town: Town, userId: string, date: string) {
  return mergeAllParts(await town.data.plans.partsOf(date, userId))[0]?.assignments ?? [];
}

export async function workDay(town: Town, actor: Actor, day: FieldDay, r: Prng, start: DayStart, list: Awaited<ReturnType<typeof listOf>>): Promise<number> {
  // Mandatory (black-carded) venues always; of the rest, the first week less as the town gets going
  // (日排查 newly started), then nearly all of it, with a short day now and then.
  const share = Math.min(0.95, 0.35 + 0.05 * day.index + (r.next() - 0.5) * 0.15);
  const planned = list.filter((a, i) => a.mandatory || a.venueId === day.criticalVenueId || i < Math.round(list.length * share)).map((a) => town.venues.get(a.venueId));
  const round: Visit[] = [];
  for (const venue of [...planned, ...offList(town, actor, start.lastVisit)]) {
    if (!venue || round.some((v) => v.venue.id === venue.id)) continue;
    round.push({ venue, rechecks: start.rechecks.get(venue.id) ?? [] });
  }

  let minute = 8 * 60 + 30 + r.int(0, 20);
  for (const visit of round) {
    const onSite = r.int(6, 14);
    const startedAt = town.at(day.date, minute);
    const endedAt = town.at(day.date, minute + onSite);
    minute += onSite + r.int(6, 16);
    const checklist = town.checklists.get(visit.venue.kind);
    if (!checklist) continue;
    const results = itemResults(checklist.items, visit, town, r, visit.venue.id === day.criticalVenueId && actor.roles.includes('inspector'));
    const id = ulid(endedAt.getTime(), r.next);
    // A photo of what failed, now and then (taken on site, before the form is sent).
    const photoId = results.some((x) => x.result === 'fail') ? await town.photos?.take({ kind: 'inspection', venueId: visit.venue.id, inspectionId: id }, actor, endedAt, id) : undefined;
    const input = InspectionInput.parse({
      id,
      venueId: visit.venue.id,
      checklistVersion: checklist.version,
      results,
      startedAt: startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      // Mostly on site, with the venue code scanned; now and then a code not scanned or a position far off.
      ...(visit.venue.coordinates && { position: near(visit.venue.coordinates, r.chance(0.03) ? 0.006 : 0.0002, r) }),
      ...(photoId && { photoIds: [photoId] }),
      ...(r.chance(0.9) && { venueCode: venueCodeToken(town.venueCodeKeys, town.tenant.id, visit.venue.id, visit.venue.codeVersion) }),
    });
    const sent = new Date(endedAt.getTime() + 60_000);
    const result = await resending(() => town.data.inspections.submit(actor, input, { now: sent, venueCodeKeys: town.venueCodeKeys }));
    start.visitedToday.add(visit.venue.id);
    for (const p of result.problems) town.problems.set(p.id, { id: p.id, venueId: p.venueId, itemCode: p.itemCode, status: 'open', since: day.date, version: p.version });
    if (result.enforcement?.suspensionRecommended) town.suspensionsRecommended.push({ venueId: visit.venue.id, date: day.date });
    if (actor.roles.includes('inspector')) await recheck(town, actor, visit, id, day.date, new Date(sent.getTime() + 60_000));
  }
  return round.length;
}

/** Record the visit as the re-check of each problem it covered: passed closes it (销号), failed sends it back. */
async function recheck(town: Town, actor: Actor, visit: Visit, inspectionId: string, date: string, now: Date) {
  for (const problemId of visit.rechecks) {
    const tracked = town.problems.get(problemId);
    if (tracked?.status !== 'rectification-reported') continue;
    await problemStep(town, actor, tracked, (version) => ({ type: 'recheck', version, inspectionId }), now, date);
  }
}

/** Every item answered: most pass; a risky venue sometimes fails one or two; a re-check item mostly passes now. */
function itemResults(items: ChecklistItem[], visit: Visit, town: Town, r: Prng, failCritical: boolean): ItemResult[] {
  const rechecked = new Set(visit.rechecks.map((id) => town.problems.get(id)?.itemCode));
  const failing = new Set<string>();
  if (r.chance(FAILURE_RATE[visit.venue.risk] ?? 0.05)) {
    const candidates = items.filter((i) => i.requiresRectification && i.severity !== 'critical');
    failing.add(r.pick(candidates).code);
    if (r.chance(0.1)) failing.add(r.pick(candidates).code);
  }
  if (failCritical) {
    const critical = items.find((i) => i.severity === 'critical');
    if (critical) failing.add(critical.code);
  }
  for (const code of rechecked) if (code && r.chance(0.15)) failing.add(code);
  return items.map((item): ItemResult => {
    if (failing.has(item.code)) return { itemCode: item.code, result: 'fail', note: FAILURE_NOTES[item.code] ?? '不符合要求' };
    // Now and then an item does not apply; never the one being re-checked.
    return { itemCode: item.code, result: !rechecked.has(item.code) && r.chance(0.04) ? 'na' : 'pass' };
  });
}

/** Venues of kinds outside the quota in this person's reach, the longest unvisited first. */
function offList(town: Town, actor: Actor, lastVisit: ReadonlyMap<string, string>): Venue[] {
  // Each venue has one locality inspector here (its most specific grid's), so two rounds never share one.
  const mine = (v: Venue) => (actor.roles.includes('inspector') ? localInspectorOf(town, v) === actor : actor.venueKinds.includes(v.kind));
  const due = [...town.venues.values()]
    .filter((v) => v.status === 'open' && !town.quotaKinds.has(v.kind) && mine(v))
    .sort((a, b) => (lastVisit.get(a.id) ?? '').localeCompare(lastVisit.get(b.id) ?? '') || a.id.localeCompare(b.id));
  return due.slice(0, OFF_LIST_PER_DAY);
}

function near(at: { lat: number; lng: number }, spread: number, r: Prng) {
  return { lat: Number((at.lat + (r.next() - 0.5) * spread).toFixed(6)), lng: Number((at.lng + (r.next() - 0.5) * spread).toFixed(6)), accuracyMeters: r.int(5, 30) };
}
