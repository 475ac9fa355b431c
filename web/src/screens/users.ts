/**
 * <gw-users>: the tenant's users, a page at a time. Create a user with roles, grids (a picker over
 * the grid tree) and venue kinds; edit roles, grids, status and leave; reset a password.
 */
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { Role } from '../../../shared/domain/actor';
import type { Grid } from '../../../shared/domain/grid';
import type { User } from '../../../shared/domain/user';
import { ApiError, api, ok } from '../api/client';
import { t } from '../i18n/i18n';
import { Watch } from '../store';
import { session } from '../session';
import { announce, GwElement } from '../ui/base';
import { dialogActions, modal } from '../ui/dialog';
import { gridTree, levelName } from '../ui/domain';
import { errorMessage } from '../ui/errors';
import { type FormErrors, fieldError, focusFirstInvalid, formErrors, formSummary, inputField, noErrors, readForm, selectField } from '../ui/form';
import { loadState } from '../ui/load-state';
import { CursorPager } from '../ui/pager';

const PAGE_SIZE = 20;
const TENANT_ROLES = ['tenant-admin', 'supervisor', 'inspector', 'industry-authority'] as const satisfies readonly Role[];
type TenantRole = (typeof TENANT_ROLES)[number];
const FIELDS = ['id', 'displayName', 'phone', 'roles', 'gridIds', 'venueKinds', 'password', 'status', 'onLeave', 'version'] as const;

type Dialog = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'password'; user: User };

const splitKinds = (text: string) => text.split(/[\s,，、]+/).filter(Boolean);

class GwUsers extends GwElement {
  static override properties = {
    users: { state: true },
    loadError: { state: true },
    grids: { state: true },
    dialog: { state: true },
    errors: { state: true },
    busy: { state: true },
    gridFilter: { state: true },
    pickedCount: { state: true },
  };
  declare users: User[] | undefined;
  declare loadError: string | undefined;
  declare grids: Grid[];
  declare dialog: Dialog | undefined;
  declare errors: FormErrors;
  declare busy: boolean;
  declare gridFilter: string;
  declare pickedCount: number;

  #pages = new CursorPager(this, PAGE_SIZE, (query) => ok(api.api.users.$get({ query })));

  constructor() {
    super();
    this.grids = [];
    this.errors = noErrors();
    this.busy = false;
    this.gridFilter = '';
    this.pickedCount = 0;
    new Watch(this, [session]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load(0);
    void gridTree()
      .then((grids) => {
        this.grids = grids;
      })
      .catch(() => {});
  }

  async #load(page: number) {
    try {
      this.users = await this.#pages.load(page);
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  #open(dialog: Dialog) {
    this.errors = noErrors();
    this.gridFilter = '';
    this.pickedCount = dialog.kind === 'edit' ? dialog.user.gridIds.length : 0;
    this.dialog = dialog;
  }

  #closed = () => {
    this.dialog = undefined;
    this.errors = noErrors();
  };

