/**
 * An inspection as evidence (检查详情): who (by name), when, where, how long on site, every checklist
 * item with its result and note, the photos and the authenticity flags. Pure: the data layer gathers
 * the parts (shared/data/venues/inspection-evidence.ts).
 */
import * as z from 'zod';
import { type ChecklistItem, Severity } from './checklist';
import { distanceMeters, Inspection, type ItemResult } from './inspection';

export const EvidenceItem = z.object({
  code: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  severity: Severity.optional(),
  result: z.enum(['pass', 'fail', 'na']),
  note: z.string().optional(),
});
export type EvidenceItem = z.infer<typeof EvidenceItem>;

export const InspectionEvidence = z.object({
  inspection: Inspection,
  /** The inspector by display name (the login id only if the user is gone). */
  inspector: z.object({ id: z.string(), displayName: z.string() }),
  venue: z.object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    address: z.string(),
    gridId: z.string(),
    gridName: z.string(),
    coordinates: z.object({ lat: z.number(), lng: z.number() }).optional(),
  }),
  /** Whole minutes between starting the form and submitting it. */
  minutesOnSite: z.number(),
  /** How far the phone's position was from the venue, when both are known. */
  distanceMeters: z.number().optional(),
  /** Every item of the checklist version filled in, in the checklist's order. */
  items: z.array(EvidenceItem),
});
export type InspectionEvidence = z.infer<typeof InspectionEvidence>;

/** The results beside the checklist's own names, in its order; an item the checklist lacks keeps its code. */
export function evidenceItems(results: readonly ItemResult[], checklist: readonly ChecklistItem[]): EvidenceItem[] {
  const byCode = new Map(results.map((r) => [r.itemCode, r]));
  const named = checklist.flatMap((item) => {
    const r = byCode.get(item.code);
    return r ? [{ code: item.code, labelZh: item.labelZh, labelEn: item.labelEn, severity: item.severity, result: r.result, ...(r.note && { note: r.note }) }] : [];
  });
  const known = new Set(checklist.map((i) => i.code));
  const unnamed = results.filter((r) => !known.has(r.itemCode)).map((r) => ({ code: r.itemCode, labelZh: r.itemCode, labelEn: r.itemCode, result: r.result, ...(r.note && { note: r.note }) }));
  return [...named, ...unnamed];
}

export function minutesOnSite(startedAt: string, endedAt: string): number {
  return Math.max(0, Math.round((new Date(endedAt).getTime() - new Date(startedAt).getTime()) / 60_000));
}

export function distanceFromVenue(position: { lat: number; lng: number } | undefined, venue: { lat: number; lng: number } | undefined): number | undefined {
  return position && venue ? Math.round(distanceMeters(position, venue)) : undefined;
}
