/**
 * <gw-pushed-routing>: 待分派 — rows of pushed lists that neither the registry (ID number, phone) nor
 * the address rules placed. A supervisor reads the masked row (where from, the address's start) and
 * assigns it to a grid; its members get it on their task board, due today.
 */
import { html, nothing } from 'lit';
import type { Grid } from '../../../../shared/domain/grid';
import type { Task } from '../../../../shared/domain/pushed-lists/task';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { roles, session } from '../../session';
import { announce, GwElement } from '../../ui/base';
import { gridTree, label, when } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { loadState } from '../../ui/load-state';

const tasks = api.api['pushed-tasks'];

class GwPushedRouting extends GwElement {
  static override properties = { items: { state: true }, grids: { state: true }, error: { state: true } };
  declare items: Task[] | undefined;
  declare grids: Grid[];
  declare error: string | undefined;

  constructor() {
    super();
    this.grids = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      const [queue, grids] = await Promise.all([ok(tasks.routing.$get({ query: { limit: '100' } })), gridTree()]);
      // A supervisor of some grids (when the rules let them route) routes into those grids only.
      const mine = roles().includes('tenant-admin') ? [] : (session.value?.user.gridIds ?? []);
      this.grids = grids.filter((g) => g.status === 'active' && (!mine.length || mine.some((id) => g.path.includes(`/${id}/`))));
      this.items = queue.items;
      this.error = undefined;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  async #route(event: SubmitEvent, task: Task) {
    event.preventDefault();
    const gridId = String(new FormData(event.target as HTMLFormElement).get('gridId') ?? '');
    try {
      await ok(tasks[':taskId'].route.$post({ param: { taskId: task.id }, json: { version: task.version, gridId } }));
      announce(t('pl.routed'));
      await this.#load();
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  override render() {
    return html`<div class="screen-head"><h1>${t('nav.pushedRouting')}</h1></div>
      <p class="muted">${t('pl.routingIntro')}</p>
      ${this.error && this.items ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${loadState(this.items, this.items ? undefined : this.error, { retry: () => this.#load(), empty: t('pl.noRouting') })}
      ${this.items && !this.items.length ? html`<p class="muted">${t('pl.noRouting')}</p>` : nothing}
      <ul class="pushed-routing">
        ${(this.items ?? []).map(
          (task) => html`<li class="card" data-task-id=${task.id}>
            <div class="row"><strong>${task.name}</strong> <span class="chip risk-${task.riskLevel}">${label('risk', task.riskLevel)}</span> <span class="muted">${task.phone ?? ''}</span></div>
            <p class="muted">${task.address ?? '—'}${task.arrivedFrom ? ` · ${t('pl.from', { place: task.arrivedFrom })}` : ''} · ${task.source ?? ''} · ${when(task.receivedAt)}</p>
            <form class="inline" @submit=${(e: SubmitEvent) => this.#route(e, task)}>
              <label>${t('pl.routeTo')} <select name="gridId">${this.grids.map((g) => html`<option value=${g.id}>${g.path.split('/').length > 3 ? '　'.repeat(g.path.split('/').length - 3) : ''}${g.name}</option>`)}</select></label>
              <button type="submit" class="primary">${t('pl.route')}</button>
            </form>
          </li>`,
        )}
      </ul>`;
  }
}

customElements.define('gw-pushed-routing', GwPushedRouting);
