/**
 * <gw-pushed-lists>: 推送名单 — a supervisor or admin uploads a list pushed from above (CSV or xlsx),
 * the job matches it (person, address rules, routing queue) and this screen follows the progress:
 * received, matched, assigned, verified, overdue — in total and per grid rolled up — and the invalid
 * rows (masked). Recent lists below.
 */
import { html, nothing } from 'lit';
import type { PushedListEntry, PushedListView } from '../../../../shared/domain/pushed-lists/list';
import { PROGRESS_COUNTERS } from '../../../../shared/domain/pushed-lists/task';
import { api, ok, sendFile, toApiError } from '../../api/client';
import { formatDateTime, formatNumber, language, t } from '../../i18n/i18n';
import { GwElement } from '../../ui/base';
import { label, when } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import './list-export';

const POLL_MS = 1000;
const lists = api.api['pushed-lists'];
type Recent = PushedListEntry;
/** What a supervisor of some grids sees per list in the index: their grids' sums. */
const SCOPED_COUNTERS = ['received', 'verified', 'overdue'] as const;

class GwPushedLists extends GwElement {
  static override properties = { current: { state: true }, recent: { state: true }, error: { state: true }, busy: { state: true } };
  declare current: PushedListView | undefined;
  declare recent: Recent[] | undefined;
  declare error: string | undefined;
  declare busy: boolean;
  #timer?: ReturnType<typeof setTimeout>;

  constructor() {
    super();
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#loadRecent();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
  }

  async #loadRecent() {
    try {
      this.recent = (await ok(lists.$get({ query: { limit: '10' } }))).items;
      if (!this.current && this.recent[0]) void this.#show(this.recent[0].id);
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  async #upload(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    const name = (form.elements.namedItem('name') as HTMLInputElement).value.trim() || file?.name || '';
    if (!file) {
      this.error = t('pl.chooseFile');
      return;
    }
    this.busy = true;
    this.error = undefined;
    clearTimeout(this.#timer);
    try {
      const announced = await ok(lists.$post({ json: { name, fileName: file.name, size: file.size, format: /\.xlsx$/i.test(file.name) ? 'xlsx' : 'csv' } }));
      const sent = await sendFile(announced.upload, file);
      if (!sent.ok) throw await toApiError(sent);
      await ok(lists[':listId'].start.$post({ param: { listId: announced.list.id } }));
      form.reset();
      await this.#show(announced.list.id);
      void this.#loadRecent();
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.busy = false;
    }
  }

  async #show(listId: string) {
    clearTimeout(this.#timer);
    try {
      this.current = await ok(lists[':listId'].$get({ param: { listId } }));
    } catch (error) {
      this.error = errorMessage(error);
      return;
    }
    if (this.current.status === 'queued' || this.current.status === 'running') this.#timer = setTimeout(() => this.#show(listId), POLL_MS);
  }

  #progress(c: PushedListView) {
    return html`<section class="card pushed-progress" data-list-id=${c.id} aria-labelledby="pl-progress-title">
      <h2 id="pl-progress-title">${c.name} · <span data-testid="list-status">${label('plStatus', c.status)}</span></h2>
      ${c.status === 'done' ? html`<gw-pushed-list-export list-id=${c.id}></gw-pushed-list-export>` : nothing}
      <p class="muted">${t('pl.readLine', { rows: formatNumber(c.rows), invalid: formatNumber(c.invalid), duplicates: formatNumber(c.duplicates) })}</p>
      ${c.scoped ? html`<p class="muted" data-testid="list-scoped">${t('pl.scoped')}</p>` : nothing}
      ${c.failure ? html`<p class="alert" role="alert">${language() === 'zh-CN' ? (c.failureZh ?? c.failure) : c.failure}</p>` : nothing}
      ${c.purgedAt ? html`<p class="muted" data-testid="list-purged">${t('pl.purged', { at: formatDateTime(c.purgedAt) })}</p>` : nothing}
      <dl class="figures">${PROGRESS_COUNTERS.map((k) => html`<div><dt>${t(`pl.${k}`)}</dt><dd data-counter=${k}>${formatNumber(c.progress[k])}</dd></div>`)}</dl>
      ${c.grids.length
        ? html`<table class="cards pushed-grids">
            <thead><tr><th scope="col">${t('pl.grid')}</th>${PROGRESS_COUNTERS.map((k) => html`<th scope="col">${t(`pl.${k}`)}</th>`)}</tr></thead>
            <tbody>${c.grids.map(
              (g) => html`<tr>
                <th scope="row" style="padding-left:${(g.path.split('/').length - 3) * 1}em">${g.name}</th>
                ${PROGRESS_COUNTERS.map((k) => html`<td data-label=${t(`pl.${k}`)}>${formatNumber(g.progress[k])}</td>`)}
              </tr>`,
            )}</tbody>
          </table>`
        : nothing}
      ${c.errors.length
        ? html`<h3>${t('pl.errors')}</h3>
            <table class="cards import-errors">
              <thead><tr><th scope="col">${t('pl.line')}</th><th scope="col">${t('pl.field')}</th><th scope="col">${t('pl.value')}</th><th scope="col">${t('pl.message')}</th></tr></thead>
              <tbody>${c.errors.map(
                (e) => html`<tr><th scope="row">${e.line}</th><td data-label=${t('pl.field')}>${e.field}</td><td data-label=${t('pl.value')}>${e.value ?? '—'}</td><td data-label=${t('pl.message')}>${language() === 'zh-CN' ? e.messageZh : e.message}</td></tr>`,
              )}</tbody>
            </table>`
        : nothing}
    </section>`;
  }

