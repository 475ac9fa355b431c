/**
 * <gw-checkpoint-day date grid>: a day's checkpoint counts (passed, turned back, held) rolled up the
 * grid tree — town, village, then each checkpoint — each with its shifts, and the shift totals of the
 * whole: the daily report's 卡口 section and the supervisors' 卡口 screen. Counters: the figures now.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { GwElement } from '../../ui/base';

type Counts = Awaited<ReturnType<typeof loadCounts>>;
type Tally = { passed: number; turnedBack: number; held: number };
type Row = Tally & { name: string; shifts: (Tally & { shiftId: string; name: string })[] };
const loadCounts = (date: string, grid?: string) => ok(api.api.checkpoints.counts.$get({ query: grid ? { date, grid } : { date } }));

const cells = (x: Tally) =>
  html`<td data-label=${t('ck.passed')}>${x.passed}</td><td data-label=${t('ck.turnedBack')}>${x.turnedBack}</td><td data-label=${t('ck.held')}>${x.held}</td>`;

/** A row of all shifts, then one row per shift, indented by depth in the tree. */
function rows(r: Row, kind: 'grid' | 'checkpoint' | 'total', depth: number, note?: TemplateResult): TemplateResult[] {
  const indent = `--depth:${depth}`;
  return [
    html`<tr class="ck-${kind}" style=${indent}><th scope="row">${r.name}${note ?? nothing}</th><td data-label=${t('ck.shift')}>${t('ck.allShifts')}</td>${cells(r)}</tr>`,
    ...r.shifts.map((s) => html`<tr class="ck-shift" style=${indent}><th scope="row"></th><td data-label=${t('ck.shift')}>${s.name}</td>${cells(s)}</tr>`),
  ];
}

class GwCheckpointDay extends GwElement {
  static override properties = { date: {}, grid: {}, counts: { state: true } };
  declare date: string;
  declare grid: string | undefined;
  declare counts: Counts | undefined;

  override updated(changed: Map<string, unknown>) {
    if (changed.has('date') || changed.has('grid')) void this.reload();
  }

  /** Read the counts again (a checkpoint set up or retired on the same screen). */
  async reload() {
    try {
      this.counts = await loadCounts(this.date, this.grid);
    } catch {
      this.counts = undefined;
    }
  }

  /** Grids in path order (the API's), each followed by its own checkpoints: children come after. */
  #tree(c: Counts): TemplateResult[] {
    const top = Math.min(...c.grids.map((g) => g.path.split('/').length));
    return c.grids.flatMap((g) => {
      const depth = g.path.split('/').length - top;
      const own = c.checkpoints.filter((k) => k.gridId === g.id);
      return [
        ...rows(g, 'grid', depth),
        ...own.flatMap((k) => rows(k, 'checkpoint', depth + 1, k.retired ? html` <span class="badge">${t('cks.retired')}</span>` : undefined)),
      ];
    });
  }

  override render() {
    const c = this.counts;
    if (!c?.checkpoints.length) return nothing;
    return html`<section class="checkpoint-day">
      <h3>${t('ck.reportTitle')}</h3>
      <p class="notice">${t('ck.summary', { passed: c.total.passed, turnedBack: c.total.turnedBack, held: c.total.held })}</p>
      <table class="cards checkpoint-rollup">
        <thead><tr><th scope="col">${t('ck.where')}</th><th scope="col">${t('ck.shift')}</th><th scope="col">${t('ck.passed')}</th><th scope="col">${t('ck.turnedBack')}</th><th scope="col">${t('ck.held')}</th></tr></thead>
        <tbody>
          ${rows({ name: t('ck.total'), ...c.total, shifts: c.shifts }, 'total', 0)}
          ${this.#tree(c)}
        </tbody>
      </table>
    </section>`;
  }
}

customElements.define('gw-checkpoint-day', GwCheckpointDay);
