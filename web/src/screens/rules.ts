/**
 * <gw-rules>: 规则 — the tenant admin's rules editor. Every rule is a labelled field named by its
 * path in the API body (`quota.perInspector`), so a 400's `issues[].path` puts the message beside
 * it. Saves the whole rules with the `version` they were edited from; a stale version reloads and
 * says so. After a save, "re-plan today" (POST /api/plans/{today}/replan) applies them to today.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { TenantRules } from '../../../shared/domain/rules';
import { ApiError, api, ok } from '../api/client';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { Watch } from '../store';
import { announce, GwElement } from '../ui/base';
import { errorMessage } from '../ui/errors';
import { type FormErrors, fieldError, focusFirstInvalid, formErrors, formSummary, inputField, noErrors } from '../ui/form';
import { kindName, loadKinds, venueKinds, when } from '../ui/domain';
import { loadState } from '../ui/load-state';
import { GRID_MAP_FIELDS, gridMapFields, readGridMap } from './grid-map-rules';
import { jointAgencyFieldNames, jointAgencyFields, readJointAgencies } from './venues/joint-agency-rules';

// The residents section is kept by the API when left out (edited on the residents' rules screen).
type RulesBody = Omit<TenantRules, 'version' | 'updatedAt' | 'updatedBy' | 'residents'>;

const FIELDS = [
  'version',
  'quota',
  'quota.perInspector',
  'quota.byGridLevel',
  'quota.industryAuthority',
  'quota.venueKinds',
  'inspectionFrequencyDays.red',
  'inspectionFrequencyDays.yellow',
  'inspectionFrequencyDays.green',
  'workingDays',
  'workingDays.weekdays',
  'workingDays.nonWorkingDates',
  'workingDays.extraWorkingDates',
  'problemDeadlineDays.critical',
  'problemDeadlineDays.major',
  'problemDeadlineDays.minor',
  'blackCard.triggers.failedInspections',
  'blackCard.triggers.failedInspections.count',
  'blackCard.triggers.failedInspections.withinDays',
  'blackCard.triggers.namedInBulletin',
  'blackCard.triggers.overdueRectifications',
  'blackCard.triggers.overdueRectifications.count',
  'blackCard.triggers.overdueRectifications.withinDays',
  'blackCard.dailyByLocality',
  'blackCard.dailyByIndustryAuthority',
  'followUp.afterDays',
  'authenticity.gpsMaxDistanceMeters',
  'authenticity.travelDistanceMeters',
  'authenticity.travelMinutes',
  'authenticity.requireVenueCodeScan',
  'outcome.suspendOnCriticalFailure',
  'outcome.suspendWhenMajorFailuresAtLeast',
  'schedule.dayStartMinutes',
  ...GRID_MAP_FIELDS,
] as const;

/** A number as typed: an empty field is sent as null so the API names it (never a silent 0). */
const num = (data: FormData, name: string): number => {
  const raw = String(data.get(name) ?? '').trim();
  return (raw === '' ? null : Number(raw)) as number;
};
const dates = (data: FormData, name: string) =>
  String(data.get(name) ?? '')
    .split(/[\s,，、]+/)
    .filter(Boolean);

class GwRules extends GwElement {
  static override properties = {
    rules: { state: true },
    loadError: { state: true },
    errors: { state: true },
    busy: { state: true },
    today: { state: true },
    replan: { state: true },
    levels: { state: true },
    agencies: { state: true },
  };
  declare rules: TenantRules | undefined;
  declare loadError: string | undefined;
  declare errors: FormErrors;
  declare busy: boolean;
  declare today: string | undefined;
  declare replan: { busy: boolean; message?: string; error?: string };
  declare levels: { level: number; perInspector: number }[];
  declare agencies: TenantRules['jointEnforcement']['agencies'];

