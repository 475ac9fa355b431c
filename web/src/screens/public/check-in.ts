/**
 * <gw-public-check-in>: what a visitor's phone camera opens from a printed venue code (场所码),
 * `#/check-in?c=<token>`. No sign-in, phone-first, Chinese first: the visitor gives a phone number
 * (or a personal code) and gets a receipt to show at the door. One id per filled form, so a retry after
 * a lost answer is the same check-in, counted once.
 */
import { html } from 'lit';
import { ulid } from 'ulid';
import { ApiError, toApiError } from '../../api/client';
import { formatDateTime, t } from '../../i18n/i18n';
import { routeArgs } from '../../nav';
import { Watch } from '../../store';
import { GwElement } from '../../ui/base';
import { type FormErrors, focusFirstInvalid, formErrors, formSummary, inputField, noErrors } from '../../ui/form';
import { languageSwitch } from '../../ui/language-switch';

interface CheckInReceipt {
  receipt: string;
  receivedAt: string;
  venueName: string;
}

class GwPublicCheckIn extends GwElement {
  #errors: FormErrors = noErrors();
  #receipt?: CheckInReceipt;
  #refused = false;
  #sending = false;
  #byPersonCode = false;
  #id = ulid();

  constructor() {
    super();
    new Watch(this, [routeArgs]);
  }

  /** `c` on printed codes; `code` as the registration posters spell it. */
  get #code() {
    return routeArgs.value.query.get('c') ?? routeArgs.value.query.get('code') ?? '';
  }

  async #submit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (form.elements.namedItem('visitor') as HTMLInputElement).value.trim();
    const body = { code: this.#code, id: this.#id, ...(this.#byPersonCode ? { personCode: value } : { phone: value }) };
    this.#sending = true;
    this.requestUpdate();
    try {
      const res = await fetch('/api/public/check-ins', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw await toApiError(res);
      this.#receipt = (await res.json()) as CheckInReceipt;
      this.#errors = noErrors();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'code_refused') this.#refused = true;
      this.#errors = formErrors(error instanceof ApiError && error.status === 429 ? new ApiError(429, 'rate_limited', t('ci.tooMany')) : error, ['phone', 'personCode']);
      focusFirstInvalid(this);
    } finally {
      this.#sending = false;
      this.requestUpdate();
    }
  }

  #switch() {
    this.#byPersonCode = !this.#byPersonCode;
    this.#errors = noErrors();
    this.requestUpdate();
  }

  override render() {
    const head = html`<header class="public-head"><strong>${t('app.name')}</strong> ${languageSwitch()}</header>`;
    if (!this.#code || this.#refused) {
      return html`${head}<main class="public-page"><h1>${t('ci.title')}</h1><p class="alert" role="alert">${this.#code ? t('ci.codeRefused') : t('ci.noCode')}</p></main>`;
    }
    if (this.#receipt) {
      const r = this.#receipt;
      return html`${head}<main class="public-page"><h1>${t('ci.done')}</h1>
        <p class="check-in-venue">${t('ci.venue', { name: r.venueName })}</p>
        <p class="check-in-receipt" role="status">${t('ci.receipt', { receipt: r.receipt })}</p>
        <p>${t('ci.at', { at: formatDateTime(r.receivedAt) })}</p>
        <p class="hint">${t('ci.receiptHint')}</p></main>`;
    }
    // The API names the field it refused (phone or personCode); the form has one box for either.
    const err = this.#errors.fields.phone ?? this.#errors.fields.personCode;
    return html`${head}<main class="public-page">
      <h1>${t('ci.title')}</h1>
      <p class="muted">${t('ci.intro')}</p>
      <form @submit=${this.#submit} novalidate>
        ${formSummary(this.#errors)}
        ${this.#byPersonCode
          ? inputField({ id: 'ci-visitor', name: 'visitor', label: t('ci.personCode'), autocomplete: 'off', errors: err })
          : inputField({ id: 'ci-visitor', name: 'visitor', label: t('ci.phone'), type: 'tel', inputmode: 'tel', autocomplete: 'tel', errors: err })}
        <button type="submit" class="primary big" ?disabled=${this.#sending}>${this.#sending ? t('ci.sending') : t('ci.submit')}</button>
      </form>
      <p><button type="button" class="link" @click=${() => this.#switch()}>${this.#byPersonCode ? t('ci.usePhone') : t('ci.usePersonCode')}</button></p>
    </main>`;
  }
}
customElements.define('gw-public-check-in', GwPublicCheckIn);
