/**
 * A modal dialog on the native <dialog>: focus moves in, Esc closes, focus goes back to the
 * button that opened it. Render it while the screen's state says it is open; `onClose` clears that.
 */
import { html, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { t } from '../i18n/i18n';

const opener = new WeakMap<HTMLDialogElement, Element | null>();

const openOnce = (el?: Element) => {
  if (!(el instanceof HTMLDialogElement)) return;
  // The ref fires while the template may still be outside the document: open once it is in.
  queueMicrotask(() => {
    if (el.isConnected && !el.open) {
      opener.set(el, document.activeElement);
      el.showModal();
    }
  });
};

export function modal(o: { id: string; title: string; onClose: () => void; body: TemplateResult }): TemplateResult {
  const close = (event: Event) => {
    const dialog = event.currentTarget as HTMLDialogElement;
    const back = opener.get(dialog);
    o.onClose();
    requestAnimationFrame(() => {
      if (back instanceof HTMLElement && back.isConnected) back.focus();
    });
  };
  return html`<dialog class="dialog" id=${o.id} aria-labelledby="${o.id}-title" ${ref(openOnce)} @close=${close}>
    <div class="dialog-head">
      <h2 id="${o.id}-title">${o.title}</h2>
      <button type="button" class="icon" aria-label=${t('app.close')} @click=${closeDialog}>×</button>
    </div>
    ${o.body}
  </dialog>`;
}

/** For a Cancel button inside the dialog. */
function closeDialog(event: Event): void {
  (event.currentTarget as HTMLElement).closest('dialog')?.close();
}

export function dialogActions(o: { submitLabel: string; busy: boolean; danger?: boolean }): TemplateResult {
  return html`<div class="dialog-actions">
    <button type="button" class="quiet" @click=${closeDialog}>${t('common.cancel')}</button>
    <button type="submit" class=${o.danger ? 'danger' : 'primary'} ?disabled=${o.busy}>${o.busy ? t('common.saving') : o.submitLabel}</button>
  </div>`;
}
