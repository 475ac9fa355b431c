/**
 * The pushed lists' section of the daily report (日报) and of the dashboard's tile: the day's tasks
 * received, verified, escalated to the supervisor and overdue, in the grid's subtree (or the tenant),
 * as the close stored them or counted live for a day not closed yet.
 */
import { html, nothing } from 'lit';
import { DAY_COUNTERS } from '../../../../shared/domain/pushed-lists/day';
import type { DailyReport } from '../../../../shared/domain/report';
import { formatNumber, t } from '../../i18n/i18n';

export function pushedReportSection(s: DailyReport['pushedLists']) {
  if (!s) return nothing;
  return html`<section data-testid="report-pushed-lists">
    <h3>${t('report.pushedLists')}</h3>
    <dl class="stat-grid figures">
      ${DAY_COUNTERS.map((k) => html`<div class="stat card"><dt class="stat-label">${t(`plDay.${k}`)}</dt><dd data-day-counter=${k}><strong>${formatNumber(s[k])}</strong></dd></div>`)}
    </dl>
  </section>`;
}
