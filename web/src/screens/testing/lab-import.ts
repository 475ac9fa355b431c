/**
 * <gw-lab-import round-id=…>: 检测结果导入 on the 全员检测 screen — a lab's result file for the round
 * through the import path (announce, upload where the API says, start), then the progress, the row
 * errors by line and the round's recent imports, like the other imports (import-parts.ts). A stopped
 * import is started again and goes on where it was.
 */
import { html, nothing } from 'lit';
import { api, ok } from '../../api/client';
import { formatNumber, t } from '../../i18n/i18n';
import { GwElement } from '../../ui/base';
import { ImportFlow, importForm, importProgress, recentImports } from '../import-parts';

const imports = api.api.testing['lab-imports'];

class GwLabImport extends GwElement {
  get #roundId() {
    return this.getAttribute('round-id') ?? '';
  }

  #flow = new ImportFlow(this, {
    recent: () => ok(imports.$get({ query: { round: this.#roundId } })),
    announce: (file: File, roundId: string) => ok(imports.$post({ json: { roundId, fileName: file.name, size: file.size } })),
    start: (labImportId: string) => ok(imports[':labImportId'].start.$post({ param: { labImportId } })),
    get: (labImportId: string) => ok(imports[':labImportId'].$get({ param: { labImportId } })),
  });

  #upload = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    void this.#flow.upload(form, (form.elements.namedItem('file') as HTMLInputElement).files?.[0], this.#roundId, t('test.lab.chooseFile'));
  };

  override render() {
    const f = this.#flow;
    const c = f.current;
    return html`<section class="lab-import"><h2>${t('test.lab.title')}</h2>
      <p class="muted">${t('test.lab.intro')}</p>
      ${importForm({ id: 'lab-import-file', label: t('test.lab.file'), hint: t('test.lab.fileHint'), accept: '.csv,text/csv', error: f.error, busy: f.busy, onSubmit: this.#upload })}
      ${c
        ? importProgress(
            c,
            t('test.lab.counts', { total: formatNumber(c.total), stored: formatNumber(c.stored), unchanged: formatNumber(c.unchanged), positives: formatNumber(c.positives), invalid: formatNumber(c.invalid) }),
            (id) => f.show(id, true),
          )
        : nothing}
      ${recentImports(f.recent, t('test.lab.fileColumn'), (id) => f.show(id, false))}</section>`;
  }
}

customElements.define('gw-lab-import', GwLabImport);
