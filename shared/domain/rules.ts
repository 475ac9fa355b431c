/**
 * Tenant rules (规则): what a tenant admin configures about daily screening — the quota, how often a
 * venue is due by its risk colour, which kinds fill the quota, working days, rectification deadlines,
 * when a venue is black-carded, follow-up (回头看), authenticity thresholds and inspection outcomes.
 *
 * One current version per tenant, versioned and changed with optimistic concurrency; every field has
 * a default (`defaultRules()`), so a new tenant works before anyone saves anything (version 0).
 * The tenant's time zone is not here: it lives on the tenant profile (PATCH /api/tenant).
 * docs/rules.md describes each rule, its default and what reads it. Pure: no I/O.
 */
import { defaultJointEnforcementRules, JointEnforcementRules } from './venues/joint-enforcement';
import * as z from 'zod';
import { addDays, CalendarDate, weekday } from './local-day';
import { defaultGridMapRules, GridMapRules } from './grid-map';
import { defaultResidentRules, ResidentRules } from './residents/rules';
import { VenueKindCode } from './user';
import { eachOnce } from '../errors';

const Count = (max: number) => z.number().int().min(0).max(max);
const Days = z.number().int().min(1).max(365);
const Weekday = z.number().int().min(1).max(7);

const unique = <T>(values: T[]) => new Set(values).size === values.length;

