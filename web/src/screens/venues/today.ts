/**
 * <gw-today>: 今日任务 — the inspector's list for today with the progress against the quota
 * (done / quota), the venues that must be inspected (挂黑牌 every day; 复查, 回头看, 逾期 reasons),
 * what is done and what waits in the outbox. Kept for offline; when online it also fetches the
 * checklist of every venue kind on the list, so the form opens without a connection.
 */
import { html, nothing } from 'lit';
import type { TodayPlan } from '../../../../shared/domain/venues/plan';
import { api, ok } from '../../api/client';
import { formatNumber, t } from '../../i18n/i18n';
import { href } from '../../nav';
import { cached, checklistCacheName, planCacheName } from '../../offline/cache';
import { keepMyVenues } from '../../offline/my-venues';
import { outboxState } from '../../offline/queue';
import { online } from '../../offline/sw-register';
import { Watch } from '../../store';
import { GwElement } from '../../ui/base';
import { errorMessage } from '../../ui/errors';
import { icons, kindName, label, loadKinds, riskDot, staleNote, venueKinds } from '../../ui/domain';
import { loadState } from '../../ui/load-state';

/** Keep the current checklist of each kind for offline use (errors are left for the form to meet). */
async function cacheChecklists(kinds: Iterable<string>): Promise<void> {
  await Promise.all(
    [...new Set(kinds)].map((kind) => cached(checklistCacheName(kind), () => ok(api.api.checklists[':kind'].$get({ param: { kind } }))).catch(() => undefined)),
  );
}

/** A 复查 or 回头看 on the list opens the form saying so (a passing item closes the venue's problem). */
const FIELD_STEP: Partial<Record<string, Record<string, string>>> = { recheck: { recheck: '1' }, 'follow-up': { followUp: '1' } };

/** Venue ids with an inspection waiting (or failed) in the outbox. */
function queuedVenueIds(): Set<string> {
  const s = outboxState.value;
  return new Set(
    [...s.waiting, ...s.failed]
      .filter((i) => i.path === '/api/inspections')
      .map((i) => (i.body as { venueId?: string } | undefined)?.venueId)
      .filter((id): id is string => !!id),
  );
}

class GwToday extends GwElement {
  static override properties = { plan: { state: true }, staleSince: { state: true }, loadError: { state: true } };
  declare plan: TodayPlan | undefined;
  declare staleSince: string | undefined;
  declare loadError: string | undefined;

  constructor() {
    super();
    new Watch(this, [outboxState, online, venueKinds]);
  }

  #lastSent = outboxState.value.sent[0]?.id;
  #offSync?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    void loadKinds();
    void this.#load();
    // When the outbox delivers an inspection, the plan's progress changes: read it again.
    this.#offSync = outboxState.subscribe((s) => {
      const newest = s.sent[0]?.id;
      if (newest && newest !== this.#lastSent && !s.syncing) {
        this.#lastSent = newest;
        void this.#load();
      }
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#offSync?.();
  }

  async #load() {
    try {
      const r = await cached(planCacheName, () => ok(api.api.plans.today.$get()));
      this.plan = r.value;
      this.staleSince = r.staleSince;
      this.loadError = undefined;
      if (!r.staleSince && r.value.person) void cacheChecklists(r.value.person.items.map((i) => i.kind));
      // Any venue of my grids can be inspected offline, not only today's: keep them all.
      if (!r.staleSince) void keepMyVenues();
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  override render() {
    const plan = this.plan;
    const person = plan?.person;
    const queued = queuedVenueIds();
    return html`<div class="screen-head">
        <h1>${t('today.title')}</h1>
        ${plan ? html`<span class="muted">${plan.date}</span>` : nothing}
      </div>
      ${staleNote(this.staleSince)}
      ${loadState(plan, this.loadError, { retry: () => this.#load() })}
      <div class="start-actions">
        <a class="button primary big" href=${href('scan')}>${icons.scan} ${t('today.scan')}</a>
        <a class="button big" href=${href('venues')}>${icons.search} ${t('today.choose')}</a>
      </div>
      ${plan && plan.status !== 'planned' && !person
        ? html`<p class="card empty">${plan.status === 'planning' ? t('today.planning') : t('today.notPlanned')}</p>`
        : nothing}
      ${plan && plan.status === 'planned' && !person ? html`<p class="card empty">${t('today.nothing')}</p>` : nothing}
      ${person ? this.#person(person, queued) : nothing}`;
  }

  #person(person: NonNullable<TodayPlan['person']>, queued: Set<string>) {
    const p = person.progress;
    const pct = p.quota > 0 ? Math.min(100, Math.round((p.done / p.quota) * 100)) : 100;
    const waiting = person.items.filter((i) => !i.done && queued.has(i.venueId)).length;
    return html`<section class="card progress-card" aria-labelledby="today-progress">
        <h2 id="today-progress" class="sr-only">${t('today.progress')}</h2>
        <p class="quota" data-testid="quota"><strong>${formatNumber(p.done)}</strong> / <span class="quota-total">${formatNumber(p.quota)}</span></p>
        <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax=${p.quota} aria-valuenow=${p.done} aria-label=${t('today.progress')}>
          <span style="width:${pct}%"></span>
        </div>
        <p class="muted">
          ${t('today.progressLine', { done: p.done, quota: p.quota, assigned: p.assigned, inspections: p.inspections })}
          ${waiting ? html` · <span class="badge waiting">${t('today.waitingN', { n: waiting })}</span>` : nothing}
        </p>
        ${person.onLeave ? html`<p class="notice">${t('today.onLeave')}</p>` : nothing}
        ${!person.workingDay ? html`<p class="notice">${t('today.notWorkingDay')}</p>` : nothing}
        ${person.mandatory ? html`<p class="muted">${t('today.mandatoryN', { n: person.mandatory })}</p>` : nothing}
      </section>
      <ol class="plan-list" aria-label=${t('today.list')}>
        ${person.items.map(
          (i) => html`<li class="card plan-item ${i.done ? 'done' : ''} ${i.mandatory ? 'mandatory' : ''}" data-venue-id=${i.venueId}>
            <a class="plan-link" href=${href('venues', i.venueId)}>
              <span class="plan-name">${riskDot(i.risk)} <span class="venue-name">${i.name}</span></span>
              <span class="plan-meta">
                <span>${kindName(i.kind)}</span>
                ${i.address ? html`<span>${i.address}</span>` : nothing}
              </span>
              <span class="plan-tags">
                ${i.mandatory ? html`<span class="badge must">${t('reason.mandatory')}</span>` : nothing}
                ${i.reason !== 'least-recently-inspected' ? html`<span class="badge reason-${i.reason}">${label('reason', i.reason)}</span>` : nothing}
                ${i.as === 'industry-authority' ? html`<span class="badge">${t('today.asAuthority')}</span>` : nothing}
                ${i.done ? html`<span class="badge active">✓ ${t('today.done')}</span>` : queued.has(i.venueId) ? html`<span class="badge waiting">${t('today.queued')}</span>` : nothing}
              </span>
            </a>
            ${i.done ? nothing : html`<a class="button inspect-btn" href=${href('inspect', i.venueId, FIELD_STEP[i.reason])} aria-label=${`${t('today.inspect')} · ${i.name}`}>${t('today.inspect')}</a>`}
            ${i.inspectionId ? html`<a class="button quiet evidence-link" href=${href('inspection', i.inspectionId)} aria-label=${`${t('evi.title')} · ${i.name}`}>${t('evi.open')}</a>` : nothing}
          </li>`,
        )}
      </ol>`;
  }
}

customElements.define('gw-today', GwToday);
