/**
 * Inspections (检查记录): what a grid leader found at a venue, the outcome the tenant's rules give
 * it, and the authenticity flags supervisors see. Pure: no I/O here.
 */
import * as z from 'zod';
import { type ChecklistItem, ItemCode, type Severity } from './checklist';
import { VenueId } from './venue';
import { issue } from '../../errors';

/** Client-generated ULID: a resent submission carries the same id and is stored once. */
export const InspectionId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'a ULID (26 characters, Crockford base32)');

export const ItemResult = z.strictObject({
  itemCode: ItemCode,
  result: z.enum(['pass', 'fail', 'na']),
  note: z.string().trim().max(500).optional(),
});
export type ItemResult = z.infer<typeof ItemResult>;

export const Position = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  accuracyMeters: z.number().min(0).max(100_000).optional(),
});

export const PhotoId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'a photo id returned by POST /api/photos');

export const InspectionInput = z
  .strictObject({
    id: InspectionId,
    venueId: VenueId,
    /** The checklist version the form was filled against. */
    checklistVersion: z.number().int().min(1),
    results: z.array(ItemResult).min(1).max(60),
    note: z.string().trim().max(2000).optional(),
    photoIds: z.array(PhotoId).max(10).default([]),
    /** Time on site. */
    startedAt: z.iso.datetime({ offset: true }),
    endedAt: z.iso.datetime({ offset: true }),
    position: Position.optional(),
    /** The venue-code (场所码) token scanned on site, if it was scanned. */
    venueCode: z.string().max(300).optional(),
  })
  .refine((i) => new Date(i.endedAt) >= new Date(i.startedAt), { ...issue('time.endBeforeStart', 'must not be before startedAt'), path: ['endedAt'] })
  .refine((i) => new Set(i.results.map((r) => r.itemCode)).size === i.results.length, { ...issue('unique', 'each item at most once'), path: ['results'] });
export type InspectionInput = z.input<typeof InspectionInput>;
export type ParsedInspectionInput = z.output<typeof InspectionInput>;

export const Outcome = z.enum(['pass', 'rectification-required', 'suspension-recommended']);
export type Outcome = z.infer<typeof Outcome>;

export const FlagCode = z.enum(['no-venue-code', 'invalid-venue-code', 'gps-far', 'too-fast-between-venues']);
/**
 * `params`: the figures behind the flag (metres, minutes, the rule's limit), worded per reader by the
 * web app (`flagFigures.<code>`); `detail` is their English wording for logs and API users. Flags
 * stored before the params carry a mixed Chinese/English `detail` only.
 */
export const Flag = z.object({ code: FlagCode, detail: z.string(), params: z.record(z.string(), z.number()).optional() });
export type Flag = z.infer<typeof Flag>;

export const Inspection = z.object({
  id: z.string(),
  venueId: z.string(),
  venueName: z.string(),
  venueKind: z.string(),
  gridId: z.string(),
  gridPath: z.string(),
  inspectorId: z.string(),
  /** The tenant-local day of `endedAt`: the day the quota counts it for. */
  date: z.string(),
  checklistVersion: z.number(),
  results: z.array(ItemResult),
  note: z.string().optional(),
  photoIds: z.array(z.string()),
  startedAt: z.string(),
  endedAt: z.string(),
  position: Position.optional(),
  venueCodeScanned: z.boolean(),
  outcome: Outcome,
  failedItems: z.array(z.string()),
  /** Problems this inspection opened (one per failed item with no open problem of that item). */
  problemIds: z.array(z.string()),
  /** Open problems of the venue whose item this inspection failed again (recorded on them, not opened twice). */
  failedAgainProblemIds: z.array(z.string()).optional(),
  flags: z.array(Flag),
  receivedAt: z.string(),
});
export type Inspection = z.infer<typeof Inspection>;