export const RISK_LEVELS = ['red', 'yellow', 'green'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const SEVERITIES = ['critical', 'major', 'minor'] as const;
export type SeverityLevel = (typeof SEVERITIES)[number];

export const QuotaRules = z.strictObject({
  /** Venues a locality inspector (grid leader / member) is to inspect per working day (每天不低于20家). */
  perInspector: Count(500),
  /**
   * Overrides by grid level: an inspector's quota is the override for the level of their
   * highest grid (smallest level number), if there is one, else `perInspector`.
   */
  byGridLevel: z
    .array(z.strictObject({ level: z.number().int().min(1).max(8), perInspector: Count(500) }))
    .max(8)
    .refine((levels) => unique(levels.map((l) => l.level)), eachOnce('level')),
  /** Industry authorities: venues of their kinds beyond their black-carded ones; 0 = black-carded only. */
  industryAuthority: Count(500),
  /** Venue kinds that fill the quota. Black-carded venues of any kind are still assigned. */
  venueKinds: z
    .array(VenueKindCode)
    .min(1)
    .max(100)
    .refine((kinds) => unique(kinds), eachOnce('kind')),
});
export type QuotaRules = z.infer<typeof QuotaRules>;

/** Days between two inspections of a venue, by its risk colour (三色). */
export const FrequencyRules = z.strictObject({ red: Days, yellow: Days, green: Days });
export type FrequencyRules = z.infer<typeof FrequencyRules>;

export const WorkingDayRules = z
  .strictObject({
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    weekdays: z
      .array(Weekday)
      .max(7)
      .refine((days) => unique(days), eachOnce('weekday')),
    /** Days off although their weekday is a working day (public holidays). */
    nonWorkingDates: z.array(CalendarDate).max(366),
    /** Working days although their weekday is not (调休 make-up days). */
    extraWorkingDates: z.array(CalendarDate).max(366),
  })
  .refine((w) => !w.nonWorkingDates.some((d) => w.extraWorkingDates.includes(d)), {
    message: 'a date cannot be both a working and a non-working date',
    path: ['extraWorkingDates'],
  });
export type WorkingDayRules = z.infer<typeof WorkingDayRules>;

/** Days a venue has to rectify a problem (整改期限), by the severity of the failed item. */
export const DeadlineRules = z.strictObject({ critical: Days, major: Days, minor: Days });
export type DeadlineRules = z.infer<typeof DeadlineRules>;

const Repeated = z.strictObject({ count: z.number().int().min(1).max(50), withinDays: Days });

export const BlackCardRules = z.strictObject({
  /** When a venue gets a black card (挂黑牌督办). A null trigger is off. */
  triggers: z.strictObject({
    /** `count` inspections with an outcome other than pass within `withinDays` days. */
    failedInspections: Repeated.nullable(),
    /** Named in a bulletin (督查通报) or a higher-level notice. */
    namedInBulletin: z.boolean(),
    /** `count` problems whose rectification deadline passed unclosed, deadlines within the last `withinDays` days. */
    overdueRectifications: Repeated.nullable(),
  }),
  /** The locality inspects a black-carded venue every day until the card is removed (摘牌). */
  dailyByLocality: z.boolean(),
  /** So does every industry authority overseeing its kind. */
  dailyByIndustryAuthority: z.boolean(),
});
export type BlackCardRules = z.infer<typeof BlackCardRules>;

/** 回头看: a closed problem's venue is visited again this many days after closing. */
export const FollowUpRules = z.strictObject({ afterDays: Days });
export type FollowUpRules = z.infer<typeof FollowUpRules>;

/** Authenticity (真实性) flags on inspections. Same shape as `AuthenticityThresholds` in domain/inspection. */
export const AuthenticityRules = z.strictObject({
  /** GPS further than this from the venue's coordinates is flagged. */
  gpsMaxDistanceMeters: z.number().int().min(10).max(100_000),
  /** Two venues further apart than this … */
  travelDistanceMeters: z.number().int().min(100).max(1_000_000),
  /** … inspected by the same inspector within this many minutes are flagged. */
  travelMinutes: z.number().int().min(1).max(24 * 60),
  /** An inspection without a scanned venue code (场所码) is flagged. */
  requireVenueCodeScan: z.boolean(),
});
export type AuthenticityRules = z.infer<typeof AuthenticityRules>;

/**
 * From failed checklist items to an outcome. Any failed item requires rectification (整改);
 * these make it "suspension recommended" (停业整顿). Same shape as `OutcomeRules` in domain/inspection.
 */
export const OutcomeRules = z.strictObject({
  /** Any failed critical item recommends suspension. */
  suspendOnCriticalFailure: z.boolean(),
  /** This many failed major items (or more) recommend suspension; 0 turns it off. */
  suspendWhenMajorFailuresAtLeast: Count(60),
});
export type OutcomeRules = z.infer<typeof OutcomeRules>;

/** When the tenant's working day starts for the scheduler: today's plan and yesterday's close (日报) are made then. */
export const ScheduleRules = z.strictObject({
  /**
   * Minutes after local midnight (default 30 = 00:30, so phones offline at midnight can sync the day
   * before it is closed); at most 06:00.
   */
  dayStartMinutes: z.number().int().min(0).max(6 * 60),
});
export type ScheduleRules = z.infer<typeof ScheduleRules>;

/** The rules themselves, without bookkeeping. */
export const RulesBody = z.strictObject({
  quota: QuotaRules,
  inspectionFrequencyDays: FrequencyRules,
  workingDays: WorkingDayRules,
  problemDeadlineDays: DeadlineRules,
  blackCard: BlackCardRules,
  followUp: FollowUpRules,
  authenticity: AuthenticityRules,
  outcome: OutcomeRules,
  /** The residents registry: tags, categories, who may unmask, retention (shared/domain/residents/rules.ts). */
  residents: ResidentRules,
  schedule: ScheduleRules,
  /** The 三色管理图's thresholds per measure (shared/domain/grid-map.ts). */
  gridMap: GridMapRules,
  /** 联合执法: the agencies a hard case can be referred to (shared/domain/venues/joint-enforcement.ts). */
  jointEnforcement: JointEnforcementRules,
});
export type RulesBody = z.infer<typeof RulesBody>;

/**
 * PUT /api/rules: the full rules and the version they were edited from (0 when editing the defaults).
 * `residents` and `gridMap` may be left out: the section is then kept as it is (the venue rules screen
 * does not send the residents section; clients older than the map send no gridMap).
 */
export const RulesInput = RulesBody.extend({
  version: z.number().int().min(0),
  residents: ResidentRules.optional(),
  gridMap: GridMapRules.optional(),
  jointEnforcement: JointEnforcementRules.optional(),
});
export type RulesInput = z.infer<typeof RulesInput>;

export const TenantRules = RulesBody.extend({
  /** 0: the defaults, never saved. */
  version: z.number(),
  updatedAt: z.string().optional(),
  updatedBy: z.string().optional(),
});
export type TenantRules = z.infer<typeof TenantRules>;

/** The venue kinds that count towards the quota by default: "shops, supermarkets or enterprises". */
export const DEFAULT_QUOTA_VENUE_KINDS = ['shop', 'supermarket', 'farmers-market', 'restaurant', 'enterprise'];

export function defaultRules(): TenantRules {
  return {
    version: 0,
    quota: { perInspector: 20, byGridLevel: [], industryAuthority: 0, venueKinds: [...DEFAULT_QUOTA_VENUE_KINDS] },
    inspectionFrequencyDays: { red: 1, yellow: 3, green: 7 },
    workingDays: { weekdays: [1, 2, 3, 4, 5, 6, 7], nonWorkingDates: [], extraWorkingDates: [] },
    problemDeadlineDays: { critical: 1, major: 3, minor: 7 },
    blackCard: {
      triggers: {
        failedInspections: { count: 2, withinDays: 7 },
        namedInBulletin: true,
        overdueRectifications: { count: 2, withinDays: 30 },
      },
      dailyByLocality: true,
      dailyByIndustryAuthority: true,
    },
    followUp: { afterDays: 7 },
    authenticity: { gpsMaxDistanceMeters: 300, travelDistanceMeters: 2000, travelMinutes: 10, requireVenueCodeScan: true },
    outcome: { suspendOnCriticalFailure: true, suspendWhenMajorFailuresAtLeast: 3 },
    residents: defaultResidentRules(),
    schedule: { dayStartMinutes: 30 },
    gridMap: defaultGridMapRules(),
    jointEnforcement: defaultJointEnforcementRules(),
  };
}

/**
 * Stored rules completed with the defaults for any section added after they were saved, so that a
 * new rule never leaves an old tenant without a value.
 */
export function withDefaults(stored: Partial<TenantRules> & { version: number }): TenantRules {
  const d = defaultRules();
  const merged = { ...d, ...stored } as TenantRules;
  for (const section of Object.keys(RulesBody.shape) as (keyof RulesBody)[]) {
    const value = d[section];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      (merged as Record<string, unknown>)[section] = { ...value, ...(stored[section] as object | undefined) };
    }
  }
  return merged;
}

