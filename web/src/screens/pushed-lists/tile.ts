/**
 * <gw-pushed-tile>: the dashboard's tile of pushed lists (推送名单核查): the three latest lists with
 * received, verified and overdue, each a link to its progress, and today's figures (the daily report's
 * section, counted live). Loaded by the dashboard with it.
 */
import { html, nothing } from 'lit';
import type { PushedListView } from '../../../../shared/domain/pushed-lists/list';
import type { DailyReport } from '../../../../shared/domain/report';
import { api, ok } from '../../api/client';
import { formatNumber, t } from '../../i18n/i18n';
import { href } from '../../nav';
import { GwElement } from '../../ui/base';
import { tenantToday } from '../../ui/domain';

const lists = api.api['pushed-lists'];

class GwPushedTile extends GwElement {
  static override properties = { latest: { state: true }, today: { state: true } };
  declare latest: PushedListView[] | undefined;
  /** Today's section of the daily report (my grids, or the tenant), counted live. */
  declare today: DailyReport['pushedLists'] | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void (async () => {
      try {
        const [page, report] = await Promise.all([ok(lists.$get({ query: { limit: '3' } })), ok(api.api.reports.daily[':date'].$get({ param: { date: tenantToday() }, query: {} })).catch(() => undefined)]);
        this.today = report?.pushedLists;
        this.latest = await Promise.all(page.items.map((l) => ok(lists[':listId'].$get({ param: { listId: l.id } }))));
      } catch {
        // A tile: the dashboard stands without it.
        this.latest = [];
      }
    })();
  }

  override render() {
    if (!this.latest?.length) return nothing;
    return html`<section class="card pushed-tile" aria-labelledby="dash-pushed-title">
      <h2 id="dash-pushed-title"><a href=${href('pushed-lists')}>${t('pl.tile')}</a></h2>
      ${this.today ? html`<p data-testid="pushed-today">${t('pl.tileToday', { received: formatNumber(this.today.received), verified: formatNumber(this.today.verified), escalated: formatNumber(this.today.escalated), overdue: formatNumber(this.today.overdue) })}</p>` : nothing}
      <ul>${this.latest.map((l) => html`<li>${t('pl.tileLine', { name: l.name, received: formatNumber(l.progress.received), verified: formatNumber(l.progress.verified), overdue: formatNumber(l.progress.overdue) })}</li>`)}</ul>
    </section>`;
  }
}

customElements.define('gw-pushed-tile', GwPushedTile);
