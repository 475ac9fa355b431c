/**
 * Reasons the system writes itself (a rule's black card, a bulletin's, the suspension an inspection's
 * outcome recommends) are stored once, as codes with their params (`reasonCodes`), and worded per
 * reader: the web app through its messages (`sysReason.<code>`), server exports here in the export's
 * language. The stored `reason` beside them is the English wording, for logs and API users, as with
 * error messages. Items stored before the codes keep only their text, which is shown as it is.
 */
import * as z from 'zod';
import type { BlackCardTrigger, TenantRules } from '../rules';

export const SYSTEM_REASON_CODES = [
  'suspension.inspection-outcome',
  'black-card.failed-inspections',
  'black-card.overdue-rectifications',
  'black-card.named-in-bulletin',
] as const;
export type SystemReasonCode = (typeof SYSTEM_REASON_CODES)[number];

export const SystemReason = z.object({
  code: z.enum(SYSTEM_REASON_CODES),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type SystemReason = z.infer<typeof SystemReason>;

export type ReasonLanguage = 'zh' | 'en';

/** `{name}` placeholders, the same form as the web app's messages. */
const WORDING: Record<SystemReasonCode, Record<ReasonLanguage, string>> = {
  'suspension.inspection-outcome': { zh: '检查结果建议停业整顿', en: 'Suspension recommended by the inspection outcome' },
  'black-card.failed-inspections': { zh: '规则触发挂黑牌：{withinDays}天内检查不合格{count}次及以上', en: 'Black card by rule: {count} or more failed inspections within {withinDays} days' },
  'black-card.overdue-rectifications': { zh: '规则触发挂黑牌：{withinDays}天内逾期未整改{count}项及以上', en: 'Black card by rule: {count} or more overdue rectifications within {withinDays} days' },
  'black-card.named-in-bulletin': { zh: '被督查通报{number}点名', en: 'Named in supervision bulletin {number}' },
};

export function systemReasonText(reason: SystemReason, lang: ReasonLanguage): string {
  return WORDING[reason.code][lang].replace(/\{(\w+)\}/g, (whole, name: string) => (name in reason.params ? String(reason.params[name]) : whole));
}

/** What a stored reason says to a reader: its codes worded, or the text of an item stored before them. */
export function storedReasonText(item: { reason?: string; reasonCodes?: SystemReason[] } | undefined, lang: ReasonLanguage): string {
  if (!item) return '';
  if (item.reasonCodes?.length) return item.reasonCodes.map((r) => systemReasonText(r, lang)).join(lang === 'zh' ? '；' : '; ');
  return item.reason ?? '';
}

/** A reason to store: its codes and the English wording beside them. */
export function systemReason(reasonCodes: SystemReason[]): { reason: string; reasonCodes: SystemReason[] } {
  return { reason: storedReasonText({ reasonCodes }, 'en'), reasonCodes };
}

/** The codes of a rule's black card: one per trigger met, with the rule's thresholds. */
export function blackCardRuleReasons(rules: Pick<TenantRules, 'blackCard'>, triggers: BlackCardTrigger[]): SystemReason[] {
  const t = rules.blackCard.triggers;
  return triggers.map((trigger): SystemReason => {
    if (trigger === 'failed-inspections') return { code: 'black-card.failed-inspections', params: { count: t.failedInspections?.count ?? 0, withinDays: t.failedInspections?.withinDays ?? 0 } };
    if (trigger === 'overdue-rectifications') return { code: 'black-card.overdue-rectifications', params: { count: t.overdueRectifications?.count ?? 0, withinDays: t.overdueRectifications?.withinDays ?? 0 } };
    return { code: 'black-card.named-in-bulletin', params: { number: '' } };
  });
}

export const bulletinCardReason = (number: string): SystemReason => ({ code: 'black-card.named-in-bulletin', params: { number } });
export const inspectionSuspensionReason: SystemReason = { code: 'suspension.inspection-outcome', params: {} };
