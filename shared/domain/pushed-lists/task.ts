/**
 * Verification tasks (核查任务) of a pushed list and 一摸四查: each matched row is a task for its grid's
 * members, checked by phone (电话核查), the employer's self-check (单位自查), door to door (上门核查) or
 * by following tips (线索追踪), and closed with an outcome. Matching, checks, outcomes and escalation
 * as pure rules and schemas.
 */
import * as z from 'zod';
import { EpisodeReason } from '../monitoring/episode';
import { Address, ResidentUlid } from '../residents/household';
import { IdType, idNumberProblem, idNumberProblemKind, normaliseIdNumber } from '../residents/id-number';
import { Relationship } from '../residents/person';
import { TagCode } from '../residents/rules';
import { gridOfAddress, type AddressRules } from './address-rules';
import { RISK_LEVELS } from './row';

export const CHECK_METHODS = ['phone', 'employer', 'door', 'tip'] as const;
export const CheckMethod = z.enum(CHECK_METHODS);
export const CHECK_NAMES_ZH: Record<(typeof CHECK_METHODS)[number], string> = { phone: '电话核查', employer: '单位自查', door: '上门核查', tip: '线索追踪' };

export const OUTCOMES = ['found', 'not-in-area', 'unreachable', 'duplicate'] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

/**
 * routing: no grid yet (the routing queue); open: a grid's members verify it; escalated: with the
 * supervisor (unreachable, or overdue); verified: closed with found, not-in-area or duplicate.
 */
export const TASK_STATUSES = ['routing', 'open', 'escalated', 'verified'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

const Ulid = ResidentUlid;
const Instant = z.iso.datetime({ offset: true });
const Note = z.string().trim().max(500);

/** A check, sent from the phone (offline: through the outbox, the client's ULID makes a resend the same check). */
export const CheckInput = z.strictObject({
  id: Ulid,
  method: CheckMethod,
  /** What the check found: reached the person, or not. */
  result: z.enum(['reached', 'not-reached', 'confirmed-elsewhere', 'info']),
  note: Note.optional(),
  /** When it was done (the phone's clock); default: when it arrives. */
  at: Instant.optional(),
});
export type CheckInput = z.infer<typeof CheckInput>;

export const Check = CheckInput.extend({ at: z.string(), by: z.string(), taskId: z.string(), receivedAt: z.string() });
export type Check = z.infer<typeof Check>;

/** The found person: an existing one (by the match, or chosen), or a new person in a new or existing household. */
const FoundPerson = z.union([
  z.strictObject({ link: z.strictObject({ householdId: Ulid, personId: Ulid }) }),
  z.strictObject({
    create: z.strictObject({
      /** An existing household, or a new one in the task's grid (client ULID and address). */
      householdId: Ulid.optional(),
      newHousehold: z.strictObject({ id: Ulid, address: Address }).optional(),
      personId: Ulid,
      category: TagCode,
      relationship: Relationship.default('other'),
      /**
       * The person's document, as the registry needs one: required when the row has no ID number
       * (the member asks for it at the door), else it may replace the row's (a passport, say).
       */
      idType: IdType.optional(),
      idNumber: z.string().trim().min(1).max(40).optional(),
    }).superRefine((c, ctx) => {
      if (c.idType && !c.idNumber) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: 'give the number with its type' });
      const problem = c.idNumber && idNumberProblem(c.idType ?? 'resident-id', normaliseIdNumber(c.idNumber));
      if (problem) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: problem, params: { reason: `idNumber.${idNumberProblemKind(problem)}` } });
    }),
  }),
]);

export const OutcomeInput = z
  .strictObject({
    version: z.number().int().min(1),
    outcome: Outcome,
    note: Note.optional(),
    /** not-in-area: where the person is (another district, a city). */
    whereTo: z.string().trim().min(1).max(100).optional(),
    found: FoundPerson.optional(),
    /** found: start home monitoring of this type (the tenant's episode types), with the client's episode ULID. */
    monitoring: z.strictObject({ episodeId: Ulid, type: TagCode, reason: EpisodeReason.default('pushed-list') }).optional(),
  })
  .superRefine((o, ctx) => {
    if (o.outcome === 'not-in-area' && !o.whereTo) ctx.addIssue({ code: 'custom', path: ['whereTo'], message: 'say where the person is' });
    if (o.outcome === 'found' && !o.found) ctx.addIssue({ code: 'custom', path: ['found'], message: 'link or create the person found' });
    if (o.outcome !== 'found' && (o.found || o.monitoring)) ctx.addIssue({ code: 'custom', path: ['found'], message: 'only a found person is linked or monitored' });
  });
