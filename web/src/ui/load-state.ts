/** The lines a screen shows about its load: the failure (as an alert), loading…, or nothing found. */
import { html, nothing } from 'lit';
import { t } from '../i18n/i18n';

interface LoadStateOptions {
  /** Offered beside the failure as 重试 / Retry. */
  retry?: () => unknown;
  /** Said (as an empty card) when what loaded is an empty list. */
  empty?: string;
}

/**
 * `value` is what the screen has loaded (falsy until it comes), `error` the load's failure
 * (`errorMessage`). Loading is said only while there is neither.
 */
export function loadState(value: unknown, error: string | undefined, o: LoadStateOptions = {}) {
  return html`${error
    ? o.retry
      ? html`<div class="alert" role="alert">${error} <button type="button" class="link" @click=${o.retry}>${t('common.retry')}</button></div>`
      : html`<div class="alert" role="alert">${error}</div>`
    : nothing}
    ${!value && !error ? html`<p class="muted" role="status">${t('common.loading')}</p>` : nothing}
    ${o.empty !== undefined && Array.isArray(value) && value.length === 0 ? html`<p class="card empty">${o.empty}</p>` : nothing}`;
}
