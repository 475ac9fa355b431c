/**
 * <gw-grids>: the tenant admin's grid tree (网格). Levels are named by the tenant's gridLevelNames.
 * Choose a grid to add a child, edit (name, density, households), move (new parent) or retire it;
 * edits send the grid's `version`, and a stale version reloads the tree and says so.
 */
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { ulid } from 'ulid';
import type { Grid } from '../../../shared/domain/grid';
import { ApiError, api, ok } from '../api/client';
import { formatNumber, t } from '../i18n/i18n';
import { session } from '../session';
import { Watch } from '../store';
import { announce, GwElement } from '../ui/base';
import { dialogActions, modal } from '../ui/dialog';
import { gridTree, levelName, openPage } from '../ui/domain';
import { errorMessage } from '../ui/errors';
import { type FormErrors, fieldError, focusFirstInvalid, formErrors, formSummary, inputField, noErrors, readForm, selectField } from '../ui/form';
import { loadState } from '../ui/load-state';

type Dialog =
  | { kind: 'add'; parent: Grid | null }
  | { kind: 'edit'; grid: Grid }
  | { kind: 'move'; grid: Grid }
  | { kind: 'retire'; grid: Grid };

const DENSITIES = ['red', 'yellow', 'green'] as const;
type Density = (typeof DENSITIES)[number];

class GwGrids extends GwElement {
  static override properties = {
    grids: { state: true },
    loadError: { state: true },
    selected: { state: true },
    showRetired: { state: true },
    dialog: { state: true },
    errors: { state: true },
    busy: { state: true },
  };
  declare grids: Grid[] | undefined;
  declare loadError: string | undefined;
  declare selected: string | undefined;
  declare showRetired: boolean;
  declare dialog: Dialog | undefined;
  declare errors: FormErrors;
  declare busy: boolean;

  constructor() {
    super();
    this.showRetired = false;
    this.errors = noErrors();
    this.busy = false;
    new Watch(this, [session]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      this.grids = await gridTree();
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  #open(dialog: Dialog) {
    this.errors = noErrors();
    this.dialog = dialog;
  }

  #closed = () => {
    this.dialog = undefined;
    this.errors = noErrors();
  };

