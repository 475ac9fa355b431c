/**
 * <gw-registration-review>: 待审核登记 — residents' self-registrations (扫码登记) waiting in my grids,
 * masked. Each is confirmed (a new household at the address the resident gave, through the registry),
 * merged into the registered person the ID number's blind index matched, or rejected with a reason.
 * Every decision carries the version read: a 409 says someone decided first and the queue reloads.
 * Above the queue, today's figures per grid and category. Works on a phone (cards, one column).
 */
import { html, nothing } from 'lit';
import { ulid } from 'ulid';
import type { Grid } from '../../../../shared/domain/grid';
import { RELATIONSHIPS } from '../../../../shared/domain/residents/person';
import type { SubmissionView } from '../../../../shared/domain/self-registration/submission';
import { api, ApiError, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { announce, GwElement } from '../../ui/base';
import { dialogActions, modal } from '../../ui/dialog';
import { gridTree, label, tenantToday, when } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { type FormErrors, formErrors, formSummary, noErrors, readForm, selectField, textareaField } from '../../ui/form';
import { loadState } from '../../ui/load-state';
import { addressLine, categoryName, loadResidentRules } from '../residents/residents-ui';
import { figuresTable, type RegistrationFigures } from './figures';
import './self-registration.css';

const reg = api.api['self-registration'];
type Open = { kind: 'confirm' | 'reject'; s: SubmissionView; personId: string; householdId: string } | undefined;

class GwRegistrationReview extends GwElement {
  static override properties = { items: { state: true }, figures: { state: true }, error: { state: true }, open: { state: true }, busy: { state: true }, errors: { state: true } };
  declare items: SubmissionView[] | undefined;
  declare figures: RegistrationFigures | undefined;
  declare error: string | undefined;
  declare open: Open;
  declare busy: boolean;
  declare errors: FormErrors;
  #grids: Grid[] = [];

  constructor() {
    super();
    this.busy = false;
    this.errors = noErrors();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      const [queue, figures, grids] = await Promise.all([ok(reg.submissions.$get({ query: { limit: '100' } })), ok(reg.figures.$get({ query: { date: tenantToday() } })), gridTree(), loadResidentRules()]);
      this.#grids = grids;
      this.items = queue.items;
      this.figures = figures;
      this.error = undefined;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  #gridName = (id?: string) => (id && id !== '~' ? (this.#grids.find((g) => g.id === id)?.name ?? id) : t('srq.tenantWide'));

  /** Send a decision; a stale version (someone decided first) reloads the queue and says so. */
  async #decide(s: SubmissionView, json: Parameters<(typeof reg.submissions)[':submissionId']['decision']['$post']>[0]['json'], done: string) {
    this.busy = true;
    try {
      await ok(reg.submissions[':submissionId'].decision.$post({ param: { submissionId: s.id }, json }));
      this.open = undefined;
      announce(done);
      await this.#load();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        this.open = undefined;
        announce(t('srq.stale'));
        await this.#load();
      } else this.errors = formErrors(error, ['reason', 'gridId', 'relationship', 'householdId', 'newHouseholdId']);
    } finally {
      this.busy = false;
    }
  }

  #confirm(event: SubmitEvent, o: NonNullable<Open>) {
    event.preventDefault();
    const f = readForm(event.target as HTMLFormElement);
    const relationship = f.text('relationship') as (typeof RELATIONSHIPS)[number];
    const gridId = o.s.gridId ? undefined : f.text('gridId');
    void this.#decide(o.s, { action: 'confirm', version: o.s.version, personId: o.personId, newHouseholdId: o.householdId, relationship, ...(gridId ? { gridId } : {}) }, t('srq.confirmed'));
  }

  #reject(event: SubmitEvent, o: NonNullable<Open>) {
    event.preventDefault();
    void this.#decide(o.s, { action: 'reject', version: o.s.version, reason: readForm(event.target as HTMLFormElement).text('reason') }, t('srq.rejected'));
  }

  #merge(s: SubmissionView) {
    const m = s.match!;
    if (!confirm(t('srq.mergeAsk', { name: m.name }))) return;
    void this.#decide(s, { action: 'merge', version: s.version, householdId: m.householdId, personId: m.personId }, t('srq.merged'));
  }

  #card(s: SubmissionView) {
    return html`<li class="card registration" data-submission-id=${s.id}>
      <div class="row"><strong>${s.name}</strong> <span class="chip">${categoryName(s.category)}</span> <span class="muted">${this.#gridName(s.gridId)}</span></div>
      <dl class="facts">
        <dt>${t('reg.idNumber')}</dt><dd>${s.idNumber}</dd>
        <dt>${t('reg.phone')}</dt><dd>${s.phone}</dd>
        <dt>${t('reg.address')}</dt><dd>${s.address ? addressLine(s.address) : ''}${s.householdNumber ? ` ${t('srq.householdNo', { n: s.householdNumber })}` : ''}</dd>
        <dt>${t('reg.arrivedFrom')}</dt><dd>${s.arrivedFrom ?? '—'} · ${s.arrivedOn}</dd>
        <dt>${t('srq.submittedAt')}</dt><dd>${when(s.submittedAt)}</dd>
      </dl>
      ${s.match ? html`<p class="notice match">${t('srq.match', { name: s.match.name, grid: this.#gridName(s.match.gridId) })}</p>` : nothing}
      <div class="actions">
        ${s.match
          ? html`<button type="button" class="primary" @click=${() => this.#merge(s)}>${t('srq.merge')}</button>`
          : html`<button type="button" class="primary" ?disabled=${!s.address} title=${s.address ? '' : t('srq.noAddress')} @click=${() => this.#openDialog('confirm', s)}>${t('srq.confirm')}</button>`}
        <button type="button" class="quiet" @click=${() => this.#openDialog('reject', s)}>${t('srq.reject')}</button>
      </div>
      ${!s.match && !s.address ? html`<p class="muted">${t('srq.noAddress')}</p>` : nothing}
    </li>`;
  }

  /** One id pair per opened dialog: a resent confirm after a lost answer is the same person and household. */
  #openDialog(kind: 'confirm' | 'reject', s: SubmissionView) {
    this.errors = noErrors();
    this.open = { kind, s, personId: ulid(), householdId: ulid() };
  }

  #dialog(o: NonNullable<Open>) {
    const close = () => (this.open = undefined);
    if (o.kind === 'reject') {
      return modal({
        id: 'srq-reject',
        title: t('srq.rejectTitle', { name: o.s.name }),
        onClose: close,
        body: html`<form @submit=${(e: SubmitEvent) => this.#reject(e, o)} novalidate>${formSummary(this.errors)}
          ${textareaField({ id: 'srq-reason', name: 'reason', label: t('srq.reason'), hint: t('srq.reasonHint'), value: '', rows: 3, errors: this.errors.fields.reason })}
          ${dialogActions({ submitLabel: t('srq.reject'), busy: this.busy, danger: true })}</form>`,
      });
    }
    const active = this.#grids.filter((g) => g.status === 'active');
    return modal({
      id: 'srq-confirm',
      title: t('srq.confirmTitle', { name: o.s.name }),
      onClose: close,
      body: html`<form @submit=${(e: SubmitEvent) => this.#confirm(e, o)} novalidate>${formSummary(this.errors)}
        <p>${t('srq.confirmHint', { address: o.s.address ? addressLine(o.s.address) : '' })}</p>
        ${o.s.gridId ? nothing : selectField({ id: 'srq-grid', name: 'gridId', label: t('srq.grid'), value: active[0]?.id ?? '', options: active.map((g) => ({ value: g.id, label: g.name })), errors: this.errors.fields.gridId })}
        ${selectField({ id: 'srq-relationship', name: 'relationship', label: t('srq.relationship'), value: 'householder', options: RELATIONSHIPS.map((r) => ({ value: r, label: label('relationship', r) })), errors: this.errors.fields.relationship })}
        ${dialogActions({ submitLabel: t('srq.confirm'), busy: this.busy })}</form>`,
    });
  }

  override render() {
    return html`<div class="screen-head"><h1>${t('nav.registrationReview')}</h1></div>
      <p class="muted">${t('srq.intro')}</p>
      ${this.figures ? figuresTable(this.figures, this.#gridName) : nothing}
      ${this.error && this.items ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${loadState(this.items, this.items ? undefined : this.error, { retry: () => this.#load(), empty: t('srq.empty') })}
      <h2 class="sr-only">${t('srq.queue')}</h2>
      <ul class="registration-queue">${(this.items ?? []).map((s) => this.#card(s))}</ul>
      ${this.open ? this.#dialog(this.open) : nothing}`;
  }
}

customElements.define('gw-registration-review', GwRegistrationReview);
