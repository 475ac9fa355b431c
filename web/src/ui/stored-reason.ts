/**
 * A reason the system wrote (a rule's or a bulletin's black card, an inspection's suspension) is
 * stored as codes and worded here in the reader's language; a reason a person typed, or one stored
 * before the codes, is shown as it was written.
 */
import type { Flag } from '../../../shared/domain/venues/inspection';
import type { SystemReason, SystemReasonCode } from '../../../shared/domain/venues/system-reason';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

/** Every code has a text: the compiler checks this record is complete. */
const KEYS: Record<SystemReasonCode, MessageKey> = {
  'suspension.inspection-outcome': 'sysReason.suspension.inspection-outcome',
  'black-card.failed-inspections': 'sysReason.black-card.failed-inspections',
  'black-card.overdue-rectifications': 'sysReason.black-card.overdue-rectifications',
  'black-card.named-in-bulletin': 'sysReason.black-card.named-in-bulletin',
};

export function reasonText(item: { reason?: string; reasonCodes?: SystemReason[] } | undefined): string {
  if (!item) return '';
  const known = (item.reasonCodes ?? []).filter((r) => r.code in KEYS);
  if (!known.length) return item.reason ?? '';
  return known.map((r) => t(KEYS[r.code], r.params)).join(t('sysReason.separator'));
}

/** The figures behind an authenticity flag (metres, minutes, the rule's limit), or '' for a flag without them. */
export function flagFigures(flag: Pick<Flag, 'code' | 'params'>): string {
  if (!flag.params) return '';
  if (flag.code === 'gps-far') return t('flagFigures.gps-far', flag.params);
  if (flag.code === 'too-fast-between-venues') return t('flagFigures.too-fast-between-venues', flag.params);
  return '';
}
