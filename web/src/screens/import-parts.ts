/**
 * What the import screens share (venue import, resident import): the upload → start → poll cycle
 * (`ImportFlow`), the progress bar, the failure with its start-again button, the table of row errors
 * (line, column, value, message in the user's language; personal values arrive masked), the recent
 * imports and the template links. Each screen gives its API calls and its own fields.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { FileTransfer } from '../../../shared/domain/file-transfer';
import { sendFile, toApiError } from '../api/client';
import { formatNumber, language, t } from '../i18n/i18n';
import { label, when } from '../ui/domain';
import { errorMessage } from '../ui/errors';

type Status = 'uploading' | 'queued' | 'checking' | 'running' | 'done' | 'failed' | 'stopped';

interface ImportProgress {
  id: string;
  fileName?: string;
  status: Status;
  checkedAt?: string;
  total: number;
  valid: number;
  invalid: number;
  processed: number;
  failure?: string;
  failureZh?: string;
  errorCount: number;
  errors: { line: number; field: string; column?: string; value?: string; message: string; messageZh: string }[];
}

interface ImportListed {
  id: string;
  fileName?: string;
  status: Status;
  total: number;
  valid: number;
  invalid: number;
  createdAt: string;
}

/** An import kind's API, as the screen's typed client calls it. */
export interface ImportApi<V extends ImportProgress, L extends ImportListed, A> {
  recent(): Promise<{ items: L[] }>;
  /** Announce the file (with the screen's own choices `A`): the import and where to send the file. */
  announce(file: File, choices: A): Promise<{ import: V; upload: Pick<FileTransfer, 'url' | 'headers' | 'authorization'> }>;
  start(id: string): Promise<V>;
  get(id: string): Promise<V>;
}

const POLL_MS = 1000;
const FINISHED: readonly Status[] = ['done', 'failed', 'stopped'];

/** The upload → start → poll cycle of one import screen; the host re-renders as it moves. */
export class ImportFlow<V extends ImportProgress, L extends ImportListed, A> implements ReactiveController {
  current: V | undefined;
  recent: L[] | undefined;
  error: string | undefined;
  busy = false;
  #timer?: ReturnType<typeof setTimeout>;
  readonly #host: ReactiveControllerHost;
  readonly #api: ImportApi<V, L, A>;

  constructor(host: ReactiveControllerHost, importApi: ImportApi<V, L, A>) {
    this.#host = host;
    this.#api = importApi;
    host.addController(this);
  }

  hostConnected(): void {
    void this.#loadRecent();
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
  }

  #set(changes: Partial<Pick<this, 'current' | 'recent' | 'error' | 'busy'>>) {
    Object.assign(this, changes);
    this.#host.requestUpdate();
  }

  async #loadRecent() {
    try {
      this.#set({ recent: (await this.#api.recent()).items });
    } catch {
      // The list is a convenience; the upload still works.
    }
  }

  /** Announce, send the bytes where the API says (S3 in AWS), start, then poll. */
  async upload(form: HTMLFormElement, file: File | undefined, choices: A, chooseFile: string) {
    if (!file) return this.#set({ error: chooseFile });
    this.#set({ busy: true, error: undefined });
    clearTimeout(this.#timer);
    try {
      const announced = await this.#api.announce(file, choices);
      this.#set({ current: announced.import });
      const sent = await sendFile(announced.upload, file);
      if (!sent.ok) throw await toApiError(sent);
      this.#set({ current: await this.#api.start(announced.import.id) });
      form.reset();
      this.#poll();
    } catch (error) {
      this.#set({ error: errorMessage(error) });
    } finally {
      this.#set({ busy: false });
    }
  }

  /** Show an import (and, `start`, start it again), then poll while it runs. */
  async show(id: string, start: boolean) {
    clearTimeout(this.#timer);
    try {
      this.#set({ current: start ? await this.#api.start(id) : await this.#api.get(id) });
      this.#poll();
    } catch (error) {
      this.#set({ error: errorMessage(error) });
    }
  }

  #poll() {
    const c = this.current;
    if (!c || FINISHED.includes(c.status)) {
      void this.#loadRecent();
      return;
    }
    this.#timer = setTimeout(async () => {
      try {
        this.#set({ current: await this.#api.get(c.id) });
      } catch (error) {
        this.#set({ error: errorMessage(error) });
      }
      this.#poll();
    }, POLL_MS);
  }
}