  async #save(form: HTMLFormElement, action: () => Promise<string>) {
    this.busy = true;
    this.errors = noErrors();
    try {
      const message = await action();
      await this.#load(this.#pages.page);
      form.closest('dialog')?.close();
      announce(message);
    } catch (error) {
      if (error instanceof ApiError && error.currentVersion !== undefined) {
        await this.#load(this.#pages.page);
        const d = this.dialog;
        const fresh = d && 'user' in d ? this.users?.find((u) => u.id === d.user.id) : undefined;
        if (d && 'user' in d && fresh) this.dialog = { ...d, user: fresh };
      }
      this.errors = formErrors(error, FIELDS);
      focusFirstInvalid(this);
    } finally {
      this.busy = false;
    }
  }

  #submitCreate = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const f = readForm(form);
    const phone = f.text('phone');
    const json = {
      id: f.text('id').toLowerCase(),
      displayName: f.text('displayName'),
      ...(phone ? { phone } : {}),
      roles: f.all('roles') as TenantRole[],
      gridIds: f.all('gridIds'),
      venueKinds: splitKinds(f.text('venueKinds')),
      password: String(new FormData(form).get('password') ?? ''),
    };
    void this.#save(form, async () => {
      const user = await ok(api.api.users.$post({ json }));
      return t('users.created', { name: user.displayName });
    });
  };

  #submitEdit = (event: SubmitEvent) => {
    event.preventDefault();
    const d = this.dialog;
    if (d?.kind !== 'edit') return;
    const form = event.target as HTMLFormElement;
    const f = readForm(form);
    const phone = f.text('phone');
    const json = {
      version: d.user.version,
      displayName: f.text('displayName'),
      ...(phone ? { phone } : {}),
      roles: f.all('roles') as TenantRole[],
      gridIds: f.all('gridIds'),
      venueKinds: splitKinds(f.text('venueKinds')),
      status: f.text('status') as 'active' | 'disabled',
      onLeave: f.checked('onLeave'),
    };
    void this.#save(form, async () => {
      const user = await ok(api.api.users[':userId'].$patch({ param: { userId: d.user.id }, json }));
      return t('users.updated', { name: user.displayName });
    });
  };

  #submitPassword = (event: SubmitEvent) => {
    event.preventDefault();
    const d = this.dialog;
    if (d?.kind !== 'password') return;
    const form = event.target as HTMLFormElement;
    const password = String(new FormData(form).get('password') ?? '');
    void this.#save(form, async () => {
      const user = await ok(api.api.users[':userId'].$patch({ param: { userId: d.user.id }, json: { version: d.user.version, password } }));
      return t('users.passwordReset', { name: user.displayName });
    });
  };

  #gridNames(ids: string[], byId: ReadonlyMap<string, string>): string {
    if (ids.length === 0) return '—';
    return ids.map((id) => byId.get(id) ?? id).join('、');
  }

  /**
   * 网格长 or 网格员: one field role, but who leads a grid with grids under it (a village's 网格长) is
   * told apart from who works a lowest grid (网格员).
   */
  #fieldRole(gridIds: readonly string[]): string {
    const leads = gridIds.some((id) => this.grids.some((g) => g.parentId === id && g.status === 'active'));
    return t(leads ? 'role.gridLeader' : 'role.inspector');
  }

  override render() {
    const users = this.users;
    const gridNames = new Map(this.grids.map((g) => [g.id, g.name]));
    return html`<div class="screen-head">
        <h1>${t('users.title')}</h1>
        <button type="button" class="primary" @click=${() => this.#open({ kind: 'create' })}>＋ ${t('users.create')}</button>
      </div>
      ${loadState(users, this.loadError, { retry: () => this.#load(this.#pages.page), empty: t('common.empty') })}
      ${users?.length
        ? html`<table class="cards">
            <thead>
              <tr>
                <th scope="col">${t('users.displayName')}</th>
                <th scope="col">${t('users.id')}</th>
                <th scope="col">${t('users.roles')}</th>
                <th scope="col">${t('users.grids')}</th>
                <th scope="col">${t('users.status')}</th>
                <th scope="col"><span class="sr-only">${t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              ${users.map(
                (u) => html`<tr data-user-id=${u.id}>
                  <th scope="row" data-label=${t('users.displayName')}>${u.displayName}</th>
                  <td data-label=${t('users.id')}><code>${u.id}</code></td>
                  <td data-label=${t('users.roles')}>${u.roles.map((r) => (r === 'inspector' ? this.#fieldRole(u.gridIds) : t(`role.${r}`))).join('、')}</td>
                  <td data-label=${t('users.grids')}>${this.#gridNames(u.gridIds, gridNames)}</td>
                  <td data-label=${t('users.status')}>
                    <span class="badge ${u.status}">${t(`users.status.${u.status}`)}</span>
                    ${u.onLeave ? html`<span class="badge">${t('users.onLeaveShort')}</span>` : nothing}
                  </td>
                  <td class="row-actions">
                    ${u.status === 'removed'
                      ? nothing
                      : html`<button type="button" @click=${() => this.#open({ kind: 'edit', user: u })} aria-label="${t('common.edit')} ${u.displayName}">${t('common.edit')}</button>
                          <button type="button" @click=${() => this.#open({ kind: 'password', user: u })} aria-label="${t('users.resetPassword')} ${u.displayName}">${t('users.resetPassword')}</button>`}
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : nothing}
      ${users ? this.#pages.render((page) => this.#load(page)) : nothing}
      ${this.dialog ? keyed(`${this.dialog.kind}:${'user' in this.dialog ? this.dialog.user.id : ''}`, this.#dialog(this.dialog)) : nothing}`;
  }

  #rolesField(selected: readonly Role[], errors?: string[]) {
    const id = 'user-roles';
    return html`<fieldset class="field ${errors?.length ? 'invalid' : ''}" aria-describedby=${errors?.length ? `${id}-error` : nothing}>
      <legend>${t('users.roles')}</legend>
      <div class="checks">
        ${TENANT_ROLES.map(
          (r) => html`<label class="check"><input type="checkbox" name="roles" value=${r} ?checked=${selected.includes(r)} aria-invalid=${errors?.length ? 'true' : 'false'} /> ${t(`role.${r}`)}</label>`,
        )}
      </div>
      ${fieldError(errors, id)}
    </fieldset>`;
  }

  /** Checkboxes over the grid tree, with a filter; checked boxes are submitted as `gridIds`. */
  #gridPicker(selected: readonly string[], errors?: string[]) {
    const id = 'user-grids';
    const filter = this.gridFilter.trim();
    const active = this.grids.filter((g) => g.status === 'active' || selected.includes(g.id));
    return html`<fieldset class="field ${errors?.length ? 'invalid' : ''}">
      <legend>${t('users.grids')} <span class="muted">${t('users.gridSelected', { n: this.pickedCount })}</span></legend>
      <p class="hint" id="${id}-hint">${t('users.gridsHintInspector')} ${t('users.gridsHintSupervisor')}</p>
      <label class="sr-only" for="${id}-filter">${t('users.gridFilter')}</label>
      <input id="${id}-filter" type="search" placeholder=${t('users.gridFilter')} .value=${this.gridFilter} @input=${(e: Event) => {
        this.gridFilter = (e.target as HTMLInputElement).value;
      }} />
      <div class="picker" @change=${(e: Event) => {
        this.pickedCount = (e.currentTarget as HTMLElement).querySelectorAll('input[name="gridIds"]:checked').length;
      }}>
        ${active.map(
          (g) => html`<label class="check picker-row" style="--level:${g.level}" ?hidden=${!!filter && !g.name.includes(filter) && !g.id.includes(filter)}>
            <input type="checkbox" name="gridIds" value=${g.id} ?checked=${selected.includes(g.id)} aria-invalid=${errors?.length ? 'true' : 'false'} />
            ${g.name} <span class="muted">${levelName(g.level)}</span>
          </label>`,
        )}
      </div>
      ${fieldError(errors, id)}
    </fieldset>`;
  }

  #dialog(d: Dialog) {
    const e = this.errors.fields;
    if (d.kind === 'password') {
      return modal({
        id: 'user-password',
        title: t('users.resetTitle', { name: d.user.displayName }),
        onClose: this.#closed,
        body: html`<form novalidate @submit=${this.#submitPassword}>
          ${formSummary(this.errors)}
          <input type="text" name="username" autocomplete="username" .value=${d.user.id} hidden />
          ${inputField({ id: 'user-new-password', name: 'password', type: 'password', label: t('users.newPassword'), hint: t('users.passwordHint'), autocomplete: 'new-password', errors: e.password, autofocus: true })}
          ${dialogActions({ submitLabel: t('users.resetPassword'), busy: this.busy })}
        </form>`,
      });
    }
    const user = d.kind === 'edit' ? d.user : undefined;
    return modal({
      id: d.kind === 'edit' ? 'user-edit' : 'user-create',
      title: user ? t('users.editTitle', { name: user.displayName }) : t('users.createTitle'),
      onClose: this.#closed,
      body: html`<form novalidate @submit=${user ? this.#submitEdit : this.#submitCreate}>
        ${formSummary(this.errors)}
        ${user
          ? html`<p class="muted">${t('users.id')}：<code>${user.id}</code></p>`
          : inputField({ id: 'user-id', name: 'id', label: t('users.id'), hint: t('users.idHint'), autocomplete: 'off', errors: e.id, autofocus: true })}
        ${inputField({ id: 'user-name', name: 'displayName', label: t('users.displayName'), value: user?.displayName, errors: e.displayName, autofocus: !!user })}
        ${inputField({ id: 'user-phone', name: 'phone', label: t('users.phone'), type: 'tel', inputmode: 'tel', value: user?.phone, optional: true, errors: e.phone })}
        ${user ? nothing : inputField({ id: 'user-password', name: 'password', type: 'password', label: t('users.password'), hint: t('users.passwordHint'), autocomplete: 'new-password', errors: e.password })}
        ${this.#rolesField(user?.roles ?? ['inspector'], e.roles)}
        ${this.#gridPicker(user?.gridIds ?? [], e.gridIds)}
        ${inputField({ id: 'user-kinds', name: 'venueKinds', label: t('users.venueKinds'), hint: t('users.venueKindsHint'), value: user?.venueKinds.join(', '), optional: true, errors: e.venueKinds })}
        ${user
          ? html`${selectField({
              id: 'user-status',
              name: 'status',
              label: t('users.status'),
              value: user.status,
              errors: e.status,
              options: [
                { value: 'active', label: t('users.status.active') },
                { value: 'disabled', label: t('users.status.disabled') },
              ],
            })}
            <div class="field ${e.onLeave?.length ? 'invalid' : ''}">
              <label class="check"><input type="checkbox" name="onLeave" ?checked=${user.onLeave} /> ${t('users.onLeave')}</label>
              ${fieldError(e.onLeave)}
            </div>`
          : nothing}
        ${dialogActions({ submitLabel: user ? t('common.save') : t('common.create'), busy: this.busy })}
      </form>`,
    });
  }
}

customElements.define('gw-users', GwUsers);