/** Is the tenant-local date a working day? Explicit dates win over the weekday list. */
export function isWorkingDay(rules: Pick<TenantRules, 'workingDays'>, date: string): boolean {
  const w = rules.workingDays;
  if (w.extraWorkingDates.includes(date)) return true;
  if (w.nonWorkingDates.includes(date)) return false;
  return w.weekdays.includes(weekday(date));
}

/** The daily quota of one person, from their roles and the levels of the grids they work. */
export function dailyQuota(rules: Pick<TenantRules, 'quota'>, person: { roles: readonly string[]; gridLevels: readonly number[] }): number {
  const q = rules.quota;
  if (person.roles.includes('inspector') && person.gridLevels.length > 0) {
    const top = Math.min(...person.gridLevels);
    return q.byGridLevel.find((o) => o.level === top)?.perInspector ?? q.perInspector;
  }
  if (person.roles.includes('industry-authority')) return q.industryAuthority;
  return 0;
}

/** The rectification deadline (a tenant-local date) of a problem opened on `openedDate`. */
export function problemDeadline(rules: Pick<TenantRules, 'problemDeadlineDays'>, severity: SeverityLevel, openedDate: string): string {
  return addDays(openedDate, rules.problemDeadlineDays[severity]);
}

/** The date a closed problem's follow-up (回头看) is due. */
export function followUpDate(rules: Pick<TenantRules, 'followUp'>, closedDate: string): string {
  return addDays(closedDate, rules.followUp.afterDays);
}

/** Whole days from `from` to `to` (YYYY-MM-DD); negative if `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** What is known about a venue on `date` when deciding whether it earns a black card. */
export interface BlackCardFacts {
  /** Tenant-local dates of its inspections with an outcome other than pass. */
  failedInspectionDates: readonly string[];
  namedInBulletin: boolean;
  /** Deadlines (tenant-local dates) of its problems that passed them without being closed. */
  missedDeadlines: readonly string[];
}

export type BlackCardTrigger = 'failed-inspections' | 'named-in-bulletin' | 'overdue-rectifications';

/** Which black-card triggers a venue meets on `date` (empty: none). Windows include `date` itself. */
export function blackCardTriggers(rules: Pick<TenantRules, 'blackCard'>, facts: BlackCardFacts, date: string): BlackCardTrigger[] {
  const t = rules.blackCard.triggers;
  const within = (dates: readonly string[], days: number) =>
    dates.filter((d) => {
      const age = daysBetween(d, date);
      return age >= 0 && age < days;
    }).length;
  const met: BlackCardTrigger[] = [];
  if (t.failedInspections && within(facts.failedInspectionDates, t.failedInspections.withinDays) >= t.failedInspections.count) met.push('failed-inspections');
  if (t.namedInBulletin && facts.namedInBulletin) met.push('named-in-bulletin');
  if (t.overdueRectifications && within(facts.missedDeadlines, t.overdueRectifications.withinDays) >= t.overdueRectifications.count) met.push('overdue-rectifications');
  return met;
}
