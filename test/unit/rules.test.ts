import { describe, expect, it } from 'vitest';
import {
  blackCardTriggers,
  dailyQuota,
  defaultRules,
  followUpDate,
  isWorkingDay,
  problemDeadline,
  RulesInput,
  TenantRules,
  withDefaults,
} from '../../shared/domain/rules';

const input = () => {
  const { version, updatedAt: _a, updatedBy: _b, ...body } = defaultRules();
  return { ...body, version };
};

describe('tenant rules: schema and defaults', () => {
  it('has defaults that pass their own validation, as version 0', () => {
    const d = defaultRules();
    expect(d.version).toBe(0);
    expect(TenantRules.parse(d)).toEqual(d);
    expect(RulesInput.parse(input())).toEqual(input());
    expect(d.quota).toEqual({ perInspector: 20, byGridLevel: [], industryAuthority: 0, venueKinds: ['shop', 'supermarket', 'farmers-market', 'restaurant', 'enterprise'] });
    expect(d.inspectionFrequencyDays).toEqual({ red: 1, yellow: 3, green: 7 });
    expect(d.authenticity).toEqual({ gpsMaxDistanceMeters: 300, travelDistanceMeters: 2000, travelMinutes: 10, requireVenueCodeScan: true });
  });

  it('hands out a fresh copy each time', () => {
    const a = defaultRules();
    a.quota.venueKinds.push('hotel');
    expect(defaultRules().quota.venueKinds).not.toContain('hotel');
  });

  it('refuses unknown fields at every level and names the field', () => {
    const bad = { ...input(), quota: { ...input().quota, perGrid: 3 } };
    const result = RulesInput.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['quota']);
    expect(RulesInput.safeParse({ ...input(), timezone: 'Asia/Shanghai' }).success).toBe(false);
  });

  it('refuses duplicate levels, kinds and weekdays, and a date both on and off', () => {
    const paths = (change: (b: ReturnType<typeof input>) => void) => {
      const b = structuredClone(input());
      change(b);
      return RulesInput.safeParse(b).error?.issues.map((i) => i.path.join('.'));
    };
    expect(paths((b) => (b.quota.byGridLevel = [{ level: 2, perInspector: 1 }, { level: 2, perInspector: 3 }]))).toEqual(['quota.byGridLevel']);
    expect(paths((b) => (b.quota.venueKinds = ['shop', 'shop']))).toEqual(['quota.venueKinds']);
    expect(paths((b) => (b.quota.venueKinds = []))).toEqual(['quota.venueKinds']);
    expect(paths((b) => (b.workingDays.weekdays = [0]))).toEqual(['workingDays.weekdays.0']);
    expect(paths((b) => Object.assign(b.workingDays, { nonWorkingDates: ['2026-10-01'], extraWorkingDates: ['2026-10-01'] }))).toEqual(['workingDays.extraWorkingDates']);
    expect(paths((b) => (b.workingDays.nonWorkingDates = ['2026-13-01']))).toEqual(['workingDays.nonWorkingDates.0']);
    expect(paths((b) => (b.blackCard.triggers.failedInspections = null))).toBeUndefined();
  });

  it('completes stored rules with defaults for sections added later', () => {
    const { followUp: _gone, ...old } = { ...defaultRules(), version: 3, quota: { ...defaultRules().quota, perInspector: 12 } };
    const rules = withDefaults(old as never);
    expect(rules).toMatchObject({ version: 3, quota: { perInspector: 12 }, followUp: { afterDays: 7 } });
    expect(TenantRules.parse(rules)).toEqual(rules);
  });
});

describe('tenant rules: helpers', () => {
  it('tells working days by weekday, holidays and make-up days', () => {
    const rules = defaultRules();
    expect(isWorkingDay(rules, '2026-11-29')).toBe(true); // a Sunday: screening is daily by default
    rules.workingDays = { weekdays: [1, 2, 3, 4, 5], nonWorkingDates: ['2026-10-01'], extraWorkingDates: ['2026-10-11'] };
    expect(isWorkingDay(rules, '2026-11-29')).toBe(false);
    expect(isWorkingDay(rules, '2026-11-30')).toBe(true); // Monday
    expect(isWorkingDay(rules, '2026-10-01')).toBe(false); // Thursday, National Day
    expect(isWorkingDay(rules, '2026-10-11')).toBe(true); // Sunday, make-up day
  });

  it('gives the quota by role and the highest grid level', () => {
    const rules = defaultRules();
    rules.quota.byGridLevel = [{ level: 3, perInspector: 10 }];
    rules.quota.industryAuthority = 5;
    expect(dailyQuota(rules, { roles: ['inspector'], gridLevels: [3] })).toBe(10);
    expect(dailyQuota(rules, { roles: ['inspector'], gridLevels: [3, 2] })).toBe(20);
    expect(dailyQuota(rules, { roles: ['inspector'], gridLevels: [] })).toBe(0);
    expect(dailyQuota(rules, { roles: ['industry-authority'], gridLevels: [] })).toBe(5);
    expect(dailyQuota(rules, { roles: ['supervisor'], gridLevels: [2] })).toBe(0);
  });

  it('computes rectification deadlines and follow-up dates', () => {
    const rules = defaultRules();
    expect(problemDeadline(rules, 'critical', '2026-11-25')).toBe('2026-11-26');
    expect(problemDeadline(rules, 'major', '2026-11-25')).toBe('2026-11-28');
    expect(problemDeadline(rules, 'minor', '2026-12-28')).toBe('2027-01-04');
    expect(followUpDate(rules, '2026-11-25')).toBe('2026-12-02');
  });

  it('finds the black-card triggers a venue meets', () => {
    const rules = defaultRules();
    const none = { failedInspectionDates: [], namedInBulletin: false, missedDeadlines: [] };
    expect(blackCardTriggers(rules, none, '2026-11-25')).toEqual([]);
    // 2 failures within 7 days: the window is the day and the 6 before it.
    expect(blackCardTriggers(rules, { ...none, failedInspectionDates: ['2026-11-19', '2026-11-25'] }, '2026-11-25')).toEqual(['failed-inspections']);
    expect(blackCardTriggers(rules, { ...none, failedInspectionDates: ['2026-11-18', '2026-11-25'] }, '2026-11-25')).toEqual([]);
    expect(blackCardTriggers(rules, { ...none, namedInBulletin: true, missedDeadlines: ['2026-11-01', '2026-11-20'] }, '2026-11-25')).toEqual(['named-in-bulletin', 'overdue-rectifications']);
    rules.blackCard.triggers = { failedInspections: null, namedInBulletin: false, overdueRectifications: null };
    expect(blackCardTriggers(rules, { failedInspectionDates: ['2026-11-24', '2026-11-25'], namedInBulletin: true, missedDeadlines: ['2026-11-24', '2026-11-25'] }, '2026-11-25')).toEqual([]);
  });
});
