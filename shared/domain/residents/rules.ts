/**
 * The residents section of the tenant rules (规则 → residents): household status tags with their map
 * colours, person categories and person tags, who may see unmasked personal data, and how long a
 * person who moved out (or died) is kept before being reduced to a tombstone. Pure.
 */
import * as z from 'zod';
import { defaultMonitoringRules, MonitoringRules } from '../monitoring/rules';
import { eachOnce } from '../../errors';
import { PushedListRules } from '../pushed-lists/rules';

export const TagCode = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes (1–40)');

const Label = z.strictObject({
  code: TagCode,
  nameZh: z.string().trim().min(1).max(20),
  nameEn: z.string().trim().min(1).max(40),
});
const ColouredLabel = Label.extend({ colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour, #rrggbb') });

const uniqueCodes = (labels: { code: string }[]) => new Set(labels.map((l) => l.code)).size === labels.length;

/** Roles that may be given the unmask permission; industry authorities and platform admins never see residents. */
export const RESIDENT_ROLES = ['tenant-admin', 'supervisor', 'inspector'] as const;

export const ResidentRules = z.strictObject({
  /** Household status tags (户状态), each a colour on the community map (导航图). */
  householdTags: z.array(ColouredLabel).min(1).max(30).refine(uniqueCodes, eachOnce('code')),
  /** Person categories (人员类别); every person has exactly one. */
  personCategories: z.array(Label).min(1).max(20).refine(uniqueCodes, eachOnce('code')),
  /** Person tags (独居老人, 残疾人 …); a person has any number. */
  personTags: z.array(Label).max(30).refine(uniqueCodes, eachOnce('code')),
  /** Roles that may see unmasked data, always with a reason and an audit entry. */
  unmaskRoles: z.array(z.enum(RESIDENT_ROLES)).max(3).refine((r) => new Set(r).size === r.length, eachOnce('role')),
  /** Days after moving out (or death) before a person is reduced to a tombstone. */
  retentionDays: z.number().int().min(30).max(3650),
  /** Home monitoring: episode types, reading windows, fever threshold (shared/domain/monitoring/rules.ts). */
  monitoring: MonitoringRules.optional(),
  /** Pushed lists (大数据推送): address rules → grid, and the verification deadline (shared/domain/pushed-lists/rules.ts). */
  pushedLists: PushedListRules.optional(),
});
export type ResidentRules = z.infer<typeof ResidentRules>;

export const DEFAULT_PERSON_CATEGORIES = ['local-permanent', 'nonlocal-permanent', 'local-temporary', 'nonlocal-temporary'] as const;

export function defaultResidentRules(): ResidentRules {
  return {
    householdTags: [
      { code: 'permanent', nameZh: '常住', nameEn: 'Permanent residence', colour: '#43a047' },
      { code: 'vacant', nameZh: '空置房', nameEn: 'Vacant', colour: '#9e9e9e' },
      { code: 'home-isolation', nameZh: '居家隔离', nameEn: 'Home isolation', colour: '#e53935' },
      { code: 'home-observation', nameZh: '居家观察', nameEn: 'Home observation', colour: '#fb8c00' },
      { code: 'assistance', nameZh: '帮扶对象', nameEn: 'Assistance recipient', colour: '#8e24aa' },
      { code: 'disabled', nameZh: '残疾人', nameEn: 'Disabled', colour: '#1e88e5' },
      { code: 'party-member', nameZh: '党员家庭', nameEn: 'Party-member family', colour: '#c2185b' },
      { code: 'elderly-alone', nameZh: '独居老人', nameEn: 'Elderly living alone', colour: '#fdd835' },
    ],
    personCategories: [
      { code: 'local-permanent', nameZh: '本地常住', nameEn: 'Local permanent' },
      { code: 'nonlocal-permanent', nameZh: '外地常住', nameEn: 'Non-local permanent' },
      { code: 'local-temporary', nameZh: '本地暂住', nameEn: 'Local temporary' },
      { code: 'nonlocal-temporary', nameZh: '外地暂住', nameEn: 'Non-local temporary' },
    ],
    personTags: [
      { code: 'elderly-alone', nameZh: '独居老人', nameEn: 'Elderly living alone' },
      { code: 'disabled', nameZh: '残疾人', nameEn: 'Disabled' },
      { code: 'assistance', nameZh: '帮扶对象', nameEn: 'Assistance recipient' },
      { code: 'party-member', nameZh: '党员', nameEn: 'Party member' },
    ],
    unmaskRoles: ['tenant-admin'],
    retentionDays: 365,
    monitoring: defaultMonitoringRules(),
  };
}

/** Codes a record uses that the rules do not define, as 400-ready (field, message) pairs. */
export function unknownCodes(rules: ResidentRules, used: { householdTags?: string[]; personTags?: string[]; category?: string }): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const check = (field: string, codes: string[] | undefined, known: { code: string }[]) => {
    const bad = (codes ?? []).filter((c) => !known.some((k) => k.code === c));
    if (bad.length) problems.push({ field, message: `not defined in the tenant's rules: ${bad.join(', ')}` });
  };
  check('tags', used.householdTags, rules.householdTags);
  check('tags', used.personTags, rules.personTags);
  check('category', used.category === undefined ? undefined : [used.category], rules.personCategories);
  return problems;
}
