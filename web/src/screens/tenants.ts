/**
 * <gw-tenants>: the platform admin's tenant registry — list a page at a time, create a tenant
 * (district, county, town, sub-district) together with its first tenant admin.
 */
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { Tenant } from '../../../shared/domain/tenant';
import { api, ok } from '../api/client';
import { language, t } from '../i18n/i18n';
import { announce, GwElement } from '../ui/base';
import { dialogActions, modal } from '../ui/dialog';
import { errorMessage } from '../ui/errors';
import { fieldError, formSummary, inputField, noErrors, readForm, sendForm, textareaField, type FormErrors } from '../ui/form';
import { loadState } from '../ui/load-state';
import { CursorPager } from '../ui/pager';

const PAGE_SIZE = 20;
const FIELDS = ['id', 'nameZh', 'nameEn', 'timezone', 'gridLevelNames', 'admin', 'admin.id', 'admin.displayName', 'admin.password'] as const;
const DEFAULT_LEVELS = ['一级网格', '二级网格', '三级网格'];

class GwTenants extends GwElement {
  static override properties = {
    tenants: { state: true },
    loadError: { state: true },
    creating: { state: true },
    errors: { state: true },
    busy: { state: true },
  };
  declare tenants: Tenant[] | undefined;
  declare loadError: string | undefined;
  declare creating: boolean;
  declare errors: FormErrors;
  declare busy: boolean;

  #pages = new CursorPager(this, PAGE_SIZE, (query) => ok(api.api.platform.tenants.$get({ query })));

  constructor() {
    super();
    this.creating = false;
    this.errors = noErrors();
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load(0);
  }

  async #load(page: number) {
    try {
      this.tenants = await this.#pages.load(page);
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  #submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const f = readForm(form);
    const levels = f
      .text('gridLevelNames')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const json = {
      id: f.text('id').toLowerCase(),
      nameZh: f.text('nameZh'),
      nameEn: f.text('nameEn'),
      timezone: f.text('timezone') || 'Asia/Shanghai',
      gridLevelNames: levels,
      admin: { id: f.text('admin.id').toLowerCase(), displayName: f.text('admin.displayName'), password: String(new FormData(form).get('admin.password') ?? '') },
    };
    await sendForm(this, FIELDS, async () => {
      const tenant = await ok(api.api.platform.tenants.$post({ json }));
      await this.#load(this.#pages.page);
      form.closest('dialog')?.close();
      announce(t('tenants.created', { name: language() === 'zh-CN' ? tenant.nameZh : tenant.nameEn }));
    });
  };

  override render() {
    const tenants = this.tenants;
    return html`<div class="screen-head">
        <h1>${t('tenants.title')}</h1>
        <button type="button" class="primary" @click=${() => {
          this.errors = noErrors();
          this.creating = true;
        }}>＋ ${t('tenants.create')}</button>
      </div>
      ${loadState(tenants, this.loadError, { retry: () => this.#load(this.#pages.page), empty: t('common.empty') })}
      ${tenants?.length
        ? html`<table class="cards">
            <thead>
              <tr>
                <th scope="col">${t('tenants.nameZh')}</th>
                <th scope="col">${t('tenants.nameEn')}</th>
                <th scope="col">${t('tenants.id')}</th>
                <th scope="col">${t('tenants.gridLevelNames')}</th>
                <th scope="col">${t('tenants.timezone')}</th>
                <th scope="col">${t('tenants.status')}</th>
              </tr>
            </thead>
            <tbody>
              ${tenants.map(
                (tn) => html`<tr data-tenant-id=${tn.id}>
                  <th scope="row" data-label=${t('tenants.nameZh')}>${tn.nameZh}</th>
                  <td data-label=${t('tenants.nameEn')}>${tn.nameEn}</td>
                  <td data-label=${t('tenants.id')}><code>${tn.id}</code></td>
                  <td data-label=${t('tenants.gridLevelNames')}>${tn.gridLevelNames.join(' › ')}</td>
                  <td data-label=${t('tenants.timezone')}>${tn.timezone}</td>
                  <td data-label=${t('tenants.status')}><span class="badge ${tn.status}">${t(`tenants.status.${tn.status}`)}</span></td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : nothing}
      ${tenants ? this.#pages.render((page) => this.#load(page)) : nothing}
      ${this.creating ? keyed('create', this.#dialog()) : nothing}`;
  }

  #dialog() {
    const e = this.errors.fields;
    return modal({
      id: 'tenant-create',
      title: t('tenants.createTitle'),
      onClose: () => {
        this.creating = false;
      },
      body: html`<form novalidate @submit=${this.#submit}>
        ${formSummary(this.errors)}
        ${inputField({ id: 'tenant-id', name: 'id', label: t('tenants.id'), hint: t('tenants.idHint'), autocomplete: 'off', errors: e.id, autofocus: true })}
        ${inputField({ id: 'tenant-name-zh', name: 'nameZh', label: t('tenants.nameZh'), errors: e.nameZh })}
        ${inputField({ id: 'tenant-name-en', name: 'nameEn', label: t('tenants.nameEn'), errors: e.nameEn })}
        ${inputField({ id: 'tenant-tz', name: 'timezone', label: t('tenants.timezone'), value: 'Asia/Shanghai', autocomplete: 'off', errors: e.timezone })}
        ${textareaField({ id: 'tenant-levels', name: 'gridLevelNames', label: t('tenants.gridLevelNames'), hint: t('tenants.gridLevelNamesHint'), value: DEFAULT_LEVELS.join('\n'), rows: 3, errors: e.gridLevelNames })}
        <fieldset class="field">
          <legend>${t('tenants.admin')}</legend>
          ${fieldError(e.admin)}
          ${inputField({ id: 'tenant-admin-id', name: 'admin.id', label: t('tenants.adminId'), hint: t('users.idHint'), value: 'admin', autocomplete: 'off', errors: e['admin.id'] })}
          ${inputField({ id: 'tenant-admin-name', name: 'admin.displayName', label: t('tenants.adminName'), errors: e['admin.displayName'] })}
          ${inputField({ id: 'tenant-admin-password', name: 'admin.password', type: 'password', label: t('tenants.adminPassword'), hint: t('users.passwordHint'), autocomplete: 'new-password', errors: e['admin.password'] })}
        </fieldset>
        ${dialogActions({ submitLabel: t('common.create'), busy: this.busy })}
      </form>`,
    });
  }
}

customElements.define('gw-tenants', GwTenants);
