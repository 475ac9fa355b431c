/**
 * <gw-residents>: 居民 — the households of my grids (a grid member's, a supervisor's subtree, the
 * whole tenant for an admin), a page at a time, with their status tags; the figures of the chosen
 * grid (households, people by category, rolled up); finding a person by exact ID number or phone
 * (never by browsing: lists are masked); registering a household. A household opens its file
 * (`#/household/<id>`). The first page is kept for offline use.
 */
import { html, nothing } from 'lit';
import { ulid } from 'ulid';
import type { Grid } from '../../../../shared/domain/grid';
import type { Household } from '../../../../shared/domain/residents/household';
import type { MaskedPerson } from '../../../../shared/domain/residents/person';
import { api, ok } from '../../api/client';
import { formatNumber, t } from '../../i18n/i18n';
import { href, navigate, routeArgs } from '../../nav';
import { cached } from '../../offline/cache';
import { roles } from '../../session';
import { Watch } from '../../store';
import { announce, GwElement } from '../../ui/base';
import { dialogActions, modal } from '../../ui/dialog';
import { download, gridTree, icons, staleNote, when } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { formSummary, inputField, noErrors, readForm, selectField, sendForm, type FormErrors } from '../../ui/form';
import { loadState } from '../../ui/load-state';
import { addressLine, categoryName, householdTagName, loadResidentRules, mayUnmask, residentRules, tagChip, unmaskedExportDialog } from './residents-ui';

const PAGE = 25;
const HOUSEHOLD_FIELDS = ['gridId', 'number', 'address.compound', 'address.building', 'address.unit', 'address.room', 'tags'] as const;

type Figures = { total: Record<string, number>; grids: { id: string; name: string; parentId: string | null; total: Record<string, number> }[] };

class GwResidents extends GwElement {
  static override properties = {
    households: { state: true },
    cursor: { state: true },
    loadError: { state: true },
    staleSince: { state: true },
    grids: { state: true },
    figures: { state: true },
    found: { state: true },
    lookupError: { state: true },
    adding: { state: true },
    exporting: { state: true },
    errors: { state: true },
    busy: { state: true },
  };
  declare households: Household[] | undefined;
  declare cursor: string | undefined;
  declare loadError: string | undefined;
  declare staleSince: string | undefined;
  declare grids: Grid[];
  declare figures: Figures | undefined;
  declare found: MaskedPerson[] | undefined;
  declare lookupError: string | undefined;
  declare adding: boolean;
  /** The unmasked export's reason dialog is open. */
  declare exporting: boolean;
  declare errors: FormErrors;
  declare busy: boolean;
  #grid = '';

