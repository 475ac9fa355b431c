/**
 * The rules screen's 三色管理图 section: per measure, the density per grid from which a grid is
 * yellow and red, and for a testing round's coverage the share below which it is (shared/domain/grid-map.ts). Fields named by their path in the API body.
 */
import { html } from 'lit';
import type { TenantRules } from '../../../shared/domain/rules';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { type FormErrors, inputField } from '../ui/form';

const MEASURES = ['venues', 'openProblems', 'households'] as const;
export const GRID_MAP_FIELDS = [...MEASURES, 'coverage'].flatMap((m) => [`gridMap.${m}`, `gridMap.${m}.yellow`, `gridMap.${m}.red`]);

/** A number as typed: an empty field is sent as null so the API names it (never a silent 0). */
const num = (data: FormData, name: string): number => {
  const raw = String(data.get(name) ?? '').trim();
  return (raw === '' ? null : Number(raw)) as number;
};

export function readGridMap(d: FormData): TenantRules['gridMap'] {
  const band = (m: string) => ({ yellow: num(d, `gridMap.${m}.yellow`), red: num(d, `gridMap.${m}.red`) });
  return { venues: band('venues'), openProblems: band('openProblems'), households: band('households'), coverage: band('coverage') };
}

export function gridMapFields(rules: TenantRules['gridMap'], errors: FormErrors) {
  // Coverage is coloured the other way: below a share of the people tested.
  // The API fills the default (60 / 90) for rules saved before it; the fallback only keeps the form whole.
  const coverage = rules.coverage ?? { red: 60, yellow: 90 };
  const coverageFields = html`<fieldset class="field wide-field">
    <legend>${t('gridMap.measure.coverage')}</legend>
    <div class="pair">
      ${(['yellow', 'red'] as const).map((c) =>
        inputField({
          id: `rule-gridMap-coverage-${c}`,
          name: `gridMap.coverage.${c}`,
          label: t(`gridMap.below.${c}`),
          type: 'number',
          inputmode: 'numeric',
          value: coverage[c],
          errors: [...(errors.fields[`gridMap.coverage.${c}`] ?? []), ...(c === 'yellow' ? (errors.fields['gridMap.coverage'] ?? []) : [])],
        }),
      )}
    </div>
  </fieldset>`;
  return [...gridBandFields(rules, errors), coverageFields];
}

function gridBandFields(rules: TenantRules['gridMap'], errors: FormErrors) {
  return MEASURES.map(
    (m) => html`<fieldset class="field wide-field">
      <legend>${t(`gridMap.measure.${m}` as MessageKey)}</legend>
      <div class="pair">
        ${(['yellow', 'red'] as const).map((c) =>
          inputField({
            id: `rule-gridMap-${m}-${c}`,
            name: `gridMap.${m}.${c}`,
            label: t(`gridMap.from.${c}` as MessageKey),
            type: 'number',
            inputmode: 'numeric',
            value: rules[m][c],
            errors: [...(errors.fields[`gridMap.${m}.${c}`] ?? []), ...(c === 'red' ? (errors.fields[`gridMap.${m}`] ?? []) : [])],
          }),
        )}
      </div>
    </fieldset>`,
  );
}
