/**
 * <gw-pushed-list-export>: the 推送名单 screen's export buttons. 导出 CSV downloads the list masked;
 * 导出明文 (for the roles the tenant's rules let unmask) asks for a reason, POSTs it for a one-use
 * ticket (the reason never goes in a URL), then downloads with the ticket. The API audits both.
 */
import { html, nothing } from 'lit';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { announce, GwElement } from '../../ui/base';
import { download, icons } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { type FormErrors, focusFirstInvalid, formErrors, noErrors, readForm } from '../../ui/form';
import { loadResidentRules, mayUnmask, unmaskedExportDialog } from '../residents/residents-ui';

const lists = api.api['pushed-lists'];

class GwPushedListExport extends GwElement {
  static override properties = { listId: { attribute: 'list-id' }, asking: { state: true }, busy: { state: true }, errors: { state: true }, canUnmask: { state: true } };
  declare listId: string;
  declare asking: boolean;
  declare busy: boolean;
  declare errors: FormErrors;
  declare canUnmask: boolean;

  constructor() {
    super();
    this.asking = false;
    this.busy = false;
    this.errors = noErrors();
    this.canUnmask = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadResidentRules()
      .then(() => {
        this.canUnmask = mayUnmask();
      })
      .catch(() => undefined);
  }

  #download(ticket?: string) {
    const url = lists[':listId']['export.csv'].$url({ param: { listId: this.listId }, query: ticket ? { ticket } : {} });
    return download(url.toString(), 'pushed-list.csv');
  }

  #submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    this.busy = true;
    this.errors = noErrors();
    try {
      const { ticket } = await ok(lists[':listId']['export-tickets'].$post({ param: { listId: this.listId }, json: { reason: readForm(form).text('reason') } }));
      await this.#download(ticket);
      form.closest('dialog')?.close();
    } catch (error) {
      this.errors = formErrors(error, ['reason']);
      focusFirstInvalid(this);
    } finally {
      this.busy = false;
    }
  };

  override render() {
    return html`<p class="head-actions">
        <button type="button" data-testid="pl-export" @click=${() => this.#download().catch((e) => announce(errorMessage(e)))}>${icons.download} ${t('pl.export')}</button>
        ${this.canUnmask
          ? html`<button type="button" class="quiet" @click=${() => {
              this.errors = noErrors();
              this.asking = true;
            }}>${t('pl.exportUnmasked')}</button>`
          : nothing}
      </p>
      ${this.asking
        ? unmaskedExportDialog({
            id: 'pl-export-dialog',
            title: t('pl.exportUnmasked'),
            errors: this.errors,
            busy: this.busy,
            onSubmit: this.#submit,
            onClose: () => {
              this.asking = false;
            },
          })
        : nothing}`;
  }
}

customElements.define('gw-pushed-list-export', GwPushedListExport);
