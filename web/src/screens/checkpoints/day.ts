/**
 * <gw-checkpoint-day date grid>: a day's checkpoint counts (passed, turned back, held) per checkpoint
 * and shift, with the total of the grid shown: the daily report's 卡口 section and the supervisors'
 * checkpoint screen. Counters: the figures now.
 */
import { html, nothing } from 'lit';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { GwElement } from '../../ui/base';

type Counts = Awaited<ReturnType<typeof loadCounts>>;
const loadCounts = (date: string, grid?: string) => ok(api.api.checkpoints.counts.$get({ query: grid ? { date, grid } : { date } }));

class GwCheckpointDay extends GwElement {
  static override properties = { date: {}, grid: {}, counts: { state: true } };
  declare date: string;
  declare grid: string | undefined;
  declare counts: Counts | undefined;

  override updated(changed: Map<string, unknown>) {
    if (changed.has('date') || changed.has('grid')) void this.#load();
  }

  async #load() {
    try {
      this.counts = await loadCounts(this.date, this.grid);
    } catch {
      this.counts = undefined;
    }
  }

  override render() {
    const c = this.counts;
    if (!c?.checkpoints.length) return nothing;
    const cells = (x: { passed: number; turnedBack: number; held: number }) =>
      html`<td data-label=${t('ck.passed')}>${x.passed}</td><td data-label=${t('ck.turnedBack')}>${x.turnedBack}</td><td data-label=${t('ck.held')}>${x.held}</td>`;
    return html`<section class="checkpoint-day">
      <h3>${t('ck.reportTitle')}</h3>
      <p class="notice">${t('ck.summary', { passed: c.total.passed, turnedBack: c.total.turnedBack, held: c.total.held })}</p>
      <table class="cards">
        <thead><tr><th scope="col">${t('ck.checkpoint')}</th><th scope="col">${t('ck.shift')}</th><th scope="col">${t('ck.passed')}</th><th scope="col">${t('ck.turnedBack')}</th><th scope="col">${t('ck.held')}</th></tr></thead>
        <tbody>${c.checkpoints.flatMap((k) => [
          html`<tr class="checkpoint-total"><th scope="row">${k.name}</th><td data-label=${t('ck.shift')}>${t('ck.allShifts')}</td>${cells(k)}</tr>`,
          ...k.shifts.map((s) => html`<tr><th scope="row"></th><td data-label=${t('ck.shift')}>${s.name}</td>${cells(s)}</tr>`),
        ])}</tbody>
      </table>
    </section>`;
  }
}

customElements.define('gw-checkpoint-day', GwCheckpointDay);
