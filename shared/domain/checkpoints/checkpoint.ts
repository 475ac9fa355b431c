/**
 * Traffic checkpoints (卡口): where one stands (a grid and a place), its shifts (structured: name,
 * start and end, a night shift crossing midnight), its staff; and a vehicle entry posted from the
 * phone's outbox (client ULID). Schemas in and out, and the shift an instant falls in. Pure.
 */
import * as z from 'zod';
import { GridId } from '../grid';
import { ResidentUlid } from '../residents/household';
import { eachOnce } from '../../errors';
import { UserId } from '../user';

export const CheckpointId = ResidentUlid;
export const EntryId = ResidentUlid;
const Instant = z.iso.datetime({ offset: true, message: 'an ISO date-time' });
const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const Text = (max: number) => z.string().trim().min(1).max(max);

export const Shift = z.strictObject({ id: z.string().regex(/^[a-z0-9-]{1,20}$/, 'a shift id (a-z, 0-9, -)'), name: Text(20), starts: Clock, ends: Clock });
export type Shift = z.infer<typeof Shift>;

const CheckpointFields = {
  name: Text(60),
  location: z.strictObject({ place: Text(100), road: Text(60).optional(), lat: z.number().min(-90).max(90).optional(), lng: z.number().min(-180).max(180).optional() }),
  shifts: z
    .array(Shift)
    .min(1)
    .max(6)
    .refine((s) => new Set(s.map((x) => x.id)).size === s.length, eachOnce('shift id')),
  staff: z
    .array(UserId)
    .max(50)
    .refine((s) => new Set(s).size === s.length, eachOnce('user'))
    .default([]),
};
export const CheckpointInput = z.strictObject({ id: CheckpointId, gridId: GridId, ...CheckpointFields });
export type CheckpointInput = z.infer<typeof CheckpointInput>;
/** An edit: everything but the grid, against the version read (409 when someone changed it meanwhile). */
export const CheckpointUpdate = z.strictObject({ version: z.number().int().min(1), ...CheckpointFields });
export type CheckpointUpdate = z.infer<typeof CheckpointUpdate>;

export const Checkpoint = z.object({
  id: z.string(),
  gridId: z.string(),
  gridPath: z.string(),
  name: z.string(),
  location: z.object({ place: z.string(), road: z.string().optional(), lat: z.number().optional(), lng: z.number().optional() }),
  shifts: z.array(z.object({ id: z.string(), name: z.string(), starts: z.string(), ends: z.string() })),
  staff: z.array(z.string()),
  /** Retired: takes no entries timed after `retiredAt`, keeps its entries and counts (absent: active, as stored before retiring existed). */
  status: z.enum(['active', 'retired']).optional(),
  retiredAt: z.string().optional(),
  retiredBy: z.string().optional(),
  version: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string().optional(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;
export const CheckpointRetire = z.strictObject({ version: z.number().int().min(1) });
/** Whether a vehicle timed `at` may still be recorded here: before a retirement (an entry kept offline meanwhile), or any time while active. */
export const takesEntryAt = (c: Pick<Checkpoint, 'status' | 'retiredAt'>, at: string) => c.status !== 'retired' || (c.retiredAt !== undefined && at < c.retiredAt);

/** The shift of a checkpoint at a local minute of the day (a night shift 22:00–06:00 crosses midnight); `off-shift` when none. */
export const OFF_SHIFT = 'off-shift';
export function shiftAt(shifts: readonly Shift[], minutes: number): string {
  const m = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  const covering = shifts.find((s) => {
    const [a, b] = [m(s.starts), m(s.ends)];
    return a <= b ? minutes >= a && minutes < b : minutes >= a || minutes < b;
  });
  return covering?.id ?? OFF_SHIFT;
}

export const VEHICLE_TYPES = ['car', 'van', 'truck', 'bus', 'motorcycle', 'other'] as const;
export const TRAVEL_COLOURS = ['green', 'yellow', 'red'] as const;

export const EntryInput = z
  .strictObject({
    id: EntryId,
    checkpointId: CheckpointId,
    at: Instant,
    /** As read off the plate; a format the rules do not know is kept, flagged unchecked. */
    plate: Text(16),
    vehicleType: z.enum(VEHICLE_TYPES),
    occupants: z.number().int().min(1).max(99),
    from: Text(60),
    destinationGridId: GridId.optional(),
    colour: z.enum(TRAVEL_COLOURS),
    /** Yellow only: the 48-hour test certificate shown (when the sample was taken, negative or not). */
    certificate: z.strictObject({ testedAt: Instant, negative: z.boolean() }).optional(),
  })
  .refine((e) => e.colour === 'yellow' || !e.certificate, { message: 'a certificate is checked for a yellow code only', path: ['certificate'] });
export type EntryInput = z.infer<typeof EntryInput>;

export const Entry = z.object({
  id: z.string(),
  checkpointId: z.string(),
  at: z.string(),
  date: z.string(),
  shiftId: z.string(),
  plate: z.string(),
  plateKind: z.enum(['standard', 'new-energy', 'other']),
  /** False: a free-text plate (temporary, military, foreign …), not in a known format. */
  plateChecked: z.boolean(),
  vehicleType: z.enum(VEHICLE_TYPES),
  occupants: z.number(),
  from: z.string(),
  destinationGridId: z.string().optional(),
  colour: z.enum(TRAVEL_COLOURS),
  certificate: z.object({ testedAt: z.string(), negative: z.boolean() }).optional(),
  outcome: z.enum(['passed', 'turned-back', 'held']),
  alertId: z.string().optional(),
  recordedBy: z.string(),
  receivedAt: z.string(),
});
export type Entry = z.infer<typeof Entry>;

/** A held (red-code) vehicle's alert, for the checkpoint's supervisor chain and the destination grid's. */
export const HeldVehicleAlert = z.object({
  id: z.string(),
  kind: z.literal('held-vehicle'),
  entryId: z.string(),
  checkpointId: z.string(),
  checkpointName: z.string(),
  gridPath: z.string(),
  destinationGridId: z.string().optional(),
  destinationPath: z.string().optional(),
  plate: z.string(),
  occupants: z.number(),
  from: z.string(),
  raisedAt: z.string(),
  status: z.enum(['open', 'resolved']),
  resolvedAt: z.string().optional(),
  resolvedBy: z.string().optional(),
  resolutionNote: z.string().optional(),
  updatedAt: z.string().optional(),
  version: z.number(),
});
export type HeldVehicleAlert = z.infer<typeof HeldVehicleAlert>;
export const heldAlertId = (entryId: string) => `held-${entryId}`;
export const HeldAlertId = z.string().regex(/^held-[0-9A-HJKMNP-TV-Z]{26}$/, 'a held-vehicle alert id');
/** Resolved as a monitoring alert is: the version read and a note. */
export { AlertResolve } from '../monitoring/reading';
