/**
 * <gw-registration-codes>: 登记码 — the tenant's registration codes (扫码登记) for the whole tenant, a
 * grid or a compound: make one, print its poster (the code sheet: a link the phone's camera opens),
 * open the form it leads to, and retire one after a confirmation (its posters stop working at once).
 * For tenant admins and supervisors, who make them.
 */
import { html, nothing } from 'lit';
import { ulid } from 'ulid';
import type { Grid } from '../../../../shared/domain/grid';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { announce, GwElement } from '../../ui/base';
import { dialogActions, modal } from '../../ui/dialog';
import { gridTree, openPage, when } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { type FormErrors, formErrors, formSummary, inputField, noErrors, readForm, selectField } from '../../ui/form';
import { loadState } from '../../ui/load-state';
import './self-registration.css';

const reg = api.api['self-registration'];
type Code = Awaited<ReturnType<typeof loadCodes>>[number];
const loadCodes = async () => (await ok(reg.codes.$get({ query: { limit: '200' } }))).items;

class GwRegistrationCodes extends GwElement {
  static override properties = { codes: { state: true }, error: { state: true }, open: { state: true }, busy: { state: true }, errors: { state: true } };
  declare codes: Code[] | undefined;
  declare error: string | undefined;
  declare open: { kind: 'new'; id: string } | { kind: 'retire'; code: Code } | undefined;
  declare busy: boolean;
  declare errors: FormErrors;
  #grids: Grid[] = [];

  constructor() {
    super();
    this.busy = false;
    this.errors = noErrors();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      const [codes, grids] = await Promise.all([loadCodes(), gridTree()]);
      this.#grids = grids;
      // Active first, newest first: the ones to print are on top.
      this.codes = [...codes].sort((a, b) => (a.status === b.status ? b.createdAt.localeCompare(a.createdAt) : a.status === 'active' ? -1 : 1));
      this.error = undefined;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  #gridName = (id?: string) => (id ? (this.#grids.find((g) => g.id === id)?.name ?? id) : t('rc.wholeTenant'));

  async #run(call: () => Promise<unknown>, done: string, fields: string[]) {
    this.busy = true;
    try {
      await call();
      this.open = undefined;
      announce(done);
      await this.#load();
    } catch (error) {
      this.errors = formErrors(error, fields);
    } finally {
      this.busy = false;
    }
  }

  #create(event: SubmitEvent, id: string) {
    event.preventDefault();
    const f = readForm(event.target as HTMLFormElement);
    const gridId = f.text('gridId');
    const compound = f.text('compound');
    const json = { id, label: f.text('label'), ...(gridId ? { gridId } : {}), ...(compound ? { compound } : {}) };
    void this.#run(() => ok(reg.codes.$post({ json })), t('rc.created'), ['label', 'gridId', 'compound']);
  }

  #retire(event: SubmitEvent, code: Code) {
    event.preventDefault();
    void this.#run(() => ok(reg.codes[':codeId'].retire.$post({ param: { codeId: code.id } })), t('rc.retiredDone'), []);
  }

  #poster(code: Code) {
    openPage(reg.codes[':codeId']['poster.html'].$url({ param: { codeId: code.id }, query: { origin: location.origin } }).toString()).catch((e) => announce(errorMessage(e)));
  }

  #card(code: Code) {
    const retired = code.status === 'retired';
    return html`<li class="card registration-code ${retired ? 'retired' : ''}" data-code-id=${code.id}>
      <div class="row"><strong>${code.label}</strong> <span class="chip">${retired ? t('rc.retired') : t('rc.active')}</span></div>
      <dl class="facts">
        <dt>${t('rc.grid')}</dt><dd>${this.#gridName(code.gridId)}</dd>
        ${code.compound ? html`<dt>${t('rc.compound')}</dt><dd>${code.compound}</dd>` : nothing}
      </dl>
      <p class="muted">${t('rc.madeAt', { at: when(code.createdAt) })}</p>
      ${retired
        ? nothing
        : html`<div class="actions">
            <button type="button" class="primary" @click=${() => this.#poster(code)}>${t('rc.poster')}</button>
            <a class="button" href=${`#/register?code=${encodeURIComponent(code.token)}`} target="_blank" rel="noopener">${t('rc.openForm')}</a>
            <button type="button" class="quiet danger-text" @click=${() => this.#openDialog({ kind: 'retire', code })}>${t('rc.retire')}</button>
          </div>`}
    </li>`;
  }

  #openDialog(open: NonNullable<GwRegistrationCodes['open']>) {
    this.errors = noErrors();
    this.open = open;
  }

  #dialog(open: NonNullable<GwRegistrationCodes['open']>) {
    const close = () => (this.open = undefined);
    if (open.kind === 'retire') {
      return modal({
        id: 'rc-retire',
        title: t('rc.retireTitle', { label: open.code.label }),
        onClose: close,
        body: html`<form @submit=${(e: SubmitEvent) => this.#retire(e, open.code)}>${formSummary(this.errors)}
          <p>${t('rc.retireAsk')}</p>${dialogActions({ submitLabel: t('rc.retire'), busy: this.busy, danger: true })}</form>`,
      });
    }
    const grids = this.#grids.filter((g) => g.status === 'active');
    const e = this.errors.fields;
    return modal({
      id: 'rc-new',
      title: t('rc.new'),
      onClose: close,
      // The id was made when the dialog opened: a resend after a lost answer is the same code.
      body: html`<form @submit=${(ev: SubmitEvent) => this.#create(ev, open.id)} novalidate>${formSummary(this.errors)}
        ${inputField({ id: 'rc-label', name: 'label', label: t('rc.label'), hint: t('rc.labelHint'), errors: e.label })}
        ${selectField({ id: 'rc-grid', name: 'gridId', label: t('rc.grid'), value: '', options: [{ value: '', label: t('rc.wholeTenant') }, ...grids.map((g) => ({ value: g.id, label: g.name }))], errors: e.gridId })}
        ${inputField({ id: 'rc-compound', name: 'compound', label: t('rc.compound'), hint: t('rc.compoundHint'), optional: true, errors: e.compound })}
        ${dialogActions({ submitLabel: t('rc.create'), busy: this.busy })}</form>`,
    });
  }

  override render() {
    return html`<div class="screen-head"><h1>${t('nav.registrationCodes')}</h1>
        <button type="button" class="primary" @click=${() => this.#openDialog({ kind: 'new', id: ulid() })}>＋ ${t('rc.new')}</button></div>
      <p class="muted">${t('rc.intro')}</p>
      ${this.error && this.codes ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${loadState(this.codes, this.codes ? undefined : this.error, { retry: () => this.#load(), empty: t('rc.empty') })}
      <ul class="registration-codes">${(this.codes ?? []).map((c) => this.#card(c))}</ul>
      ${this.open ? this.#dialog(this.open) : nothing}`;
  }
}

customElements.define('gw-registration-codes', GwRegistrationCodes);
