/**
 * <gw-daily-report>: 日报 (日排查日报告) of any past day — `#/daily-report?date=…&grid=…`: the
 * figures of the tenant or a grid (with its subtree), its child grids (click to go down) and its
 * people, a page at a time. A day without a report says so (the close runs after the day ends).
 */
import { html, nothing } from 'lit';
import type { DailyReport } from '../../../shared/domain/report';
import { api, ok } from '../api/client';
import { formatNumber, t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { navigate, routeArgs } from '../nav';
import { GwElement } from '../ui/base';
import { errorMessage } from '../ui/errors';
import { addDays, label, tenantToday, when } from '../ui/domain';
import { loadState } from '../ui/load-state';
import './testing/day-section';
import './checkpoints/day';
import { monitoringReportSection } from './monitoring/report-section';
import { pushedReportSection } from './pushed-lists/report-section';
import './venues/joint-day';

const FIGURES = [
  'quota',
  'done',
  'shortfall',
  'metQuota',
  'inspectors',
  'onLeave',
  'inspections',
  'failedInspections',
  'problemsFound',
  'problemsClosed',
  'mandatoryMissed',
  'blackCardsIssued',
  'blackCardsRemoved',
] as const;

class GwDailyReport extends GwElement {
  static override properties = { report: { state: true }, loadError: { state: true }, more: { state: true } };
  declare report: DailyReport | undefined;
  declare loadError: string | undefined;
  declare more: boolean;

  get #date() {
    return routeArgs.value.query.get('date') ?? addDays(tenantToday(), -1);
  }
  get #grid() {
    return routeArgs.value.query.get('grid') ?? '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(cursor?: string) {
    try {
      const grid = this.#grid;
      const page = await ok(
        api.api.reports.daily[':date'].$get({ param: { date: this.#date }, query: { limit: '50', ...(grid ? { grid } : {}), ...(cursor ? { cursor } : {}) } }),
      );
      this.report = cursor && this.report ? { ...page, inspectors: [...this.report.inspectors, ...page.inspectors] } : page;
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  #go(q: { date?: string; grid?: string }) {
    const next = { date: this.#date, grid: this.#grid, ...q };
    navigate('daily-report', undefined, Object.fromEntries(Object.entries(next).filter(([, v]) => v)) as Record<string, string>);
  }

  override render() {
    const r = this.report;
    const yesterday = addDays(tenantToday(), -1);
    return html`<div class="screen-head"><h1>${t('report.title')}</h1></div>
      <div class="toolbar no-print">
        <div class="field inline">
          <label for="report-date">${t('dash.date')}</label>
          <input id="report-date" type="date" max=${yesterday} .value=${this.#date} @change=${(e: Event) => this.#go({ date: (e.target as HTMLInputElement).value || yesterday })} />
        </div>
        ${this.#grid ? html`<button type="button" @click=${() => this.#go({ grid: r?.grid?.parentId ?? '' })}>↑ ${t('report.up')}</button>` : nothing}
        <button type="button" @click=${() => window.print()}>${t('report.print')}</button>
      </div>
      ${loadState(r, this.loadError)}
      ${r ? this.#body(r) : nothing}
      ${r ? html`<gw-joint-day .date=${r.date} .grid=${this.#grid || undefined}></gw-joint-day>` : nothing}
      ${r ? html`<gw-testing-day .date=${r.date} .grid=${this.#grid || undefined}></gw-testing-day>` : nothing}
      ${r ? html`<gw-checkpoint-day .date=${r.date} .grid=${this.#grid || undefined}></gw-checkpoint-day>` : nothing}`;
  }

  #body(r: DailyReport) {
    const f = r.figures;
    return html`<h2>${r.grid ? r.grid.name : r.combinedOf ? t('report.combined', { n: r.combinedOf.length }) : t('dash.wholeTenant')} · ${r.date}</h2>
      ${r.status !== 'closed' || !f
        ? html`<p class="card empty" data-testid="report-status">${label('reportStatus', r.status)} — ${t('report.notClosedHint')}</p>`
        : html`<p class="muted">${t('dash.closedAt', { at: r.close?.closedAt ? when(r.close.closedAt) : '—' })}${r.lateSyncPending ? ` · ${t('dash.lateSync')}` : ''}</p>
            <dl class="stat-grid figures">
              ${FIGURES.map((k) => html`<div class="stat card"><dt class="stat-label">${t(`fig.${k}` as MessageKey)}</dt><dd><strong>${formatNumber(f[k])}</strong></dd></div>`)}
            </dl>
            ${monitoringReportSection(r.monitoring)}
            ${r.children.length
              ? html`<h3>${t('report.children')}</h3>
                  <table class="cards">
                    <thead><tr><th scope="col">${t('dash.grid')}</th><th scope="col">${t('dash.done')} / ${t('dash.quota')}</th><th scope="col">${t('dash.shortfall')}</th><th scope="col">${t('dash.inspections')}</th><th scope="col">${t('dash.problemsFound')}</th></tr></thead>
                    <tbody>${r.children.map(
                      (c) => html`<tr>
                        <th scope="row"><button type="button" class="link" @click=${() => this.#go({ grid: c.gridId })}>${c.name}</button></th>
                        <td data-label=${`${t('dash.done')} / ${t('dash.quota')}`}>${c.done} / ${c.quota}</td>
                        <td data-label=${t('dash.shortfall')}>${c.shortfall}</td>
                        <td data-label=${t('dash.inspections')}>${c.inspections}</td>
                        <td data-label=${t('dash.problemsFound')}>${c.problemsFound}</td>
                      </tr>`,
                    )}</tbody>
                  </table>`
              : nothing}
            <h3>${t('report.people')}</h3>
            ${r.inspectors.length === 0 ? html`<p class="muted">${t('common.none')}</p>` : nothing}
            <table class="cards" ?hidden=${r.inspectors.length === 0}>
              <thead><tr><th scope="col">${t('report.person')}</th><th scope="col">${t('dash.done')} / ${t('dash.quota')}</th><th scope="col">${t('dash.shortfall')}</th><th scope="col">${t('dash.inspections')}</th><th scope="col">${t('fig.mandatoryMissed')}</th></tr></thead>
              <tbody>${r.inspectors.map(
                (p) => html`<tr>
                  <th scope="row">${p.displayName ?? p.inspectorId}${p.onLeave ? html` <span class="badge">${t('users.onLeaveShort')}</span>` : nothing}</th>
                  <td data-label=${`${t('dash.done')} / ${t('dash.quota')}`}>${p.done} / ${p.quota}</td>
                  <td data-label=${t('dash.shortfall')}><span class=${p.shortfall ? 'error' : ''}>${p.shortfall}</span></td>
                  <td data-label=${t('dash.inspections')}>${p.inspections}</td>
                  <td data-label=${t('fig.mandatoryMissed')}>${p.mandatoryMissed.length}</td>
                </tr>`,
              )}</tbody>
            </table>
            ${r.cursor ? html`<p class="pager"><button type="button" @click=${() => this.#load(r.cursor)}>${t('common.more')}</button></p>` : nothing}`}
      ${pushedReportSection(r.pushedLists)}`;
  }
}

customElements.define('gw-daily-report', GwDailyReport);
