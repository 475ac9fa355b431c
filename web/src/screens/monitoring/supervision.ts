/**
 * <gw-monitoring>: 居家监测 — supervisors' desktop view: follow-up figures per grid rolled up (under
 * monitoring, due / done / missed today, fevers, open alerts, % followed today, % followed all days,
 * % lost), the 14-day trend, the open alerts (acknowledge, resolve with a note; escalated first), and a
 * person's temperature graph over the episode (opening the file is in the access log).
 */
import { html, nothing } from 'lit';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { href } from '../../nav';
import { announce, GwElement } from '../../ui/base';
import { label, when } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { loadState } from '../../ui/load-state';

type Figures = Awaited<ReturnType<typeof loadFigures>>;
type Alerts = Awaited<ReturnType<typeof loadAlerts>>['items'];
type EpisodeFile = Awaited<ReturnType<typeof loadFile>>;
const loadFigures = () => ok(api.api.monitoring.figures.$get({ query: {} }));
const loadAlerts = () => ok(api.api.monitoring.alerts.$get({ query: {} }));
const loadFile = (episodeId: string) => ok(api.api.monitoring.episodes[':episodeId'].$get({ param: { episodeId } }));
const pct = (n: number | undefined) => (n === undefined ? '—' : `${n}%`);

