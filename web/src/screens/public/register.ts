/**
 * <gw-public-register>: the self-registration form a resident opens by scanning a poster (扫码登记),
 * `#/register?code=…`. No sign-in, phone-first, Chinese first. Shows the tenant's purpose statement
 * and asks for consent; sends the form once (a retry resends the same id); shows only the receipt.
 */
import { html, nothing } from 'lit';
import { ulid } from 'ulid';
import { ApiError, toApiError } from '../../api/client';
import { language, t } from '../../i18n/i18n';
import { routeArgs } from '../../nav';
import { Watch } from '../../store';
import { GwElement } from '../../ui/base';
import { type FormErrors, focusFirstInvalid, formErrors, formSummary, inputField, noErrors, selectField } from '../../ui/form';
import { languageSwitch } from '../../ui/language-switch';

interface FormSetUp {
  tenantName: string;
  label: string;
  compound?: string;
  categories: { code: string; nameZh: string; nameEn: string }[];
  purpose: { version: number; purposeZh: string; purposeEn?: string };
}

const FIELDS = ['name', 'idNumber', 'phone', 'category', 'address', 'householdNumber', 'arrivedFrom', 'arrivedOn', 'consent'] as const;

class GwPublicRegister extends GwElement {
  #setUp?: FormSetUp;
  #failed?: string;
  #errors: FormErrors = noErrors();
  #receipt?: { receipt: string; receivedAt: string };
  #sending = false;
  /** One id per filled form: a retry after a lost answer is the same submission. */
  #id = ulid();

  constructor() {
    super();
    new Watch(this, [routeArgs]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  get #code() {
    return routeArgs.value.query.get('code') ?? '';
  }

  async #load() {
    const res = await fetch(`/api/public/registrations/form?code=${encodeURIComponent(this.#code)}`).catch(() => undefined);
    if (res?.ok) this.#setUp = (await res.json()) as FormSetUp;
    else this.#failed = res ? (await toApiError(res)).code : 'network';
    this.requestUpdate();
  }

  async #submit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const v = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? '';
    const room = v('room');
    const body = {
      code: this.#code,
      id: this.#id,
      name: v('name'),
      idNumber: v('idNumber'),
      phone: v('phone'),
      category: v('category'),
      ...(room ? { address: { compound: v('compound') || undefined, building: v('building') || undefined, unit: v('unit') || undefined, room } } : {}),
      ...(v('householdNumber') ? { householdNumber: v('householdNumber') } : {}),
      ...(v('arrivedFrom') ? { arrivedFrom: v('arrivedFrom') } : {}),
      arrivedOn: v('arrivedOn'),
      consent: (form.elements.namedItem('consent') as HTMLInputElement).checked,
      purposeVersion: this.#setUp!.purpose.version,
    };
    this.#sending = true;
    this.requestUpdate();
    try {
      const res = await fetch('/api/public/registrations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw await toApiError(res);
      this.#receipt = await res.json();
      this.#errors = noErrors();
    } catch (error) {
      this.#errors = formErrors(error instanceof ApiError && error.status === 429 ? new ApiError(429, 'rate_limited', t('reg.tooMany')) : error, FIELDS);
      focusFirstInvalid(this);
    } finally {
      this.#sending = false;
      this.requestUpdate();
    }
  }

  override render() {
    const head = html`<header class="public-head"><strong>${this.#setUp?.tenantName ?? t('app.name')}</strong> ${languageSwitch()}</header>`;
    if (this.#failed) return html`${head}<main class="public-page"><h1>${t('reg.title')}</h1><p class="alert" role="alert">${this.#failed === 'code_refused' ? t('reg.codeRefused') : t('reg.loadFailed')}</p></main>`;
    if (!this.#setUp) return html`${head}<main class="public-page"><p>${t('app.loading')}</p></main>`;
    if (this.#receipt) {
      return html`${head}<main class="public-page"><h1>${t('reg.thanks')}</h1>
        <p role="status">${t('reg.receipt', { receipt: this.#receipt.receipt })}</p><p class="hint">${t('reg.receiptHint')}</p></main>`;
    }
    const s = this.#setUp;
    const zh = language() === 'zh-CN';
    const err = (name: string) => this.#errors.fields[name];
    return html`${head}<main class="public-page">
      <h1>${t('reg.title')}</h1>
      <p class="muted">${s.label}</p>
      <section class="purpose" aria-labelledby="reg-purpose"><h2 id="reg-purpose">${t('reg.purpose')}</h2><p>${zh ? s.purpose.purposeZh : (s.purpose.purposeEn ?? s.purpose.purposeZh)}</p></section>
      <form @submit=${this.#submit} novalidate>
        ${formSummary(this.#errors)}
        ${inputField({ id: 'reg-name', name: 'name', label: t('reg.name'), autocomplete: 'name', errors: err('name') })}
        ${inputField({ id: 'reg-id', name: 'idNumber', label: t('reg.idNumber'), hint: t('reg.idNumberHint'), inputmode: 'text', autocomplete: 'off', errors: err('idNumber') })}
        ${inputField({ id: 'reg-phone', name: 'phone', label: t('reg.phone'), type: 'tel', autocomplete: 'tel', inputmode: 'tel', errors: err('phone') })}
        ${selectField({ id: 'reg-category', name: 'category', label: t('reg.category'), value: s.categories[0]?.code ?? '', options: s.categories.map((c) => ({ value: c.code, label: zh ? c.nameZh : c.nameEn })), errors: err('category') })}
        <fieldset><legend>${t('reg.address')}</legend>
          ${inputField({ id: 'reg-compound', name: 'compound', label: t('reg.compound'), value: s.compound ?? '', optional: true, errors: err('address') })}
          ${inputField({ id: 'reg-building', name: 'building', label: t('reg.building'), optional: true })}
          ${inputField({ id: 'reg-unit', name: 'unit', label: t('reg.unit'), optional: true })}
          ${inputField({ id: 'reg-room', name: 'room', label: t('reg.room'), hint: t('reg.roomHint') })}
          ${inputField({ id: 'reg-hh', name: 'householdNumber', label: t('reg.householdNumber'), optional: true, errors: err('householdNumber') })}
        </fieldset>
        ${inputField({ id: 'reg-from', name: 'arrivedFrom', label: t('reg.arrivedFrom'), optional: true, errors: err('arrivedFrom') })}
        ${inputField({ id: 'reg-on', name: 'arrivedOn', label: t('reg.arrivedOn'), type: 'date', errors: err('arrivedOn') })}
        <div class="field ${err('consent') ? 'invalid' : ''}"><label><input type="checkbox" name="consent" id="reg-consent" aria-invalid=${err('consent') ? 'true' : 'false'} /> ${t('reg.consent')}</label>
          ${err('consent') ? html`<p class="error">${t('reg.consentNeeded')}</p>` : nothing}</div>
        <button type="submit" class="primary" ?disabled=${this.#sending}>${this.#sending ? t('reg.sending') : t('reg.submit')}</button>
      </form>
    </main>`;
  }
}
customElements.define('gw-public-register', GwPublicRegister);