  constructor() {
    super();
    this.grids = [];
    this.adding = false;
    this.exporting = false;
    this.errors = noErrors();
    this.busy = false;
    new Watch(this, [residentRules]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#grid = routeArgs.value.query.get('grid') ?? '';
    void loadResidentRules().catch(() => {});
    void gridTree()
      .then((grids) => {
        this.grids = grids;
      })
      .catch(() => {});
    void this.#load(false);
    void this.#loadFigures();
  }

  async #load(more: boolean) {
    const query = { limit: String(PAGE), ...(this.#grid ? { grid: this.#grid } : {}), ...(more && this.cursor ? { cursor: this.cursor } : {}) };
    try {
      if (more) {
        const page = await ok(api.api.residents.households.$get({ query }));
        this.households = [...(this.households ?? []), ...page.items];
        this.cursor = page.cursor;
        return;
      }
      // The first page of each grid is kept on the device for offline visits (addresses and tags only).
      const { value, staleSince } = await cached(`residents.households.${this.#grid || 'all'}`, () => ok(api.api.residents.households.$get({ query })));
      this.households = value.items;
      this.cursor = value.cursor;
      this.staleSince = staleSince;
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  async #loadFigures() {
    try {
      this.figures = await ok(api.api.residents.figures.$get({ query: this.#grid ? { grid: this.#grid } : {} }));
    } catch {
      this.figures = undefined; // offline: the figures are simply not shown
    }
  }

  #chooseGrid(gridId: string) {
    navigate('residents', undefined, gridId ? { grid: gridId } : {});
  }

  #lookup = async (event: SubmitEvent) => {
    event.preventDefault();
    const f = readForm(event.target as HTMLFormElement);
    const value = f.text('lookup').replace(/\s+/g, '');
    // An 11-digit number starting with 1 is a mobile phone; anything else an identity document.
    const json = /^1\d{10}$/.test(value) ? { phone: value } : { idNumber: value };
    this.lookupError = undefined;
    try {
      this.found = (await ok(api.api.residents.lookup.$post({ json }))).items;
    } catch (error) {
      this.found = undefined;
      this.lookupError = errorMessage(error);
    }
  };

  #submitHousehold = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const f = readForm(form);
    const opt = (name: string) => f.text(name) || undefined;
    const json = {
      id: ulid(),
      gridId: f.text('gridId'),
      number: opt('number'),
      address: { compound: opt('address.compound'), building: opt('address.building'), unit: opt('address.unit'), room: f.text('address.room') },
      tags: f.all('tags'),
    };
    await sendForm(this, HOUSEHOLD_FIELDS, async () => {
      const household = await ok(api.api.residents.households.$post({ json }));
      form.closest('dialog')?.close();
      announce(t('residents.householdAdded', { address: addressLine(household.address) }));
      navigate('household', household.id);
    });
  };

  /**
   * The people of the chosen grid as CSV: masked, or unmasked with a reason (the API audits both). The
   * reason goes in a POST body for a single-use ticket; the file's URL carries only the ticket.
   */
  async #export(reason?: string) {
    const grid = this.#grid ? { grid: this.#grid } : {};
    const ticket = reason ? (await ok(api.api.residents['export-tickets'].$post({ json: { reason, ...grid } }))).ticket : undefined;
    const query = ticket ? { ticket } : grid;
    return download(api.api.residents.exports['persons.csv'].$url({ query }).toString(), 'persons.csv');
  }

  #submitExport = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    await sendForm(this, ['reason'], async () => {
      await this.#export(readForm(form).text('reason'));
      form.closest('dialog')?.close();
    });
  };

  #exportDialog() {
    return unmaskedExportDialog({
      id: 'export-dialog',
      title: t('residents.exportUnmasked'),
      errors: this.errors,
      busy: this.busy,
      onSubmit: this.#submitExport,
      onClose: () => {
        this.exporting = false;
      },
    });
  }

  #figures() {
    const f = this.figures;
    if (!f) return nothing;
    const categories = residentRules.value?.personCategories ?? [];
    const children = f.grids.filter((g) => (this.#grid ? g.parentId === this.#grid : g.parentId === null || !f.grids.some((p) => p.id === g.parentId)));
    return html`<section class="card resident-figures">
      <h2>${t('residents.figures')}</h2>
      <dl class="figures">
        <div><dt>${t('residents.households')}</dt><dd>${formatNumber(f.total.households ?? 0)}</dd></div>
        <div><dt>${t('residents.people')}</dt><dd>${formatNumber(f.total.people ?? 0)}</dd></div>
        ${categories.map((c) => html`<div><dt>${categoryName(c.code)}</dt><dd>${formatNumber(f.total[`c:${c.code}`] ?? 0)}</dd></div>`)}
      </dl>
      ${children.length
        ? html`<table class="cards compact">
            <thead><tr><th scope="col">${t('residents.grid')}</th><th scope="col">${t('residents.households')}</th><th scope="col">${t('residents.people')}</th>
              ${categories.map((c) => html`<th scope="col">${categoryName(c.code)}</th>`)}</tr></thead>
            <tbody>
              ${children.map(
                (g) => html`<tr data-grid-id=${g.id}>
                  <th scope="row" data-label=${t('residents.grid')}><a href=${href('residents', undefined, { grid: g.id })}>${g.name}</a></th>
                  <td data-label=${t('residents.households')}>${formatNumber(g.total.households ?? 0)}</td>
                  <td data-label=${t('residents.people')}>${formatNumber(g.total.people ?? 0)}</td>
                  ${categories.map((c) => html`<td data-label=${categoryName(c.code)}>${formatNumber(g.total[`c:${c.code}`] ?? 0)}</td>`)}
                </tr>`,
              )}
            </tbody>
          </table>`
        : nothing}
    </section>`;
  }

  #lookupForm() {
    return html`<form class="card lookup" @submit=${this.#lookup}>
      <h2>${t('residents.lookup')}</h2>
      <p class="muted">${t('residents.lookupHint')}</p>
      <div class="inline-form">
        ${inputField({ id: 'resident-lookup', name: 'lookup', label: t('residents.lookupLabel'), value: '', autocomplete: 'off' })}
        <button type="submit" class="primary">${t('residents.find')}</button>
      </div>
      ${this.lookupError ? html`<p class="error" role="alert">${this.lookupError}</p>` : nothing}
      ${this.found?.length === 0 ? html`<p class="muted" role="status">${t('residents.notFound')}</p>` : nothing}
      ${this.found?.length
        ? html`<ul class="simple-list" role="status">${this.found.map(
            (p) => html`<li><a href=${href('household', p.householdId)}>${p.name}</a> · ${p.idNumber} · ${categoryName(p.category)} · ${t(`residents.status.${p.status}`)}</li>`,
          )}</ul>`
        : nothing}
    </form>`;
  }

  #addDialog() {
    const rules = residentRules.value;
    const text = (name: (typeof HOUSEHOLD_FIELDS)[number], label: string, optional = true) =>
      inputField({ id: `household-${name.replace('.', '-')}`, name, label, value: '', optional, errors: this.errors.fields[name] });
    const gridOptions = this.grids.filter((g) => g.status !== 'retired').map((g) => ({ value: g.id, label: `${'　'.repeat(g.level - 1)}${g.name}` }));
    return modal({
      id: 'household-dialog',
      title: t('residents.addHousehold'),
      onClose: () => {
        this.adding = false;
      },
      body: html`<form @submit=${this.#submitHousehold} novalidate>
        ${formSummary(this.errors)}
        ${selectField({ id: 'household-grid', name: 'gridId', label: t('residents.grid'), value: this.#grid || (gridOptions[0]?.value ?? ''), options: gridOptions, errors: this.errors.fields.gridId })}
        ${text('address.compound', t('residents.compound'))}
        ${text('address.building', t('residents.buildingLabel'))}
        ${text('address.unit', t('residents.unitLabel'))}
        ${text('address.room', t('residents.room'), false)}
        ${text('number', t('residents.number'))}
        <fieldset class="checks">
          <legend>${t('residents.tags')}</legend>
          ${(rules?.householdTags ?? []).map((tag) => html`<label><input type="checkbox" name="tags" value=${tag.code} /> ${tagChip(tag.code)}</label>`)}
        </fieldset>
        ${dialogActions({ submitLabel: t('residents.addHousehold'), busy: this.busy })}
      </form>`,
    });
  }

  override render() {
    const list = this.households;
    const gridName = this.grids.find((g) => g.id === this.#grid)?.name;
    const supervisor = roles().some((r) => r === 'supervisor' || r === 'tenant-admin');
    return html`<div class="screen-head">
        <h1>${t('residents.title')}${gridName ? html` · ${gridName}` : nothing}</h1>
        <div class="head-actions">
          <a class="button" href=${href('community-map', undefined, this.#grid ? { grid: this.#grid } : {})}>${t('nav.communityMap')}</a>
          <button type="button" class="primary" @click=${() => {
            this.errors = noErrors();
            this.adding = true;
          }}>＋ ${t('residents.addHousehold')}</button>
        </div>
      </div>
      <label class="inline-select">${t('residents.grid')}
        <select @change=${(e: Event) => this.#chooseGrid((e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!this.#grid}>${t('residents.allMyGrids')}</option>
          ${this.grids.map((g) => html`<option value=${g.id} ?selected=${g.id === this.#grid}>${'　'.repeat(g.level - 1)}${g.name}</option>`)}
        </select>
      </label>
      ${this.#figures()}
      ${supervisor ? this.#lookupForm() : nothing}
      ${supervisor
        ? html`<p class="head-actions">
            <button type="button" @click=${() => this.#export().catch((e) => announce(errorMessage(e)))}>${icons.download} ${t('residents.export')}</button>
            ${mayUnmask()
              ? html`<button type="button" class="quiet" @click=${() => {
                  this.errors = noErrors();
                  this.exporting = true;
                }}>${t('residents.exportUnmasked')}</button>`
              : nothing}
          </p>`
        : nothing}
      <section class="card">
        <h2>${t('residents.households')}</h2>
        ${staleNote(this.staleSince)}
        ${loadState(list, this.loadError, { retry: () => this.#load(false), empty: t('residents.noHouseholds') })}
        ${list?.length
          ? html`<ul class="household-list">${list.map(
              (h) => html`<li data-household-id=${h.id}>
                <a href=${href('household', h.id)}><strong>${addressLine(h.address)}</strong></a>
                ${h.number ? html`<span class="muted">${t('residents.numberShort', { n: h.number })}</span>` : nothing}
                <span>${t('residents.membersN', { n: h.members })}</span>
                <span class="tags" aria-label=${h.tags.map(householdTagName).join('、')}>${h.tags.map(tagChip)}</span>
                ${h.lastVisitedAt ? html`<span class="muted">${t('residents.lastVisit')} ${when(h.lastVisitedAt)}</span>` : nothing}
              </li>`,
            )}</ul>`
          : nothing}
        ${this.cursor ? html`<button type="button" @click=${() => this.#load(true)}>${t('common.more')}</button>` : nothing}
      </section>
      ${this.adding ? this.#addDialog() : nothing}
      ${this.exporting ? this.#exportDialog() : nothing}`;
  }
}

customElements.define('gw-residents', GwResidents);
