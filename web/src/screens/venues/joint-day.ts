/**
 * <gw-joint-day date grid>: the 联合执法 section of the daily report and the dashboard — the cases
 * referred and the outcomes recorded that day in the grid's subtree (or all the caller may see),
 * per agency, and the list with links to the venue and to 联合执法 (GET /api/joint-enforcement/day/{date}).
 * Prints with the report.
 */
import { html, nothing } from 'lit';
import type { JointDay } from '../../../../shared/domain/venues/joint-day';
import { api, ok } from '../../api/client';
import { formatNumber, language, t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { href } from '../../nav';
import { GwElement } from '../../ui/base';
import { kindName, when } from '../../ui/domain';
import { userNames } from '../office-parts';

class GwJointDay extends GwElement {
  static override properties = { date: {}, grid: {}, day: { state: true }, failed: { state: true }, names: { state: true } };
  declare date: string;
  declare grid: string | undefined;
  declare day: JointDay | undefined;
  declare failed: boolean;
  declare names: Map<string, string>;

  constructor() {
    super();
    this.failed = false;
    this.names = new Map();
  }

  override updated(changed: Map<string, unknown>) {
    if ((changed.has('date') || changed.has('grid')) && this.date) void this.#load();
  }

  async #load() {
    try {
      const [day, names] = await Promise.all([
        ok(api.api['joint-enforcement'].day[':date'].$get({ param: { date: this.date }, query: this.grid ? { grid: this.grid } : {} })),
        userNames(),
      ]);
      this.day = day;
      this.names = names;
      this.failed = false;
    } catch {
      this.failed = true;
    }
  }

  #agencyName(code: string) {
    const a = this.day?.byAgency.find((x) => x.code === code);
    return a ? (language() === 'zh-CN' ? a.nameZh : a.nameEn) : code;
  }

  override render() {
    const d = this.day;
    if (this.failed) return html`<section class="joint-day" data-testid="joint-day"><h3>${t('jointDay.title')}</h3><p class="muted">${t('jointDay.failed')}</p></section>`;
    if (!d) return nothing;
    const used = d.byAgency.filter((a) => a.referred || a.concluded);
    return html`<section class="joint-day" data-testid="joint-day">
      <h3>${t('jointDay.title')} <a class="no-print small" href=${href('joint-enforcement')}>${t('jointDay.all')}</a></h3>
      <p class="notice" data-testid="joint-day-summary">${t('jointDay.summary', { referred: formatNumber(d.referred), concluded: formatNumber(d.concluded) })}</p>
      ${used.length
        ? html`<table class="cards joint-agencies">
            <thead><tr><th scope="col">${t('joint.agencies')}</th><th scope="col">${t('jointDay.referred')}</th><th scope="col">${t('jointDay.concluded')}</th></tr></thead>
            <tbody>${used.map(
              (a) => html`<tr data-agency=${a.code}><th scope="row">${language() === 'zh-CN' ? a.nameZh : a.nameEn}</th>
                <td data-label=${t('jointDay.referred')}>${formatNumber(a.referred)}</td><td data-label=${t('jointDay.concluded')}>${formatNumber(a.concluded)}</td></tr>`,
            )}</tbody>
          </table>`
        : nothing}
      ${d.items.length
        ? html`<ol class="simple-list joint-day-items">${d.items.map(
            (i) => html`<li data-referral-id=${i.referralId} data-step=${i.step}>
              <span class="badge ${i.step === 'referred' ? 'must' : 'done'}">${i.step === 'referred' ? t('jointDay.stepReferred') : t(`joint.outcome.${i.outcome ?? 'rectified'}` as MessageKey)}</span>
              <a href=${href('venues', i.venueId)}>${i.venueName}</a> <span class="muted">${kindName(i.venueKind)}</span>
              · ${i.agencies.map((c) => this.#agencyName(c)).join(language() === 'zh-CN' ? '、' : ', ')} · ${when(i.at)}${this.names.get(i.by) ? ` · ${this.names.get(i.by)}` : ''}
            </li>`,
          )}</ol>`
        : nothing}
    </section>`;
  }
}

customElements.define('gw-joint-day', GwJointDay);
