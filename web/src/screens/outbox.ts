/**
 * <gw-outbox>: 待同步 — what is waiting on this device, what failed and needs the user, and what
 * was sent recently. Watches the outbox; the inspection form (later) is what fills it.
 */
import { html, nothing } from 'lit';
import { t } from '../i18n/i18n';
import { outbox, outboxState } from '../offline/queue';
import type { OutboxItem } from '../offline/outbox';
import { online } from '../offline/sw-register';
import { Watch } from '../store';
import { GwElement } from '../ui/base';
import { when } from '../ui/domain';
import { errorMessage } from '../ui/errors';
import { issueText } from '../ui/issue-text';
import { ApiError } from '../api/client';

class GwOutbox extends GwElement {
  constructor() {
    super();
    new Watch(this, [outboxState, online]);
  }

  override render() {
    const s = outboxState.value;
    return html`<div class="screen-head">
        <h1>${t('outbox.title')}</h1>
        <button type="button" class="primary" ?disabled=${!online.value || s.syncing || s.waiting.length === 0} @click=${() => void outbox.flush({ force: true })}>
          ${s.syncing ? t('outbox.syncing') : t('outbox.syncNow')}
        </button>
      </div>
      <p class="muted">${t('outbox.intro')}</p>
      ${s.available ? nothing : html`<p class="alert" role="alert">${t('outbox.unavailable')}</p>`}
      ${s.authRequired ? html`<p class="alert" role="alert">${t('outbox.signInAgain')}</p>` : nothing}
      <section class="outbox-group" aria-labelledby="outbox-failed">
        <h2 id="outbox-failed">${t('outbox.failed', { n: s.failed.length })}</h2>
        ${s.failed.length === 0 ? html`<p class="muted">${t('outbox.emptyFailed')}</p>` : html`<ul class="outbox-list">${s.failed.map((i) => this.#item(i))}</ul>`}
      </section>
      <section class="outbox-group" aria-labelledby="outbox-waiting">
        <h2 id="outbox-waiting">${t('outbox.waiting', { n: s.waiting.length })}</h2>
        ${s.waiting.length === 0 ? html`<p class="muted">${t('outbox.emptyWaiting')}</p>` : html`<ul class="outbox-list">${s.waiting.map((i) => this.#item(i, s.sendingId === i.id))}</ul>`}
      </section>
      <section class="outbox-group" aria-labelledby="outbox-sent">
        <div class="screen-head">
          <h2 id="outbox-sent">${t('outbox.sent', { n: s.sent.length })}</h2>
          ${s.sent.length ? html`<button type="button" class="quiet" @click=${() => void outbox.clearSent()}>${t('outbox.clearSent')}</button>` : nothing}
        </div>
        ${s.sent.length === 0 ? html`<p class="muted">${t('outbox.emptySent')}</p>` : html`<ul class="outbox-list">${s.sent.map((i) => this.#item(i))}</ul>`}
      </section>`;
  }

  #item(item: OutboxItem, sending = false) {
    return html`<li class="card outbox-item ${item.state}" data-outbox-id=${item.id}>
      <p class="outbox-label">${item.label ?? `${item.method} ${item.path}`} ${sending ? html`<span class="badge">${t('outbox.syncing')}</span>` : nothing}</p>
      <p class="muted">
        ${item.state === 'sent' && item.sentAt ? t('outbox.sentAt', { at: when(item.sentAt) }) : t('outbox.createdAt', { at: when(item.createdAt) })}
        ${item.attempts > 0 ? html` · ${t('outbox.attempts', { n: item.attempts })}` : nothing}
      </p>
      ${item.lastError && item.state !== 'sent' ? html`<p class="error">${t('outbox.lastError', { error: lastErrorText(item) })}</p>` : nothing}
      ${item.lastIssues?.length ? html`<ul class="error">${item.lastIssues.map((i) => html`<li>${issueText(i)}</li>`)}</ul>` : nothing}
      ${item.state === 'failed'
        ? html`<div class="row-actions">
            <button type="button" @click=${() => void outbox.retry(item.id)}>${t('outbox.retry')}</button>
            <button type="button" class="danger-text" @click=${() => void outbox.discard(item.id)}>${t('outbox.discard')}</button>
          </div>`
        : nothing}
    </li>`;
  }
}

customElements.define('gw-outbox', GwOutbox);

/** The last failure in the reader's words (the stored `lastError` is the API's English, for logs). */
function lastErrorText(item: OutboxItem): string {
  if (!item.lastStatus) return t('error.network');
  const refusal = item.lastRefusal ?? {};
  return errorMessage(new ApiError(item.lastStatus, refusal.error ?? `http_${item.lastStatus}`, '', [], undefined, refusal));
}
