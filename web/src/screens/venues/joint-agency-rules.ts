/**
 * The rules screen's 联合执法 section: the agencies a hard case can be referred to (code, Chinese and
 * English name), rows added and removed. Fields are named by their path in the API body
 * (`jointEnforcement.agencies.0.nameZh`), so the server's field errors land beside them.
 */
import { html } from 'lit';
import type { JointAgency } from '../../../../shared/domain/venues/joint-enforcement';
import { t } from '../../i18n/i18n';
import { type FormErrors, fieldError, inputField } from '../../ui/form';

const PARTS = ['code', 'nameZh', 'nameEn'] as const;
const name = (i: number, part: (typeof PARTS)[number]) => `jointEnforcement.agencies.${i}.${part}`;

/** The field names a 400 may name for `n` rows (longest match wins in formErrors). */
export const jointAgencyFieldNames = (n: number) => ['jointEnforcement', 'jointEnforcement.agencies', ...Array.from({ length: n }, (_, i) => PARTS.map((p) => name(i, p))).flat()];

/** The rows as typed (before a row is added or removed, and to save). */
export function readJointAgencies(d: FormData, n: number): JointAgency[] {
  return Array.from({ length: n }, (_, i) => ({ code: String(d.get(name(i, 'code')) ?? '').trim(), nameZh: String(d.get(name(i, 'nameZh')) ?? '').trim(), nameEn: String(d.get(name(i, 'nameEn')) ?? '').trim() }));
}

export function jointAgencyFields(rows: readonly JointAgency[], errors: FormErrors, change: { add: () => void; remove: (i: number) => void }) {
  const e = errors.fields;
  const label = { code: t('rules.agencyCode'), nameZh: t('rules.agencyNameZh'), nameEn: t('rules.agencyNameEn') };
  return html`<fieldset class="field wide-field" data-testid="rules-agencies">
    <legend>${t('joint.agencies')}</legend>
    ${rows.map(
      (a, i) => html`<div class="pair agency-row" data-agency-row=${i}>
        ${PARTS.map((p) => inputField({ id: `rule-agency-${i}-${p}`, name: name(i, p), label: label[p], value: a[p], errors: e[name(i, p)], hint: p === 'code' && i === 0 ? t('rules.agencyCodeHint') : undefined }))}
        <button type="button" class="danger-text" @click=${() => change.remove(i)}>${t('common.remove')}</button>
      </div>`,
    )}
    ${fieldError([...(e['jointEnforcement.agencies'] ?? []), ...(e.jointEnforcement ?? [])])}
    <button type="button" @click=${change.add}>＋ ${t('rules.addAgency')}</button>
  </fieldset>`;
}