class GwMonitoring extends GwElement {
  static override properties = {
    figures: { state: true },
    alerts: { state: true },
    file: { state: true },
    loadError: { state: true },
    actionError: { state: true },
  };
  declare figures: Figures | undefined;
  declare alerts: Alerts | undefined;
  declare file: EpisodeFile | undefined;
  declare loadError: string | undefined;
  declare actionError: string | undefined;
  #charts: (() => void)[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const stop of this.#charts.splice(0)) stop();
  }

  async #load() {
    try {
      [this.figures, this.alerts] = await Promise.all([loadFigures(), loadAlerts().then((r) => r.items)]);
      this.loadError = undefined;
      await this.updateComplete;
      await this.#drawTrend();
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  async #drawTrend() {
    const el = this.querySelector<HTMLElement>('#monitoring-trend');
    if (!el || !this.figures) return;
    const { lineChart } = await import('../../ui/charts');
    const days = this.figures.trend;
    this.#charts.push(
      lineChart(el, t('mon.date'), days.map((d) => d.date), [
        { label: t('mon.due'), values: days.map((d) => d.due), color: '#90a4ae' },
        { label: t('mon.done'), values: days.map((d) => d.done), color: '#2e7d32' },
        { label: t('mon.missed'), values: days.map((d) => d.missed), color: '#c62828', dash: [4, 4] },
      ]),
    );
  }

  async #showGraph(episodeId: string) {
    try {
      this.file = await loadFile(episodeId);
      await this.updateComplete;
      const el = this.querySelector<HTMLElement>('#temperature-graph');
      if (!el) return;
      const { timeChart } = await import('../../ui/charts');
      const readings = this.file.readings;
      this.#charts.push(timeChart(el, t('mon.raised'), readings.map((r) => r.takenAt), { label: t('mon.graph'), values: readings.map((r) => r.temperature), color: '#1565c0' }, { min: 35, max: 41, threshold: 37.3 }));
    } catch (error) {
      this.actionError = errorMessage(error);
    }
  }

  async #act(alertId: string, action: 'acknowledge' | 'resolve', version: number) {
    try {
      const param = { alertId };
      if (action === 'acknowledge') {
        await ok(api.api.monitoring.alerts[':alertId'].acknowledge.$post({ param, json: { version } }));
        announce(t('mon.acknowledged'));
      } else {
        const note = this.querySelector<HTMLInputElement>(`#note-${alertId}`)?.value.trim() ?? '';
        await ok(api.api.monitoring.alerts[':alertId'].resolve.$post({ param, json: { version, note } }));
        announce(t('mon.resolved'));
      }
      this.actionError = undefined;
      this.alerts = (await loadAlerts()).items;
    } catch (error) {
      this.actionError = errorMessage(error);
    }
  }

  #figures(f: Figures) {
    const row = (name: string, c: Record<string, number>, rates: Figures['rates'], head = false) => html`<tr class=${head ? 'total' : ''}>
      <th scope="row" data-label=${t('mon.grid')}>${name}</th>
      <td data-label=${t('mon.under')}>${c.underMonitoring ?? 0}</td>
      <td data-label=${t('mon.dueDone')}>${c.due ?? 0} / ${c.done ?? 0}</td>
      <td data-label=${t('mon.missed')}>${c.missed ?? 0}</td>
      <td data-label=${t('mon.fevers')}>${c.fevers ?? 0}</td>
      <td data-label=${t('mon.openAlerts')}>${c.openAlerts ?? 0}</td>
      <td data-label=${t('mon.followedToday')}>${pct(rates.followedToday)}</td>
      <td data-label=${t('mon.followedAll')}>${pct(rates.followedAllDays)}</td>
      <td data-label=${t('mon.lostRate')}>${pct(rates.lost)}</td>
    </tr>`;
    return html`<table class="cards" id="monitoring-figures">
      <thead><tr>${(['mon.grid', 'mon.under', 'mon.dueDone', 'mon.missed', 'mon.fevers', 'mon.openAlerts', 'mon.followedToday', 'mon.followedAll', 'mon.lostRate'] as const).map((k) => html`<th scope="col">${t(k)}</th>`)}</tr></thead>
      <tbody>
        ${row(t('mon.total'), f.total, f.rates, true)}
        ${f.grids.filter((g) => Object.keys(g.total).length).map((g) => row(`${'　'.repeat(Math.max(0, g.path.split('/').length - 3))}${g.name}`, g.total, g.rates))}
      </tbody>
    </table>`;
  }

  #alerts(alerts: Alerts) {
    if (!alerts.length) return html`<p class="muted">${t('mon.noAlerts')}</p>`;
    return html`<table class="cards" id="monitoring-alerts">
      <thead><tr><th scope="col">${t('mon.kind')}</th><th scope="col">${t('mon.person')}</th><th scope="col">${t('mon.raised')}</th><th scope="col">${t('mon.status')}</th><th scope="col">${t('mon.owner')}</th><th scope="col"><span class="sr-only">${t('common.actions')}</span></th></tr></thead>
      <tbody>
        ${alerts.map(
          (a) => html`<tr data-alert-id=${a.id} class=${a.escalated ? 'escalated' : ''}>
            <td data-label=${t('mon.kind')}>${label('alertKind', a.kind)}${a.escalated ? html` <span class="chip warn">${t('mon.escalated')}</span>` : nothing}${a.windowKey ? html` <span class="muted">${a.windowKey.replace('#', ' ')}</span>` : nothing}</td>
            <td data-label=${t('mon.person')}><button type="button" class="link" @click=${() => this.#showGraph(a.episodeId)}>${a.nameMasked}</button> <a href=${href('monitoring-episode', a.episodeId)}>${t('mon.file')}</a></td>
            <td data-label=${t('mon.raised')}>${when(a.raisedAt)}</td>
            <td data-label=${t('mon.status')}>${label('alertStatus', a.status)}</td>
            <td data-label=${t('mon.owner')}>${a.owner ?? '—'}</td>
            <td>
              ${a.status === 'open' ? html`<button type="button" @click=${() => this.#act(a.id, 'acknowledge', a.version)}>${t('mon.acknowledge')}</button>` : nothing}
              <input id=${`note-${a.id}`} aria-label=${t('mon.note')} placeholder=${t('mon.note')} />
              <button type="button" class="primary" @click=${() => this.#act(a.id, 'resolve', a.version)}>${t('mon.resolve')}</button>
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  override render() {
    const f = this.figures;
    return html`<div class="screen-head"><h1>${t('nav.monitoring')}</h1></div>
      <p class="muted">${t('mon.intro')}</p>
      ${loadState(f, this.loadError, { retry: () => this.#load() })}
      ${this.actionError ? html`<p class="error" role="alert">${this.actionError}</p>` : nothing}
      ${f
        ? html`<section><h2>${t('mon.figures')} · ${f.date}</h2>${this.#figures(f)}</section>
            <section><h2>${t('mon.trend')}</h2><div id="monitoring-trend" class="chart"></div></section>
            <section><h2>${t('mon.alerts')}</h2>${this.#alerts(this.alerts ?? [])}</section>`
        : nothing}
      ${this.file
        ? html`<section class="card" id="temperature-file">
            <h2>${t('mon.showGraph')} · ${this.file.episode.nameMasked} · ${label('episodeType', this.file.episode.type)} ${this.file.episode.startedAt.slice(0, 10)} – ${this.file.episode.lastDay}</h2>
            <div id="temperature-graph" class="chart"></div>
            <table class="cards"><tbody>${this.file.readings.map((r) => html`<tr><td>${when(r.takenAt)}</td><td class=${r.fever ? 'error' : ''}>${r.temperature} °C</td><td>${r.symptoms.map((s) => label('symptom', s)).join('、') || '—'}</td><td>${label('readingMethod', r.method)}</td></tr>`)}</tbody></table>
          </section>`
        : nothing}`;
  }
}

customElements.define('gw-monitoring', GwMonitoring);
