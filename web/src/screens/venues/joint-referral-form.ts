/**
 * <gw-joint-referral-form>: refer a problem of the ledger to joint enforcement (联合执法): the
 * agencies of the tenant's rules as checkboxes, and why. A client ULID made when the form opens, so a
 * resend is the same referral. Fires `saved` (the referral) and `closed`.
 */
import { html } from 'lit';
import { ulid } from 'ulid';
import type { ProblemView } from '../../ui/domain';
import { api, ok } from '../../api/client';
import { language, t } from '../../i18n/i18n';
import { GwElement } from '../../ui/base';
import { dialogActions, modal } from '../../ui/dialog';
import { fieldError, formSummary, noErrors, readForm, sendForm, textareaField, type FormErrors } from '../../ui/form';

type Agency = { code: string; nameZh: string; nameEn: string };

export class GwJointReferralForm extends GwElement {
  static override properties = { problem: { attribute: false }, agencies: { state: true }, errors: { state: true }, busy: { state: true } };
  declare problem: ProblemView;
  declare agencies: Agency[];
  declare errors: FormErrors;
  declare busy: boolean;
  #id = ulid();

  constructor() {
    super();
    this.agencies = [];
    this.errors = noErrors();
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void ok(api.api['joint-enforcement'].agencies.$get())
      .then((r) => {
        this.agencies = r.agencies;
      })
      .catch(() => {});
  }

  #submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const f = readForm(form);
    await sendForm(this, ['agencies', 'reason', 'problemId'], async () => {
      const referral = await ok(api.api['joint-enforcement'].$post({ json: { id: this.#id, problemId: this.problem.id, agencies: f.all('agencies'), reason: f.text('reason') } }));
      form.closest('dialog')?.close();
      this.dispatchEvent(new CustomEvent('saved', { detail: referral }));
    });
  };

  override render() {
    const e = this.errors.fields;
    return modal({
      id: 'joint-dialog',
      title: `${t('joint.refer')}：${this.problem.venueName} · ${this.problem.itemLabelZh}`,
      onClose: () => this.dispatchEvent(new CustomEvent('closed')),
      body: html`<form novalidate @submit=${this.#submit}>
        ${formSummary(this.errors)}
        <fieldset class="field ${e.agencies?.length ? 'invalid' : ''}">
          <legend>${t('joint.agencies')}</legend>
          ${this.agencies.map(
            (a) => html`<label class="check"><input type="checkbox" name="agencies" value=${a.code} aria-invalid=${e.agencies?.length ? 'true' : 'false'} /> ${language() === 'zh-CN' ? a.nameZh : a.nameEn}</label>`,
          )}
          ${fieldError(e.agencies, 'joint-agencies')}
        </fieldset>
        ${textareaField({ id: 'joint-reason', name: 'reason', label: t('joint.reason'), value: '', errors: e.reason })}
        ${fieldError(e.problemId)}
        ${dialogActions({ submitLabel: t('joint.refer'), busy: this.busy })}
      </form>`,
    });
  }
}

customElements.define('gw-joint-referral-form', GwJointReferralForm);
