/**
 * Temperature readings (测温): taken at the door, by phone or reported by the resident, sent by the
 * phone's outbox with a client ULID (a resend is stored once), and the alerts they and missed windows
 * raise. Temperature and symptoms are health data: encrypted at rest. Pure schemas.
 */
import * as z from 'zod';
import { ResidentUlid } from '../residents/household';
import { UserId } from '../user';
import { eachOnce, issue } from '../../errors';

export const SYMPTOMS = ['fever', 'cough', 'fatigue', 'sore-throat', 'loss-of-taste-smell', 'other'] as const;
export const READING_METHODS = ['door', 'phone', 'self-reported'] as const;

/** 35.0–42.0 °C with one decimal. */
export const Temperature = z
  .number()
  .min(35, 'at least 35.0 °C')
  .max(42, 'at most 42.0 °C')
  .refine((t) => Math.abs(t * 10 - Math.round(t * 10)) < 1e-6, issue('temperature.oneDecimal', 'one decimal (e.g. 36.8)'));

export const ReadingInput = z.strictObject({
  id: ResidentUlid,
  episodeId: ResidentUlid,
  /** When it was taken (the phone's clock); its window is decided by this, not by when it arrives. */
  takenAt: z.iso.datetime({ offset: true, message: 'an ISO date-time' }),
  temperature: Temperature,
  symptoms: z.array(z.enum(SYMPTOMS)).max(SYMPTOMS.length).refine((s) => new Set(s).size === s.length, eachOnce('symptom')).default([]),
  symptomNote: z.string().trim().max(100).optional(),
  method: z.enum(READING_METHODS),
});
export type ReadingInput = z.infer<typeof ReadingInput>;

export const Reading = z.object({
  id: z.string(),
  episodeId: z.string(),
  takenAt: z.string(),
  temperature: z.number(),
  symptoms: z.array(z.string()),
  symptomNote: z.string().optional(),
  method: z.enum(READING_METHODS),
  fever: z.boolean(),
  /** The due window it counts for (`date#window`), if any. */
  windowKey: z.string().optional(),
  /** Taken before the period started or after it ended: kept, and marked. */
  outsidePeriod: z.boolean(),
  takenBy: z.string(),
  receivedAt: z.string(),
});
export type Reading = z.infer<typeof Reading>;

export const ALERT_KINDS = ['fever', 'missed-reading'] as const;
export const AlertStatus = z.enum(['open', 'acknowledged', 'resolved']);

export const Alert = z.object({
  id: z.string(),
  kind: z.enum(ALERT_KINDS),
  episodeId: z.string(),
  personId: z.string(),
  householdId: z.string(),
  gridId: z.string(),
  gridPath: z.string(),
  nameMasked: z.string(),
  readingId: z.string().optional(),
  windowKey: z.string().optional(),
  raisedAt: z.string(),
  status: AlertStatus,
  owner: z.string().optional(),
  acknowledgedAt: z.string().optional(),
  acknowledgedBy: z.string().optional(),
  resolvedAt: z.string().optional(),
  resolvedBy: z.string().optional(),
  resolutionNote: z.string().optional(),
  /** Unresolved for longer than the rules' hours (computed when read). */
  escalated: z.boolean(),
  version: z.number(),
});
export type Alert = z.infer<typeof Alert>;

export const AlertAcknowledge = z.strictObject({ version: z.number().int().min(1), owner: UserId.optional() });
export const AlertResolve = z.strictObject({ version: z.number().int().min(1), note: z.string().trim().min(2).max(200) });
