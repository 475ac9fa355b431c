/**
 * <gw-enforcement>: 挂牌督办 — the black-card register (which venues are carded now, since when, why,
 * issued by whom or by what) and the suspensions awaiting a decision (停业整顿: approve / reject from
 * the list). As `#/must-check` it is the industry authority's daily 必查 list: its black-carded
 * venues (the API gives an authority only its kinds) and whether each was inspected today.
 */
import { html, nothing } from 'lit';
import type { Venue } from '../../../../shared/domain/venues/venue';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { href, route } from '../../nav';
import { roles } from '../../session';
import { Watch } from '../../store';
import { announce, GwElement } from '../../ui/base';
import { dialogActions, modal } from '../../ui/dialog';
import { errorMessage } from '../../ui/errors';
import { fieldError, formSummary, noErrors, readForm, sendForm, textareaField, type FormErrors } from '../../ui/form';
import { kindName, loadKinds, tenantToday, venueKinds, when } from '../../ui/domain';
import { loadState } from '../../ui/load-state';
import { reasonText } from '../../ui/stored-reason';
import { tenantDay, userNames } from '../office-parts';

type Decision = 'approve-suspension' | 'reject-suspension' | 'remove-black-card';

class GwEnforcement extends GwElement {
  static override properties = {
    blackCards: { state: true },
    suspensions: { state: true },
    names: { state: true },
    loadError: { state: true },
    dialog: { state: true },
    errors: { state: true },
    busy: { state: true },
  };
  declare blackCards: Venue[] | undefined;
  declare suspensions: Venue[] | undefined;
  declare names: Map<string, string>;
  declare loadError: string | undefined;
  declare dialog: { kind: Decision; venue: Venue } | undefined;
  declare errors: FormErrors;
  declare busy: boolean;

  constructor() {
    super();
    this.names = new Map();
    this.errors = noErrors();
    this.busy = false;
    new Watch(this, [venueKinds]);
  }

