/**
 * <gw-found-picker>: in a pushed task's outcome form, who "found and registered" is — the registered
 * person the row matched (blind index: ID number, then phone), a member of a household chosen here
 * (searched by 户号 or address within my grids; members masked), a new member of that household, or
 * a new household. Light DOM: its fields belong to the outcome form, and `found()` turns them into
 * the API's `found` (client ULIDs: the outbox resends the same person and household).
 */
import { html, nothing } from 'lit';
import { ulid } from 'ulid';
import type { Task } from '../../../../shared/domain/pushed-lists/task';
import type { Household } from '../../../../shared/domain/residents/household';
import { ID_TYPES } from '../../../../shared/domain/residents/id-number';
import { type MaskedPerson, RELATIONSHIPS } from '../../../../shared/domain/residents/person';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { online } from '../../offline/sw-register';
import { GwElement } from '../../ui/base';
import { label } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { addressLine, categoryName, residentRules } from '../residents/residents-ui';

type Choice = 'match' | 'pick' | 'new';
/** The member radio's value for "a new member of the chosen household". */
const NEW_MEMBER = 'new';
export type FoundBody = { link: { householdId: string; personId: string } } | { create: Record<string, unknown> };

/** The document the member was shown (a row without an ID number needs one to register the person). */
function documentOf(data: FormData) {
  const idNumber = String(data.get('idNumber') ?? '').trim();
  return idNumber ? { idType: String(data.get('idType') ?? 'resident-id'), idNumber } : {};
}

export class GwFoundPicker extends GwElement {
  static override properties = { task: { attribute: false }, choice: { state: true }, results: { state: true }, more: { state: true }, household: { state: true }, members: { state: true }, error: { state: true }, busy: { state: true } };
  declare task: Task;
  declare choice: Choice | undefined;
  declare results: Household[] | undefined;
  declare more: boolean;
  declare household: Household | undefined;
  declare members: MaskedPerson[] | undefined;
  declare error: string | undefined;
  declare busy: boolean;

  constructor() {
    super();
    this.more = false;
    this.busy = false;
  }

  override willUpdate(): void {
    this.choice ??= this.task.match.personId ? 'match' : 'new';
  }

  /** The outcome's `found`, or why it cannot be sent yet (worded for the form). */
  found(data: FormData): { found: FoundBody } | { error: string } {
    const category = String(data.get('category') ?? '');
    if (this.choice === 'match' && this.task.match.personId) return { found: { link: { householdId: this.task.match.householdId!, personId: this.task.match.personId } } };
    if (this.choice === 'pick') {
      if (!this.household) return { error: t('pl.pickHousehold') };
      const member = String(data.get('foundMember') ?? '');
      if (!member) return { error: t('pl.pickMember') };
      if (member !== NEW_MEMBER) return { found: { link: { householdId: this.household.id, personId: member } } };
      return { found: { create: { householdId: this.household.id, personId: ulid(), category, relationship: String(data.get('relationship') ?? 'other'), ...documentOf(data) } } };
    }
    return { found: { create: { newHousehold: { id: ulid(), address: { room: String(data.get('room') ?? '').trim() || '—' } }, personId: ulid(), category, relationship: 'householder', ...documentOf(data) } } };
  }

  async #search() {
    const q = (this.querySelector('input[name="householdQuery"]') as HTMLInputElement | null)?.value.trim() ?? '';
    if (!q) return;
    this.busy = true;
    try {
      const answer = await ok(api.api.residents['household-search'].$get({ query: { q } }));
      this.results = answer.items;
      this.more = answer.more;
      this.error = undefined;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.busy = false;
    }
  }

  async #choose(household: Household) {
    this.busy = true;
    try {
      // The household's file, members masked (the API writes the opening to the access log).
      this.members = (await ok(api.api.residents.households[':householdId'].$get({ param: { householdId: household.id } }))).members.filter((m) => m.status === 'active');
      this.household = household;
      this.error = undefined;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.busy = false;
    }
  }

  #picker() {
    if (!online.value) return html`<p class="muted">${t('pl.pickOnline')}</p>`;
    const h = this.household;
    return html`<div class="found-pick stack">
      <div class="row">
        <label>${t('pl.householdQuery')} <input name="householdQuery" maxlength="40" autocomplete="off" @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') { e.preventDefault(); void this.#search(); } }} /></label>
        <button type="button" ?disabled=${this.busy} @click=${() => this.#search()}>${t('pl.search')}</button>
      </div>
      <p class="hint">${t('pl.searchHint')}</p>
      ${this.results && !this.results.length ? html`<p class="muted" role="status">${t('pl.searchNone')}</p>` : nothing}
      ${this.more ? html`<p class="muted">${t('pl.searchMore')}</p>` : nothing}
      ${this.results?.length && !h
        ? html`<ul class="found-households">${this.results.map(
            (r) => html`<li><button type="button" class="quiet" data-household-id=${r.id} @click=${() => this.#choose(r)}>${r.number ? `${r.number} · ` : ''}${addressLine(r.address)} · ${t('pl.membersN', { n: r.members })}</button></li>`,
          )}</ul>`
        : nothing}
      ${h
        ? html`<fieldset class="found-members"><legend>${h.number ? `${h.number} · ` : ''}${addressLine(h.address)}</legend>
            ${(this.members ?? []).map((m) => html`<label class="check"><input type="radio" name="foundMember" value=${m.id} /> ${m.name} · ${m.idNumber} · ${label('relationship', m.relationship)}</label>`)}
            <label class="check"><input type="radio" name="foundMember" value=${NEW_MEMBER} /> ${t('pl.newInHousehold')}</label>
            <label>${t('srq.relationship')} <select name="relationship">${RELATIONSHIPS.map((r) => html`<option value=${r} ?selected=${r === 'other'}>${label('relationship', r)}</option>`)}</select></label>
            <button type="button" class="quiet" @click=${() => { this.household = undefined; this.members = undefined; }}>${t('pl.otherHousehold')}</button>
          </fieldset>`
        : nothing}
    </div>`;
  }

  /** Fields a new person needs: the category, and the document when the row has no ID number. */
  #newPerson() {
    return html`${this.task.idNumber
        ? nothing
        : html`<p class="muted">${t('pl.noIdNumber')}</p>
            <label>${t('household.idType')} <select name="idType">${ID_TYPES.map((v) => html`<option value=${v}>${label('idType', v)}</option>`)}</select></label>
            <label>${t('household.idNumber')} <input name="idNumber" maxlength="40" autocomplete="off" /></label>`}
      <label>${t('household.category')} <select name="category">${(residentRules.value?.personCategories ?? []).map((c) => html`<option value=${c.code}>${categoryName(c.code)}</option>`)}</select></label>`;
  }

  override render() {
    const choices: Choice[] = [...(this.task.match.personId ? (['match'] as const) : []), 'pick', 'new'];
    return html`<fieldset class="found-picker"><legend>${t('pl.foundWho')}</legend>
      ${choices.map((c) => html`<label class="check"><input type="radio" name="foundChoice" value=${c} .checked=${this.choice === c} @change=${() => (this.choice = c)} /> ${t(`pl.found.${c}`)}</label>`)}
      ${this.choice === 'pick' ? this.#picker() : nothing}
      ${this.choice === 'new' ? html`<label>${t('residents.room')} <input name="room" maxlength="40" /></label>` : nothing}
      ${this.choice === 'new' || (this.choice === 'pick' && this.household) ? this.#newPerson() : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    </fieldset>`;
  }
}

customElements.define('gw-found-picker', GwFoundPicker);
