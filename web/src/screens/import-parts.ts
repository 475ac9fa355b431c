/**
 * What the import screens share (venue import, resident import): the progress bar, the failure with
 * its start-again button, and the table of row errors (line, column, value, message in the user's
 * language; personal values arrive masked).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { formatNumber, language, t } from '../i18n/i18n';
import { label } from '../ui/domain';

interface ImportProgress {
  id: string;
  fileName?: string;
  status: 'uploading' | 'queued' | 'checking' | 'running' | 'done' | 'failed' | 'stopped';
  checkedAt?: string;
  valid: number;
  processed: number;
  failure?: string;
  failureZh?: string;
  errorCount: number;
  errors: { line: number; field: string; column?: string; value?: string; message: string; messageZh: string }[];
}

/** The progress section of an import: bar, counts (`counts`), failure, errors. */
export function importProgress(c: ImportProgress, counts: TemplateResult | string, startAgain: (id: string) => void) {
  // Until the job has checked the file, nothing is counted yet.
  const checked = Boolean(c.checkedAt);
  const pct = !checked ? 0 : c.valid > 0 ? Math.round((c.processed / c.valid) * 100) : 100;
  return html`<section class="card import-progress" aria-labelledby="import-progress-title" data-import-id=${c.id}>
    <h2 id="import-progress-title">${c.fileName ?? t('import.title')} · <span data-testid="import-status">${label('importStatus', c.status)}</span></h2>
    <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax=${c.valid} aria-valuenow=${c.processed} aria-label=${t('import.progress')}>
      <span style="width:${pct}%"></span>
    </div>
    <p>${t('import.progressLine', { processed: formatNumber(c.processed), valid: formatNumber(c.valid), pct })}</p>
    <p class="muted">${counts}</p>
    ${c.failure
      ? html`<p class="alert" role="alert">${language() === 'zh-CN' ? (c.failureZh ?? c.failure) : c.failure}</p>
          <button type="button" @click=${() => startAgain(c.id)}>${t('import.startAgain')}</button>`
      : nothing}
    ${!checked
      ? c.status === 'failed' || c.status === 'stopped'
        ? nothing
        : html`<p class="muted">${t('import.checking')}</p>`
      : c.errors.length
        ? html`<h3>${t('import.errors', { n: c.errorCount })}</h3>
            ${c.errorCount > c.errors.length ? html`<p class="muted">${t('import.errorsCut', { n: c.errors.length })}</p>` : nothing}
            <table class="cards import-errors">
              <thead><tr><th scope="col">${t('import.line')}</th><th scope="col">${t('import.column')}</th><th scope="col">${t('import.value')}</th><th scope="col">${t('import.message')}</th></tr></thead>
              <tbody>${c.errors.map(
                (e) => html`<tr>
                  <th scope="row">${t('import.lineN', { n: e.line })}</th>
                  <td data-label=${t('import.column')}>${e.column ?? e.field}</td>
                  <td data-label=${t('import.value')}>${e.value ?? '—'}</td>
                  <td data-label=${t('import.message')}>${language() === 'zh-CN' ? e.messageZh : e.message}</td>
                </tr>`,
              )}</tbody>
            </table>`
        : html`<p class="muted">${t('import.noErrors')}</p>`}
  </section>`;
}
