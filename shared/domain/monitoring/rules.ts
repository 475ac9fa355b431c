/**
 * The home-monitoring section of the tenant rules (规则 → residents → monitoring): episode types with
 * their default length, household tag and reading windows; the reading windows (tenant-local times);
 * the fever threshold; how many missed windows in a row make a person lost to follow-up; and after
 * how many hours an unresolved alert escalates. Pure.
 */
import * as z from 'zod';
import { eachOnce } from '../../errors';

/** A code like the registry's tags (residents/rules.ts imports this module, so it is not imported from there). */
export const TagCode = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes (1–40)');
const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time, HH:MM');
export const WindowId = z.string().regex(/^[a-z][a-z0-9]{0,9}$/, 'lower-case letters and digits (1–10)');

export const ReadingWindow = z
  .strictObject({
    id: WindowId,
    nameZh: z.string().trim().min(1).max(20),
    nameEn: z.string().trim().min(1).max(40),
    /** Tenant-local, inclusive. */
    start: LocalTime,
    /** Tenant-local, exclusive; after start (a window never spans midnight). */
    end: LocalTime,
  })
  .refine((w) => w.start < w.end, { message: 'the window must end after it starts, the same day', path: ['end'] });
export type ReadingWindow = z.infer<typeof ReadingWindow>;

export const EpisodeType = z.strictObject({
  code: TagCode,
  nameZh: z.string().trim().min(1).max(20),
  nameEn: z.string().trim().min(1).max(40),
  /** Default length of the period in days (the start day counts as day 1). */
  days: z.number().int().min(1).max(60),
  /** The household tag an episode of this type sets while it runs (居家隔离 / 居家观察); none for 健康监测. */
  householdTag: TagCode.optional(),
  /** The windows a reading is due in, by id. */
  windows: z.array(WindowId).min(1).max(6),
});
export type EpisodeType = z.infer<typeof EpisodeType>;

const unique = (codes: string[]) => new Set(codes).size === codes.length;

export const MonitoringRules = z
  .strictObject({
    types: z.array(EpisodeType).min(1).max(10).refine((t) => unique(t.map((x) => x.code)), eachOnce('code')),
    windows: z.array(ReadingWindow).min(1).max(6).refine((w) => unique(w.map((x) => x.id)), eachOnce('id')),
    /** A reading at or above this (°C) is a fever and raises an alert at once. */
    feverThreshold: z.number().min(36.5).max(39),
    /** This many due windows missed in a row: lost to follow-up. */
    lostAfterMissed: z.number().int().min(1).max(20),
    /** An alert still unresolved this many hours after it was raised escalates. */
    escalateAfterHours: z.number().int().min(1).max(72),
  })
  .superRefine((r, ctx) => {
    r.types.forEach((t, i) => {
      const bad = t.windows.filter((w) => !r.windows.some((x) => x.id === w));
      if (bad.length) ctx.addIssue({ code: 'custom', path: ['types', i, 'windows'], message: `no such window: ${bad.join(', ')}` });
    });
  });
export type MonitoringRules = z.infer<typeof MonitoringRules>;

export function defaultMonitoringRules(): MonitoringRules {
  return {
    types: [
      { code: 'home-isolation', nameZh: '居家隔离', nameEn: 'Home isolation', days: 14, householdTag: 'home-isolation', windows: ['am', 'pm'] },
      { code: 'home-observation', nameZh: '居家观察', nameEn: 'Home observation', days: 7, householdTag: 'home-observation', windows: ['am', 'pm'] },
      { code: 'health-monitoring', nameZh: '健康监测', nameEn: 'Health monitoring', days: 7, windows: ['am', 'pm'] },
    ],
    windows: [
      { id: 'am', nameZh: '上午', nameEn: 'Morning', start: '07:00', end: '10:00' },
      { id: 'pm', nameZh: '下午', nameEn: 'Afternoon', start: '15:00', end: '18:00' },
    ],
    feverThreshold: 37.3,
    lostAfterMissed: 3,
    escalateAfterHours: 4,
  };
}

/** The tenant's monitoring rules (a tenant that saved its residents rules before monitoring existed gets the defaults). */
export const monitoringRulesOf = (residents: { monitoring?: MonitoringRules }): MonitoringRules => residents.monitoring ?? defaultMonitoringRules();

export function episodeTypeOf(rules: MonitoringRules, code: string): EpisodeType | undefined {
  return rules.types.find((t) => t.code === code);
}