  override render() {
    return html`<div class="screen-head"><h1>${t('nav.pushedLists')}</h1></div>
      <p class="muted">${t('pl.intro')}</p>
      <form class="card import-form" novalidate @submit=${this.#upload}>
        <div class="field">
          <label for="pl-name">${t('pl.name')}</label>
          <input id="pl-name" name="name" maxlength="100" />
        </div>
        <div class="field">
          <label for="pl-file">${t('pl.file')}</label>
          <input id="pl-file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="pl-file-hint" />
          <p class="hint" id="pl-file-hint">${t('pl.fileHint')}</p>
        </div>
        ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
        <button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? t('pl.uploading') : t('pl.upload')}</button>
      </form>
      ${this.current ? this.#progress(this.current) : nothing}
      ${this.recent?.length ? this.#recent(this.recent) : nothing}`;
  }

  #recent(recent: Recent[]) {
    // A supervisor of some grids gets every entry scoped: their grids' counts, not the list's rows.
    const scoped = recent.some((l) => l.scoped);
    const counts = (l: Recent) =>
      scoped
        ? SCOPED_COUNTERS.map((k) => html`<td data-label=${t(`pl.${k}`)} data-counter=${k}>${formatNumber(l.progress?.[k] ?? 0)}</td>`)
        : html`<td data-label=${t('pl.rows')}>${formatNumber(l.rows)}</td>`;
    return html`<section class="import-recent">
      <h2>${t('pl.recent')}</h2>
      ${scoped ? html`<p class="muted" data-testid="recent-scoped">${t('pl.scoped')}</p>` : nothing}
      <table class="cards">
        <thead><tr><th scope="col">${t('pl.name')}</th><th scope="col">${t('pl.status')}</th>${scoped ? SCOPED_COUNTERS.map((k) => html`<th scope="col">${t(`pl.${k}`)}</th>`) : html`<th scope="col">${t('pl.rows')}</th>`}<th scope="col">${t('pl.createdAt')}</th><th scope="col"><span class="sr-only">${t('common.actions')}</span></th></tr></thead>
        <tbody>${recent.map(
          (l) => html`<tr data-list-id=${l.id}>
            <th scope="row">${l.name}</th>
            <td data-label=${t('pl.status')}>${label('plStatus', l.status)}</td>
            ${counts(l)}
            <td data-label=${t('pl.createdAt')}>${when(l.createdAt)}</td>
            <td><button type="button" @click=${() => this.#show(l.id)}>${t('pl.show')}</button></td>
          </tr>`,
        )}</tbody>
      </table>
    </section>`;
  }
}

customElements.define('gw-pushed-lists', GwPushedLists);
