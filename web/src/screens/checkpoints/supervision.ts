/**
 * <gw-checkpoints>: 卡口 for the supervisor chain — a day's counts rolled up the grid tree (town →
 * village → checkpoint) per shift, for my grids or one of them; the open alerts of held (red-code)
 * vehicles at my checkpoints or going to my grids; and the checkpoints' set-up (<gw-checkpoint-setup>).
 */
import { html } from 'lit';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { GwElement } from '../../ui/base';
import { gridTree, tenantToday } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { loadState } from '../../ui/load-state';
import './day';
import './setup';

type Alerts = Awaited<ReturnType<typeof loadAlerts>>['items'];
const loadAlerts = () => ok(api.api.checkpoints.alerts.$get({ query: {} }));

class GwCheckpoints extends GwElement {
  static override properties = { date: { state: true }, grid: { state: true }, grids: { state: true }, alerts: { state: true }, names: { state: true }, loadError: { state: true } };
  declare date: string;
  /** The grid whose subtree is counted ('' for all of mine), and the grids to choose from. */
  declare grid: string;
  declare grids: { id: string; name: string; level: number }[];
  declare alerts: Alerts | undefined;
  declare loadError: string | undefined;
  /** Grid names by id (where a held vehicle was going). */
  declare names: Map<string, string>;

  constructor() {
    super();
    this.date = tenantToday();
    this.names = new Map();
    this.grid = '';
    this.grids = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    gridTree().then(
      (grids) => {
        this.names = new Map(grids.map((g) => [g.id, g.name]));
        this.grids = grids.filter((g) => g.status === 'active');
      },
      () => undefined,
    );
    loadAlerts().then(
      (a) => { this.alerts = a.items; },
      (e) => { this.loadError = errorMessage(e); },
    );
  }

  /** A grid's name; while the tree loads, an ellipsis (an id means nothing to a reader). */
  #gridName = (id: string) => this.names.get(id) ?? '…';

  override render() {
    return html`<div class="screen-head"><h1>${t('nav.checkpoints')}</h1>
        <label>${t('ck.date')} <input type="date" .value=${this.date} @change=${(e: Event) => { this.date = (e.target as HTMLInputElement).value || tenantToday(); }} /></label>
        <label>${t('ck.grid')} <select @change=${(e: Event) => { this.grid = (e.target as HTMLSelectElement).value; }}>
          <option value="">${t('ck.allGrids')}</option>
          ${this.grids.map((g) => html`<option value=${g.id} ?selected=${g.id === this.grid}>${'　'.repeat(g.level - 1)}${g.name}</option>`)}
        </select></label>
      </div>
      <gw-checkpoint-day .date=${this.date} .grid=${this.grid || undefined}></gw-checkpoint-day>
      <h2>${t('ck.alerts')}</h2>
      ${loadState(this.alerts, this.loadError, { empty: t('ck.noAlerts') })}
      <ul class="checkpoint-alerts">${(this.alerts ?? []).map(
        (a) => html`<li class="card" data-alert-id=${a.id}><strong>${a.plate}</strong> · ${a.checkpointName} · ${t('ck.alertLine', { occupants: a.occupants, from: a.from })}${a.destinationGridId ? ` · ${t('ck.goingTo', { grid: this.#gridName(a.destinationGridId) })}` : ''} · ${new Date(a.raisedAt).toLocaleString()}</li>`,
      )}</ul>
      <gw-checkpoint-setup @checkpoints-changed=${() => (this.querySelector('gw-checkpoint-day') as (HTMLElement & { reload(): Promise<void> }) | null)?.reload()}></gw-checkpoint-setup>`;
  }
}

customElements.define('gw-checkpoints', GwCheckpoints);