  constructor() {
    super();
    this.errors = noErrors();
    this.busy = false;
    this.replan = { busy: false };
    this.levels = [];
    this.agencies = [];
    new Watch(this, [venueKinds]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadKinds();
    void this.#load();
    void ok(api.api.plans.today.$get())
      .then((p) => {
        this.today = p.date;
      })
      .catch(() => {});
  }

  async #load() {
    try {
      this.rules = await ok(api.api.rules.$get());
      this.levels = this.rules.quota.byGridLevel.map((l) => ({ ...l }));
      this.agencies = this.rules.jointEnforcement.agencies.map((a) => ({ ...a }));
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  #read(form: HTMLFormElement): RulesBody & { version: number } {
    const d = new FormData(form);
    const on = (name: string) => d.get(name) !== null;
    const repeated = (prefix: string) => (on(`${prefix}.enabled`) ? { count: num(d, `${prefix}.count`), withinDays: num(d, `${prefix}.withinDays`) } : null);
    return {
      version: this.rules?.version ?? 0,
      quota: {
        perInspector: num(d, 'quota.perInspector'),
        byGridLevel: this.levels.map((_, i) => ({ level: num(d, `quota.byGridLevel.${i}.level`), perInspector: num(d, `quota.byGridLevel.${i}.perInspector`) })),
        industryAuthority: num(d, 'quota.industryAuthority'),
        venueKinds: d.getAll('quota.venueKinds').map(String),
      },
      inspectionFrequencyDays: { red: num(d, 'inspectionFrequencyDays.red'), yellow: num(d, 'inspectionFrequencyDays.yellow'), green: num(d, 'inspectionFrequencyDays.green') },
      workingDays: {
        weekdays: d.getAll('workingDays.weekdays').map(Number),
        nonWorkingDates: dates(d, 'workingDays.nonWorkingDates'),
        extraWorkingDates: dates(d, 'workingDays.extraWorkingDates'),
      },
      problemDeadlineDays: { critical: num(d, 'problemDeadlineDays.critical'), major: num(d, 'problemDeadlineDays.major'), minor: num(d, 'problemDeadlineDays.minor') },
      blackCard: {
        triggers: {
          failedInspections: repeated('blackCard.triggers.failedInspections'),
          namedInBulletin: on('blackCard.triggers.namedInBulletin'),
          overdueRectifications: repeated('blackCard.triggers.overdueRectifications'),
        },
        dailyByLocality: on('blackCard.dailyByLocality'),
        dailyByIndustryAuthority: on('blackCard.dailyByIndustryAuthority'),
      },
      followUp: { afterDays: num(d, 'followUp.afterDays') },
      authenticity: {
        gpsMaxDistanceMeters: num(d, 'authenticity.gpsMaxDistanceMeters'),
        travelDistanceMeters: num(d, 'authenticity.travelDistanceMeters'),
        travelMinutes: num(d, 'authenticity.travelMinutes'),
        requireVenueCodeScan: on('authenticity.requireVenueCodeScan'),
      },
      outcome: {
        suspendOnCriticalFailure: on('outcome.suspendOnCriticalFailure'),
        suspendWhenMajorFailuresAtLeast: num(d, 'outcome.suspendWhenMajorFailuresAtLeast'),
      },
      schedule: { dayStartMinutes: num(d, 'schedule.dayStartMinutes') },
      gridMap: readGridMap(d),
      jointEnforcement: { agencies: readJointAgencies(d, this.agencies.length) },
    };
  }

  #submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const json = this.#read(event.target as HTMLFormElement);
    this.busy = true;
    this.errors = noErrors();
    try {
      this.rules = await ok(api.api.rules.$put({ json }));
      this.levels = this.rules.quota.byGridLevel.map((l) => ({ ...l }));
      this.agencies = this.rules.jointEnforcement.agencies.map((a) => ({ ...a }));
      this.replan = { busy: false };
      announce(t('rules.saved', { v: this.rules.version }));
    } catch (error) {
      if (error instanceof ApiError && error.currentVersion !== undefined) await this.#load();
      this.errors = formErrors(error, [...FIELDS, ...jointAgencyFieldNames(json.jointEnforcement.agencies.length)]);
      focusFirstInvalid(this);
    } finally {
      this.busy = false;
    }
  };

