/**
 * The home-monitoring section of the daily report (日报): the day's figures of the grid's subtree (or
 * the tenant) as the close stored them — under monitoring, readings due / done / missed, fevers, open
 * alerts, % followed today, % followed all days, % lost.
 */
import { html, nothing } from 'lit';
import type { DailyReport } from '../../../../shared/domain/report';
import { formatNumber, t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

const pct = (n: number | undefined) => (n === undefined ? '—' : `${n}%`);

export function monitoringReportSection(m: DailyReport['monitoring']) {
  if (!m) return nothing;
  const stats: [MessageKey, string][] = [
    ['mon.under', formatNumber(m.underMonitoring)],
    ['mon.dueDone', `${formatNumber(m.due)} / ${formatNumber(m.done)}`],
    ['mon.missed', formatNumber(m.missed)],
    ['mon.fevers', formatNumber(m.fevers)],
    ['mon.openAlerts', formatNumber(m.openAlerts)],
    ['mon.followedToday', pct(m.rates.followedToday)],
    ['mon.followedAll', pct(m.rates.followedAllDays)],
    ['mon.lostRate', pct(m.rates.lost)],
  ];
  return html`<section data-testid="report-monitoring">
    <h3>${t('report.monitoring')}</h3>
    <dl class="stat-grid figures">
      ${stats.map(([k, v]) => html`<div class="stat card"><dt class="stat-label">${t(k)}</dt><dd><strong>${v}</strong></dd></div>`)}
    </dl>
  </section>`;
}
