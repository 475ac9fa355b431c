/**
 * <gw-joint-enforcement>: 联合执法 — the hard cases referred to the agencies (police, health, market
 * regulation …), open ones first, with their venue, problem, agencies, dates and outcome; supervisors
 * and admins record the agencies' outcome (with the referral's version: a stale one is a 409 said
 * plainly). Referrals are made from the problem ledger.
 */
import { html, nothing } from 'lit';
import type { Referral } from '../../../../shared/domain/venues/joint-enforcement';
import { api, ok } from '../../api/client';
import { language, t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { href } from '../../nav';
import { roles } from '../../session';
import { Watch } from '../../store';
import { announce, GwElement } from '../../ui/base';
import { dialogActions, modal } from '../../ui/dialog';
import { formSummary, noErrors, readForm, selectField, sendForm, textareaField, type FormErrors } from '../../ui/form';
import { kindName, loadKinds, venueKinds, when } from '../../ui/domain';
import { loadState } from '../../ui/load-state';
import { MoreList, userNames } from '../office-parts';

const OUTCOMES = ['rectified', 'penalised', 'closed-down', 'no-violation'] as const;
const canAct = () => roles().some((r) => r === 'supervisor' || r === 'tenant-admin');

class GwJointEnforcement extends GwElement {
  static override properties = { concluding: { state: true }, names: { state: true }, errors: { state: true }, busy: { state: true } };
  declare concluding: Referral | undefined;
  declare names: Map<string, string>;
  declare errors: FormErrors;
  declare busy: boolean;
  #list = new MoreList<Referral>(this, 50, (query) => ok(api.api['joint-enforcement'].$get({ query })));

  constructor() {
    super();
    this.names = new Map();
    this.errors = noErrors();
    this.busy = false;
    new Watch(this, [venueKinds]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadKinds();
    void this.#list.load();
    void userNames().then((n) => {
      this.names = n;
    });
  }

  #submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const r = this.concluding;
    if (!r) return;
    const form = event.target as HTMLFormElement;
    const f = readForm(form);
    await sendForm(this, ['outcome', 'note', 'version'], async () => {
      await ok(
        api.api['joint-enforcement'][':referralId'].outcome.$post({ param: { referralId: r.id }, json: { version: r.version, outcome: f.text('outcome') as (typeof OUTCOMES)[number], note: f.text('note') } }),
      );
      form.closest('dialog')?.close();
      announce(t('joint.concludedDone', { name: r.venueName }));
      await this.#list.load();
    });
  };

  #agencies(r: Referral) {
    return r.agencies.map((a) => (language() === 'zh-CN' ? a.nameZh : a.nameEn)).join('、');
  }

  override render() {
    const items = [...(this.#list.items ?? [])].sort((a, b) => (a.status === b.status ? 0 : a.status === 'referred' ? -1 : 1));
    return html`<div class="screen-head"><h1>${t('joint.title')}</h1></div>
      <p class="muted">${t('joint.hint')}</p>
      ${loadState(this.#list.items, this.#list.error, { empty: t('joint.none'), retry: () => this.#list.load() })}
      ${items.length
        ? html`<table class="cards" data-testid="referral-list">
            <thead><tr><th scope="col">${t('problems.venue')}</th><th scope="col">${t('problems.item')}</th><th scope="col">${t('joint.agencies')}</th>
              <th scope="col">${t('joint.referredAt')}</th><th scope="col">${t('joint.status')}</th><th scope="col">${t('common.actions')}</th></tr></thead>
            <tbody>${items.map(
              (r) => html`<tr data-referral-id=${r.id}>
                <th scope="row"><a href=${href('venues', r.venueId)}>${r.venueName}</a> <span class="muted">${kindName(r.venueKind)}</span></th>
                <td data-label=${t('problems.item')}>${r.itemLabelZh}<br /><span class="muted">${r.reason}</span></td>
                <td data-label=${t('joint.agencies')}>${this.#agencies(r)}</td>
                <td data-label=${t('joint.referredAt')}>${when(r.referredAt)} · ${this.names.get(r.referredBy) ?? ''}</td>
                <td data-label=${t('joint.status')}>${r.status === 'referred'
                  ? html`<span class="badge must">${t('joint.status.referred')}</span>`
                  : html`<span class="badge done">${t(`joint.outcome.${r.outcome}` as MessageKey)}</span> ${r.concludedAt ? when(r.concludedAt) : ''}<br /><span class="muted">${r.outcomeNote}</span>`}</td>
                <td class="row-actions">${r.status === 'referred' && canAct()
                  ? html`<button type="button" @click=${() => {
                      this.errors = noErrors();
                      this.concluding = r;
                    }}>${t('joint.conclude')}</button>`
                  : nothing}</td>
              </tr>`,
            )}</tbody>
          </table>`
        : nothing}
      ${this.#list.moreButton()}
      ${this.concluding ? this.#dialog(this.concluding) : nothing}`;
  }

  #dialog(r: Referral) {
    const e = this.errors.fields;
    return modal({
      id: 'outcome-dialog',
      title: `${t('joint.conclude')}：${r.venueName}`,
      onClose: () => {
        this.concluding = undefined;
      },
      body: html`<form novalidate @submit=${this.#submit}>
        ${formSummary(this.errors)}
        <p class="muted">${this.#agencies(r)} · ${r.reason}</p>
        ${selectField({ id: 'outcome-outcome', name: 'outcome', label: t('joint.outcome'), value: 'rectified', options: OUTCOMES.map((o) => ({ value: o, label: t(`joint.outcome.${o}` as MessageKey) })), errors: e.outcome })}
        ${textareaField({ id: 'outcome-note', name: 'note', label: t('joint.note'), value: '', errors: e.note })}
        ${dialogActions({ submitLabel: t('joint.conclude'), busy: this.busy })}
      </form>`,
    });
  }
}

customElements.define('gw-joint-enforcement', GwJointEnforcement);
