/**
 * <gw-resident-import>: 人员导入 — upload a register of people (CSV in UTF-8, or xlsx) with the
 * headers registers use (docs/resident-import.md): choose what happens to a person already
 * registered (refuse the row, or update the registered person), announce the file, send it where the
 * API says (S3 in AWS), start. The job checks, seals and writes; this screen polls the progress and
 * lists the row errors (personal values masked). Templates (CSV, xlsx) to download; recent imports
 * below, a stopped one can be started again.
 */
import { html, nothing } from 'lit';
import type { ResidentImport, ResidentImportView } from '../../../shared/domain/residents/import';
import { api, ok, sendFile, toApiError } from '../api/client';
import { formatNumber, t } from '../i18n/i18n';
import { GwElement } from '../ui/base';
import { label, when } from '../ui/domain';
import { errorMessage } from '../ui/errors';
import { importProgress } from './import-parts';

const POLL_MS = 1000;
const imports = api.api.residents.imports;

class GwResidentImport extends GwElement {
  static override properties = { current: { state: true }, recent: { state: true }, error: { state: true }, busy: { state: true } };
  declare current: ResidentImportView | undefined;
  declare recent: ResidentImport[] | undefined;
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
      this.recent = (await ok(imports.$get({ query: { limit: '10' } }))).items;
    } catch {
      // The list is a convenience; the upload still works.
    }
  }

  async #upload(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    if (!file) {
      this.error = t('residentImport.chooseFile');
      return;
    }
    const duplicates = (form.elements.namedItem('duplicates') as RadioNodeList).value === 'merge' ? 'merge' : 'reject';
    const format = /\.xlsx$/i.test(file.name) ? 'xlsx' : 'csv';
    this.busy = true;
    this.error = undefined;
    clearTimeout(this.#timer);
    try {
      const announced = await ok(imports.$post({ json: { fileName: file.name, size: file.size, format, duplicates } }));
      this.current = announced.import;
      const sent = await sendFile(announced.upload, file);
      if (!sent.ok) throw await toApiError(sent);
      this.current = await ok(imports[':residentImportId'].start.$post({ param: { residentImportId: announced.import.id } }));
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
    if (!c || c.status === 'done' || c.status === 'failed') {
      void this.#loadRecent();
      return;
    }
    this.#timer = setTimeout(async () => {
      try {
        this.current = await ok(imports[':residentImportId'].$get({ param: { residentImportId: c.id } }));
      } catch (error) {
        this.error = errorMessage(error);
      }
      this.#poll();
    }, POLL_MS);
  }

  async #show(id: string, start: boolean) {
    clearTimeout(this.#timer);
    try {
      const param = { param: { residentImportId: id } };
      this.current = start ? await ok(imports[':residentImportId'].start.$post(param)) : await ok(imports[':residentImportId'].$get(param));
      this.#poll();
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  override render() {
    return html`<div class="screen-head"><h1>${t('residentImport.title')}</h1></div>
      <p class="muted">${t('residentImport.intro')}</p>
      <p class="template-links">
        ${t('residentImport.templates')}
        <a href="/templates/residents-template.xlsx" download="人员导入模板.xlsx">${t('residentImport.templateXlsx')}</a>
        <a href="/templates/residents-template.csv" download="人员导入模板.csv">${t('residentImport.templateCsv')}</a>
      </p>
      <form class="card import-form" novalidate @submit=${this.#upload}>
        <div class="field">
          <label for="resident-import-file">${t('residentImport.file')}</label>
          <input id="resident-import-file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="resident-import-hint" />
          <p class="hint" id="resident-import-hint">${t('residentImport.fileHint')}</p>
        </div>
        <fieldset class="field">
          <legend>${t('residentImport.duplicates')}</legend>
          <label><input type="radio" name="duplicates" value="reject" checked /> ${t('residentImport.reject')}</label>
          <label><input type="radio" name="duplicates" value="merge" /> ${t('residentImport.merge')}</label>
        </fieldset>
        ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
        <button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? t('import.uploading') : t('import.upload')}</button>
      </form>
      ${this.current
        ? importProgress(
            this.current,
            t('residentImport.counts', {
              total: formatNumber(this.current.total),
              created: formatNumber(this.current.created),
              households: formatNumber(this.current.households),
              merged: formatNumber(this.current.merged),
              unchanged: formatNumber(this.current.unchanged),
              rejected: formatNumber(this.current.rejected + this.current.invalid),
            }),
            (id) => this.#show(id, true),
          )
        : nothing}
      ${this.recent?.length
        ? html`<section class="import-recent">
            <h2>${t('import.recent')}</h2>
            <table class="cards">
              <thead><tr><th scope="col">${t('residentImport.fileColumn')}</th><th scope="col">${t('import.status')}</th><th scope="col">${t('import.rows')}</th><th scope="col">${t('import.createdAt')}</th><th scope="col"><span class="sr-only">${t('common.actions')}</span></th></tr></thead>
              <tbody>${this.recent.map(
                (i) => html`<tr>
                  <th scope="row">${i.fileName ?? i.id}</th>
                  <td data-label=${t('import.status')}>${label('importStatus', i.status)}</td>
                  <td data-label=${t('import.rows')}>${t('import.rowsLine', { total: i.total, valid: i.valid, invalid: i.invalid })}</td>
                  <td data-label=${t('import.createdAt')}>${when(i.createdAt)}</td>
                  <td class="row-actions"><button type="button" @click=${() => this.#show(i.id, false)}>${t('import.show')}</button></td>
                </tr>`,
              )}</tbody>
            </table>
          </section>`
        : nothing}`;
  }
}

customElements.define('gw-resident-import', GwResidentImport);