  /** Rows added or removed keep what was typed in the others. */
  #agencyChange = {
    add: () => {
      this.agencies = [...this.#typedAgencies(), { code: '', nameZh: '', nameEn: '' }];
    },
    remove: (i: number) => {
      this.agencies = this.#typedAgencies().filter((_, j) => j !== i);
    },
  };

  #typedAgencies() {
    const form = this.querySelector<HTMLFormElement>('form.rules-form');
    return form ? readJointAgencies(new FormData(form), this.agencies.length) : this.agencies;
  }

  async #replan() {
    if (!this.today) return;
    this.replan = { busy: true };
    try {
      const r = await ok(api.api.plans[':date'].replan.$post({ param: { date: this.today } }));
      const totals = r.run.totals;
      this.replan = {
        busy: false,
        message:
          r.status === 'done'
            ? t('rules.replanned', { date: r.date, assignments: totals?.assignments ?? 0, rules: r.run.rulesVersion })
            : t('rules.replanRunning', { date: r.date }),
      };
    } catch (error) {
      this.replan = { busy: false, error: errorMessage(error) };
    }
  }

  #n(name: (typeof FIELDS)[number], labelKey: MessageKey, value: number, hint?: MessageKey) {
    return inputField({
      id: `rule-${name.replace(/\./g, '-')}`,
      name,
      label: t(labelKey),
      hint: hint ? t(hint) : undefined,
      type: 'number',
      inputmode: 'numeric',
      value,
      errors: this.errors.fields[name],
    });
  }

  #check(name: (typeof FIELDS)[number] | string, labelKey: MessageKey, checked: boolean, hint?: MessageKey) {
    const id = `rule-${name.replace(/\./g, '-')}`;
    const errors = this.errors.fields[name];
    return html`<div class="field">
      <label class="check" for=${id}><input id=${id} type="checkbox" name=${name} .checked=${checked} aria-invalid=${errors?.length ? 'true' : 'false'} /> ${t(labelKey)}</label>
      ${hint ? html`<p class="hint">${t(hint)}</p>` : nothing}
      ${fieldError(errors)}
    </div>`;
  }

  #group(titleKey: MessageKey, body: TemplateResult, introKey?: MessageKey) {
    return html`<fieldset class="card rule-group">
      <legend>${t(titleKey)}</legend>
      ${introKey ? html`<p class="hint">${t(introKey)}</p>` : nothing}
      <div class="rule-fields">${body}</div>
    </fieldset>`;
  }

  #repeated(prefix: 'blackCard.triggers.failedInspections' | 'blackCard.triggers.overdueRectifications', labelKey: MessageKey, value: { count: number; withinDays: number } | null) {
    const v = value ?? { count: 1, withinDays: 7 };
    const e = this.errors.fields;
    return html`<div class="repeated">
      ${this.#check(`${prefix}.enabled`, labelKey, value !== null)}
      <div class="pair">
        ${inputField({ id: `rule-${prefix.replace(/\./g, '-')}-count`, name: `${prefix}.count`, label: t('rules.count'), type: 'number', inputmode: 'numeric', value: v.count, errors: [...(e[`${prefix}.count`] ?? []), ...(e[prefix] ?? [])] })}
        ${inputField({ id: `rule-${prefix.replace(/\./g, '-')}-within`, name: `${prefix}.withinDays`, label: t('rules.withinDays'), type: 'number', inputmode: 'numeric', value: v.withinDays, errors: e[`${prefix}.withinDays`] })}
      </div>
    </div>`;
  }

  override render() {
    const r = this.rules;
    const e = this.errors.fields;
    return html`<div class="screen-head"><h1>${t('rules.title')}</h1></div>
      <p class="muted">${t('rules.intro')}</p>
      ${loadState(r, this.loadError)}
      ${r
        ? html`<p class="muted" data-testid="rules-version">${r.version === 0 ? t('rules.defaults') : t('rules.version', { v: r.version, at: r.updatedAt ? when(r.updatedAt) : '—' })}</p>
          <form class="rules-form" novalidate @submit=${this.#submit}>
            ${formSummary(this.errors)}
            ${this.#group(
              'rules.quota',
              html`${this.#n('quota.perInspector', 'rules.perInspector', r.quota.perInspector, 'rules.perInspectorHint')}
                ${this.#n('quota.industryAuthority', 'rules.industryAuthority', r.quota.industryAuthority, 'rules.industryAuthorityHint')}
                <fieldset class="field wide-field">
                  <legend>${t('rules.byGridLevel')}</legend>
                  <p class="hint">${t('rules.byGridLevelHint')}</p>
                  ${this.levels.map(
                    (l, i) => html`<div class="pair">
                      ${inputField({ id: `rule-level-${i}`, name: `quota.byGridLevel.${i}.level`, label: t('rules.level'), type: 'number', inputmode: 'numeric', value: l.level, errors: e[`quota.byGridLevel.${i}.level`] })}
                      ${inputField({ id: `rule-level-quota-${i}`, name: `quota.byGridLevel.${i}.perInspector`, label: t('rules.perInspector'), type: 'number', inputmode: 'numeric', value: l.perInspector, errors: e[`quota.byGridLevel.${i}.perInspector`] })}
                      <button type="button" class="danger-text" @click=${() => {
                        this.levels = this.levels.filter((_, j) => j !== i);
                      }}>${t('common.remove')}</button>
                    </div>`,
                  )}
                  ${fieldError(e['quota.byGridLevel'])}
                  <button type="button" @click=${() => {
                    this.levels = [...this.levels, { level: this.levels.length + 1, perInspector: r.quota.perInspector }];
                  }}>＋ ${t('rules.addLevel')}</button>
                </fieldset>
                <fieldset class="field wide-field" aria-describedby="rule-kinds-hint">
                  <legend>${t('rules.venueKinds')}</legend>
                  <p class="hint" id="rule-kinds-hint">${t('rules.venueKindsHint')}</p>
                  <div class="checks">
                    ${(venueKinds.value.length ? venueKinds.value.map((k) => k.code) : r.quota.venueKinds).map(
                      (code) => html`<label class="check"><input type="checkbox" name="quota.venueKinds" value=${code} .checked=${r.quota.venueKinds.includes(code)} /> ${kindName(code)}</label>`,
                    )}
                  </div>
                  ${fieldError(e['quota.venueKinds'])}
                </fieldset>`,
            )}
            ${this.#group(
              'rules.frequency',
              html`${this.#n('inspectionFrequencyDays.red', 'risk.red', r.inspectionFrequencyDays.red)}
                ${this.#n('inspectionFrequencyDays.yellow', 'risk.yellow', r.inspectionFrequencyDays.yellow)}
                ${this.#n('inspectionFrequencyDays.green', 'risk.green', r.inspectionFrequencyDays.green)}`,
              'rules.frequencyHint',
            )}
            ${this.#group(
              'rules.workingDays',
              html`<fieldset class="field wide-field">
                  <legend>${t('rules.weekdays')}</legend>
                  <div class="checks">
                    ${[1, 2, 3, 4, 5, 6, 7].map(
                      (d) => html`<label class="check"><input type="checkbox" name="workingDays.weekdays" value=${d} .checked=${r.workingDays.weekdays.includes(d)} /> ${t(`weekday.${d}` as MessageKey)}</label>`,
                    )}
                  </div>
                  ${fieldError(e['workingDays.weekdays'])}
                </fieldset>
                ${this.#dates('workingDays.nonWorkingDates', 'rules.nonWorkingDates', r.workingDays.nonWorkingDates)}
                ${this.#dates('workingDays.extraWorkingDates', 'rules.extraWorkingDates', r.workingDays.extraWorkingDates)}`,
            )}
            ${this.#group(
              'rules.deadlines',
              html`${this.#n('problemDeadlineDays.critical', 'severity.critical', r.problemDeadlineDays.critical)}
                ${this.#n('problemDeadlineDays.major', 'severity.major', r.problemDeadlineDays.major)}
                ${this.#n('problemDeadlineDays.minor', 'severity.minor', r.problemDeadlineDays.minor)}`,
              'rules.deadlinesHint',
            )}
            ${this.#group(
              'rules.blackCard',
              html`${this.#repeated('blackCard.triggers.failedInspections', 'rules.failedInspections', r.blackCard.triggers.failedInspections)}
                ${this.#repeated('blackCard.triggers.overdueRectifications', 'rules.overdueRectifications', r.blackCard.triggers.overdueRectifications)}
                ${this.#check('blackCard.triggers.namedInBulletin', 'rules.namedInBulletin', r.blackCard.triggers.namedInBulletin)}
                ${this.#check('blackCard.dailyByLocality', 'rules.dailyByLocality', r.blackCard.dailyByLocality)}
                ${this.#check('blackCard.dailyByIndustryAuthority', 'rules.dailyByIndustryAuthority', r.blackCard.dailyByIndustryAuthority)}`,
            )}
            ${this.#group('rules.followUp', html`${this.#n('followUp.afterDays', 'rules.afterDays', r.followUp.afterDays, 'rules.followUpHint')}`)}
            ${this.#group(
              'rules.authenticity',
              html`${this.#n('authenticity.gpsMaxDistanceMeters', 'rules.gpsMax', r.authenticity.gpsMaxDistanceMeters)}
                ${this.#n('authenticity.travelDistanceMeters', 'rules.travelDistance', r.authenticity.travelDistanceMeters)}
                ${this.#n('authenticity.travelMinutes', 'rules.travelMinutes', r.authenticity.travelMinutes, 'rules.travelHint')}
                ${this.#check('authenticity.requireVenueCodeScan', 'rules.requireScan', r.authenticity.requireVenueCodeScan)}`,
            )}
            ${this.#group(
              'rules.outcome',
              html`${this.#check('outcome.suspendOnCriticalFailure', 'rules.suspendOnCritical', r.outcome.suspendOnCriticalFailure)}
                ${this.#n('outcome.suspendWhenMajorFailuresAtLeast', 'rules.suspendMajor', r.outcome.suspendWhenMajorFailuresAtLeast, 'rules.suspendMajorHint')}`,
            )}
            ${this.#group('rules.schedule', html`${this.#n('schedule.dayStartMinutes', 'rules.dayStartMinutes', r.schedule.dayStartMinutes, 'rules.dayStartHint')}`)}
            ${this.#group('gridMap.rules', html`${gridMapFields(r.gridMap, this.errors)}`, 'gridMap.rulesHint')}
            ${this.#group('joint.title', jointAgencyFields(this.agencies, this.errors, this.#agencyChange), 'rules.agenciesHint')}
            <div class="submit-bar">
              <button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? t('common.saving') : t('rules.save')}</button>
            </div>
          </form>
          <section class="card replan" aria-labelledby="replan-title">
            <h2 id="replan-title">${t('rules.replanTitle')}</h2>
            <p class="muted">${t('rules.replanHint')}</p>
            <button type="button" ?disabled=${this.replan.busy || !this.today} @click=${() => this.#replan()}>
              ${this.replan.busy ? t('rules.replanning') : t('rules.replan', { date: this.today ?? '…' })}
            </button>
            ${this.replan.message ? html`<p class="notice" role="status">${this.replan.message}</p>` : nothing}
            ${this.replan.error ? html`<p class="alert" role="alert">${this.replan.error}</p>` : nothing}
          </section>`
        : nothing}`;
  }

  #dates(name: (typeof FIELDS)[number], labelKey: MessageKey, values: string[]) {
    const id = `rule-${name.replace(/\./g, '-')}`;
    const errors = Object.entries(this.errors.fields)
      .filter(([k]) => k === name || k.startsWith(`${name}.`))
      .flatMap(([, v]) => v);
    return html`<div class="field wide-field ${errors.length ? 'invalid' : ''}">
      <label for=${id}>${t(labelKey)}</label>
      <textarea id=${id} name=${name} rows="2" .value=${values.join('\n')} aria-describedby="${id}-hint${errors.length ? ` ${id}-error` : ''}" aria-invalid=${errors.length ? 'true' : 'false'}></textarea>
      <p class="hint" id="${id}-hint">${t('rules.datesHint')}</p>
      ${fieldError(errors, id)}
    </div>`;
  }
}

customElements.define('gw-rules', GwRules);
