/**
 * <gw-checklists>: 检查表 — the checklist template of each venue kind. Items: code, Chinese and
 * English labels, severity, whether a failure needs rectification; reorder, add, remove; saving
 * makes a new version (PUT with `baseVersion`; past inspections keep theirs). Errors from
 * `body.items.3.labelZh` appear beside that field of that row.
 */
import { html, nothing } from 'lit';
import type { Checklist, ChecklistItem } from '../../../../shared/domain/venues/checklist';
import { ApiError, api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { Watch } from '../../store';
import { announce, GwElement } from '../../ui/base';
import { errorMessage } from '../../ui/errors';
import { type FormErrors, fieldError, focusFirstInvalid, formErrors, formSummary, noErrors } from '../../ui/form';
import { kindName, label, loadKinds, venueKinds, when } from '../../ui/domain';
import { loadState } from '../../ui/load-state';

const SEVERITIES = ['critical', 'major', 'minor'] as const;
const COLUMNS = ['code', 'labelZh', 'labelEn', 'severity', 'requiresRectification'] as const;

class GwChecklists extends GwElement {
  static override properties = {
    kind: { state: true },
    checklist: { state: true },
    items: { state: true },
    loadError: { state: true },
    errors: { state: true },
    busy: { state: true },
  };
  declare kind: string;
  declare checklist: Checklist | undefined;
  declare items: ChecklistItem[];
  declare loadError: string | undefined;
  declare errors: FormErrors;
  declare busy: boolean;

  constructor() {
    super();
    this.kind = '';
    this.items = [];
    this.errors = noErrors();
    this.busy = false;
    new Watch(this, [venueKinds]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadKinds().then(() => {
      if (!this.kind && venueKinds.value[0]) void this.#load(venueKinds.value[0].code);
    });
  }

  async #load(kind: string) {
    this.kind = kind;
    this.checklist = undefined;
    this.errors = noErrors();
    try {
      const checklist = await ok(api.api.checklists[':kind'].$get({ param: { kind } }));
      if (this.kind !== kind) return; // another kind was chosen meanwhile
      this.checklist = checklist;
      this.items = checklist.items.map((i) => ({ ...i }));
      this.loadError = undefined;
    } catch (error) {
      if (this.kind === kind) this.loadError = errorMessage(error);
    }
  }

  #update(index: number, patch: Partial<ChecklistItem>) {
    this.items = this.items.map((item, i) => (i === index ? { ...item, ...patch } : item));
  }

  #move(index: number, by: -1 | 1) {
    const to = index + by;
    if (to < 0 || to >= this.items.length) return;
    const items = [...this.items];
    [items[index], items[to]] = [items[to], items[index]];
    this.items = items;
    // Keep the focus on the moved row's button.
    requestAnimationFrame(() => this.querySelector<HTMLButtonElement>(`[data-row="${to}"] .move-${by < 0 ? 'up' : 'down'}`)?.focus());
  }

  #add() {
    this.items = [...this.items, { code: '', labelZh: '', labelEn: '', severity: 'minor', requiresRectification: true }];
    requestAnimationFrame(() => this.querySelector<HTMLInputElement>(`[data-row="${this.items.length - 1}"] input`)?.focus());
  }

  async #save(event: SubmitEvent) {
    event.preventDefault();
    if (!this.checklist) return;
    this.busy = true;
    this.errors = noErrors();
    const fields = ['items', 'baseVersion', ...this.items.flatMap((_, i) => COLUMNS.map((c) => `items.${i}.${c}`))];
    try {
      const saved = await ok(
        api.api.checklists[':kind'].$put({ param: { kind: this.kind }, json: { baseVersion: this.checklist.version, items: this.items.map((i) => ({ ...i, code: i.code.trim() })) } }),
      );
      this.checklist = saved;
      this.items = saved.items.map((i) => ({ ...i }));
      announce(t('checklists.saved', { kind: kindName(this.kind), v: saved.version }));
    } catch (error) {
      if (error instanceof ApiError && error.currentVersion !== undefined) {
        const mine = this.items;
        await this.#load(this.kind);
        this.items = mine;
      }
      this.errors = formErrors(error, fields);
      focusFirstInvalid(this);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const c = this.checklist;
    return html`<div class="screen-head"><h1>${t('checklists.title')}</h1></div>
      <p class="muted">${t('checklists.intro')}</p>
      <div class="field narrow">
        <label for="cl-kind">${t('venues.kind')}</label>
        <select id="cl-kind" @change=${(e: Event) => this.#load((e.target as HTMLSelectElement).value)}>
          ${venueKinds.value.map((k) => html`<option value=${k.code} ?selected=${k.code === this.kind}>${kindName(k.code)}（${k.code}）</option>`)}
        </select>
      </div>
      ${loadState(c, this.loadError)}
      ${c
        ? html`<p class="muted">${c.version === 0 ? t('checklists.defaults') : t('checklists.version', { v: c.version, at: when(c.createdAt) })}</p>
            <form novalidate @submit=${this.#save}>
              ${formSummary(this.errors)}
              ${this.errors.fields.items ? html`<p class="alert" role="alert">${this.errors.fields.items.join('；')}</p>` : nothing}
              <ol class="cl-items">${this.items.map((item, i) => this.#row(item, i))}</ol>
              <p><button type="button" @click=${() => this.#add()}>＋ ${t('checklists.add')}</button></p>
              <div class="submit-bar"><button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? t('common.saving') : t('checklists.save')}</button></div>
            </form>`
        : nothing}`;
  }

  #row(item: ChecklistItem, i: number) {
    const e = (col: string) => this.errors.fields[`items.${i}.${col}`];
    const input = (col: 'code' | 'labelZh' | 'labelEn', labelKey: 'checklists.code' | 'checklists.labelZh' | 'checklists.labelEn') => {
      const id = `cl-${i}-${col}`;
      const errors = e(col);
      return html`<div class="field ${col === 'code' ? '' : 'grow'}">
        <label for=${id}>${t(labelKey)}</label>
        <input id=${id} name="items.${i}.${col}" .value=${item[col]} autocomplete="off" aria-invalid=${errors ? 'true' : 'false'} aria-describedby=${errors ? `${id}-error` : nothing}
          @input=${(ev: Event) => this.#update(i, { [col]: (ev.target as HTMLInputElement).value })} />
        ${fieldError(errors, id)}
      </div>`;
    };
    return html`<li class="card cl-row" data-row=${i}>
      <div class="cl-fields">
        ${input('code', 'checklists.code')} ${input('labelZh', 'checklists.labelZh')} ${input('labelEn', 'checklists.labelEn')}
        <div class="field">
          <label for="cl-${i}-severity">${t('checklists.severity')}</label>
          <select id="cl-${i}-severity" @change=${(ev: Event) => this.#update(i, { severity: (ev.target as HTMLSelectElement).value as ChecklistItem['severity'] })}>
            ${SEVERITIES.map((s) => html`<option value=${s} ?selected=${item.severity === s}>${label('severity', s)}</option>`)}
          </select>
        </div>
        <label class="check"><input type="checkbox" .checked=${item.requiresRectification} @change=${(ev: Event) => this.#update(i, { requiresRectification: (ev.target as HTMLInputElement).checked })} /> ${t('checklists.requiresRectification')}</label>
      </div>
      <div class="row-actions" role="group" aria-label=${t('checklists.itemN', { n: i + 1 })}>
        <button type="button" class="move-up" ?disabled=${i === 0} @click=${() => this.#move(i, -1)} aria-label=${t('checklists.up', { n: i + 1 })}>↑</button>
        <button type="button" class="move-down" ?disabled=${i === this.items.length - 1} @click=${() => this.#move(i, 1)} aria-label=${t('checklists.down', { n: i + 1 })}>↓</button>
        <button type="button" class="danger-text" @click=${() => {
          this.items = this.items.filter((_, j) => j !== i);
        }}>${t('common.remove')}</button>
      </div>
    </li>`;
  }
}

customElements.define('gw-checklists', GwChecklists);
