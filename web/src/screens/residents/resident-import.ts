/**
 * <gw-resident-import>: 人员导入 — upload a register of people (CSV in UTF-8, or xlsx) with the
 * headers registers use (docs/resident-import.md): choose what happens to a person already
 * registered (refuse the row, or update the registered person), announce the file, send it where the
 * API says (S3 in AWS), start. The job checks, seals and writes; this screen polls the progress and
 * lists the row errors (personal values masked). Templates (CSV, xlsx) to download; recent imports
 * below, a stopped one can be started again. The cycle and the views are import-parts.ts's.
 */
import { html, nothing } from 'lit';
import { api, ok } from '../../api/client';
import { formatNumber, t } from '../../i18n/i18n';
import { GwElement } from '../../ui/base';
import { ImportFlow, importForm, importProgress, recentImports, templateLinks } from '../import-parts';

const imports = api.api.residents.imports;
type Duplicates = 'reject' | 'merge';

class GwResidentImport extends GwElement {
  #flow = new ImportFlow(this, {
    recent: () => ok(imports.$get({ query: { limit: '10' } })),
    announce: (file: File, duplicates: Duplicates) =>
      ok(imports.$post({ json: { fileName: file.name, size: file.size, format: /\.xlsx$/i.test(file.name) ? 'xlsx' : 'csv', duplicates } })),
    start: (residentImportId: string) => ok(imports[':residentImportId'].start.$post({ param: { residentImportId } })),
    get: (residentImportId: string) => ok(imports[':residentImportId'].$get({ param: { residentImportId } })),
  });

  #upload = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const duplicates: Duplicates = (form.elements.namedItem('duplicates') as RadioNodeList).value === 'merge' ? 'merge' : 'reject';
    void this.#flow.upload(form, (form.elements.namedItem('file') as HTMLInputElement).files?.[0], duplicates, t('residentImport.chooseFile'));
  };

  override render() {
    const f = this.#flow;
    const c = f.current;
    return html`<div class="screen-head"><h1>${t('residentImport.title')}</h1></div>
      <p class="muted">${t('residentImport.intro')}</p>
      ${templateLinks({
        intro: t('residentImport.templates'),
        xlsx: { href: '/templates/residents-template.xlsx', name: '人员导入模板.xlsx', label: t('residentImport.templateXlsx') },
        csv: { href: '/templates/residents-template.csv', name: '人员导入模板.csv', label: t('residentImport.templateCsv') },
      })}
      ${importForm({
        id: 'resident-import-file',
        label: t('residentImport.file'),
        hint: t('residentImport.fileHint'),
        accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        error: f.error,
        busy: f.busy,
        extra: html`<fieldset class="field">
          <legend>${t('residentImport.duplicates')}</legend>
          <label><input type="radio" name="duplicates" value="reject" checked /> ${t('residentImport.reject')}</label>
          <label><input type="radio" name="duplicates" value="merge" /> ${t('residentImport.merge')}</label>
        </fieldset>`,
        onSubmit: this.#upload,
      })}
      ${c
        ? importProgress(
            c,
            t('residentImport.counts', {
              total: formatNumber(c.total),
              created: formatNumber(c.created),
              households: formatNumber(c.households),
              merged: formatNumber(c.merged),
              unchanged: formatNumber(c.unchanged),
              rejected: formatNumber(c.rejected + c.invalid),
            }),
            (id) => f.show(id, true),
          )
        : nothing}
      ${recentImports(f.recent, t('residentImport.fileColumn'), (id) => f.show(id, false))}`;
  }
}

customElements.define('gw-resident-import', GwResidentImport);
