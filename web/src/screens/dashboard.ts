/**
 * <gw-dashboard>: 看板 for supervisors (and admins). `#/dashboard?date=…&grid=…` (day) or
 * `?from=…&to=…&grid=…` (range).
 *
 * Day: quota completion by child grid (bar chart: done in front of quota), a 14-day trend line,
 * the shortfall list by inspector (click one for their list that day), open and overdue problems,
 * black-carded venues and inspections with authenticity flags; click a grid to go down to its
 * children, down to the venues of a grid without children. A closed day's figures come from its
 * daily report (GET /api/reports/daily); a day not closed yet (today) is counted live from the
 * day's plan (quotas) and the inspections received so far (done = distinct venues per inspector),
 * and says so. Range: the trend over the days and a table of each day's figures.
 * The chart library is loaded by this screen only (ui/charts.ts).
 */
import { html, nothing } from 'lit';
import type { Grid } from '../../../shared/domain/grid';
import type { Inspection } from '../../../shared/domain/venues/inspection';
import type { DayPlanView, PersonPlan } from '../../../shared/domain/venues/plan';
import type { CloseFiguresView, DailyReport, ReportRange } from '../../../shared/domain/report';
import type { Venue } from '../../../shared/domain/venues/venue';
import { ApiError, api, ok } from '../api/client';
import { formatNumber, onLanguageChange, t } from '../i18n/i18n';
import { href, navigate, routeArgs } from '../nav';
import { GwElement } from '../ui/base';
import { errorMessage } from '../ui/errors';
import { flagFigures, reasonText } from '../ui/stored-reason';
import { addDays, gridTree, itemName, kindName, label, loadKinds, tenantToday, type ProblemView, when } from '../ui/domain';
// The pushed lists' tile (推送名单核查), a chunk of its own loaded with the dashboard.
void import('./pushed-lists/tile');
// The busiest venues by visitors' check-ins (场所扫码登记), likewise.
void import('./self-registration/check-in-tile');
void import('./venues/joint-day');

/** One bar of the chart / row of the grid table. */
interface GridRow {
  grid: Grid;
  quota: number;
  done: number;
  inspections: number;
  shortfall: number;
  problemsFound?: number;
}

interface PersonRow {
  inspectorId: string;
  displayName?: string;
  quota: number;
  done: number;
  shortfall: number;
  inspections: number;
  onLeave: boolean;
}

interface DayData {
  live: boolean;
  report: DailyReport;
  rows: GridRow[];
  people: PersonRow[];
  totals: { quota: number; done: number; inspections: number; shortfall: number; problemsFound?: number; noticesIssued?: number; bulletinsIssued?: number };
  inspections: Inspection[];
  inspectionsCut: boolean;
  trend?: ReportRange;
}

const MAX_INSPECTION_PAGES = 10;
const TREND_DAYS = 14;

/** Distinct venues per inspector, summed: the quota counts venues, not visits. */
function doneOf(inspections: Inspection[]): number {
  return new Set(inspections.map((i) => `${i.inspectorId}|${i.venueId}`)).size;
}

class GwDashboard extends GwElement {
  static override properties = {
    grids: { state: true },
    day: { state: true },
    range: { state: true },
    openProblems: { state: true },
    overdue: { state: true },
    blackCards: { state: true },
    venues: { state: true },
    person: { state: true },
    loadError: { state: true },
    chartError: { state: true },
  };
  declare grids: Grid[] | undefined;
  declare day: DayData | undefined;
  declare range: ReportRange | undefined;
  declare openProblems: { items: ProblemView[]; more: boolean } | undefined;
  declare overdue: { items: ProblemView[]; more: boolean } | undefined;
  declare blackCards: Venue[] | undefined;
  declare venues: Venue[] | undefined;
  declare person: { id: string; plan?: PersonPlan; error?: string } | undefined;
  declare loadError: string | undefined;
  declare chartError: string | undefined;
  #undraw: (() => void)[] = [];

