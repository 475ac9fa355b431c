/**
 * <gw-testing-day date grid>: the daily report's 全员检测 section — for each testing round running on
 * that day, tested / target of the grid shown and of each of its child grids (live counters: the
 * figures now, not as the day closed), and that day's samples per sampling site.
 */
import { html, nothing } from 'lit';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { GwElement } from '../../ui/base';
import './site-days';

type Coverage = Awaited<ReturnType<typeof loadCoverage>>;
const loadCoverage = (roundId: string, grid?: string) => ok(api.api.testing.rounds[':roundId'].coverage.$get({ param: { roundId }, query: grid ? { grid } : {} }));
const pct = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

class GwTestingDay extends GwElement {
  static override properties = { date: {}, grid: {}, rounds: { state: true } };
  declare date: string;
  declare grid: string | undefined;
  declare rounds: Coverage[] | undefined;

  override updated(changed: Map<string, unknown>) {
    if (changed.has('date') || changed.has('grid')) void this.#load();
  }

  async #load() {
    try {
      const { items } = await ok(api.api.testing.rounds.$get());
      // Rounds whose time overlaps the day (UTC+8 days are close enough to pick the rounds).
      const dayStart = Date.parse(`${this.date}T00:00:00+08:00`);
      const running = items.filter((r) => Date.parse(r.startsAt) < dayStart + 86_400_000 && Date.parse(r.endsAt) >= dayStart);
      this.rounds = await Promise.all(running.map((r) => loadCoverage(r.id, this.grid)));
    } catch {
      this.rounds = [];
    }
  }

  override render() {
    if (!this.rounds?.length) return nothing;
    return html`${this.rounds.map((c) => {
      const shown = this.grid ? c.grids.find((g) => g.id === this.grid) : undefined;
      const children = c.grids.filter((g) => (shown ? g.parentId === shown.id : g.parentId === null));
      const line = shown ?? c.total;
      return html`<section class="testing-day" data-round-id=${c.round.id}>
        <h3>${t('test.reportTitle', { number: c.round.number, name: c.round.name })}</h3>
        <p class="notice">${t('test.summary', { tested: line.tested, target: line.target, rate: pct(line.rate), times: line.times })}</p>
        <table class="cards">
          <thead><tr><th scope="col">${t('test.grid')}</th><th scope="col">${t('test.tested')} / ${t('test.target')}</th><th scope="col">${t('test.rate')}</th><th scope="col">${t('test.positive')}</th></tr></thead>
          <tbody>${children.map(
            (g) => html`<tr><th scope="row">${g.name}</th><td data-label=${`${t('test.tested')} / ${t('test.target')}`}>${g.tested} / ${g.target}</td><td data-label=${t('test.rate')}>${pct(g.rate)}</td><td data-label=${t('test.positive')}>${g.positive}</td></tr>`,
          )}</tbody>
        </table>
        <gw-test-site-days round-id=${c.round.id} date=${this.date} grid=${this.grid ?? nothing}></gw-test-site-days>
      </section>`;
    })}`;
  }
}

customElements.define('gw-testing-day', GwTestingDay);
