/**
 * <gw-checkpoint-setup>: 卡口设置 on the 卡口 screen, for tenant admins and supervisors — the
 * checkpoints of my grids (retired ones marked, kept with their history); set one up (grid, name,
 * place, shifts, staff from the grid's users), edit it against its version (a stale one reloads and
 * says so), retire it. The API's field errors are shown beside the fields.
 */
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { ulid } from 'ulid';
import type { Grid } from '../../../../shared/domain/grid';
import { ApiError, api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { announce, GwElement } from '../../ui/base';
import { dialogActions, modal } from '../../ui/dialog';
import { gridTree, levelName } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { type FormErrors, focusFirstInvalid, formErrors, formSummary, inputField, noErrors, selectField } from '../../ui/form';
import { loadState } from '../../ui/load-state';
import { defaultShifts, readSetup, type ShiftRow, type StaffUser, setupFields, shiftRows, staffChoice, tenantUsers, usersOfGrid } from './setup-form';

type Checkpoint = Awaited<ReturnType<typeof loadCheckpoints>>['items'][number];
type Dialog = { kind: 'add' } | { kind: 'edit'; checkpoint: Checkpoint } | { kind: 'retire'; checkpoint: Checkpoint };
const loadCheckpoints = () => ok(api.api.checkpoints.$get({ query: {} }));

class GwCheckpointSetup extends GwElement {
  static override properties = {
    checkpoints: { state: true },
    grids: { state: true },
    users: { state: true },
    loadError: { state: true },
    dialog: { state: true },
    gridId: { state: true },
    shifts: { state: true },
    errors: { state: true },
    busy: { state: true },
  };
  declare checkpoints: Checkpoint[] | undefined;
  declare grids: Grid[];
  declare users: StaffUser[];
  declare loadError: string | undefined;
  declare dialog: Dialog | undefined;
  /** The grid chosen in the form (its users are offered as staff). */
  declare gridId: string;
  declare shifts: ShiftRow[];
  declare errors: FormErrors;
  declare busy: boolean;

  constructor() {
    super();
    this.grids = [];
    this.users = [];
    this.gridId = '';
    this.shifts = [];
    this.errors = noErrors();
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
    gridTree().then((g) => { this.grids = g.filter((x) => x.status === 'active'); }, () => undefined);
    tenantUsers().then((u) => { this.users = u; }, () => undefined);
  }

  async #load() {
    try {
      this.checkpoints = (await loadCheckpoints()).items;
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  #open(dialog: Dialog) {
    this.errors = noErrors();
    this.gridId = 'checkpoint' in dialog ? dialog.checkpoint.gridId : (this.grids[0]?.id ?? '');
    this.shifts = 'checkpoint' in dialog ? dialog.checkpoint.shifts : defaultShifts();
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
      await this.#load();
      form.closest('dialog')?.close();
      announce(message);
      this.dispatchEvent(new CustomEvent('checkpoints-changed', { bubbles: true, composed: true }));
    } catch (error) {
      this.errors = formErrors(error, setupFields(this.shifts.length));
      if (error instanceof ApiError && error.status === 409 && 'checkpoint' in (this.dialog ?? {})) {
        // Changed or retired meanwhile: show what is stored now, and say so.
        await this.#load();
        const d = this.dialog as Exclude<Dialog, { kind: 'add' }>;
        const fresh = this.checkpoints?.find((c) => c.id === d.checkpoint.id);
        if (fresh) {
          this.shifts = fresh.shifts;
          this.dialog = { ...d, checkpoint: fresh };
        }
        if (error.currentVersion !== undefined) this.errors = { fields: {}, general: [t('cks.reloaded')] };
      }
      focusFirstInvalid(this);
    } finally {
      this.busy = false;
    }
  }

  #submit = (event: SubmitEvent) => {
    event.preventDefault();
    const d = this.dialog;
    const form = event.target as HTMLFormElement;
    if (d?.kind === 'add') {
      const json = { id: ulid(), gridId: this.gridId, ...readSetup(form) };
      void this.#save(form, async () => t('cks.created', { name: (await ok(api.api.checkpoints.$post({ json }))).name }));
    } else if (d?.kind === 'edit') {
      const json = { version: d.checkpoint.version, ...readSetup(form) };
      void this.#save(form, async () => t('cks.saved', { name: (await ok(api.api.checkpoints[':checkpointId'].$put({ param: { checkpointId: d.checkpoint.id }, json }))).name }));
    } else if (d?.kind === 'retire') {
      const json = { version: d.checkpoint.version };
      void this.#save(form, async () => t('cks.retiredDone', { name: (await ok(api.api.checkpoints[':checkpointId'].retire.$post({ param: { checkpointId: d.checkpoint.id }, json }))).name }));
    }
  };

  override render() {
    const list = this.checkpoints;
    return html`<section class="checkpoint-setup">
      <div class="screen-head"><h2>${t('cks.title')}</h2>
        <button type="button" class="primary" ?disabled=${!this.grids.length} @click=${() => this.#open({ kind: 'add' })}>＋ ${t('cks.add')}</button>
      </div>
      ${loadState(list, this.loadError, { retry: () => this.#load(), empty: t('ck.none') })}
      ${list?.length ? html`<table class="cards checkpoint-list">
        <thead><tr><th scope="col">${t('ck.checkpoint')}</th><th scope="col">${t('cks.place')}</th><th scope="col">${t('cks.shifts')}</th><th scope="col">${t('cks.staff')}</th><th scope="col"></th></tr></thead>
        <tbody>${list.map((c) => this.#row(c))}</tbody>
      </table>` : nothing}
      ${this.dialog ? keyed(`${this.dialog.kind}:${'checkpoint' in this.dialog ? `${this.dialog.checkpoint.id}:${this.dialog.checkpoint.version}` : ''}`, this.#dialog(this.dialog)) : nothing}
    </section>`;
  }

  #row(c: Checkpoint) {
    const retired = c.status === 'retired';
    return html`<tr data-checkpoint-id=${c.id} class=${retired ? 'retired' : ''}>
      <th scope="row">${c.name} ${retired ? html`<span class="badge">${t('cks.retired')}</span>` : nothing}</th>
      <td data-label=${t('cks.place')}>${c.location.place}${c.location.road ? ` · ${c.location.road}` : ''}</td>
      <td data-label=${t('cks.shifts')}>${c.shifts.map((s) => `${s.name} ${s.starts}–${s.ends}`).join('，')}</td>
      <td data-label=${t('cks.staff')}>${c.staff.length}</td>
      <td>${retired ? nothing : html`<button type="button" @click=${() => this.#open({ kind: 'edit', checkpoint: c })}>${t('common.edit')}</button>
        <button type="button" class="danger-text" @click=${() => this.#open({ kind: 'retire', checkpoint: c })}>${t('cks.retire')}</button>`}</td>
    </tr>`;
  }

  #dialog(d: Dialog) {
    const e = this.errors.fields;
    if (d.kind === 'retire') {
      return modal({
        id: 'checkpoint-retire',
        title: t('cks.retireTitle', { name: d.checkpoint.name }),
        onClose: this.#closed,
        body: html`<form novalidate @submit=${this.#submit}>
          <p>${t('cks.retireBody')}</p>
          ${formSummary(this.errors)}
          ${dialogActions({ submitLabel: t('cks.retireConfirm'), busy: this.busy, danger: true })}
        </form>`,
      });
    }
    const c = d.kind === 'edit' ? d.checkpoint : undefined;
    // Only who may staff it (the API refuses anyone else); staff who moved away are shown, not sent.
    const staffUsers = usersOfGrid(this.users, this.grids, c?.gridId ?? this.gridId);
    const former = this.users.filter((u) => c?.staff.includes(u.id) && !staffUsers.includes(u));
    return modal({
      id: 'checkpoint-form',
      title: c ? t('cks.editTitle', { name: c.name }) : t('cks.add'),
      onClose: this.#closed,
      body: html`<form novalidate @submit=${this.#submit}>
        ${formSummary(this.errors)}
        ${c
          ? html`<p class="muted">${t('cks.gridOf', { grid: this.grids.find((g) => g.id === c.gridId)?.name ?? c.gridId })}</p>`
          : html`<div @change=${(ev: Event) => { this.gridId = (ev.target as HTMLSelectElement).value; }}>${selectField({ id: 'checkpoint-grid', name: 'gridId', label: t('cks.grid'), errors: e.gridId, value: this.gridId, options: this.grids.map((g) => ({ value: g.id, label: `${'　'.repeat(g.level - 1)}${g.name}（${levelName(g.level)}）` })) })}</div>`}
        ${inputField({ id: 'checkpoint-name', name: 'name', label: t('cks.name'), value: c?.name, errors: e.name, autofocus: true })}
        ${inputField({ id: 'checkpoint-place', name: 'place', label: t('cks.place'), value: c?.location.place, errors: e['location.place'] })}
        ${inputField({ id: 'checkpoint-road', name: 'road', label: t('cks.road'), value: c?.location.road, errors: e['location.road'], optional: true })}
        ${shiftRows(this.shifts, e, (rows) => { this.shifts = rows; })}
        ${staffChoice(staffUsers, c?.staff ?? [], e.staff, former)}
        ${dialogActions({ submitLabel: c ? t('common.save') : t('common.create'), busy: this.busy })}
      </form>`,
    });
  }
}

customElements.define('gw-checkpoint-setup', GwCheckpointSetup);
