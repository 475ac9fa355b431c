/**
 * <gw-testing>: 全员检测 — supervisors' and admins' view of testing rounds: the rounds (plan one), a
 * round's coverage per grid as bars (target behind tested) with the figures in a table, coloured
 * like the 三色 map, today's samples per site beside its capacity (site-days.ts), the lab's result files (lab-import.ts: upload, progress, errors), and the
 * positive-result alerts (resolve with a note, or start the proposed home monitoring).
 */
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { ulid } from 'ulid';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { announce, GwElement } from '../../ui/base';
import { label, when } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { loadState } from '../../ui/load-state';
import { categoryName, loadResidentRules, residentRules } from '../residents/residents-ui';
import './lab-import';
import './site-days';

type Rounds = Awaited<ReturnType<typeof loadRounds>>['items'];
type Coverage = Awaited<ReturnType<typeof loadCoverage>>;
type Alerts = Awaited<ReturnType<typeof loadAlerts>>['items'];
const loadRounds = () => ok(api.api.testing.rounds.$get());
const loadCoverage = (roundId: string) => ok(api.api.testing.rounds[':roundId'].coverage.$get({ param: { roundId }, query: {} }));
const loadAlerts = () => ok(api.api.testing.alerts.$get({ query: {} }));
const pct = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