export type OutcomeInput = z.infer<typeof OutcomeInput>;

export const RouteInput = z.strictObject({ version: z.number().int().min(1), gridId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/) });
export type RouteInput = z.infer<typeof RouteInput>;

/** How a row found its place: the person in the registry, the address rules, or not at all. */
export type RowMatch =
  | { kind: 'person'; by: 'id-number' | 'phone'; personId: string; householdId: string; gridId: string }
  | { kind: 'grid'; by: 'compound' | 'road'; gridId: string }
  | { kind: 'unmatched' };

/** People the registry has for the row's ID number and phone (blind-index lookups, done by the caller). */
export interface Candidates {
  byIdNumber: { id: string; householdId: string; gridId: string; status: string }[];
  byPhone: { id: string; householdId: string; gridId: string; status: string }[];
}

/**
 * Match a row: the person by ID number first, then by phone (only if exactly one active person has
 * it: a shared family phone is no identification); else the grid by the address rules; else the
 * routing queue. `gridActive` says whether a rule's grid still exists.
 */
export function matchRow(row: { address?: string }, found: Candidates, rules: AddressRules | undefined, gridActive: (gridId: string) => boolean): RowMatch {
  const active = (list: Candidates['byIdNumber']) => list.filter((p) => p.status === 'active' && gridActive(p.gridId));
  const byId = active(found.byIdNumber);
  if (byId.length) return { kind: 'person', by: 'id-number', personId: byId[0].id, householdId: byId[0].householdId, gridId: byId[0].gridId };
  const byPhone = active(found.byPhone);
  if (byPhone.length === 1) return { kind: 'person', by: 'phone', personId: byPhone[0].id, householdId: byPhone[0].householdId, gridId: byPhone[0].gridId };
  const byAddress = gridOfAddress(row.address, rules);
  if (byAddress && gridActive(byAddress.gridId)) return { kind: 'grid', by: byAddress.by, gridId: byAddress.gridId };
  return { kind: 'unmatched' };
}

/** The status an outcome leaves: unreachable goes to the supervisor, the others close the task. */
export const statusAfter = (outcome: Outcome): TaskStatus => (outcome === 'unreachable' ? 'escalated' : 'verified');

/** Who may record an outcome on a task in this status (a verified task is final). */
export const acceptsOutcome = (status: TaskStatus) => status === 'open' || status === 'escalated';

export const PROGRESS_COUNTERS = ['received', 'matched', 'assigned', 'verified', 'overdue'] as const;
export type ProgressCounter = (typeof PROGRESS_COUNTERS)[number];
export type Progress = Record<ProgressCounter, number>;

export const Task = z.object({
  id: z.string(),
  listId: z.string(),
  line: z.number(),
  status: z.enum(TASK_STATUSES),
  gridId: z.string().optional(),
  match: z.object({ kind: z.enum(['person', 'grid', 'unmatched', 'routed']), by: z.string().optional(), personId: z.string().optional(), householdId: z.string().optional() }),
  name: z.string(),
  idNumber: z.string().optional(),
  phone: z.string().optional(),
  address: z.string().optional(),
  masked: z.literal(true),
  arrivedFrom: z.string().optional(),
  arrivalDate: z.string().optional(),
  source: z.string().optional(),
  riskLevel: z.enum(RISK_LEVELS),
  dueDate: z.string().optional(),
  escalated: z.enum(['unreachable', 'overdue']).optional(),
  outcome: Outcome.optional(),
  whereTo: z.string().optional(),
  outcomeNote: z.string().optional(),
  linked: z.object({ householdId: z.string(), personId: z.string(), episodeId: z.string().optional() }).optional(),
  checks: z.number(),
  version: z.number(),
  receivedAt: z.string(),
  updatedAt: z.string(),
});
export type Task = z.infer<typeof Task>;
