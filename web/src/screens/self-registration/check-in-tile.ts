/**
 * <gw-check-in-tile>: the dashboard's tile of visitors' check-ins (场所扫码登记): the venues in my
 * scope with the most check-ins over the last 7 days, with today's, each a link to its venue page.
 * Loaded by the dashboard with it; the dashboard stands without it.
 */
import { html, nothing } from 'lit';
import { api, ok } from '../../api/client';
import { formatNumber, t } from '../../i18n/i18n';
import { href } from '../../nav';
import { GwElement } from '../../ui/base';
import { tenantToday } from '../../ui/domain';

type Busiest = { venueId: string; name: string; checkIns: number; lastDay: number };

class GwCheckInTile extends GwElement {
  static override properties = { busiest: { state: true } };
  declare busiest: Busiest[] | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void (async () => {
      try {
        this.busiest = (await ok(api.api['check-ins'].busiest.$get({ query: { date: tenantToday(), days: '7', limit: '5' } }))).items;
      } catch {
        this.busiest = [];
      }
    })();
  }

  override render() {
    if (!this.busiest) return nothing;
    return html`<section class="card check-in-tile" aria-labelledby="dash-check-ins-title">
      <h2 id="dash-check-ins-title">${t('dash.topVenues')}</h2>
      ${this.busiest.length
        ? html`<table class="cards compact">
            <thead><tr><th scope="col">${t('venueForm.name')}</th><th scope="col">${t('dash.checkInsToday')}</th><th scope="col">${t('dash.checkInsWeek')}</th></tr></thead>
            <tbody>${this.busiest.map(
              (v) => html`<tr data-venue-id=${v.venueId}><th scope="row" data-label=${t('venueForm.name')}><a href=${href('venues', v.venueId)}>${v.name}</a></th>
                <td data-label=${t('dash.checkInsToday')}>${formatNumber(v.lastDay)}</td><td data-label=${t('dash.checkInsWeek')}>${formatNumber(v.checkIns)}</td></tr>`,
            )}</tbody>
          </table>`
        : html`<p class="muted">${t('dash.noCheckIns')}</p>`}
    </section>`;
  }
}

customElements.define('gw-check-in-tile', GwCheckInTile);
