/**
 * Checklist templates (检查表): per tenant and venue kind, ordered items, versioned. An inspection
 * stores the version it was filled against, and editing a template only ever adds a version.
 */
import * as z from 'zod';
import { eachOnce } from '../../errors';

export const Severity = z.enum(['critical', 'major', 'minor']);
export type Severity = z.infer<typeof Severity>;
/** As the exports and the printed rectification notice name them. */
export const SEVERITY_ZH: Record<string, string> = { critical: '严重', major: '较重', minor: '一般' };

export const ItemCode = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'lower-case code, e.g. masks');

export const ChecklistItem = z.strictObject({
  code: ItemCode,
  labelZh: z.string().trim().min(1).max(60),
  labelEn: z.string().trim().min(1).max(120),
  severity: Severity,
  /** A failure opens a problem with a rectification deadline (整改). */
  requiresRectification: z.boolean(),
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

export const ChecklistInput = z
  .strictObject({
    /** The version this edit starts from (0 when the defaults were shown). */
    baseVersion: z.number().int().min(0),
    items: z.array(ChecklistItem).min(1).max(60),
  })
  .refine((c) => new Set(c.items.map((i) => i.code)).size === c.items.length, { ...eachOnce('item code'), path: ['items'] });

export const Checklist = z.object({
  kind: z.string(),
  version: z.number(),
  items: z.array(ChecklistItem),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Checklist = z.infer<typeof Checklist>;

const item = (code: string, labelZh: string, labelEn: string, severity: Severity, requiresRectification = true): ChecklistItem => ({
  code,
  labelZh,
  labelEn,
  severity,
  requiresRectification,
});

const CORE = [
  item('scan-code', '扫码验码（两码联查）', 'Code scanning and verification', 'critical'),
  item('temperature', '测温', 'Temperature taking', 'major'),
  item('masks', '佩戴口罩', 'Masks worn', 'major'),
  item('one-metre', '一米线', 'One-metre line', 'minor'),
  item('disinfection', '消杀', 'Disinfection', 'major'),
  item('ventilation', '通风', 'Ventilation', 'minor'),
  item('commitment', '承诺书', 'Signed commitment letter', 'minor'),
  item('registration', '人员登记', 'Visitor registration', 'major'),
  item('rules-posted', '制度上墙', 'Rules posted on the wall', 'minor', false),
];
const EMERGENCY_PLAN = item('emergency-plan', '应急预案', 'Emergency plan', 'major');
const CAPACITY = item('capacity', '限量、预约、错峰', 'Capacity limits, reservation, staggering', 'major');

const WITH_CAPACITY = new Set(['supermarket', 'farmers-market', 'scenic-spot', 'cinema', 'library', 'museum', 'internet-cafe', 'ktv']);
const WITH_PLAN = new Set(['enterprise', 'construction-site', 'hotel', 'supermarket', 'farmers-market', 'training-institution', 'scenic-spot', 'cinema']);

/** The default checklist for a venue kind, from the domain brief. */
export function defaultChecklistItems(kind: string): ChecklistItem[] {
  return [...CORE, ...(WITH_PLAN.has(kind) ? [EMERGENCY_PLAN] : []), ...(WITH_CAPACITY.has(kind) ? [CAPACITY] : [])];
}
