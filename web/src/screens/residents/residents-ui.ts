/**
 * What the residents screens share: the tenant's residents rules (tags with colours, categories,
 * who may unmask) loaded once, names in the reader's language, tag chips, address lines.
 */
import { html, type TemplateResult } from 'lit';
import type { Address } from '../../../../shared/domain/residents/household';
import type { ResidentRules } from '../../../../shared/domain/residents/rules';
import { api, ok } from '../../api/client';
import { language, t } from '../../i18n/i18n';
import { cached } from '../../offline/cache';
import { roles } from '../../session';
import { Store } from '../../store';
import { dialogActions, modal } from '../../ui/dialog';
import { type FormErrors, formSummary, textareaField } from '../../ui/form';

export const residentRules = new Store<ResidentRules | undefined>(undefined);

/** The residents section of the tenant rules (kept for offline use). */
export async function loadResidentRules(): Promise<ResidentRules> {
  if (residentRules.value) return residentRules.value;
  const { value } = await cached('residents.rules', async () => (await ok(api.api.rules.$get())).residents);
  residentRules.set(value);
  return value;
}

const named = (list: readonly { code: string; nameZh: string; nameEn: string }[] | undefined, code: string) => {
  const found = list?.find((l) => l.code === code);
  return found ? (language() === 'zh-CN' ? found.nameZh : found.nameEn) : code;
};

export const householdTagName = (code: string) => named(residentRules.value?.householdTags, code);
export const categoryName = (code: string) => named(residentRules.value?.personCategories, code);
export const personTagName = (code: string) => named(residentRules.value?.personTags, code);
export const tagColour = (code: string) => residentRules.value?.householdTags.find((t) => t.code === code)?.colour ?? '#9e9e9e';

/** A household status tag as a coloured chip (the colour the community map uses). */
export const tagChip = (code: string) => html`<span class="tag-chip" data-tag=${code}><span class="swatch" style="background:${tagColour(code)}"></span>${householdTagName(code)}</span>`;

/** 龙湖花园 3栋 2单元 501 — the parts the household has. */
export function addressLine(a: Address | { compound?: string; building?: string; unit?: string; room: string }): string {
  const parts = [a.compound, a.building && t('residents.building', { n: a.building }), a.unit && t('residents.unit', { n: a.unit }), a.room];
  return parts.filter(Boolean).join(' ');
}

/** May the signed-in user ask for unmasked data (the tenant's rules; the API checks again)? */
export const mayUnmask = () => roles().some((r) => (residentRules.value?.unmaskRoles as readonly string[] | undefined)?.includes(r));

/** The dialog of an unmasked export: the reason asked for (the API writes it to the access log). */
export function unmaskedExportDialog(o: { id: string; title: string; errors: FormErrors; busy: boolean; onSubmit: (event: SubmitEvent) => void; onClose: () => void }): TemplateResult {
  return modal({
    id: o.id,
    title: o.title,
    onClose: o.onClose,
    body: html`<form @submit=${o.onSubmit} novalidate>
      ${formSummary(o.errors)}
      <p>${t('household.unmaskHint')}</p>
      ${textareaField({ id: `${o.id}-reason`, name: 'reason', label: t('household.unmaskReason'), value: '', errors: o.errors.fields.reason })}
      <p class="muted">${t('pa.exportReasonNote')}</p>
      ${dialogActions({ submitLabel: o.title, busy: o.busy })}
    </form>`,
  });
}
