/**
 * <gw-venue-check-ins>: on a venue's page, its visitors' check-ins (场所码 scans by the public) today and
 * over the last 7 days, day by day. Supervisors and tenant admins may ask who was there between two
 * times for a traced case (流调): a reason is required, the API writes it to the access log before it
 * answers, and the unmasked answer stays in the dialog only.
 */
import { html, nothing } from 'lit';
import { instantOfLocalInput, localInputValue, zoneLabel } from '../../../../shared/domain/local-time-input';
import { api, ok } from '../../api/client';
import { formatNumber, t } from '../../i18n/i18n';
import { roles, session } from '../../session';
import { GwElement } from '../../ui/base';
import { dialogActions, modal } from '../../ui/dialog';
import { addDays, label, tenantToday, when } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { type FormErrors, formErrors, formSummary, inputField, noErrors, readForm, textareaField } from '../../ui/form';
import './self-registration.css';

const checkIns = api.api['check-ins'];
type Visitor = { id: string; at: string; kind: 'phone' | 'person-code'; visitor: string };
const mayTrace = () => roles().some((r) => r === 'supervisor' || r === 'tenant-admin');
/** The times are the district's (the tenant profile's zone), whatever the device's zone: the trace is in its hours. */
const tenantZone = () => session.value?.tenantProfile?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;

class GwVenueCheckIns extends GwElement {
  static override properties = { venueId: { type: String }, days: { state: true }, error: { state: true }, open: { state: true }, busy: { state: true }, errors: { state: true }, visitors: { state: true } };
  declare venueId: string;
  declare days: { day: string; checkIns: number }[] | undefined;
  declare error: string | undefined;
  declare open: boolean;
  declare busy: boolean;
  declare errors: FormErrors;
  declare visitors: Visitor[] | undefined;

  constructor() {
    super();
    this.open = false;
    this.busy = false;
    this.errors = noErrors();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      this.days = (await ok(checkIns.venues[':venueId'].$get({ param: { venueId: this.venueId }, query: {} }))).days;
      this.error = undefined;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  async #ask(event: SubmitEvent) {
    event.preventDefault();
    const f = readForm(event.target as HTMLFormElement);
    // Typed on the tenant's clock; what is not a time goes as typed, for the API to name the field.
    const iso = (v: string) => instantOfLocalInput(v, tenantZone())?.toISOString() ?? v;
    this.busy = true;
    try {
      const json = { from: iso(f.text('from')), to: iso(f.text('to')), reason: f.text('reason') };
      this.visitors = (await ok(checkIns.venues[':venueId'].visitors.$post({ param: { venueId: this.venueId }, json }))).items;
      this.errors = noErrors();
    } catch (error) {
      this.errors = formErrors(error, ['from', 'to', 'reason']);
    } finally {
      this.busy = false;
    }
  }

  #dialog() {
    const e = this.errors.fields;
    const now = Date.now();
    const zone = tenantZone();
    const at = (ms: number) => localInputValue(new Date(ms), zone);
    return modal({
      id: 'vci-visitors',
      title: t('vci.visitors'),
      onClose: () => {
        this.open = false;
        this.visitors = undefined;
      },
      body: html`<form @submit=${this.#ask} novalidate>${formSummary(this.errors)}
          <p class="muted">${t('vci.visitorsHint')}</p>
          <p class="muted" data-testid="vci-zone">${t('vci.zone', { zone: zoneLabel(zone, new Date(now)) })}</p>
          ${inputField({ id: 'vci-from', name: 'from', label: t('vci.from'), type: 'datetime-local', value: at(now - 2 * 3_600_000), errors: e.from })}
          ${inputField({ id: 'vci-to', name: 'to', label: t('vci.to'), type: 'datetime-local', value: at(now), errors: e.to })}
          ${textareaField({ id: 'vci-reason', name: 'reason', label: t('vci.reason'), hint: t('vci.reasonHint'), value: '', rows: 2, errors: e.reason })}
          ${dialogActions({ submitLabel: t('vci.query'), busy: this.busy })}
        </form>
        ${this.visitors
          ? html`<p role="status">${t('vci.found', { n: this.visitors.length })}</p>
              ${this.visitors.length
                ? html`<table class="cards compact visitors">
                    <thead><tr><th scope="col">${t('vci.time')}</th><th scope="col">${t('vci.visitor')}</th></tr></thead>
                    <tbody>${this.visitors.map((v) => html`<tr><td data-label=${t('vci.time')}>${when(v.at)}</td><td data-label=${t('vci.visitor')}>${label('vci.kind', v.kind)} ${v.visitor}</td></tr>`)}</tbody>
                  </table>`
                : nothing}`
          : nothing}`,
    });
  }

  override render() {
    const today = tenantToday();
    const week = Array.from({ length: 7 }, (_, i) => addDays(today, i - 6));
    const count = (day: string) => this.days?.find((d) => d.day === day)?.checkIns ?? 0;
    return html`<section class="card venue-check-ins" aria-labelledby="vci-title">
      <h2 id="vci-title">${t('vci.title')}</h2>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${this.days
        ? html`<dl class="figures">
              <div><dt>${t('vci.today')}</dt><dd data-figure="today">${formatNumber(count(today))}</dd></div>
              <div><dt>${t('vci.week')}</dt><dd data-figure="week">${formatNumber(week.reduce((n, d) => n + count(d), 0))}</dd></div>
            </dl>
            <table class="compact check-in-days"><thead><tr>${week.map((d) => html`<th scope="col">${Number(d.slice(5, 7))}/${Number(d.slice(8))}</th>`)}</tr></thead>
              <tbody><tr>${week.map((d) => html`<td>${formatNumber(count(d))}</td>`)}</tr></tbody></table>`
        : this.error
          ? nothing
          : html`<p class="muted" role="status">${t('common.loading')}</p>`}
      ${mayTrace() ? html`<p><button type="button" class="quiet" @click=${() => (this.open = true)}>${t('vci.visitors')}</button></p>` : nothing}
      ${this.open ? this.#dialog() : nothing}
    </section>`;
  }
}

customElements.define('gw-venue-check-ins', GwVenueCheckIns);