  get #q() {
    return routeArgs.value.query;
  }
  get #gridId() {
    return this.#q.get('grid') ?? '';
  }
  get #mode(): 'day' | 'range' {
    return this.#q.get('from') ? 'range' : 'day';
  }
  get #date() {
    return this.#q.get('date') ?? tenantToday();
  }

  #offLanguage?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    void loadKinds();
    void this.#load();
    // The charts' labels are drawn on canvas: draw them again in the new language.
    this.#offLanguage = onLanguageChange(() => void this.updateComplete.then(() => this.#draw()));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#offLanguage?.();
    for (const undraw of this.#undraw) undraw();
  }

  #go(params: Record<string, string | undefined>) {
    const q: Record<string, string> = {};
    const next = { grid: this.#gridId, ...(this.#mode === 'range' ? { from: this.#q.get('from') ?? '', to: this.#q.get('to') ?? '' } : { date: this.#date }), ...params };
    for (const [k, v] of Object.entries(next)) if (v) q[k] = v;
    navigate('dashboard', undefined, q);
  }

  get #grid(): Grid | undefined {
    return this.grids?.find((g) => g.id === this.#gridId);
  }

  /** The tops of my scope: the tenant's level-1 grids, or a subtree supervisor's own roots. */
  #tops(): Grid[] {
    const all = this.grids ?? [];
    const ids = new Set(all.map((g) => g.id));
    return all.filter((g) => g.status === 'active' && (!g.parentId || !ids.has(g.parentId)));
  }

  #children(): Grid[] {
    const g = this.#grid;
    return g ? (this.grids ?? []).filter((x) => x.status === 'active' && x.parentId === g.id) : this.#tops();
  }

  async #load() {
    try {
      this.grids = await gridTree();
      const grid = this.#gridId || undefined;
      const path = this.#grid?.path;
      const inScope = (p: string) => !path || p.startsWith(path);
      // Problems and black cards load beside the figures.
      void ok(api.api.problems.$get({ query: { status: 'open', limit: '200', ...(grid ? { grid } : {}) } }))
        .then((r) => {
          this.openProblems = { items: r.items, more: !!r.cursor };
        })
        .catch(() => {});
      void ok(api.api.problems.$get({ query: { status: 'overdue', limit: '50', ...(grid ? { grid } : {}) } }))
        .then((r) => {
          this.overdue = { items: r.items, more: !!r.cursor };
        })
        .catch(() => {});
      void ok(api.api.enforcement['black-cards'].$get())
        .then((r) => {
          this.blackCards = r.items.filter((v) => inScope(v.gridPath));
        })
        .catch(() => {});
      if (grid && this.#children().length === 0) {
        void ok(api.api.venues.$get({ query: { grid, limit: '100' } }))
          .then((r) => {
            this.venues = r.items;
          })
          .catch(() => {});
      }
      if (this.#mode === 'range') {
        const from = this.#q.get('from') ?? addDays(tenantToday(), -13);
        const to = this.#q.get('to') ?? tenantToday();
        this.range = await ok(api.api.reports.range.$get({ query: { from, to, ...(grid ? { grid } : {}) } }));
      } else {
        this.day = await this.#loadDay(this.#date, grid);
      }
      this.loadError = undefined;
      await this.updateComplete;
      await this.#draw();
    } catch (error) {
      // A report the API cannot give without a grid (an inspector's several grids): show the first of them.
      const first = this.#tops()[0];
      if (error instanceof ApiError && error.status === 400 && !this.#gridId && first) return this.#go({ grid: first.id });
      this.loadError = errorMessage(error);
    }
  }

  async #inspections(date: string, roots: Grid[]): Promise<{ items: Inspection[]; cut: boolean }> {
    const items: Inspection[] = [];
    let cut = false;
    for (const root of roots) {
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await ok(api.api.inspections['by-grid'].$get({ query: { date, grid: root.id, limit: '200', ...(cursor ? { cursor } : {}) } }));
        items.push(...page.items);
        cursor = page.cursor;
        pages += 1;
      } while (cursor && pages < MAX_INSPECTION_PAGES);
      if (cursor) cut = true;
    }
    return { items, cut };
  }

  async #loadDay(date: string, gridId?: string): Promise<DayData> {
    const grid = this.#grid;
    const children = this.#children();
    const roots = grid ? [grid] : this.#tops();
    const [report, inspections, trend] = await Promise.all([
      ok(api.api.reports.daily[':date'].$get({ param: { date }, query: { limit: '200', ...(gridId ? { grid: gridId } : {}) } })),
      this.#inspections(date, roots),
      ok(api.api.reports.range.$get({ query: { from: addDays(date, -(TREND_DAYS - 1)), to: date, ...(gridId ? { grid: gridId } : {}) } })).catch(() => undefined),
    ]);
    const within = (path: string | undefined, g: Grid) => !!path && path.startsWith(g.path);

    // Closed, or counted live by the server with the close's own rules (today): the same figures a range shows.
    if ((report.status === 'closed' || report.status === 'live') && report.figures) {
      const byId = new Map(report.children.map((c) => [c.gridId, c]));
      const rows: GridRow[] = children.map((g) => {
        const c = byId.get(g.id);
        return { grid: g, quota: c?.quota ?? 0, done: c?.done ?? 0, inspections: c?.inspections ?? 0, shortfall: c?.shortfall ?? 0, problemsFound: c?.problemsFound };
      });
      const people: PersonRow[] = report.inspectors.map((p) => ({ ...p, inspections: p.inspections }));
      const f: CloseFiguresView = report.figures;
      return {
        live: report.status === 'live',
        report,
        rows,
        people,
        totals: {
          quota: f.quota,
          done: f.done,
          inspections: f.inspections,
          shortfall: f.shortfall,
          problemsFound: f.problemsFound,
          noticesIssued: f.noticesIssued,
          bulletinsIssued: f.bulletinsIssued,
        },
        inspections: inspections.items,
        inspectionsCut: inspections.cut,
        trend,
      };
    }

    // Not closed yet: live figures from the plan's quotas and the inspections received so far.
    let plan: DayPlanView | undefined;
    try {
      plan = await ok(api.api.plans[':date'].$get({ param: { date }, query: {} }));
    } catch {
      plan = undefined;
    }
    const people = (plan?.people ?? []).filter((p) => !grid || within(p.homePath, grid));
    const personRows: PersonRow[] = people.map((p) => {
      const mine = inspections.items.filter((i) => i.inspectorId === p.inspectorId);
      const done = doneOf(mine);
      const quota = p.onLeave ? 0 : p.quota;
      return { inspectorId: p.inspectorId, displayName: p.displayName, quota, done, shortfall: Math.max(0, quota - done), inspections: mine.length, onLeave: p.onLeave };
    });
    const rows: GridRow[] = children.map((g) => {
      const ins = inspections.items.filter((i) => within(i.gridPath, g));
      const quota = people.filter((p) => within(p.homePath, g) && !p.onLeave).reduce((s, p) => s + p.quota, 0);
      const done = doneOf(ins);
      return { grid: g, quota, done, inspections: ins.length, shortfall: Math.max(0, quota - done), problemsFound: ins.reduce((s, i) => s + i.problemIds.length, 0) };
    });
    const quota = personRows.reduce((s, p) => s + p.quota, 0);
    return {
      live: true,
      report,
      rows,
      people: personRows,
      totals: {
        quota,
        done: doneOf(inspections.items),
        inspections: inspections.items.length,
        shortfall: personRows.reduce((s, p) => s + p.shortfall, 0),
        problemsFound: inspections.items.reduce((s, i) => s + i.problemIds.length, 0),
      },
      inspections: inspections.items,
      inspectionsCut: inspections.cut,
      trend,
    };
  }

  async #draw() {
    for (const undraw of this.#undraw.splice(0)) undraw();
    let charts: typeof import('../ui/charts');
    try {
      charts = await import('../ui/charts');
    } catch (error) {
      this.chartError = errorMessage(error);
      return;
    }
    this.chartError = undefined;
    const bars = this.querySelector<HTMLElement>('#chart-grids');
    if (bars && this.day?.rows.length) {
      const rows = this.day.rows;
      this.#undraw.push(
        charts.barChart(
          bars,
          t('dash.grid'),
          rows.map((r) => r.grid.name),
          [
            { label: t('dash.quota'), values: rows.map((r) => r.quota), color: '#c9d7ee', width: 0.75 },
            { label: t('dash.done'), values: rows.map((r) => r.done), color: '#1d5fbf', width: 0.4 },
          ],
        ),
      );
    }
    const trendEl = this.querySelector<HTMLElement>('#chart-trend');
    const trend = this.#mode === 'range' ? this.range : this.day?.trend;
    if (trendEl && trend) {
      const days = trend.days.map((d) => ({ ...d }));
      // Today is not closed: its live figures stand in for the missing report.
      const live = this.day?.live ? this.day : undefined;
      const last = days.at(-1);
      const liveLast = live && last && !last.figures && last.date === this.#date;
      const val = (d: (typeof days)[number], i: number, k: 'done' | 'quota' | 'inspections' | 'problemsFound') =>
        d.figures ? d.figures[k] : liveLast && i === days.length - 1 ? (live.totals[k] ?? null) : null;
      this.#undraw.push(
        charts.lineChart(
          trendEl,
          t('dash.date'),
          days.map((d) => d.date),
          [
            { label: t('dash.done'), values: days.map((d, i) => val(d, i, 'done')), color: '#1d5fbf' },
            { label: t('dash.quota'), values: days.map((d, i) => val(d, i, 'quota')), color: '#8a94a3', dash: [6, 4] },
            { label: t('dash.inspections'), values: days.map((d, i) => val(d, i, 'inspections')), color: '#1f7a3d' },
            { label: t('dash.problemsFound'), values: days.map((d, i) => val(d, i, 'problemsFound')), color: '#b42318' },
          ],
        ),
      );
    }
  }

  async #showPerson(id: string) {
    if (this.person?.id === id) {
      this.person = undefined;
      return;
    }
    this.person = { id };
    try {
      const r = await ok(api.api.plans[':date'].$get({ param: { date: this.#date }, query: { inspector: id } }));
      this.person = { id, plan: r.person ?? undefined };
    } catch (error) {
      this.person = { id, error: errorMessage(error) };
    }
  }

  override render() {
    const mode = this.#mode;
    return html`<div class="screen-head"><h1>${t('dash.title')}</h1></div>
      ${this.#controls(mode)} ${this.#breadcrumb()}
      ${this.loadError ? html`<div class="alert" role="alert">${this.loadError} <button type="button" class="link" @click=${() => this.#load()}>${t('common.retry')}</button></div>` : nothing}
      ${this.chartError ? html`<p class="alert" role="alert">${t('dash.chartOffline')}</p>` : nothing}
      ${mode === 'day' ? this.#dayView() : this.#rangeView()}
      <div class="dash-columns">${this.#problemsView()} ${this.#blackCardsView()}</div>
      <gw-pushed-tile></gw-pushed-tile>
      <gw-check-in-tile></gw-check-in-tile>
      ${this.#venuesView()}`;
  }

  #controls(mode: 'day' | 'range') {
    const today = tenantToday();
    return html`<div class="toolbar dash-controls">
      <div class="segmented" role="group" aria-label=${t('dash.mode')}>
        <button type="button" aria-pressed=${mode === 'day'} @click=${() => this.#go({ from: undefined, to: undefined, date: this.#date })}>${t('dash.day')}</button>
        <button type="button" aria-pressed=${mode === 'range'} @click=${() => this.#go({ date: undefined, from: addDays(today, -13), to: today })}>${t('dash.range')}</button>
      </div>
      ${mode === 'day'
        ? html`<div class="field inline"><label for="dash-date">${t('dash.date')}</label>
            <input id="dash-date" type="date" max=${today} .value=${this.#date} @change=${(e: Event) => this.#go({ date: (e.target as HTMLInputElement).value || today })} /></div>`
        : html`<form class="inline-form" @submit=${(e: SubmitEvent) => {
            e.preventDefault();
            const d = new FormData(e.target as HTMLFormElement);
            this.#go({ from: String(d.get('from')), to: String(d.get('to')) });
          }}>
            <div class="field inline"><label for="dash-from">${t('dash.from')}</label><input id="dash-from" name="from" type="date" max=${today} .value=${this.#q.get('from') ?? ''} /></div>
            <div class="field inline"><label for="dash-to">${t('dash.to')}</label><input id="dash-to" name="to" type="date" max=${today} .value=${this.#q.get('to') ?? ''} /></div>
            <button type="submit">${t('dash.show')}</button>
          </form>`}
    </div>`;
  }

  #breadcrumb() {
    const g = this.#grid;
    const chain = g ? g.path.split('/').filter(Boolean).map((id) => this.grids?.find((x) => x.id === id)).filter((x): x is Grid => !!x) : [];
    // A supervisor of subtrees starts from their roots combined (tops with a parent outside their scope).
    const tops = this.#tops();
    const whole = tops.some((top) => top.parentId) && tops.length > 1 ? t('report.combined', { n: tops.length }) : t('dash.wholeTenant');
    return html`<nav class="breadcrumb" aria-label=${t('dash.where')}>
      <ol>
        <li>${g ? html`<button type="button" class="link" @click=${() => this.#go({ grid: undefined })}>${whole}</button>` : html`<span aria-current="page">${whole}</span>`}</li>
        ${chain.map(
          (c, i) => html`<li>${i === chain.length - 1 ? html`<span aria-current="page">${c.name}</span>` : html`<button type="button" class="link" @click=${() => this.#go({ grid: c.id })}>${c.name}</button>`}</li>`,
        )}
      </ol>
    </nav>`;
  }

  #dayView() {
    const d = this.day;
    if (!d) return this.loadError ? nothing : html`<p class="muted" role="status">${t('common.loading')}</p>`;
    const pct = d.totals.quota > 0 ? Math.round((d.totals.done / d.totals.quota) * 100) : 0;
    return html`${d.live
        ? html`<p class="notice" role="status">${d.report.status === 'closing' ? t('dash.closing') : t('dash.live')}</p>`
        : html`<p class="muted">${t('dash.closedAt', { at: d.report.close?.closedAt ? when(d.report.close.closedAt) : '—' })}${d.report.lateSyncPending ? ` · ${t('dash.lateSync')}` : ''}</p>`}
      <div class="stat-grid" data-testid="dash-stats">
        <div class="stat card"><span class="stat-label">${t('dash.done')} / ${t('dash.quota')}</span><strong>${formatNumber(d.totals.done)} / ${formatNumber(d.totals.quota)}</strong><span class="muted">${pct}%</span></div>
        <div class="stat card"><span class="stat-label">${t('dash.inspections')}</span><strong data-testid="dash-inspections">${formatNumber(d.totals.inspections)}</strong></div>
        <div class="stat card"><span class="stat-label">${t('dash.shortfall')}</span><strong>${formatNumber(d.totals.shortfall)}</strong></div>
        <div class="stat card"><span class="stat-label">${t('dash.problemsFound')}</span><strong data-testid="dash-problems-found">${formatNumber(d.totals.problemsFound ?? 0)}</strong></div>
        <div class="stat card"><span class="stat-label">${t('dash.noticesIssued')}</span><strong data-testid="dash-notices">${d.totals.noticesIssued === undefined ? '—' : formatNumber(d.totals.noticesIssued)}</strong></div>
        <div class="stat card"><span class="stat-label">${t('dash.bulletinsIssued')}</span><strong data-testid="dash-bulletins">${d.totals.bulletinsIssued === undefined ? '—' : formatNumber(d.totals.bulletinsIssued)}</strong></div>
      </div>
      <div class="card"><gw-joint-day .date=${this.#date} .grid=${this.#gridId || undefined}></gw-joint-day></div>
      ${d.rows.length
        ? html`<section class="card" aria-labelledby="dash-grids-title">
            <h2 id="dash-grids-title">${t('dash.byGrid')}</h2>
            <div id="chart-grids" class="chart" role="img" aria-label=${t('dash.byGridChart')}></div>
            <table class="cards dash-table">
              <thead><tr><th scope="col">${t('dash.grid')}</th><th scope="col">${t('dash.done')} / ${t('dash.quota')}</th><th scope="col">${t('dash.inspections')}</th><th scope="col">${t('dash.shortfall')}</th><th scope="col">${t('dash.problemsFound')}</th></tr></thead>
              <tbody>${d.rows.map(
                (r) => html`<tr data-grid-id=${r.grid.id}>
                  <th scope="row"><button type="button" class="link" @click=${() => this.#go({ grid: r.grid.id })}>${r.grid.name}</button></th>
                  <td data-label=${`${t('dash.done')} / ${t('dash.quota')}`}>${r.done} / ${r.quota}</td>
                  <td data-label=${t('dash.inspections')}>${r.inspections}</td>
                  <td data-label=${t('dash.shortfall')}>${r.shortfall}</td>
                  <td data-label=${t('dash.problemsFound')}>${r.problemsFound ?? '—'}</td>
                </tr>`,
              )}</tbody>
            </table>
          </section>`
        : nothing}
      <section class="card" aria-labelledby="dash-trend-title">
        <h2 id="dash-trend-title">${t('dash.trend', { n: TREND_DAYS })}</h2>
        <div id="chart-trend" class="chart" role="img" aria-label=${t('dash.trendChart')}></div>
        ${d.trend?.days.every((x) => !x.figures) ? html`<p class="muted">${t('dash.noClosedDays')}</p>` : nothing}
      </section>
      ${this.#peopleView(d)} ${this.#flagsView(d)}`;
  }

  #peopleView(d: DayData) {
    const people = [...d.people].sort((a, b) => b.shortfall - a.shortfall || (a.displayName ?? '').localeCompare(b.displayName ?? ''));
    return html`<section class="card" aria-labelledby="dash-people-title">
      <h2 id="dash-people-title">${t('dash.shortfallByInspector')}</h2>
      ${people.length === 0 ? html`<p class="muted">${d.live ? t('dash.noPlan') : t('common.none')}</p>` : nothing}
      <ul class="people-list">
        ${people.map(
          (p) => html`<li data-inspector-id=${p.inspectorId}>
            <button type="button" class="person-row" aria-expanded=${this.person?.id === p.inspectorId ? 'true' : 'false'} @click=${() => this.#showPerson(p.inspectorId)}>
              <span class="person-name">${p.displayName ?? p.inspectorId}</span>
              <span class="person-figures">${p.done} / ${p.quota}${p.onLeave ? html` · <span class="badge">${t('users.onLeaveShort')}</span>` : nothing}
                ${p.shortfall ? html` · <span class="error">${t('dash.shortBy', { n: p.shortfall })}</span>` : html` · <span class="ok">✓</span>`}</span>
            </button>
            ${this.person?.id === p.inspectorId ? this.#personPlan() : nothing}
          </li>`,
        )}
      </ul>
    </section>`;
  }

  #personPlan() {
    const p = this.person;
    if (!p) return nothing;
    if (p.error) return html`<p class="alert">${p.error}</p>`;
    if (!p.plan) return html`<p class="muted">${t('common.loading')}</p>`;
    return html`<ol class="simple-list person-plan">${p.plan.items.map(
      (i) => html`<li>${i.done ? '✓' : '○'} <a href=${href('venues', i.venueId)}>${i.name}</a> · ${kindName(i.kind)}
        ${i.reason !== 'least-recently-inspected' ? html`<span class="badge reason-${i.reason}">${label('reason', i.reason)}</span>` : nothing}</li>`,
    )}</ol>`;
  }

  #flagsView(d: DayData) {
    const flagged = d.inspections.filter((i) => i.flags.length > 0);
    const names = new Map(d.people.map((p) => [p.inspectorId, p.displayName ?? p.inspectorId]));
    return html`<section class="card" aria-labelledby="dash-flags-title">
      <h2 id="dash-flags-title">${t('dash.flags', { n: flagged.length })}</h2>
      ${d.inspectionsCut ? html`<p class="muted">${t('dash.inspectionsCut')}</p>` : nothing}
      ${flagged.length === 0 ? html`<p class="muted">${t('common.none')}</p>` : nothing}
      <ul class="simple-list">${flagged.slice(0, 50).map(
        (i) => html`<li><a href=${href('venues', i.venueId)}>${i.venueName}</a> · <a href=${href('inspection', i.id)}>${when(i.endedAt)}</a> · ${names.get(i.inspectorId) ?? i.inspectorId}
          ${i.flags.map((f) => html` <span class="badge waiting" title=${flagFigures(f) || label('flag', f.code)}>${label('flag', f.code)}</span>`)}</li>`,
      )}</ul>
    </section>`;
  }

  #rangeView() {
    const r = this.range;
    if (!r) return this.loadError ? nothing : html`<p class="muted" role="status">${t('common.loading')}</p>`;
    const closed = r.days.filter((d) => d.figures);
    const sum = (k: keyof CloseFiguresView) => closed.reduce((s, d) => s + (d.figures?.[k] ?? 0), 0);
    return html`<div class="stat-grid">
        <div class="stat card"><span class="stat-label">${t('dash.done')} / ${t('dash.quota')}</span><strong>${formatNumber(sum('done'))} / ${formatNumber(sum('quota'))}</strong></div>
        <div class="stat card"><span class="stat-label">${t('dash.inspections')}</span><strong>${formatNumber(sum('inspections'))}</strong></div>
        <div class="stat card"><span class="stat-label">${t('dash.problemsFound')}</span><strong>${formatNumber(sum('problemsFound'))}</strong></div>
        <div class="stat card"><span class="stat-label">${t('dash.problemsClosed')}</span><strong>${formatNumber(sum('problemsClosed'))}</strong></div>
        <div class="stat card"><span class="stat-label">${t('dash.noticesIssued')}</span><strong data-testid="range-notices">${formatNumber(sum('noticesIssued'))}</strong></div>
        <div class="stat card"><span class="stat-label">${t('dash.bulletinsIssued')}</span><strong data-testid="range-bulletins">${formatNumber(sum('bulletinsIssued'))}</strong></div>
      </div>
      <section class="card" aria-labelledby="dash-trend-title">
        <h2 id="dash-trend-title">${t('dash.trendRange', { from: r.from, to: r.to })}</h2>
        <div id="chart-trend" class="chart" role="img" aria-label=${t('dash.trendChart')}></div>
        ${closed.length === 0 ? html`<p class="muted">${t('dash.noClosedDays')}</p>` : nothing}
        <table class="cards dash-table">
          <thead><tr><th scope="col">${t('dash.date')}</th><th scope="col">${t('dash.done')} / ${t('dash.quota')}</th><th scope="col">${t('dash.inspections')}</th><th scope="col">${t('dash.shortfall')}</th><th scope="col">${t('dash.problemsFound')}</th></tr></thead>
          <tbody>${r.days.map(
            (d) => html`<tr>
              <th scope="row"><button type="button" class="link" @click=${() => this.#go({ from: undefined, to: undefined, date: d.date })}>${d.date}</button></th>
              ${d.figures
                ? html`<td data-label=${`${t('dash.done')} / ${t('dash.quota')}`}>${d.figures.done} / ${d.figures.quota}</td>
                    <td data-label=${t('dash.inspections')}>${d.figures.inspections}</td>
                    <td data-label=${t('dash.shortfall')}>${d.figures.shortfall}</td>
                    <td data-label=${t('dash.problemsFound')}>${d.figures.problemsFound}</td>`
                : html`<td colspan="4" class="muted">${label('reportStatus', d.status)}</td>`}
            </tr>`,
          )}</tbody>
        </table>
      </section>`;
  }

  #problemsView() {
    const open = this.openProblems;
    const overdue = this.overdue;
    return html`<section class="card" aria-labelledby="dash-problems-title">
      <h2 id="dash-problems-title">${t('dash.problems')}</h2>
      <p><span data-testid="dash-open-problems">${t('dash.openN', { n: open ? `${open.items.length}${open.more ? '+' : ''}` : '…' })}</span> ·
        <span class=${overdue?.items.length ? 'error' : ''}>${t('dash.overdueN', { n: overdue ? `${overdue.items.length}${overdue.more ? '+' : ''}` : '…' })}</span>
        · <a href=${href('problems')}>${t('dash.toLedger')}</a></p>
      <ul class="simple-list">${(overdue?.items.length ? overdue.items : (open?.items ?? [])).slice(0, 10).map(
        (p) => html`<li><a href=${href('venues', p.venueId)}>${p.venueName}</a> · ${itemName(p)} · ${label('problemStatus', p.status)} ·
          <span class=${p.overdue ? 'error' : ''}>${p.deadline}</span></li>`,
      )}</ul>
    </section>`;
  }

  #blackCardsView() {
    const b = this.blackCards;
    return html`<section class="card" aria-labelledby="dash-black-title">
      <h2 id="dash-black-title">${t('dash.blackCards', { n: b?.length ?? 0 })}</h2>
      ${b?.length === 0 ? html`<p class="muted">${t('common.none')}</p>` : nothing}
      <ul class="simple-list">${(b ?? []).map((v) => html`<li><a href=${href('venues', v.id)}>${v.name}</a> · ${kindName(v.kind)} · ${reasonText(v.blackCard)}</li>`)}</ul>
    </section>`;
  }

  #venuesView() {
    if (!this.venues) return nothing;
    return html`<section class="card" aria-labelledby="dash-venues-title">
      <h2 id="dash-venues-title">${t('dash.venues', { n: this.venues.length })}</h2>
      <ul class="simple-list">${this.venues.map(
        (v) => html`<li><a href=${href('venues', v.id)}>${v.name}</a> · ${kindName(v.kind)} ·
          ${v.lastInspectedAt ? when(v.lastInspectedAt) : t('venue.never')}${v.openProblems ? html` · <span class="error">${t('venue.openProblemsN', { n: v.openProblems })}</span>` : nothing}</li>`,
      )}</ul>
    </section>`;
  }
}

customElements.define('gw-dashboard', GwDashboard);
