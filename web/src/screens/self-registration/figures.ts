/**
 * Today's self-registration figures (扫码登记日统计): the totals, and a row per grid and category
 * (submitted, confirmed, merged, rejected), as the review queue shows them above the queue.
 */
import { html, nothing } from 'lit';
import { FIGURE_FIELDS, type FigureField, type FigureRow } from '../../../../shared/domain/self-registration/figures';
import { formatNumber, t } from '../../i18n/i18n';
import { categoryName } from '../residents/residents-ui';

export interface RegistrationFigures {
  date: string;
  rows: FigureRow[];
  total: Record<FigureField, number>;
}

export function figuresTable(f: RegistrationFigures, gridName: (id: string) => string) {
  return html`<section class="card registration-figures" aria-labelledby="srq-figures">
    <h2 id="srq-figures">${t('srq.figures', { date: f.date })}</h2>
    <dl class="figures">${FIGURE_FIELDS.map((k) => html`<div><dt>${t(`srqFig.${k}`)}</dt><dd data-figure=${k}>${formatNumber(f.total[k])}</dd></div>`)}</dl>
    ${f.rows.length
      ? html`<table class="cards compact">
          <thead><tr><th scope="col">${t('srq.grid')}</th><th scope="col">${t('reg.category')}</th>${FIGURE_FIELDS.map((k) => html`<th scope="col">${t(`srqFig.${k}`)}</th>`)}</tr></thead>
          <tbody>
            ${f.rows.map(
              (r) => html`<tr>
                <th scope="row" data-label=${t('srq.grid')}>${gridName(r.gridId)}</th>
                <td data-label=${t('reg.category')}>${categoryName(r.category)}</td>
                ${FIGURE_FIELDS.map((k) => html`<td data-label=${t(`srqFig.${k}`)}>${formatNumber(r[k])}</td>`)}
              </tr>`,
            )}
          </tbody>
        </table>`
      : nothing}
  </section>`;
}
