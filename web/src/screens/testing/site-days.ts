/**
 * <gw-test-site-days round-id date? grid?>: samples per sampling site on a day (today unless said):
 * the day's count, the busiest hour beside the site's capacity per hour (marked when over), and the
 * hours with samples. On the 全员检测 screen and in the daily report's testing section.
 */
import { html, nothing } from 'lit';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { GwElement } from '../../ui/base';

type SiteDays = Awaited<ReturnType<typeof loadSiteDays>>;
const loadSiteDays = (roundId: string, date?: string, grid?: string) =>
  ok(api.api.testing.rounds[':roundId']['site-days'].$get({ param: { roundId }, query: { ...(date ? { date } : {}), ...(grid ? { grid } : {}) } }));
const slot = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

class GwTestSiteDays extends GwElement {
  static override properties = { roundId: { attribute: 'round-id' }, date: {}, grid: {}, days: { state: true } };
  declare roundId: string;
  declare date: string | undefined;
  declare grid: string | undefined;
  declare days: SiteDays | undefined;

  override updated(changed: Map<string, unknown>) {
    if (changed.has('roundId') || changed.has('date') || changed.has('grid')) void this.#load();
  }

  async #load() {
    try {
      this.days = await loadSiteDays(this.roundId, this.date, this.grid);
    } catch {
      this.days = undefined;
    }
  }

  override render() {
    const d = this.days;
    if (!d?.items.length) return nothing;
    return html`<section class="site-days"><h3>${t('test.sites.title', { date: d.date })}</h3>
      <table class="cards" id="site-days-table">
        <thead><tr>${(['test.sites.site', 'test.sites.times', 'test.sites.peak', 'test.sites.hours'] as const).map((k) => html`<th scope="col">${t(k)}</th>`)}</tr></thead>
        <tbody>${d.items.map(
          (s) => html`<tr data-site-id=${s.siteId}>
            <th scope="row">${s.name}</th>
            <td data-label=${t('test.sites.times')}>${s.times}</td>
            <td data-label=${t('test.sites.peak')} class=${s.overCapacity ? 'error' : ''}>${t('test.sites.peakLine', { peak: s.peak, capacity: s.capacityPerHour })}${s.overCapacity ? html` · ${t('test.sites.over')}` : nothing}</td>
            <td data-label=${t('test.sites.hours')}>${s.hours.map((h) => `${slot(h.hour)} ${h.count}`).join('，') || '—'}</td>
          </tr>`,
        )}</tbody>
      </table></section>`;
  }
}

customElements.define('gw-test-site-days', GwTestSiteDays);
