/**
 * <gw-access-log>: 访问日志 — tenant admins read who opened, looked up or unmasked whose personal data,
 * when, why and from where: by day (default today), by person or household, or by user, newest first.
 */
import { html, nothing } from 'lit';
import type { AuditEntry } from '../../../../shared/domain/residents/audit';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { href, navigate, routeArgs } from '../../nav';
import { announce, GwElement } from '../../ui/base';
import { download, icons, label, tenantToday, when } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { loadState } from '../../ui/load-state';

const PAGE = 50;
type By = 'day' | 'record' | 'user';

class GwAccessLog extends GwElement {
  static override properties = {
    entries: { state: true },
    cursor: { state: true },
    loadError: { state: true },
  };
  declare entries: AuditEntry[] | undefined;
  declare cursor: string | undefined;
  declare loadError: string | undefined;
  #by: By = 'day';
  #value = '';

  override connectedCallback(): void {
    super.connectedCallback();
    const q = routeArgs.value.query;
    this.#by = q.get('record') ? 'record' : q.get('user') ? 'user' : 'day';
    this.#value = q.get(this.#by) ?? tenantToday();
    void this.#load(false);
  }

  async #load(more: boolean) {
    try {
      const query = { limit: String(PAGE), [this.#by]: this.#value, ...(more && this.cursor ? { cursor: this.cursor } : {}) };
      const page = await ok(api.api.residents.audit.$get({ query }));
      this.entries = more ? [...(this.entries ?? []), ...page.items] : page.items;
      this.cursor = page.cursor;
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  #search = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const by = String(data.get('by')) as By;
    const value = String(data.get('value') ?? '').trim();
    navigate('access-log', undefined, value ? { [by]: value } : {});
  };

  override render() {
    const list = this.entries;
    return html`<div class="screen-head"><h1>${t('nav.accessLog')}</h1></div>
      <p class="muted">${t('audit.intro')}</p>
      <form class="inline-form card" @submit=${this.#search}>
        <label>${t('audit.by')}
          <select name="by">
            ${(['day', 'record', 'user'] as const).map((b) => html`<option value=${b} ?selected=${b === this.#by}>${t(`audit.by.${b}`)}</option>`)}
          </select>
        </label>
        <label>${t('audit.value')} <input name="value" .value=${this.#value} autocomplete="off" /></label>
        <button type="submit" class="primary">${t('residents.find')}</button>
      </form>
      ${this.#by === 'day'
        ? html`<p><button type="button" @click=${() =>
            download(api.api.residents.exports['audit.csv'].$url({ query: { day: this.#value } }).toString(), `audit-${this.#value}.csv`).catch((e) => announce(errorMessage(e)))}>${icons.download} ${t('audit.exportDay')}</button></p>`
        : nothing}
      ${loadState(list, this.loadError, { retry: () => this.#load(false), empty: t('audit.empty') })}
      ${list?.length
        ? html`<table class="cards">
            <thead><tr><th scope="col">${t('audit.at')}</th><th scope="col">${t('audit.user')}</th><th scope="col">${t('audit.action')}</th>
              <th scope="col">${t('audit.record')}</th><th scope="col">${t('audit.reason')}</th><th scope="col">${t('audit.ip')}</th></tr></thead>
            <tbody>
              ${list.map(
                (e) => html`<tr>
                  <td data-label=${t('audit.at')}>${when(e.at)}</td>
                  <td data-label=${t('audit.user')}><a href=${href('access-log', undefined, { user: e.userId })}>${e.userId}</a></td>
                  <td data-label=${t('audit.action')}>${label('auditAction', e.action)}</td>
                  <td data-label=${t('audit.record')}>${e.householdId ? html`<a href=${href('household', e.householdId, e.personId ? { person: e.personId } : undefined)}>${t('audit.household')}</a>` : nothing}
                    ${e.personId ?? e.householdId ? html` · <a href=${href('access-log', undefined, { record: e.personId ?? e.householdId ?? '' })}>${t('audit.allOfRecord')}</a>` : nothing}</td>
                  <td data-label=${t('audit.reason')}>${e.reason ?? '—'}</td>
                  <td data-label=${t('audit.ip')} class="mono">${e.ip ?? '—'}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : nothing}
      ${this.cursor ? html`<button type="button" @click=${() => this.#load(true)}>${t('common.more')}</button>` : nothing}`;
  }
}

customElements.define('gw-access-log', GwAccessLog);
