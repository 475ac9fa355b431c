/**
 * <gw-closure-notices>: 关停通告 — tenant-wide notices that close, pause or reopen every venue of some
 * kinds at once (all internet cafés and KTVs). Everyone reads the list and each notice's progress;
 * tenant-wide supervisors and admins issue one (client ULID: a resend is the same notice) and carry
 * on one still being applied.
 */
import { html, nothing } from 'lit';
import { ulid } from 'ulid';
import type { ClosureNotice } from '../../../../shared/data/venues/closure-notices';
import { api, ok } from '../../api/client';
import { formatNumber, t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { roles, session } from '../../session';
import { Watch } from '../../store';
import { announce, GwElement } from '../../ui/base';
import { dialogActions, modal } from '../../ui/dialog';
import { errorMessage } from '../../ui/errors';
import { fieldError, formSummary, noErrors, readForm, selectField, sendForm, textareaField, type FormErrors } from '../../ui/form';
import { kindName, loadKinds, venueKinds, when } from '../../ui/domain';
import { loadState } from '../../ui/load-state';
import { MoreList, userNames } from '../office-parts';

const ACTIONS = ['close', 'pause', 'reopen'] as const;

/** Only a supervisor of the whole tenant (no grids of their own) or an admin may issue one. */
const canIssue = () => {
  const user = session.value?.user;
  return roles().includes('tenant-admin') || (roles().includes('supervisor') && (user?.gridIds?.length ?? 0) === 0);
};

class GwClosureNotices extends GwElement {
  static override properties = {
    composing: { state: true },
    names: { state: true },
    errors: { state: true },
    busy: { state: true },
  };
  declare composing: boolean;
  declare names: Map<string, string>;
  declare errors: FormErrors;
  declare busy: boolean;
  #draftId = '';
  #list = new MoreList<ClosureNotice>(this, 20, (query) => ok(api.api.notices.$get({ query })));

  constructor() {
    super();
    this.composing = false;
    this.names = new Map();
    this.errors = noErrors();
    this.busy = false;
    new Watch(this, [venueKinds]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadKinds();
    void this.#list.load();
    void userNames().then((n) => {
      this.names = n;
    });
  }

  async #resume(notice: ClosureNotice) {
    try {
      await ok(api.api.notices[':noticeId'].resume.$post({ param: { noticeId: notice.id } }));
      await this.#list.load();
    } catch (error) {
      announce(errorMessage(error));
    }
  }

  #submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const f = readForm(form);
    const json = { id: this.#draftId, action: f.text('action') as (typeof ACTIONS)[number], venueKinds: f.all('venueKinds'), reason: f.text('reason') };
    await sendForm(this, ['action', 'venueKinds', 'reason'], async () => {
      const notice = await ok(api.api.notices.$post({ json }));
      form.closest('dialog')?.close();
      announce(t('notices.issued', { n: notice.progress.venuesChanged }));
      await this.#list.load();
    });
  };

  override render() {
    return html`<div class="screen-head"><h1>${t('notices.title')}</h1>
        ${canIssue()
          ? html`<button type="button" class="primary" @click=${() => {
              this.#draftId = ulid();
              this.errors = noErrors();
              this.composing = true;
            }}>${t('notices.new')}</button>`
          : nothing}</div>
      <p class="muted">${t('notices.hint')}</p>
      ${loadState(this.#list.items, this.#list.error, { empty: t('notices.none'), retry: () => this.#list.load() })}
      ${this.#list.items?.length
        ? html`<table class="cards" data-testid="notice-list">
            <thead><tr><th scope="col">${t('notices.issuedAt')}</th><th scope="col">${t('notices.action')}</th><th scope="col">${t('notices.kinds')}</th>
              <th scope="col">${t('ladder.reason')}</th><th scope="col">${t('notices.progress')}</th><th scope="col">${t('office.issuedBy')}</th></tr></thead>
            <tbody>${this.#list.items.map(
              (n) => html`<tr data-notice-id=${n.id}>
                <th scope="row">${when(n.issuedAt)}</th>
                <td data-label=${t('notices.action')}><span class="badge ${n.action === 'reopen' ? 'done' : 'must'}">${t(`notices.action.${n.action}` as MessageKey)}</span></td>
                <td data-label=${t('notices.kinds')}>${n.venueKinds.map(kindName).join('、')}</td>
                <td data-label=${t('ladder.reason')}>${n.reason}</td>
                <td data-label=${t('notices.progress')}>${n.status === 'done' ? t('notices.done', { n: formatNumber(n.progress.venuesChanged) }) : t('notices.inProgress', { n: formatNumber(n.progress.venuesChanged) })}
                  ${n.status !== 'done' && canIssue() ? html`<button type="button" @click=${() => this.#resume(n)}>${t('notices.resume')}</button>` : nothing}</td>
                <td data-label=${t('office.issuedBy')}>${this.names.get(n.issuedBy) ?? n.issuedBy}</td>
              </tr>`,
            )}</tbody>
          </table>`
        : nothing}
      ${this.#list.moreButton()}
      ${this.composing ? this.#form() : nothing}`;
  }

  #form() {
    const e = this.errors.fields;
    return modal({
      id: 'notice-dialog',
      title: t('notices.new'),
      onClose: () => {
        this.composing = false;
      },
      body: html`<form novalidate @submit=${this.#submit}>
        ${formSummary(this.errors)}
        ${selectField({ id: 'notice-action', name: 'action', label: t('notices.action'), value: 'close', options: ACTIONS.map((a) => ({ value: a, label: t(`notices.action.${a}` as MessageKey) })), errors: e.action })}
        <fieldset class="field ${e.venueKinds?.length ? 'invalid' : ''}">
          <legend>${t('notices.kinds')}</legend>
          ${venueKinds.value.map((k) => html`<label class="check"><input type="checkbox" name="venueKinds" value=${k.code} aria-invalid=${e.venueKinds?.length ? 'true' : 'false'} /> ${kindName(k.code)}</label>`)}
          ${fieldError(e.venueKinds, 'notice-kinds')}
        </fieldset>
        ${textareaField({ id: 'notice-reason', name: 'reason', label: t('ladder.reason'), value: '', errors: e.reason })}
        ${dialogActions({ submitLabel: t('notices.issue'), busy: this.busy, danger: true })}
      </form>`,
    });
  }
}

customElements.define('gw-closure-notices', GwClosureNotices);