/**
 * Rows handled of the file's rows: the written or decided ones and those refused by the check alike,
 * so the line agrees with 共 N 行 (3 rows all in error are 3 / 3 handled, never 0 / 0).
 */
export function importHandled(c: Pick<ImportProgress, 'checkedAt' | 'total' | 'invalid' | 'processed'>): { handled: number; pct: number } {
  if (!c.checkedAt) return { handled: 0, pct: 0 };
  const handled = c.processed + c.invalid;
  return { handled, pct: c.total > 0 ? Math.min(100, Math.round((handled / c.total) * 100)) : 100 };
}

/** The progress section of an import: bar, counts (`counts`), failure, errors. */
export function importProgress(c: ImportProgress, counts: TemplateResult | string, startAgain: (id: string) => void) {
  // Until the job has checked the file, nothing is counted yet.
  const checked = Boolean(c.checkedAt);
  const { handled, pct } = importHandled(c);
  return html`<section class="card import-progress" aria-labelledby="import-progress-title" data-import-id=${c.id}>
    <h2 id="import-progress-title">${c.fileName ?? t('import.title')} · <span data-testid="import-status">${label('importStatus', c.status)}</span></h2>
    <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax=${c.total} aria-valuenow=${handled} aria-label=${t('import.progress')}>
      <span style="width:${pct}%"></span>
    </div>
    <p data-testid="import-progress-line">${t('import.progressLine', { handled: formatNumber(handled), total: formatNumber(c.total), pct })}</p>
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

/** The recent imports, each with 查看. */
export function recentImports(items: readonly ImportListed[] | undefined, fileHeader: string, show: (id: string) => void) {
  if (!items?.length) return nothing;
  return html`<section class="import-recent">
    <h2>${t('import.recent')}</h2>
    <table class="cards">
      <thead><tr><th scope="col">${fileHeader}</th><th scope="col">${t('import.status')}</th><th scope="col">${t('import.rows')}</th><th scope="col">${t('import.createdAt')}</th><th scope="col"><span class="sr-only">${t('common.actions')}</span></th></tr></thead>
      <tbody>${items.map(
        (i) => html`<tr>
          <th scope="row">${i.fileName ?? i.id}</th>
          <td data-label=${t('import.status')}>${label('importStatus', i.status)}</td>
          <td data-label=${t('import.rows')}>${t('import.rowsLine', { total: i.total, valid: i.valid, invalid: i.invalid })}</td>
          <td data-label=${t('import.createdAt')}>${when(i.createdAt)}</td>
          <td class="row-actions"><button type="button" @click=${() => show(i.id)}>${t('import.show')}</button></td>
        </tr>`,
      )}</tbody>
    </table>
  </section>`;
}

/** Links to an import's templates (static files of the web app, Chinese header, one example row). */
export function templateLinks(o: { intro: string; xlsx: { href: string; name: string; label: string }; csv: { href: string; name: string; label: string } }) {
  return html`<p class="template-links">
    ${o.intro}
    <a href=${o.xlsx.href} download=${o.xlsx.name}>${o.xlsx.label}</a>
    <a href=${o.csv.href} download=${o.csv.name}>${o.csv.label}</a>
  </p>`;
}

/** The file field, the error and the upload button of an import form; `extra` are the screen's own fields. */
export function importForm(o: { id: string; label: string; hint: string; accept: string; error?: string; busy: boolean; extra?: TemplateResult; onSubmit: (event: SubmitEvent) => void }) {
  return html`<form class="card import-form" novalidate @submit=${o.onSubmit}>
    <div class="field">
      <label for=${o.id}>${o.label}</label>
      <input id=${o.id} name="file" type="file" accept=${o.accept} aria-describedby="${o.id}-hint" />
      <p class="hint" id="${o.id}-hint">${o.hint}</p>
    </div>
    ${o.extra ?? nothing}
    ${o.error ? html`<p class="alert" role="alert">${o.error}</p>` : nothing}
    <button type="submit" class="primary" ?disabled=${o.busy}>${o.busy ? t('import.uploading') : t('import.upload')}</button>
  </form>`;
}