  /** Runs a save; on success closes the dialog and reloads; on failure shows the errors in it. */
  async #save(form: HTMLFormElement, fields: readonly string[], action: () => Promise<string>) {
    this.busy = true;
    this.errors = noErrors();
    try {
      const message = await action();
      await this.#load();
      form.closest('dialog')?.close();
      announce(message);
    } catch (error) {
      if (error instanceof ApiError && error.currentVersion !== undefined) {
        // Someone else changed it: show the fresh version in the dialog and say so.
        await this.#load();
        const d = this.dialog;
        const fresh = d && 'grid' in d ? this.grids?.find((g) => g.id === d.grid.id) : undefined;
        if (d && fresh && 'grid' in d) this.dialog = { ...d, grid: fresh };
      }
      this.errors = formErrors(error, fields);
      focusFirstInvalid(this);
    } finally {
      this.busy = false;
    }
  }

  #submitAdd = (event: SubmitEvent) => {
    event.preventDefault();
    const d = this.dialog;
    if (d?.kind !== 'add') return;
    const form = event.target as HTMLFormElement;
    const f = readForm(form);
    const density = f.text('density') as Density | '';
    const json = {
      id: f.text('id') || ulid(),
      name: f.text('name'),
      parentId: d.parent?.id ?? null,
      ...(density ? { density } : {}),
      ...(f.number('households') !== undefined ? { households: f.number('households') } : {}),
    };
    void this.#save(form, ['id', 'name', 'parentId', 'density', 'households'], async () => {
      const grid = await ok(api.api.grids.$post({ json }));
      this.selected = grid.id;
      return t('grids.created', { name: grid.name });
    });
  };

  #submitEdit = (event: SubmitEvent) => {
    event.preventDefault();
    const d = this.dialog;
    if (d?.kind !== 'edit') return;
    const form = event.target as HTMLFormElement;
    const f = readForm(form);
    const density = f.text('density') as Density | '';
    const json = {
      version: d.grid.version,
      name: f.text('name'),
      ...(density ? { density } : {}),
      ...(f.number('households') !== undefined ? { households: f.number('households') } : {}),
    };
    void this.#save(form, ['name', 'density', 'households', 'version'], async () => {
      const grid = await ok(api.api.grids[':gridId'].$patch({ param: { gridId: d.grid.id }, json }));
      return t('grids.updated', { name: grid.name });
    });
  };

  #submitMove = (event: SubmitEvent) => {
    event.preventDefault();
    const d = this.dialog;
    if (d?.kind !== 'move') return;
    const form = event.target as HTMLFormElement;
    const parent = readForm(form).text('newParentId');
    void this.#save(form, ['newParentId', 'version'], async () => {
      const grid = await ok(api.api.grids[':gridId'].move.$post({ param: { gridId: d.grid.id }, json: { version: d.grid.version, newParentId: parent || null } }));
      return t('grids.moved', { name: grid.name });
    });
  };

  #submitRetire = (event: SubmitEvent) => {
    event.preventDefault();
    const d = this.dialog;
    if (d?.kind !== 'retire') return;
    void this.#save(event.target as HTMLFormElement, ['version'], async () => {
      const grid = await ok(api.api.grids[':gridId'].retire.$post({ param: { gridId: d.grid.id }, json: { version: d.grid.version } }));
      return t('grids.retiredDone', { name: grid.name });
    });
  };

  override render() {
    const all = this.grids;
    const visible = all?.filter((g) => this.showRetired || g.status === 'active');
    return html`<div class="screen-head">
        <h1>${t('grids.title')}</h1>
        <button type="button" class="primary" @click=${() => this.#open({ kind: 'add', parent: null })}>＋ ${t('grids.addTop', { level: levelName(1) })}</button>
      </div>
      <p class="muted">${t('grids.intro')}</p>
      <div class="toolbar">
        <label class="check"><input type="checkbox" .checked=${this.showRetired} @change=${(e: Event) => {
          this.showRetired = (e.target as HTMLInputElement).checked;
        }} /> ${t('grids.showRetired')}</label>
        ${visible ? html`<span class="muted">${t('grids.count', { n: visible.length })}</span>` : nothing}
      </div>
      ${loadState(visible, this.loadError, { retry: () => this.#load(), empty: t('grids.empty') })}
      ${visible?.length ? html`<ul class="grid-tree" aria-label=${t('grids.title')}>${visible.map((g) => this.#row(g))}</ul>` : nothing}
      ${this.dialog ? keyed(`${this.dialog.kind}:${'grid' in this.dialog ? this.dialog.grid.id : (this.dialog.parent?.id ?? '')}`, this.#dialog(this.dialog)) : nothing}`;
  }

  #row(g: Grid) {
    const selected = this.selected === g.id;
    const retired = g.status === 'retired';
    return html`<li class="grid-row ${retired ? 'retired' : ''}" style="--level:${g.level}" data-grid-id=${g.id}>
      <button type="button" class="grid-item" aria-expanded=${selected ? 'true' : 'false'} @click=${() => {
        this.selected = selected ? undefined : g.id;
      }}>
        <span class="density ${g.density ?? 'none'}" aria-hidden="true"></span>
        <span class="grid-name">${g.name}</span>
        <span class="grid-meta">
          <span class="level">${levelName(g.level)}</span>
          <code class="grid-code" title=${t('grids.codeTitle')}>${g.id}</code>
          ${g.households !== undefined ? html`<span>${t('grids.households', { n: formatNumber(g.households) })}</span>` : nothing}
          ${g.density ? html`<span class="sr-only">${t(`grids.density.${g.density}`)}</span>` : nothing}
          ${retired ? html`<span class="badge">${t('grids.retired')}</span>` : nothing}
        </span>
      </button>
      ${selected
        ? html`<div class="grid-actions" role="group" aria-label=${g.name}>
            <button type="button" ?disabled=${retired} @click=${() => this.#open({ kind: 'add', parent: g })}>＋ ${t('grids.addChild')}</button>
            <button type="button" @click=${() => this.#open({ kind: 'edit', grid: g })}>${t('grids.edit')}</button>
            <button type="button" ?disabled=${retired} @click=${() => this.#open({ kind: 'move', grid: g })}>${t('grids.move')}</button>
            <button type="button" class="danger-text" ?disabled=${retired} @click=${() => this.#open({ kind: 'retire', grid: g })}>${t('grids.retire')}</button>
            <button type="button" class="quiet" @click=${() => openPage(api.api.grids[':gridId']['codes.html'].$url({ param: { gridId: g.id }, query: { origin: location.origin } }).toString()).catch((e) => announce(errorMessage(e)))}>${t('grids.printCodes')}</button>
          </div>`
        : nothing}
    </li>`;
  }

  #densityOptions(value?: string) {
    return {
      value: value ?? '',
      options: [{ value: '', label: t('grids.density.none') }, ...DENSITIES.map((d) => ({ value: d, label: t(`grids.density.${d}`) }))],
    };
  }

  #dialog(d: Dialog) {
    const e = this.errors.fields;
    switch (d.kind) {
      case 'add': {
        const level = levelName((d.parent?.level ?? 0) + 1);
        return modal({
          id: 'grid-add',
          title: t('grids.addTitle', { level }),
          onClose: this.#closed,
          body: html`<form novalidate @submit=${this.#submitAdd}>
            ${d.parent ? html`<p class="muted">${t('grids.addUnder', { parent: d.parent.name })}</p>` : nothing}
            ${formSummary(this.errors)}
            ${inputField({ id: 'grid-name', name: 'name', label: t('grids.name'), errors: e.name, autofocus: true })}
            ${inputField({ id: 'grid-code', name: 'id', label: t('grids.code'), hint: t('grids.codeHint'), optional: true, errors: e.id, autocomplete: 'off' })}
            ${selectField({ id: 'grid-density', name: 'density', label: t('grids.density'), errors: e.density, ...this.#densityOptions() })}
            ${inputField({ id: 'grid-households', name: 'households', label: t('grids.householdsLabel'), type: 'number', inputmode: 'numeric', optional: true, errors: e.households })}
            ${fieldError(e.parentId)}
            ${dialogActions({ submitLabel: t('common.create'), busy: this.busy })}
          </form>`,
        });
      }
      case 'edit':
        return modal({
          id: 'grid-edit',
          title: t('grids.editTitle', { name: d.grid.name }),
          onClose: this.#closed,
          body: html`<form novalidate @submit=${this.#submitEdit}>
            ${formSummary(this.errors)}
            ${inputField({ id: 'grid-name', name: 'name', label: t('grids.name'), value: d.grid.name, errors: e.name, autofocus: true })}
            ${selectField({ id: 'grid-density', name: 'density', label: t('grids.density'), errors: e.density, ...this.#densityOptions(d.grid.density) })}
            ${inputField({ id: 'grid-households', name: 'households', label: t('grids.householdsLabel'), type: 'number', inputmode: 'numeric', value: d.grid.households, optional: true, errors: e.households })}
            ${dialogActions({ submitLabel: t('common.save'), busy: this.busy })}
          </form>`,
        });
      case 'move': {
        // Not under itself or its own descendants; retired grids cannot take children.
        const targets = (this.grids ?? []).filter((g) => g.status === 'active' && !g.path.startsWith(d.grid.path));
        return modal({
          id: 'grid-move',
          title: t('grids.moveTitle', { name: d.grid.name }),
          onClose: this.#closed,
          body: html`<form novalidate @submit=${this.#submitMove}>
            <p class="muted">${t('grids.moveHint')}</p>
            ${formSummary(this.errors)}
            ${selectField({
              id: 'grid-parent',
              name: 'newParentId',
              label: t('grids.newParent'),
              errors: e.newParentId,
              value: d.grid.parentId ?? '',
              options: [
                { value: '', label: t('grids.topLevel') },
                ...targets.map((g) => ({ value: g.id, label: `${'　'.repeat(g.level - 1)}${g.name}（${levelName(g.level)}）` })),
              ],
            })}
            ${dialogActions({ submitLabel: t('grids.move'), busy: this.busy })}
          </form>`,
        });
      }
      case 'retire':
        return modal({
          id: 'grid-retire',
          title: t('grids.retireTitle', { name: d.grid.name }),
          onClose: this.#closed,
          body: html`<form novalidate @submit=${this.#submitRetire}>
            <p>${t('grids.retireBody')}</p>
            ${formSummary(this.errors)}
            ${dialogActions({ submitLabel: t('grids.retireConfirm'), busy: this.busy, danger: true })}
          </form>`,
        });
    }
  }
}

customElements.define('gw-grids', GwGrids);
