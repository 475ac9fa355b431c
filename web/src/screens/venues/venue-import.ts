/**
 * <gw-venue-import>: 场所导入 — upload a file of venues (CSV in UTF-8 or xlsx, docs/venue-import.md):
 * announce it, send the bytes where the API says (S3 in AWS), start; a job checks every row and writes
 * the valid ones. This screen polls the import for its progress (a progress bar over the file's rows)
 * and lists the row errors (line, column, value, message in the user's language). Templates (CSV,
 * xlsx) to download; recent imports below, a stopped one can be started again.
 */
import { html } from 'lit';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { GwElement } from '../../ui/base';
import { ImportFlow, importForm, importProgress, recentImports, templateLinks } from '../import-parts';

const imports = api.api.venues.imports;

class GwVenueImport extends GwElement {
  #flow = new ImportFlow(this, {
    recent: () => ok(imports.$get({ query: { limit: '10' } })),
    announce: (file: File) => ok(imports.$post({ json: { fileName: file.name, size: file.size } })),
    start: (importId: string) => ok(imports[':importId'].start.$post({ param: { importId } })),
    get: (importId: string) => ok(imports[':importId'].$get({ param: { importId } })),
  });

  #upload = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    void this.#flow.upload(form, (form.elements.namedItem('file') as HTMLInputElement).files?.[0], undefined, t('import.chooseFile'));
  };

  override render() {
    const f = this.#flow;
    const c = f.current;
    return html`<div class="screen-head"><h1>${t('import.title')}</h1></div>
      <p class="muted">${t('import.intro')}</p>
      ${templateLinks({
        intro: t('import.templates'),
        xlsx: { href: '/templates/venues-template.xlsx', name: '场所导入模板.xlsx', label: t('residentImport.templateXlsx') },
        csv: { href: '/templates/venues-template.csv', name: '场所导入模板.csv', label: t('residentImport.templateCsv') },
      })}
      ${importForm({
        id: 'import-file',
        label: t('import.file'),
        hint: t('import.fileHint'),
        accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        error: f.error,
        busy: f.busy,
        onSubmit: this.#upload,
      })}
      ${c
        ? importProgress(c, t('import.counts', { total: c.total, created: c.created, updated: c.updated, unchanged: c.unchanged, invalid: c.invalid }), (id) => f.show(id, true))
        : ''}
      ${recentImports(f.recent, t('residentImport.fileColumn'), (id) => f.show(id, false))}`;
  }
}

customElements.define('gw-venue-import', GwVenueImport);