export interface OutcomeRules {
  /** Any failed item of this severity recommends suspension (停业整顿). */
  suspendOnCriticalFailure: boolean;
  /** This many failed major items (or more) recommend suspension; 0 turns it off. */
  suspendWhenMajorFailuresAtLeast: number;
}

/** Check the results against the checklist: every item answered once, no unknown items. */
export function resultProblems(results: ItemResult[], items: ChecklistItem[]): string[] {
  const known = new Set(items.map((i) => i.code));
  const answered = new Set(results.map((r) => r.itemCode));
  return [
    ...results.filter((r) => !known.has(r.itemCode)).map((r) => `unknown item ${r.itemCode}`),
    ...items.filter((i) => !answered.has(i.code)).map((i) => `item ${i.code} not answered`),
  ];
}

/** The outcome of an inspection from its failed items. */
export function inspectionOutcome(results: ItemResult[], items: ChecklistItem[], rules: OutcomeRules): { outcome: Outcome; failed: ChecklistItem[] } {
  const byCode = new Map(items.map((i) => [i.code, i]));
  const failed = results.filter((r) => r.result === 'fail').map((r) => byCode.get(r.itemCode)).filter((i): i is ChecklistItem => !!i);
  const count = (s: Severity) => failed.filter((i) => i.severity === s).length;
  if (failed.length === 0) return { outcome: 'pass', failed };
  const suspend =
    (rules.suspendOnCriticalFailure && count('critical') > 0) ||
    (rules.suspendWhenMajorFailuresAtLeast > 0 && count('major') >= rules.suspendWhenMajorFailuresAtLeast);
  return { outcome: suspend ? 'suspension-recommended' : 'rectification-required', failed };
}

export interface AuthenticityThresholds {
  /** GPS further than this from the venue's coordinates is flagged. */
  gpsMaxDistanceMeters: number;
  /** Two venues further apart than this… */
  travelDistanceMeters: number;
  /** …logged within this many minutes by the same inspector are flagged. */
  travelMinutes: number;
}

/** Great-circle distance in metres. */
export function distanceMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

export interface FlagInput {
  venueCode: 'valid' | 'invalid' | 'missing';
  venueCoordinates?: { lat: number; lng: number };
  position?: { lat: number; lng: number };
  endedAt: string;
  /** The same inspector's nearest-in-time other inspection, with where its venue is. */
  neighbour?: { venueId: string; endedAt: string; coordinates?: { lat: number; lng: number } };
  venueId: string;
}

/** Authenticity flags (真实性): signs that an inspection may not have happened on site. */
export function authenticityFlags(input: FlagInput, t: AuthenticityThresholds): Flag[] {
  const flags: Flag[] = [];
  if (input.venueCode === 'missing') flags.push({ code: 'no-venue-code', detail: 'venue code not scanned' });
  if (input.venueCode === 'invalid') flags.push({ code: 'invalid-venue-code', detail: 'the scanned code is not this venue’s current code' });
  if (input.position && input.venueCoordinates) {
    const d = Math.round(distanceMeters(input.position, input.venueCoordinates));
    if (d > t.gpsMaxDistanceMeters) flags.push({ code: 'gps-far', detail: `GPS ${d} m from the venue (limit ${t.gpsMaxDistanceMeters} m)`, params: { distance: d, limit: t.gpsMaxDistanceMeters } });
  }
  const n = input.neighbour;
  const here = input.venueCoordinates ?? input.position;
  if (n && n.venueId !== input.venueId && n.coordinates && here) {
    const d = Math.round(distanceMeters(here, n.coordinates));
    const minutes = Math.abs(new Date(input.endedAt).getTime() - new Date(n.endedAt).getTime()) / 60_000;
    if (d > t.travelDistanceMeters && minutes < t.travelMinutes) {
      flags.push({
        code: 'too-fast-between-venues',
        detail: `two venues ${d} m apart within ${Math.round(minutes)} min`,
        params: { distance: d, minutes: Math.round(minutes) },
      });
    }
  }
  return flags;
}