class GwTesting extends GwElement {
  static override properties = {
    rounds: { state: true },
    coverage: { state: true },
    alerts: { state: true },
    loadError: { state: true },
    formError: { state: true },
    planning: { state: true },
  };
  declare rounds: Rounds | undefined;
  declare coverage: Coverage | undefined;
  declare alerts: Alerts | undefined;
  declare loadError: string | undefined;
  declare formError: string | undefined;
  declare planning: boolean;
  #stopChart?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopChart?.();
  }

  async #load(roundId?: string) {
    try {
      [this.rounds, this.alerts] = await Promise.all([loadRounds().then((r) => r.items), loadAlerts().then((r) => r.items), loadResidentRules().catch(() => undefined)]);
      const chosen = roundId ?? this.coverage?.round.id ?? this.rounds.find((r) => r.status === 'running')?.id ?? this.rounds[0]?.id;
      if (chosen) await this.#show(chosen);
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  async #show(roundId: string) {
    this.coverage = await loadCoverage(roundId);
    await this.updateComplete;
    const el = this.querySelector<HTMLElement>('#coverage-chart');
    if (!el) return;
    const { barChart } = await import('../../ui/charts');
    this.#stopChart?.();
    // Level-2 grids (villages, communities): the level sites and door-to-door work are organised by.
    const grids = this.coverage.grids.filter((g) => g.path.split('/').length - 2 === 2);
    this.#stopChart = barChart(el, t('test.grid'), grids.map((g) => g.name), [
      { label: t('test.target'), values: grids.map((g) => g.target), color: '#cfd8dc', width: 0.8 },
      { label: t('test.tested'), values: grids.map((g) => g.tested), color: '#2e7d32', width: 0.45 },
    ]);
  }

  #plan = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const startsAt = new Date(String(data.get('startsAt'))).toISOString();
    const endsAt = new Date(String(data.get('endsAt'))).toISOString();
    try {
      const round = await ok(
        api.api.testing.rounds.$post({ json: { id: ulid(), number: Number(data.get('number')), name: String(data.get('name')), startsAt, endsAt, exemptCategories: data.getAll('exempt').map(String) } }),
      );
      this.planning = false;
      this.formError = undefined;
      announce(t('test.planned'));
      await this.#load(round.id);
    } catch (error) {
      this.formError = errorMessage(error);
    }
  };

  async #resolve(alert: Alerts[number]) {
    try {
      const note = this.querySelector<HTMLInputElement>(`#note-${alert.id}`)?.value.trim() ?? '';
      await ok(api.api.testing.alerts[':alertId'].resolve.$post({ param: { alertId: alert.id }, json: { version: alert.version, note } }));
      announce(t('test.resolved'));
      this.alerts = (await loadAlerts()).items;
    } catch (error) {
      this.formError = errorMessage(error);
    }
  }

  async #startMonitoring(alert: Alerts[number]) {
    try {
      const episode = await ok(api.api.monitoring.episodes.$post({ json: { id: ulid(), ...alert.proposedEpisode, reason: 'other', note: t('test.positiveNote', { round: alert.roundId.slice(-6), sample: alert.sampleId }) } }));
      await ok(api.api.testing.alerts[':alertId'].resolve.$post({ param: { alertId: alert.id }, json: { version: alert.version, note: t('test.monitoringStarted'), episodeId: episode.id } }));
      announce(t('test.monitoringStarted'));
      this.alerts = (await loadAlerts()).items;
    } catch (error) {
      this.formError = errorMessage(error);
    }
  }

  #form() {
    const categories = residentRules.value?.personCategories ?? [];
    return html`<form class="card stack" id="round-form" @submit=${this.#plan}>
      <label>${t('test.number')} <input name="number" type="number" min="1" max="999" required /></label>
      <label>${t('test.name')} <input name="name" required maxlength="60" /></label>
      <label>${t('test.startsAt')} <input name="startsAt" type="datetime-local" required /></label>
      <label>${t('test.endsAt')} <input name="endsAt" type="datetime-local" required /></label>
      <fieldset><legend>${t('test.exempt')}</legend>
        ${categories.map((c) => html`<label class="check"><input type="checkbox" name="exempt" value=${c.code} /> ${categoryName(c.code)}</label>`)}
      </fieldset>
      ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : nothing}
      <button type="submit" class="primary">${t('test.plan')}</button>
    </form>`;
  }

  #coverageTable(c: Coverage) {
    const row = (g: Coverage['grids'][number]) => html`<tr data-grid=${g.id}>
      <th scope="row" data-label=${t('test.grid')}><span class="density ${g.colour === 'none' ? '' : g.colour}" aria-hidden="true"></span> ${g.name}</th>
      <td data-label=${t('test.target')}>${g.target}</td>
      <td data-label=${t('test.tested')}>${g.tested}</td>
      <td data-label=${t('test.rate')}>${pct(g.rate)}</td>
      <td data-label=${t('test.times')}>${g.times}</td>
      <td data-label=${t('test.positive')}>${g.positive}</td>
    </tr>`;
    return html`<table class="cards" id="coverage-table">
      <thead><tr>${(['test.grid', 'test.target', 'test.tested', 'test.rate', 'test.times', 'test.positive'] as const).map((k) => html`<th scope="col">${t(k)}</th>`)}</tr></thead>
      <tbody>
        <tr class="total"><th scope="row">${t('test.total')}</th><td>${c.total.target}</td><td>${c.total.tested}</td><td>${pct(c.total.rate)}</td><td>${c.total.times}</td><td>${c.total.positive}</td></tr>
        ${c.grids.map(row)}
      </tbody>
    </table>`;
  }

  #alerts(alerts: Alerts) {
    if (!alerts.length) return html`<p class="muted">${t('test.noAlerts')}</p>`;
    return html`<ul class="alert-list">
      ${alerts.map(
        (a) => html`<li class="card stack" data-alert-id=${a.id}>
          <strong class="error">${t('test.positiveAlert')}</strong> ${a.nameMasked} · ${t('test.sample')} ${a.sampleId} · ${when(a.raisedAt)}
          <div class="row">
            <button type="button" class="primary" @click=${() => this.#startMonitoring(a)}>${t('test.startMonitoring')}</button>
            <input id=${`note-${a.id}`} placeholder=${t('test.note')} aria-label=${t('test.note')} />
            <button type="button" @click=${() => this.#resolve(a)}>${t('test.resolve')}</button>
          </div>
        </li>`,
      )}
    </ul>`;
  }

  override render() {
    const c = this.coverage;
    return html`<div class="screen-head"><h1>${t('nav.testing')}</h1>
        <button type="button" @click=${() => { this.planning = !this.planning; }}>${t('test.plan')}</button></div>
      ${this.planning ? this.#form() : nothing}
      ${loadState(this.rounds, this.loadError, { retry: () => this.#load(), empty: t('test.noRounds') })}
      ${this.rounds?.length
        ? html`<label>${t('test.round')} <select id="round-select" @change=${(e: Event) => this.#show((e.target as HTMLSelectElement).value)}>
            ${this.rounds.map((r) => html`<option value=${r.id} ?selected=${r.id === c?.round.id}>${t('test.roundLabel', { number: r.number, name: r.name })} · ${label('test.status', r.status)}</option>`)}
          </select></label>`
        : nothing}
      ${c
        ? html`<section><h2>${t('test.coverage')}</h2>
            <p class="notice" role="status">${t('test.summary', { tested: c.total.tested, target: c.total.target, rate: pct(c.total.rate), times: c.total.times })}</p>
            <div id="coverage-chart" class="chart"></div>
            ${this.#coverageTable(c)}
            ${keyed(c.round.id, html`<gw-test-site-days round-id=${c.round.id}></gw-test-site-days>`)}</section>
            ${keyed(c.round.id, html`<gw-lab-import round-id=${c.round.id}></gw-lab-import>`)}`
        : nothing}
      <section><h2>${t('test.alerts')}</h2>${this.alerts ? this.#alerts(this.alerts) : nothing}</section>`;
  }
}

customElements.define('gw-testing', GwTesting);
