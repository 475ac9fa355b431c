/**
 * <gw-household>: one household's file (`#/household/<id>`, 一户一档): address, grid and status tags;
 * its members (masked: 张*, 4101**********1234); their history (who changed what, when) and the
 * visits (走访). Grid members add people, record a move-out or death (a soft end with its reason),
 * change the tags, and log a visit — through the outbox, so a visit works offline. A role the tenant
 * allows sees a person unmasked after giving a reason (the API writes it to the access log first).
 */
import { html, nothing } from 'lit';
import { ulid } from 'ulid';
import type { Household, HouseholdEvent } from '../../../../shared/domain/residents/household';
import type { MaskedPerson, UnmaskedPerson } from '../../../../shared/domain/residents/person';
import type { Visit } from '../../../../shared/domain/residents/visit';
import { ApiError, api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { href, routeArgs } from '../../nav';
import { cached } from '../../offline/cache';
import { outbox } from '../../offline/queue';
import { online } from '../../offline/sw-register';
import { Watch } from '../../store';
import { announce, GwElement } from '../../ui/base';
import { dialogActions, modal } from '../../ui/dialog';
import { label, staleNote, tenantToday, when } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { type FormErrors, formSummary, inputField, noErrors, readForm, selectField, sendForm, textareaField } from '../../ui/form';
import { loadState } from '../../ui/load-state';
import { addressLine, categoryName, loadResidentRules, mayUnmask, personTagName, residentRules, tagChip } from './residents-ui';
import './person-actions';
import { followMovedPerson } from './person-link';

type File = { household: Household; members: MaskedPerson[]; history: HouseholdEvent[]; visits: Visit[] };
type Dialog =
  | { kind: 'person' }
  | { kind: 'edit'; person: MaskedPerson }
  | { kind: 'end'; person: MaskedPerson }
  | { kind: 'unmask'; person: MaskedPerson; shown?: UnmaskedPerson }
  | { kind: 'tags' }
  | { kind: 'visit' };

const PERSON_FIELDS = ['name', 'idType', 'idNumber', 'phone', 'gender', 'category', 'relationship', 'tags', 'movedInOn'] as const;
const RELATIONSHIPS = ['householder', 'spouse', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'in-law', 'tenant', 'other'] as const;
const ID_TYPES = ['resident-id', 'passport', 'hk-macao-permit', 'taiwan-permit'] as const;

class GwHousehold extends GwElement {
  static override properties = {
    file: { state: true },
    loadError: { state: true },
    staleSince: { state: true },
    dialog: { state: true },
    errors: { state: true },
    busy: { state: true },
  };
  declare file: File | undefined;
  declare loadError: string | undefined;
  declare staleSince: string | undefined;
  declare dialog: Dialog | undefined;
  declare errors: FormErrors;
  declare busy: boolean;
  #id = '';

  constructor() {
    super();
    this.errors = noErrors();
    this.busy = false;
    new Watch(this, [residentRules]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#id = routeArgs.value.id ?? '';
    void loadResidentRules().catch(() => {});
    void this.#load();
  }

  async #load() {
    try {
      const { value, staleSince } = await cached(`residents.household.${this.#id}`, () => ok(api.api.residents.households[':householdId'].$get({ param: { householdId: this.#id } })));
      this.file = value;
      this.staleSince = staleSince;
      this.loadError = undefined;
      // Opened for a person (`?person=`) who is not here: an older record's pair; open where they live now.
      const wanted = routeArgs.value.query.get('person');
      if (wanted && !value.members.some((m) => m.id === wanted)) void followMovedPerson(this.#id, wanted);
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  #open(dialog: Dialog) {
    this.errors = noErrors();
    this.dialog = dialog;
  }

  async #save(form: HTMLFormElement, fields: readonly string[], action: () => Promise<string | undefined>) {
    await sendForm(
      this,
      fields,
      async () => {
        const message = await action();
        if (message !== undefined) {
          form.closest('dialog')?.close();
          announce(message);
          await this.#load();
        }
      },
      async (error) => {
        if (error instanceof ApiError && error.currentVersion !== undefined) await this.#load();
      },
    );
  }

  #addPerson = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const f = readForm(form);
    const opt = (name: string) => f.text(name) || undefined;
    const json = {
      id: ulid(),
      name: f.text('name'),
      idType: f.text('idType') as (typeof ID_TYPES)[number],
      idNumber: f.text('idNumber'),
      phone: opt('phone'),
      gender: opt('gender') as 'male' | 'female' | undefined,
      category: f.text('category'),
      relationship: f.text('relationship') as (typeof RELATIONSHIPS)[number],
      tags: f.all('tags'),
      movedInOn: opt('movedInOn'),
    };
    void this.#save(form, PERSON_FIELDS, async () => {
      await ok(api.api.residents.households[':householdId'].persons.$post({ param: { householdId: this.#id }, json }));
      return t('household.personAdded');
    });
  };

  /** Only what is filled in changes; personal fields stay as stored unless typed again (the list shows them masked). */
  #editPerson = (event: SubmitEvent) => {
    event.preventDefault();
    const d = this.dialog;
    if (d?.kind !== 'edit') return;
    const form = event.target as HTMLFormElement;
    const f = readForm(form);
    const json = {
      version: d.person.version,
      ...(f.text('name') && { name: f.text('name') }),
      ...(f.text('phone') && { phone: f.text('phone') }),
      category: f.text('category'),
      relationship: f.text('relationship') as (typeof RELATIONSHIPS)[number],
      tags: f.all('tags'),
    };
    void this.#save(form, PERSON_FIELDS, async () => {
      await ok(api.api.residents.households[':householdId'].persons[':personId'].$patch({ param: { householdId: this.#id, personId: d.person.id }, json }));
      return t('household.personSaved');
    });
  };

  #endPerson = (event: SubmitEvent) => {
    event.preventDefault();
    const d = this.dialog;
    if (d?.kind !== 'end') return;
    const form = event.target as HTMLFormElement;
    const f = readForm(form);
    const json = { version: d.person.version, reason: f.text('reason') as 'moved-out' | 'deceased', endedOn: f.text('endedOn'), note: f.text('note') || undefined };
    void this.#save(form, ['reason', 'endedOn', 'note'], async () => {
      await ok(api.api.residents.households[':householdId'].persons[':personId'].end.$post({ param: { householdId: this.#id, personId: d.person.id }, json }));
      return t('household.personEnded', { name: d.person.name });
    });
  };

  #unmask = (event: SubmitEvent) => {
    event.preventDefault();
    const d = this.dialog;
    if (d?.kind !== 'unmask') return;
    const form = event.target as HTMLFormElement;
    const reason = readForm(form).text('reason');
    void this.#save(form, ['reason'], async () => {
      const shown = await ok(api.api.residents.households[':householdId'].persons[':personId'].unmask.$post({ param: { householdId: this.#id, personId: d.person.id }, json: { reason } }));
      this.dialog = { ...d, shown };
      return undefined; // the dialog stays open, showing the values
    });
  };

  #saveTags = (event: SubmitEvent) => {
    event.preventDefault();
    const household = this.file?.household;
    if (!household) return;
    const form = event.target as HTMLFormElement;
    const tags = readForm(form).all('tags');
    void this.#save(form, ['tags'], async () => {
      await ok(api.api.residents.households[':householdId'].$patch({ param: { householdId: household.id }, json: { version: household.version, tags } }));
      return t('household.tagsSaved');
    });
  };

  /** A visit goes through the outbox: stored on the phone, sent when there is a connection, once. */
  #logVisit = (event: SubmitEvent) => {
    event.preventDefault();
    const household = this.file?.household;
    if (!household) return;
    const form = event.target as HTMLFormElement;
    const f = readForm(form);
    const body = { id: ulid(), householdId: household.id, visitedAt: new Date().toISOString(), method: f.text('method') as 'door' | 'phone' | 'other', note: f.text('note') || undefined };
    void this.#save(form, ['method', 'note'], async () => {
      await outbox.enqueue({ id: body.id, method: 'POST', path: '/api/residents/visits', body, label: `${t('household.visit')} · ${addressLine(household.address)}` });
      return online.value ? t('household.visitLogged') : t('household.visitQueued');
    });
  };

  #members(members: MaskedPerson[]) {
    const unmask = mayUnmask();
    return html`<table class="cards">
      <thead>
        <tr>
          <th scope="col">${t('household.name')}</th><th scope="col">${t('household.idNumber')}</th><th scope="col">${t('household.phone')}</th>
          <th scope="col">${t('household.category')}</th><th scope="col">${t('household.relationship')}</th><th scope="col">${t('household.personTags')}</th>
          <th scope="col">${t('household.status')}</th><th scope="col"><span class="sr-only">${t('common.actions')}</span></th>
        </tr>
      </thead>
      <tbody>
        ${members.map(
          (p) => html`<tr data-person-id=${p.id} class=${p.status === 'active' ? '' : 'ended'} aria-current=${p.id === routeArgs.value.query.get('person') ? 'true' : nothing}>
            <th scope="row" data-label=${t('household.name')}>${p.name} <span class="muted">${label('gender', p.gender)}${p.birthYear ? ` · ${p.birthYear}` : ''}</span></th>
            <td data-label=${t('household.idNumber')}><span class="mono">${p.idNumber}</span></td>
            <td data-label=${t('household.phone')}><span class="mono">${p.phone ?? '—'}</span></td>
            <td data-label=${t('household.category')}>${categoryName(p.category)}</td>
            <td data-label=${t('household.relationship')}>${label('relationship', p.relationship)}</td>
            <td data-label=${t('household.personTags')}>${p.tags.map(personTagName).join('、') || '—'}</td>
            <td data-label=${t('household.status')}>${t(`residents.status.${p.status}`)}${p.endedOn ? ` ${p.endedOn}` : ''}</td>
            <td class="row-actions">
              ${unmask && p.status !== 'tombstone' ? html`<button type="button" class="quiet" @click=${() => this.#open({ kind: 'unmask', person: p })}>${t('household.unmask')}</button>` : nothing}
              ${p.status === 'active' ? html`<button type="button" class="quiet" @click=${() => this.#open({ kind: 'edit', person: p })}>${t('household.edit')}</button>` : nothing}
              ${p.status === 'active' ? html`<button type="button" class="quiet" @click=${() => this.#open({ kind: 'end', person: p })}>${t('household.end')}</button>` : nothing}
              ${p.status === 'active' ? html`<a class="quiet" href=${href('monitoring-episode', undefined, { household: p.householdId, person: p.id })}>${t('mon.start')}</a>` : nothing}
              <gw-person-actions .person=${p} @changed=${() => void this.#load()}></gw-person-actions>
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  #dialog() {
    const d = this.dialog;
    if (!d) return nothing;
    const rules = residentRules.value;
    const close = () => {
      this.dialog = undefined;
    };
    const e = this.errors.fields;
    if (d.kind === 'person') {
      return modal({
        id: 'person-dialog',
        title: t('household.addPerson'),
        onClose: close,
        body: html`<form @submit=${this.#addPerson} novalidate>
          ${formSummary(this.errors)}
          ${inputField({ id: 'person-name', name: 'name', label: t('household.name'), autocomplete: 'off', errors: e.name })}
          ${selectField({ id: 'person-idType', name: 'idType', label: t('household.idType'), value: 'resident-id', options: ID_TYPES.map((v) => ({ value: v, label: label('idType', v) })), errors: e.idType })}
          ${inputField({ id: 'person-idNumber', name: 'idNumber', label: t('household.idNumber'), autocomplete: 'off', hint: t('household.idNumberHint'), errors: e.idNumber })}
          ${inputField({ id: 'person-phone', name: 'phone', label: t('household.phone'), type: 'tel', inputmode: 'tel', autocomplete: 'off', optional: true, errors: e.phone })}
          ${selectField({ id: 'person-gender', name: 'gender', label: t('household.gender'), value: '', options: [{ value: '', label: t('household.genderFromId') }, { value: 'male', label: label('gender', 'male') }, { value: 'female', label: label('gender', 'female') }], errors: e.gender })}
          ${selectField({ id: 'person-category', name: 'category', label: t('household.category'), value: rules?.personCategories[0]?.code ?? '', options: (rules?.personCategories ?? []).map((c) => ({ value: c.code, label: categoryName(c.code) })), errors: e.category })}
          ${selectField({ id: 'person-relationship', name: 'relationship', label: t('household.relationship'), value: this.file?.members.some((m) => m.relationship === 'householder') ? 'spouse' : 'householder', options: RELATIONSHIPS.map((r) => ({ value: r, label: label('relationship', r) })), errors: e.relationship })}
          <fieldset class="checks">
            <legend>${t('household.personTags')}</legend>
            ${(rules?.personTags ?? []).map((tag) => html`<label><input type="checkbox" name="tags" value=${tag.code} /> ${personTagName(tag.code)}</label>`)}
          </fieldset>
          ${inputField({ id: 'person-movedInOn', name: 'movedInOn', label: t('household.movedInOn'), type: 'date', optional: true, errors: e.movedInOn })}
          ${dialogActions({ submitLabel: t('household.addPerson'), busy: this.busy })}
        </form>`,
      });
    }
    if (d.kind === 'edit') {
      const p = d.person;
      const tags = new Set(p.tags);
      return modal({
        id: 'edit-person-dialog',
        title: t('household.editTitle', { name: p.name }),
        onClose: close,
        body: html`<form @submit=${this.#editPerson} novalidate>
          ${formSummary(this.errors)}
          <p class="muted">${t('household.editHint')}</p>
          ${inputField({ id: 'edit-name', name: 'name', label: t('household.name'), placeholder: p.name, autocomplete: 'off', optional: true, errors: e.name })}
          ${inputField({ id: 'edit-phone', name: 'phone', label: t('household.phone'), type: 'tel', placeholder: p.phone, autocomplete: 'off', optional: true, errors: e.phone })}
          ${selectField({ id: 'edit-category', name: 'category', label: t('household.category'), value: p.category, options: (rules?.personCategories ?? []).map((c) => ({ value: c.code, label: categoryName(c.code) })), errors: e.category })}
          ${selectField({ id: 'edit-relationship', name: 'relationship', label: t('household.relationship'), value: p.relationship, options: RELATIONSHIPS.map((r) => ({ value: r, label: label('relationship', r) })), errors: e.relationship })}
          <fieldset class="checks">
            <legend>${t('household.personTags')}</legend>
            ${(rules?.personTags ?? []).map((tag) => html`<label><input type="checkbox" name="tags" value=${tag.code} ?checked=${tags.has(tag.code)} /> ${personTagName(tag.code)}</label>`)}
          </fieldset>
          ${dialogActions({ submitLabel: t('common.save'), busy: this.busy })}
        </form>`,
      });
    }
    if (d.kind === 'end') {
      return modal({
        id: 'end-dialog',
        title: t('household.endTitle', { name: d.person.name }),
        onClose: close,
        body: html`<form @submit=${this.#endPerson} novalidate>
          ${formSummary(this.errors)}
          ${selectField({ id: 'end-reason', name: 'reason', label: t('household.endReason'), value: 'moved-out', options: ['moved-out', 'deceased'].map((r) => ({ value: r, label: t(`residents.status.${r}` as 'residents.status.moved-out') })), errors: e.reason })}
          ${inputField({ id: 'end-endedOn', name: 'endedOn', label: t('household.endedOn'), type: 'date', value: tenantToday(), errors: e.endedOn })}
          ${textareaField({ id: 'end-note', name: 'note', label: t('household.endNote'), value: '', optional: true, errors: e.note })}
          <p class="muted">${t('household.endHint')}</p>
          ${dialogActions({ submitLabel: t('household.end'), busy: this.busy, danger: true })}
        </form>`,
      });
    }
    if (d.kind === 'unmask') {
      const shown = d.shown;
      return modal({
        id: 'unmask-dialog',
        title: t('household.unmaskTitle', { name: d.person.name }),
        onClose: close,
        body: shown
          ? html`<dl class="facts unmasked" role="status">
                <dt>${t('household.name')}</dt><dd>${shown.name}</dd>
                <dt>${t('household.idNumber')}</dt><dd class="mono">${shown.idNumber}</dd>
                <dt>${t('household.phone')}</dt><dd class="mono">${shown.phone ?? '—'}</dd>
                ${shown.birthDate ? html`<dt>${t('household.birthDate')}</dt><dd>${shown.birthDate}</dd>` : nothing}
              </dl>
              <p class="muted">${t('household.unmaskLogged')}</p>`
          : html`<form @submit=${this.#unmask} novalidate>
              ${formSummary(this.errors)}
              <p>${t('household.unmaskHint')}</p>
              ${textareaField({ id: 'unmask-reason', name: 'reason', label: t('household.unmaskReason'), value: '', errors: e.reason })}
              ${dialogActions({ submitLabel: t('household.unmask'), busy: this.busy })}
            </form>`,
      });
    }
    if (d.kind === 'tags') {
      const current = new Set(this.file?.household.tags ?? []);
      return modal({
        id: 'tags-dialog',
        title: t('household.editTags'),
        onClose: close,
        body: html`<form @submit=${this.#saveTags} novalidate>
          ${formSummary(this.errors)}
          <fieldset class="checks">
            <legend>${t('residents.tags')}</legend>
            ${(rules?.householdTags ?? []).map((tag) => html`<label><input type="checkbox" name="tags" value=${tag.code} ?checked=${current.has(tag.code)} /> ${tagChip(tag.code)}</label>`)}
          </fieldset>
          ${dialogActions({ submitLabel: t('common.save'), busy: this.busy })}
        </form>`,
      });
    }
    return modal({
      id: 'visit-dialog',
      title: t('household.logVisit'),
      onClose: close,
      body: html`<form @submit=${this.#logVisit} novalidate>
        ${formSummary(this.errors)}
        ${selectField({ id: 'visit-method', name: 'method', label: t('household.visitMethod'), value: 'door', options: ['door', 'phone', 'other'].map((m) => ({ value: m, label: label('visitMethod', m) })), errors: e.method })}
        ${textareaField({ id: 'visit-note', name: 'note', label: t('household.visitNote'), value: '', optional: true, errors: e.note })}
        ${dialogActions({ submitLabel: t('household.logVisit'), busy: this.busy })}
      </form>`,
    });
  }

  override render() {
    const file = this.file;
    const back = html`<p><a href=${href('residents', undefined, file ? { grid: file.household.gridId } : {})}>← ${t('residents.title')}</a></p>`;
    if (!file) return html`${back}${loadState(file, this.loadError)}`;
    const h = file.household;
    const active = file.members.filter((m) => m.status === 'active');
    return html`${back}
      <div class="screen-head">
        <h1>${addressLine(h.address)}</h1>
        <div class="head-actions">
          <button type="button" class="primary" @click=${() => this.#open({ kind: 'visit' })}>${t('household.logVisit')}</button>
          <button type="button" ?disabled=${Boolean(this.staleSince)} @click=${() => this.#open({ kind: 'person' })}>＋ ${t('household.addPerson')}</button>
        </div>
      </div>
      ${staleNote(this.staleSince)}
      ${routeArgs.value.query.get('from') && file.members.some((m) => m.id === routeArgs.value.query.get('person')) ? html`<p class="notice" role="status" data-moved-here>${t('household.movedHere')}</p>` : nothing}
      <p class="plan-tags">${h.tags.map(tagChip)} <button type="button" class="link" ?disabled=${Boolean(this.staleSince)} @click=${() => this.#open({ kind: 'tags' })}>${t('household.editTags')}</button></p>
      <section class="card">
        <h2>${t('household.members', { n: active.length })}</h2>
        ${file.members.length ? this.#members(file.members) : html`<p class="muted">${t('household.noMembers')}</p>`}
      </section>
      <section class="card">
        <h2>${t('household.visits')}</h2>
        ${file.visits.length
          ? html`<ul class="simple-list">${file.visits.map((v) => html`<li>${when(v.visitedAt)} · ${label('visitMethod', v.method)} · ${v.visitorId}${v.note ? html` · ${v.note}` : nothing}</li>`)}</ul>`
          : html`<p class="muted">${t('household.noVisits')}</p>`}
      </section>
      <section class="card">
        <h2>${t('household.history')}</h2>
        <ul class="simple-list">${file.history.map(
          (event) => html`<li>${when(event.at)} · ${event.by} · ${label('householdEvent', event.action)}${event.changes.length ? html` <span class="muted">(${event.changes.map((c) => c.field).join('、')})</span>` : nothing}</li>`,
        )}</ul>
      </section>
      ${this.#dialog()}`;
  }
}

customElements.define('gw-household', GwHousehold);
