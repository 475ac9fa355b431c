/**
 * <gw-resident-rules>: 居民规则 — the residents section of the tenant rules, for tenant admins: the
 * household status tags with their map colours, the person categories and tags (each a code and its
 * Chinese and English names), who may see unmasked personal data, and how long people who left are
 * kept. Saved with the rest of the rules as they are (`PUT /api/rules` with `version`); a 400 names
 * the row and field (`residents.householdTags.2.colour`), a stale version reloads.
 */
import { DEFAULT_PUSHED_RETENTION_DAYS, DEFAULT_PUSHED_UNMASK_ROLES, defaultPushedListRules, type PushedListRules } from '../../../../shared/domain/pushed-lists/rules';
import { html, nothing } from 'lit';
import type { ResidentRules } from '../../../../shared/domain/residents/rules';
import { ApiError, api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { announce, GwElement } from '../../ui/base';
import { errorMessage } from '../../ui/errors';
import { fieldError, formErrors, formSummary, type FormErrors, inputField, noErrors, readForm } from '../../ui/form';
import { loadState } from '../../ui/load-state';
import { residentRules } from './residents-ui';
import './data-key';

type Rules = Awaited<ReturnType<typeof loadRules>>;
type LabelList = 'householdTags' | 'personCategories' | 'personTags';
const LISTS: LabelList[] = ['householdTags', 'personCategories', 'personTags'];
const UNMASK_ROLES = ['tenant-admin', 'supervisor', 'inspector'] as const;

const loadRules = () => ok(api.api.rules.$get());

class GwResidentRules extends GwElement {
  static override properties = {
    rules: { state: true },
    draft: { state: true },
    loadError: { state: true },
    errors: { state: true },
    busy: { state: true },
  };
  declare rules: Rules | undefined;
  /** The residents section as edited (rows added or removed before saving). */
  declare draft: ResidentRules | undefined;
  declare loadError: string | undefined;
  declare errors: FormErrors;
  declare busy: boolean;

  constructor() {
    super();
    this.errors = noErrors();
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      this.rules = await loadRules();
      this.draft = structuredClone(this.rules.residents);
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  /** The form's values as the residents section (rows by their index in the draft). */
  #read(form: HTMLFormElement): ResidentRules {
    const f = readForm(form);
    const d = this.draft!;
    const labels = (list: LabelList) =>
      d[list].map((_, i) => ({ code: f.text(`${list}.${i}.code`), nameZh: f.text(`${list}.${i}.nameZh`), nameEn: f.text(`${list}.${i}.nameEn`) }));
    return {
      ...d,
      householdTags: labels('householdTags').map((l, i) => ({ ...l, colour: f.text(`householdTags.${i}.colour`) })),
      personCategories: labels('personCategories'),
      personTags: labels('personTags'),
      unmaskRoles: f.all('unmaskRoles') as ResidentRules['unmaskRoles'],
      pushedLists: { ...(d.pushedLists ?? defaultPushedListRules()), unmaskRoles: f.all('pushedUnmaskRoles') as PushedListRules['unmaskRoles'], retentionDays: f.number('pushedRetentionDays') ?? (null as unknown as number), scopedRouting: f.all('pushedScopedRouting').length > 0 },
      retentionDays: f.number('retentionDays') ?? (null as unknown as number),
    };
  }

  #submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const rules = this.rules;
    if (!rules) return;
    const residents = this.#read(event.target as HTMLFormElement);
    this.draft = residents;
    const { updatedAt: _at, updatedBy: _by, ...body } = rules as Rules & { updatedAt?: string; updatedBy?: string };
    this.busy = true;
    this.errors = noErrors();
    try {
      this.rules = await ok(api.api.rules.$put({ json: { ...body, residents } as never }));
      this.draft = structuredClone(this.rules.residents);
      residentRules.set(this.rules.residents);
      announce(t('rules.saved', { v: this.rules.version }));
    } catch (error) {
      if (error instanceof ApiError && error.currentVersion !== undefined) await this.#load();
      this.errors = formErrors(error, this.#fieldNames());
    } finally {
      this.busy = false;
    }
  };

  /** Every field's API path (`body.residents.householdTags.0.code` lands on `residents.householdTags.0.code`). */
  #fieldNames(): string[] {
    const d = this.draft;
    if (!d) return [];
    const rows = LISTS.flatMap((list) => d[list].flatMap((_, i) => ['code', 'nameZh', 'nameEn', ...(list === 'householdTags' ? ['colour'] : [])].map((f) => `residents.${list}.${i}.${f}`)));
    return [...rows, ...LISTS.map((l) => `residents.${l}`), 'residents.unmaskRoles', 'residents.retentionDays', 'residents.pushedLists.unmaskRoles', 'residents.pushedLists.retentionDays'];
  }

  #change(list: LabelList, rows: ResidentRules[LabelList]) {
    this.draft = { ...this.draft!, [list]: rows };
  }

  #list(list: LabelList) {
    const d = this.draft!;
    const e = this.errors.fields;
    const rows = d[list] as (ResidentRules['householdTags'][number] | ResidentRules['personTags'][number])[];
    return html`<fieldset class="card rule-list" data-list=${list}>
      <legend>${t(`residentRules.${list}`)}</legend>
      ${fieldError(e[`residents.${list}`])}
      ${rows.map(
        (row, i) => html`<div class="rule-row" data-row=${i}>
          ${inputField({ id: `${list}-${i}-code`, name: `${list}.${i}.code`, label: t('residentRules.code'), value: row.code, errors: e[`residents.${list}.${i}.code`] })}
          ${inputField({ id: `${list}-${i}-nameZh`, name: `${list}.${i}.nameZh`, label: t('residentRules.nameZh'), value: row.nameZh, errors: e[`residents.${list}.${i}.nameZh`] })}
          ${inputField({ id: `${list}-${i}-nameEn`, name: `${list}.${i}.nameEn`, label: t('residentRules.nameEn'), value: row.nameEn, errors: e[`residents.${list}.${i}.nameEn`] })}
          ${'colour' in row
            ? inputField({ id: `${list}-${i}-colour`, name: `${list}.${i}.colour`, label: t('residentRules.colour'), type: 'color', value: row.colour, errors: e[`residents.${list}.${i}.colour`] })
            : nothing}
          <button type="button" class="danger-text" @click=${() => this.#change(list, d[list].filter((_, j) => j !== i) as never)}>${t('residentRules.remove')}</button>
        </div>`,
      )}
      <button type="button" @click=${() => this.#change(list, [...d[list], list === 'householdTags' ? { code: '', nameZh: '', nameEn: '', colour: '#607d8b' } : { code: '', nameZh: '', nameEn: '' }] as never)}>＋ ${t('residentRules.add')}</button>
    </fieldset>`;
  }

  override render() {
    const d = this.draft;
    if (!d) return html`<div class="screen-head"><h1>${t('nav.residentRules')}</h1></div>${loadState(d, this.loadError, { retry: () => this.#load() })}`;
    const e = this.errors.fields;
    return html`<div class="screen-head"><h1>${t('nav.residentRules')}</h1></div>
      <p class="muted">${t('residentRules.intro')}</p>
      <form @submit=${this.#submit} novalidate>
        ${formSummary(this.errors)}
        ${LISTS.map((list) => this.#list(list))}
        <fieldset class="card">
          <legend>${t('residentRules.unmaskRoles')}</legend>
          <p class="muted">${t('residentRules.unmaskHint')}</p>
          <div class="checks">
            ${UNMASK_ROLES.map((r) => html`<label><input type="checkbox" name="unmaskRoles" value=${r} ?checked=${d.unmaskRoles.includes(r)} /> ${t(`role.${r}`)}</label>`)}
          </div>
          ${fieldError(e['residents.unmaskRoles'])}
          <fieldset>
            <legend>${t('residentRules.pushedUnmaskRoles')}</legend>
            <p class="muted">${t('residentRules.pushedUnmaskHint')}</p>
            <div class="checks">
              ${UNMASK_ROLES.map((r) => html`<label><input type="checkbox" name="pushedUnmaskRoles" value=${r} ?checked=${(d.pushedLists?.unmaskRoles ?? DEFAULT_PUSHED_UNMASK_ROLES).includes(r)} /> ${t(`role.${r}`)}</label>`)}
            </div>
            ${fieldError(e['residents.pushedLists.unmaskRoles'])}
            <label class="check"><input type="checkbox" name="pushedScopedRouting" value="on" ?checked=${d.pushedLists?.scopedRouting === true} aria-describedby="pushed-scoped-routing-hint" /> ${t('residentRules.pushedScopedRouting')}</label>
            <p class="hint" id="pushed-scoped-routing-hint">${t('residentRules.pushedScopedRoutingHint')}</p>
            ${inputField({ id: 'pushedRetentionDays', name: 'pushedRetentionDays', label: t('residentRules.pushedRetentionDays'), type: 'number', value: d.pushedLists?.retentionDays ?? DEFAULT_PUSHED_RETENTION_DAYS, hint: t('residentRules.pushedRetentionHint'), errors: e['residents.pushedLists.retentionDays'] })}
          </fieldset>
          ${inputField({ id: 'retentionDays', name: 'retentionDays', label: t('residentRules.retentionDays'), type: 'number', value: d.retentionDays, hint: t('residentRules.retentionHint'), errors: e['residents.retentionDays'] })}
        </fieldset>
        <div class="form-actions"><button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? t('common.saving') : t('common.save')}</button></div>
      </form>
      <gw-data-key></gw-data-key>`;
  }
}

customElements.define('gw-resident-rules', GwResidentRules);
