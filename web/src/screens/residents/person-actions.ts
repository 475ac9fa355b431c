/**
 * <gw-person-actions>: the heavier acts on one person in their file (一人一档, a row of the household's
 * members): move them to another household of my grids, or to a new one (with a reason; the API moves
 * their file, both households' members and the figures in one go), and — tenant admins only, after a
 * confirmation with a reason — erase their personal data at once (a person's request under PIPL). Both
 * fire `changed` so the household reloads. Their moves are listed under the row's actions.
 */
import { html, nothing } from 'lit';
import { ulid } from 'ulid';
import type { Grid } from '../../../../shared/domain/grid';
import type { Household } from '../../../../shared/domain/residents/household';
import type { MaskedPerson } from '../../../../shared/domain/residents/person';
import { ApiError, api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { roles } from '../../session';
import { announce, GwElement } from '../../ui/base';
import { dialogActions, modal } from '../../ui/dialog';
import { gridTree, label, when } from '../../ui/domain';
import { type FormErrors, formSummary, inputField, noErrors, readForm, selectField, sendForm, textareaField } from '../../ui/form';
import { addressLine } from './residents-ui';

const RELATIONSHIPS = ['householder', 'spouse', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'in-law', 'tenant', 'other'] as const;
const MOVE_FIELDS = ['toHouseholdId', 'reason', 'relationship', 'newHousehold.gridId', 'newHousehold.address.compound', 'newHousehold.address.building', 'newHousehold.address.room'] as const;
const NEW = 'new';

class GwPersonActions extends GwElement {
  static override properties = {
    person: { attribute: false },
    dialog: { state: true },
    households: { state: true },
    grids: { state: true },
    target: { state: true },
    errors: { state: true },
    busy: { state: true },
  };
  declare person: MaskedPerson;
  declare dialog: 'move' | 'tombstone' | undefined;
  declare households: Household[];
  declare grids: Grid[];
  declare target: string;
  declare errors: FormErrors;
  declare busy: boolean;

  constructor() {
    super();
    this.households = [];
    this.grids = [];
    this.target = '';
    this.errors = noErrors();
    this.busy = false;
  }

  /** The households I may move someone into: the first page of my grids' (the API checks scope again). */
  async #openMove() {
    this.errors = noErrors();
    this.dialog = 'move';
    const [page, grids] = await Promise.all([ok(api.api.residents.households.$get({ query: { limit: '200' } })), gridTree()]);
    this.households = page.items.filter((h) => h.id !== this.person.householdId);
    this.grids = grids.filter((g) => g.status !== 'retired');
    this.target = this.households[0]?.id ?? NEW;
  }

  async #send(form: HTMLFormElement, fields: readonly string[], action: () => Promise<string>) {
    await sendForm(
      this,
      fields,
      async () => {
        const message = await action();
        form.closest('dialog')?.close();
        announce(message);
        this.dispatchEvent(new CustomEvent('changed', { bubbles: true, composed: true }));
      },
      async (error) => {
        if (error instanceof ApiError && error.currentVersion !== undefined) this.dispatchEvent(new CustomEvent('changed', { bubbles: true, composed: true }));
      },
    );
  }

  #move = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const f = readForm(form);
    const p = this.person;
    const opt = (name: string) => f.text(name) || undefined;
    const toNew = f.text('toHouseholdId') === NEW;
    const newHousehold = toNew
      ? { id: ulid(), gridId: f.text('newHousehold.gridId'), address: { compound: opt('newHousehold.address.compound'), building: opt('newHousehold.address.building'), room: f.text('newHousehold.address.room') }, tags: [] }
      : undefined;
    const toHouseholdId = toNew ? undefined : f.text('toHouseholdId');
    const json = { id: ulid(), version: p.version, reason: f.text('reason'), relationship: f.text('relationship') as (typeof RELATIONSHIPS)[number], ...(toNew ? { newHousehold } : { toHouseholdId }) };
    const to = toNew ? newHousehold!.address : this.households.find((h) => h.id === toHouseholdId)?.address;
    void this.#send(form, MOVE_FIELDS, async () => {
      await ok(api.api.residents.households[':householdId'].persons[':personId'].move.$post({ param: { householdId: p.householdId, personId: p.id }, json }));
      return t('pa.moved', { name: p.name, address: to ? addressLine(to) : '' });
    });
  };

  #tombstone = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const p = this.person;
    const reason = readForm(form).text('reason');
    void this.#send(form, ['reason'], async () => {
      await ok(api.api.residents.households[':householdId'].persons[':personId'].tombstone.$post({ param: { householdId: p.householdId, personId: p.id }, json: { reason } }));
      return t('pa.tombstoned', { name: p.name });
    });
  };

  #dialog() {
    const close = () => {
      this.dialog = undefined;
    };
    const e = this.errors.fields;
    const p = this.person;
    if (this.dialog === 'move') {
      const options = [...this.households.map((h) => ({ value: h.id, label: `${addressLine(h.address)}${h.number ? ` · ${h.number}` : ''}` })), { value: NEW, label: t('pa.moveToNew') }];
      const gridOptions = this.grids.map((g) => ({ value: g.id, label: `${'　'.repeat(g.level - 1)}${g.name}` }));
      return modal({
        id: 'move-person-dialog',
        title: t('pa.moveTitle', { name: p.name }),
        onClose: close,
        body: html`<form @submit=${this.#move} novalidate>
          ${formSummary(this.errors)}
          <p class="muted">${t('pa.moveHint')}</p>
          <div @change=${(ev: Event) => { if ((ev.target as HTMLSelectElement).name === 'toHouseholdId') this.target = (ev.target as HTMLSelectElement).value; }}>
            ${selectField({ id: 'move-to', name: 'toHouseholdId', label: t('pa.moveTo'), value: this.target, options, errors: e.toHouseholdId })}
          </div>
          ${this.target === NEW
            ? html`${selectField({ id: 'move-grid', name: 'newHousehold.gridId', label: t('pa.newGrid'), value: p.gridId, options: gridOptions, errors: e['newHousehold.gridId'] })}
                ${inputField({ id: 'move-compound', name: 'newHousehold.address.compound', label: t('pa.newCompound'), optional: true, errors: e['newHousehold.address.compound'] })}
                ${inputField({ id: 'move-building', name: 'newHousehold.address.building', label: t('pa.newBuilding'), optional: true, errors: e['newHousehold.address.building'] })}
                ${inputField({ id: 'move-room', name: 'newHousehold.address.room', label: t('pa.newRoom'), errors: e['newHousehold.address.room'] })}`
            : nothing}
          ${selectField({ id: 'move-relationship', name: 'relationship', label: t('pa.moveRelationship'), value: this.target === NEW ? 'householder' : p.relationship, options: RELATIONSHIPS.map((r) => ({ value: r, label: label('relationship', r) })), errors: e.relationship })}
          ${textareaField({ id: 'move-reason', name: 'reason', label: t('pa.moveReason'), value: '', errors: e.reason })}
          ${dialogActions({ submitLabel: t('pa.move'), busy: this.busy })}
        </form>`,
      });
    }
    if (this.dialog === 'tombstone') {
      return modal({
        id: 'tombstone-dialog',
        title: t('pa.tombstoneTitle', { name: p.name }),
        onClose: close,
        body: html`<form @submit=${this.#tombstone} novalidate>
          ${formSummary(this.errors)}
          <p class="notice warn">${t('pa.tombstoneHint')}</p>
          ${textareaField({ id: 'tombstone-reason', name: 'reason', label: t('pa.tombstoneReason'), value: '', errors: e.reason })}
          ${dialogActions({ submitLabel: t('pa.tombstoneConfirm'), busy: this.busy, danger: true })}
        </form>`,
      });
    }
    return nothing;
  }

  override render() {
    const p = this.person;
    const admin = roles().includes('tenant-admin');
    return html`${p.status === 'active' ? html`<button type="button" class="quiet" @click=${() => void this.#openMove()}>${t('pa.move')}</button>` : nothing}
      ${admin && p.status !== 'tombstone'
        ? html`<button type="button" class="quiet danger-text" @click=${() => {
            this.errors = noErrors();
            this.dialog = 'tombstone';
          }}>${t('pa.tombstone')}</button>`
        : nothing}
      ${p.moves?.length
        ? html`<details class="moves"><summary>${t('pa.moves')}</summary><ul class="simple-list">${p.moves.map((m) => html`<li>${when(m.at)} · ${m.reason ?? ''}</li>`)}</ul></details>`
        : nothing}
      ${this.#dialog()}`;
  }
}

customElements.define('gw-person-actions', GwPersonActions);
