/**
 * <gw-venue-import>: 场所导入 — upload a CSV of venues (UTF-8, docs/venue-import.md): announce it,
 * send the bytes where the API says (S3 in AWS), start; a job checks every row and writes the valid
 * ones. This screen polls the import for its progress (a progress bar) and lists the row errors
 * (line, column, value, message in the user's language). Recent imports are listed below; a stopped
 * one can be started again.
 */
import { html, nothing } from 'lit';
import type { VenueImport, VenueImportView } from '../../../shared/domain/venue-import';
import { api, ok, sendFile, toApiError } from '../api/client';
import { t } from '../i18n/i18n';
import { GwElement } from '../ui/base';
import { errorMessage } from '../ui/errors';
import { label, when } from '../ui/domain';
import { importProgress } from './import-parts';

const POLL_MS = 1000;

class GwVenueImport extends GwElement {
  static override properties = { current: { state: true }, recent: { state: true }, error: { state: true }, busy: { state: true } };
  declare current: VenueImportView | undefined;
  declare recent: VenueImport[] | undefined;
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
      this.recent = (await ok(api.api.venues.imports.$get({ query: { limit: '10' } }))).items;
    } catch {
      // The list is a convenience; the upload still works.
    }
  }

  async #upload(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    if (!file) {
      this.error = t('import.chooseFile');
      return;
    }
    this.busy = true;
    this.error = undefined;
    clearTimeout(this.#timer);
    try {
      const announced = await ok(api.api.venues.imports.$post({ json: { fileName: file.name, size: file.size } }));
      this.current = announced.import;
      const sent = await sendFile(announced.upload, file);
      if (!sent.ok) throw await toApiError(sent);
      this.current = await ok(api.api.venues.imports[':importId'].start.$post({ param: { importId: announced.import.id } }));
      form.reset();
      this.#poll();
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.busy = false;
    }
  }

  #poll() {
    const c = this.current;
    if (!c || c.status === 'done' || c.status === 'failed' || c.status === 'stopped') {
      void this.#loadRecent();
      return;
    }
    this.#timer = setTimeout(async () => {
      try {
        this.current = await ok(api.api.venues.imports[':importId'].$get({ param: { importId: c.id } }));
      } catch (error) {
        this.error = errorMessage(error);
      }
      this.#poll();
    }, POLL_MS);
  }

  async #start(id: string) {
    clearTimeout(this.#timer);
    try {
      this.current = await ok(api.api.venues.imports[':importId'].start.$post({ param: { importId: id } }));
      this.#poll();
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  async #open(id: string) {
    clearTimeout(this.#timer);
    try {
      this.current = await ok(api.api.venues.imports[':importId'].$get({ param: { importId: id } }));
      this.#poll();
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  override render() {
    return html`<div class="screen-head"><h1>${t('import.title')}</h1></div>
      <p class="muted">${t('import.intro')}</p>
      <form class="card import-form" novalidate @submit=${this.#upload}>
        <div class="field">
          <label for="import-file">${t('import.file')}</label>
          <input id="import-file" name="file" type="file" accept=".csv,text/csv" aria-describedby="import-file-hint" />
          <p class="hint" id="import-file-hint">${t('import.fileHint')}</p>
        </div>
        ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
        <button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? t('import.uploading') : t('import.upload')}</button>
      </form>
      ${this.current ? this.#progress(this.current) : nothing}
      ${this.recent?.length
        ? html`<section class="import-recent">
            <h2>${t('import.recent')}</h2>
            <table class="cards">
              <thead><tr><th scope="col">${t('import.file')}</th><th scope="col">${t('import.status')}</th><th scope="col">${t('import.rows')}</th><th scope="col">${t('import.createdAt')}</th><th scope="col"><span class="sr-only">${t('common.actions')}</span></th></tr></thead>
              <tbody>${this.recent.map(
                (i) => html`<tr>
                  <th scope="row">${i.fileName ?? i.id}</th>
                  <td data-label=${t('import.status')}>${label('importStatus', i.status)}</td>
                  <td data-label=${t('import.rows')}>${t('import.rowsLine', { total: i.total, valid: i.valid, invalid: i.invalid })}</td>
                  <td data-label=${t('import.createdAt')}>${when(i.createdAt)}</td>
                  <td class="row-actions"><button type="button" @click=${() => this.#open(i.id)}>${t('import.show')}</button></td>
                </tr>`,
              )}</tbody>
            </table>
          </section>`
        : nothing}`;
  }

  #progress(c: VenueImportView) {
    return importProgress(c, t('import.counts', { total: c.total, created: c.created, updated: c.updated, unchanged: c.unchanged, invalid: c.invalid }), (id) => this.#start(id));
  }
}

customElements.define('gw-venue-import', GwVenueImport);