  /** The authority's daily list, or the office's register. */
  get #mustCheck() {
    return route.value === 'must-check';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadKinds();
    void this.#load();
    void userNames().then((n) => {
      this.names = n;
    });
  }

  async #load() {
    try {
      const [black, susp] = await Promise.all([
        ok(api.api.enforcement['black-cards'].$get()),
        this.#mustCheck ? Promise.resolve({ items: [] }) : ok(api.api.enforcement.suspensions.$get()),
      ]);
      this.blackCards = [...black.items].sort((a, b) => (a.blackCard?.since ?? '').localeCompare(b.blackCard?.since ?? ''));
      this.suspensions = susp.items;
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  /** A display name; an id only for the roles that cannot list users (the source says enough then). */
  #who(id?: string) {
    return id ? (this.names.get(id) ?? '') : '';
  }

  #submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const d = this.dialog;
    if (!d) return;
    const form = event.target as HTMLFormElement;
    const param = { venueId: d.venue.id };
    const json = { version: d.venue.version, reason: readForm(form).text('reason') };
    const v = api.api.venues[':venueId'];
    await sendForm(this, ['reason', 'version'], async () => {
      if (d.kind === 'approve-suspension') await ok(v.suspension.approve.$post({ param, json }));
      else if (d.kind === 'reject-suspension') await ok(v.suspension.reject.$post({ param, json }));
      else await ok(v['black-card'].remove.$post({ param, json }));
      form.closest('dialog')?.close();
      announce(t(`ladder.${d.kind}.done` as MessageKey, { name: d.venue.name }));
      await this.#load();
    });
  };

  override render() {
    const title = this.#mustCheck ? t('office.mustCheck.title') : t('office.enforcement.title');
    return html`<div class="screen-head"><h1>${title}</h1></div>
      ${this.#mustCheck ? html`<p class="muted">${t('office.mustCheck.hint', { date: tenantToday() })}</p>` : nothing}
      ${loadState(this.blackCards, this.loadError, { retry: () => this.#load() })}
      ${this.blackCards ? this.#register(this.blackCards) : nothing}
      ${this.suspensions && !this.#mustCheck ? this.#pending(this.suspensions) : nothing}
      ${this.dialog ? this.#dialogView(this.dialog) : nothing}`;
  }

  #register(items: Venue[]) {
    const today = tenantToday();
    const supervisor = roles().includes('supervisor');
    return html`<section class="card" aria-labelledby="bc-title">
      <h2 id="bc-title">${t('office.blackCards', { n: items.length })}</h2>
      ${items.length === 0 ? html`<p class="muted">${t('office.blackCards.none')}</p>` : nothing}
      ${items.length
        ? html`<table class="cards" data-testid="black-card-register">
            <thead><tr>
              <th scope="col">${t('problems.venue')}</th><th scope="col">${t('venues.kind')}</th><th scope="col">${t('office.since')}</th>
              <th scope="col">${t('ladder.reason')}</th><th scope="col">${t('office.issuedBy')}</th>
              ${this.#mustCheck ? html`<th scope="col">${t('office.today')}</th>` : html`<th scope="col">${t('common.actions')}</th>`}
            </tr></thead>
            <tbody>${items.map((v) => {
              const card = v.blackCard;
              const checked = v.lastInspectedAt !== undefined && tenantDay(v.lastInspectedAt) === today;
              return html`<tr data-venue-id=${v.id}>
                <th scope="row"><a href=${href('venues', v.id)}>${v.name}</a> <span class="muted">${v.address}</span></th>
                <td data-label=${t('venues.kind')}>${kindName(v.kind)}</td>
                <td data-label=${t('office.since')}>${card ? when(card.since) : '—'}</td>
                <td data-label=${t('ladder.reason')}>${reasonText(card)}</td>
                <td data-label=${t('office.issuedBy')}>${t(`office.source.${card?.source ?? 'supervisor'}` as MessageKey)}${this.#who(card?.by) ? html` · ${this.#who(card?.by)}` : nothing}</td>
                ${this.#mustCheck
                  ? html`<td data-label=${t('office.today')}><span class="badge ${checked ? 'done' : 'must'}">${checked ? t('office.checkedToday') : t('office.notCheckedToday')}</span></td>`
                  : html`<td class="row-actions">${supervisor ? html`<button type="button" @click=${() => this.#open('remove-black-card', v)}>${t('ladder.remove-black-card')}</button>` : nothing}</td>`}
              </tr>`;
            })}</tbody>
          </table>`
        : nothing}
    </section>`;
  }

  #pending(items: Venue[]) {
    const pending = items.filter((v) => v.suspension?.state === 'recommended');
    const supervisor = roles().includes('supervisor');
    return html`<section class="card" aria-labelledby="susp-title">
      <h2 id="susp-title">${t('problems.suspensionsPending', { n: pending.length })}</h2>
      ${pending.length === 0 ? html`<p class="muted">${t('common.none')}</p>` : nothing}
      ${pending.length
        ? html`<table class="cards" data-testid="suspensions-pending">
            <thead><tr>
              <th scope="col">${t('problems.venue')}</th><th scope="col">${t('office.recommendedAt')}</th><th scope="col">${t('office.recommendedBy')}</th>
              <th scope="col">${t('ladder.reason')}</th><th scope="col">${t('common.actions')}</th>
            </tr></thead>
            <tbody>${pending.map(
              (v) => html`<tr data-venue-id=${v.id}>
                <th scope="row"><a href=${href('venues', v.id)}>${v.name}</a> <span class="muted">${kindName(v.kind)}</span></th>
                <td data-label=${t('office.recommendedAt')}>${v.suspension ? when(v.suspension.recommendedAt) : ''}</td>
                <td data-label=${t('office.recommendedBy')}>${this.#who(v.suspension?.recommendedBy) || '—'}</td>
                <td data-label=${t('ladder.reason')}>${reasonText(v.suspension)}</td>
                <td class="row-actions">${supervisor
                  ? html`<button type="button" class="primary" @click=${() => this.#open('approve-suspension', v)}>${t('ladder.approve-suspension')}</button>
                      <button type="button" @click=${() => this.#open('reject-suspension', v)}>${t('ladder.reject-suspension')}</button>`
                  : nothing}</td>
              </tr>`,
            )}</tbody>
          </table>`
        : nothing}
    </section>`;
  }

  #open(kind: Decision, venue: Venue) {
    this.errors = noErrors();
    this.dialog = { kind, venue };
  }

  #dialogView(d: { kind: Decision; venue: Venue }) {
    const title = t(`ladder.${d.kind}` as MessageKey);
    return modal({
      id: 'decision-dialog',
      title: `${title}：${d.venue.name}`,
      onClose: () => {
        this.dialog = undefined;
      },
      body: html`<form novalidate @submit=${this.#submit}>
        ${formSummary(this.errors)}
        ${textareaField({ id: 'decision-reason', name: 'reason', label: t('ladder.reason'), value: '', errors: this.errors.fields.reason })}
        ${fieldError(this.errors.fields.version)}
        ${dialogActions({ submitLabel: title, busy: this.busy, danger: d.kind === 'reject-suspension' })}
      </form>`,
    });
  }
}

customElements.define('gw-enforcement', GwEnforcement);
