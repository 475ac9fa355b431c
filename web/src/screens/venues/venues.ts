/**
 * <gw-venues>: 场所 — search the venues in my scope (an inspector's grids, an industry authority's
 * kinds, a supervisor's subtree) by name and kind; `#/venues/<id>` shows one venue: its details,
 * enforcement state, last inspections and open problems, and starts an inspection (scan or by hand).
 */
import { html, nothing } from 'lit';
import type { Inspection } from '../../../../shared/domain/venues/inspection';
import type { Venue } from '../../../../shared/domain/venues/venue';
import { ApiError, api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { href, routeArgs } from '../../nav';
import { cached, venueCacheName } from '../../offline/cache';
import { keepMyVenues, keptVenue, searchKept } from '../../offline/my-venues';
import { roles } from '../../session';
import { Watch } from '../../store';
import { announce, GwElement } from '../../ui/base';
import { errorMessage } from '../../ui/errors';
import { icons, itemName, kindName, label, loadKinds, openPage, riskDot, staleNote, type ProblemView, venueKinds, when } from '../../ui/domain';
import { loadState } from '../../ui/load-state';
import '../self-registration/venue-check-ins';
import { reasonText } from '../../ui/stored-reason';

const PAGE = 20;
const FIELD_ROLES = ['inspector', 'supervisor', 'industry-authority'] as const;
const canInspect = () => roles().some((r) => (FIELD_ROLES as readonly string[]).includes(r));
/** Who records rectifications (industry authorities read the ledger only). */
const canRecordSteps = () => roles().some((r) => r === 'inspector' || r === 'supervisor' || r === 'tenant-admin');
/** Who prints venue codes (场所码) to post at the door. */
const canPrintCodes = () => roles().some((r) => r === 'tenant-admin' || r === 'supervisor');
/** Who adds and edits venues by hand. */
const canEdit = () => roles().includes('tenant-admin');

class GwVenues extends GwElement {
  static override properties = {
    items: { state: true },
    cursor: { state: true },
    loadError: { state: true },
    busy: { state: true },
    venue: { state: true },
    inspections: { state: true },
    problems: { state: true },
    staleSince: { state: true },
    editing: { state: true },
    rectifying: { state: true },
  };
  declare items: Venue[] | undefined;
  declare cursor: string | undefined;
  declare loadError: string | undefined;
  declare busy: boolean;
  declare venue: Venue | undefined;
  declare inspections: Inspection[] | undefined;
  declare problems: ProblemView[] | undefined;
  declare staleSince: string | undefined;
  /** The venue form is open: 'new', or the venue being edited. */
  declare editing: 'new' | Venue | undefined;
  /** The problem whose 整改上报 form is open. */
  declare rectifying: string | undefined;
  #q = '';
  #kind = '';
  #grid = '';

  constructor() {
    super();
    this.busy = false;
    new Watch(this, [venueKinds]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadKinds();
    const { id, query } = routeArgs.value;
    this.#grid = query.get('grid') ?? '';
    if (id) void this.#loadVenue(id);
    else void this.#search(false);
  }

  async #search(more: boolean) {
    this.busy = true;
    try {
      const query = {
        limit: String(PAGE),
        ...(this.#q ? { q: this.#q } : {}),
        ...(this.#kind ? { kind: this.#kind } : {}),
        ...(this.#grid ? { grid: this.#grid } : {}),
        ...(more && this.cursor ? { cursor: this.cursor } : {}),
      };
      const page = await ok(api.api.venues.$get({ query }));
      this.items = more ? [...(this.items ?? []), ...page.items] : page.items;
      this.cursor = page.cursor;
      this.loadError = undefined;
      this.staleSince = undefined;
      // Online: keep my venues on the device for searching and inspecting offline.
      if (canInspect() && !more) void keepMyVenues();
    } catch (error) {
      // Offline: search the venues kept on this device.
      const kept = error instanceof ApiError && error.isNetwork ? searchKept(this.#q, this.#kind) : undefined;
      if (kept) {
        this.items = kept.items as Venue[];
        this.cursor = undefined;
        this.staleSince = kept.at;
        this.loadError = undefined;
      } else this.loadError = errorMessage(error);
    } finally {
      this.busy = false;
    }
  }

  async #loadVenue(id: string) {
    try {
      const r = await cached(venueCacheName(id), () => ok(api.api.venues[':venueId'].$get({ param: { venueId: id } })));
      this.venue = r.value;
      this.staleSince = r.staleSince;
      this.loadError = undefined;
    } catch (error) {
      const kept = error instanceof ApiError && error.isNetwork ? keptVenue(id) : undefined;
      if (!kept) {
        this.loadError = errorMessage(error);
        return;
      }
      // Offline, never opened here before: the kept list row (enough to inspect it).
      this.venue = { ...kept, blackCard: undefined } as unknown as Venue;
      this.staleSince = new Date().toISOString();
    }
    if (this.staleSince) return;
    const [inspections, problems] = await Promise.allSettled([
      ok(api.api.venues[':venueId'].inspections.$get({ param: { venueId: id }, query: { limit: '5' } })),
      ok(api.api.venues[':venueId'].problems.$get({ param: { venueId: id }, query: { limit: '50' } })),
    ]);
    if (inspections.status === 'fulfilled') this.inspections = inspections.value.items;
    if (problems.status === 'fulfilled') this.problems = problems.value.items.filter((p) => p.status !== 'closed');
  }

  #submit = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.#q = String(data.get('q') ?? '').trim();
    this.#kind = String(data.get('kind') ?? '');
    void this.#search(false);
  };

  override render() {
    return html`${routeArgs.value.id ? this.#detail() : this.#list()}${this.editing ? this.#form(this.editing) : nothing}`;
  }

  #form(editing: 'new' | Venue) {
    void import('./venue-form');
    return html`<gw-venue-form .venue=${editing === 'new' ? undefined : editing} @closed=${() => {
      this.editing = undefined;
    }} @saved=${(e: CustomEvent<Venue>) => {
      announce(t('venueForm.saved', { name: e.detail.name }));
      if (routeArgs.value.id) this.venue = e.detail;
      else void this.#search(false);
    }}></gw-venue-form>`;
  }

  #list() {
    return html`<div class="screen-head"><h1>${t('venues.title')}</h1>
        ${canInspect() ? html`<a class="button primary" href=${href('scan')}>${icons.scan} ${t('today.scan')}</a>` : nothing}
        ${canEdit() ? html`<button type="button" class="primary" @click=${() => {
          this.editing = 'new';
        }}>${t('venueForm.add')}</button>` : nothing}</div>
      <form class="search-bar" role="search" @submit=${this.#submit}>
        <div class="field grow">
          <label for="venue-q">${t('venues.search')}</label>
          <input id="venue-q" name="q" type="search" .value=${this.#q} placeholder=${t('venues.searchHint')} autocomplete="off" />
        </div>
        <div class="field">
          <label for="venue-kind">${t('venues.kind')}</label>
          <select id="venue-kind" name="kind">
            <option value="">${t('venues.allKinds')}</option>
            ${venueKinds.value.map((k) => html`<option value=${k.code} ?selected=${k.code === this.#kind}>${kindName(k.code)}</option>`)}
          </select>
        </div>
        <button type="submit" class="primary">${t('venues.searchButton')}</button>
      </form>
      ${staleNote(this.staleSince)}
      ${loadState(this.items, this.loadError, { empty: t('venues.none') })}
      ${this.items?.length
        ? html`<ul class="venue-list" aria-label=${t('venues.title')}>
            ${this.items.map(
              (v) => html`<li class="card venue-row" data-venue-id=${v.id}>
                <a class="plan-link" href=${href('venues', v.id)}>
                  <span class="plan-name">${riskDot(v.risk)} <span class="venue-name">${v.name}</span></span>
                  <span class="plan-meta"><span>${kindName(v.kind)}</span><span>${v.address}</span></span>
                  <span class="plan-tags">${this.#tags(v)}</span>
                </a>
                ${canInspect() && v.status !== 'closed' ? html`<a class="button inspect-btn" href=${href('inspect', v.id)} aria-label=${`${t('today.inspect')} · ${v.name}`}>${t('today.inspect')}</a>` : nothing}
              </li>`,
            )}
          </ul>`
        : nothing}
      ${this.cursor ? html`<p class="pager"><button type="button" ?disabled=${this.busy} @click=${() => this.#search(true)}>${t('common.more')}</button></p>` : nothing}`;
  }

  #tags(v: Venue) {
    return html`${v.blackCard ? html`<span class="badge must">${t('reason.black-card')}</span>` : nothing}
      ${v.status !== 'open' ? html`<span class="badge suspended">${label('venueStatus', v.status)}</span>` : nothing}
      ${v.suspension?.state === 'recommended' ? html`<span class="badge waiting">${t('venue.suspensionRecommended')}</span>` : nothing}
      ${v.openProblems ? html`<span class="badge disabled">${t('venue.openProblemsN', { n: v.openProblems })}</span>` : nothing}
      ${v.followUpDue ? html`<span class="badge reason-follow-up">${t('reason.follow-up')} ${v.followUpDue}</span>` : nothing}`;
  }

  /** In the field: 复查 (an inspection that re-checks the problem) and 整改上报 with photos. */
  #fieldSteps(v: Venue, p: ProblemView) {
    if (this.rectifying === p.id) {
      return html`<gw-rectify-form .problem=${p} @done=${() => {
        this.rectifying = undefined;
        void this.#loadVenue(v.id);
      }}></gw-rectify-form>`;
    }
    return html`<span class="row-actions">
      ${canInspect() && v.status !== 'closed' ? html`<a class="button" href=${href('inspect', v.id, { recheck: p.id })} aria-label=${`${t('ladder.recheck')} · ${p.itemLabelZh}`}>${t('ladder.recheck')}</a>` : nothing}
      ${canRecordSteps() && p.status === 'notice-issued'
        ? html`<button type="button" @click=${() => {
            void import('./rectify-form').then(() => {
              this.rectifying = p.id;
            });
          }}>${t('ladder.rectification')}</button>`
        : nothing}
    </span>`;
  }

  #detail() {
    const v = this.venue;
    if (!v) {
      return html`<p><a href=${href('venues')}>← ${t('venues.title')}</a></p>
        ${loadState(v, this.loadError)}`;
    }
    return html`<p><a href=${href('venues')}>← ${t('venues.title')}</a></p>
      <div class="screen-head"><h1>${v.name}</h1>
        ${canEdit() ? html`<button type="button" @click=${() => {
          this.editing = v;
        }}>${t('venueForm.editButton')}</button>` : nothing}</div>
      ${staleNote(this.staleSince)}
      <p class="plan-tags">${riskDot(v.risk)} <span>${label('risk', v.risk)}</span> ${this.#tags(v)}</p>
      ${canInspect() && v.followUpDue
        ? html`<p><a class="button" href=${href('inspect', v.id, { followUp: '1' })}>${t('field.followUp')} · ${v.followUpDue}</a></p>`
        : nothing}
      ${canInspect() && v.status !== 'closed'
        ? html`<div class="start-actions">
            <a class="button primary big" href=${href('scan', v.id)}>${icons.scan} ${t('venue.scanAndInspect')}</a>
            <a class="button big" href=${href('inspect', v.id)}>${t('venue.inspectWithoutScan')}</a>
          </div>`
        : nothing}
      ${canPrintCodes()
        ? html`<p><button type="button" class="quiet" @click=${() => openPage(api.api.venues[':venueId']['code.html'].$url({ param: { venueId: v.id }, query: { origin: location.origin } }).toString()).catch((e) => announce(errorMessage(e)))}>${t('venue.printCode')}</button></p>`
        : nothing}
      <section class="card">
        <h2>${t('venue.details')}</h2>
        <dl class="facts">
          <dt>${t('venues.kind')}</dt><dd>${kindName(v.kind)}</dd>
          <dt>${t('venue.address')}</dt><dd>${v.address}</dd>
          ${v.contactName ? html`<dt>${t('venue.contact')}</dt><dd>${v.contactName}${v.contactPhone ? html` · <a href="tel:${v.contactPhone}">${v.contactPhone}</a>` : nothing}</dd>` : nothing}
          <dt>${t('venue.status')}</dt><dd>${label('venueStatus', v.status)}</dd>
          <dt>${t('venue.lastInspected')}</dt><dd>${v.lastInspectedAt ? html`${when(v.lastInspectedAt)} · ${label('outcome', v.lastOutcome ?? 'pass')}` : t('venue.never')}</dd>
          ${v.blackCard ? html`<dt>${t('reason.black-card')}</dt><dd>${when(v.blackCard.since)} · ${reasonText(v.blackCard)}</dd>` : nothing}
          ${v.suspension ? html`<dt>${t('venue.suspension')}</dt><dd>${label('suspension', v.suspension.state)} · ${reasonText(v.suspension)}</dd>` : nothing}
          ${v.closure ? html`<dt>${t('venue.closure')}</dt><dd>${v.closure.reason}</dd>` : nothing}
          ${v.jointReferral ? html`<dt>${t('venue.jointReferral')}</dt><dd><a href=${href('joint-enforcement')}>${t('joint.status.referred')}</a> · ${when(v.jointReferral.since)}</dd>` : nothing}
        </dl>
      </section>
      ${this.staleSince ? nothing : html`<gw-venue-check-ins .venueId=${v.id}></gw-venue-check-ins>`}
      <section class="card">
        <h2>${t('venue.openProblems')}</h2>
        ${!this.problems ? html`<p class="muted">${this.staleSince ? t('cache.onlineOnly') : t('common.loading')}</p>` : nothing}
        ${this.problems?.length === 0 ? html`<p class="muted">${t('venue.noProblems')}</p>` : nothing}
        ${this.problems?.length
          ? html`<ul class="simple-list">${this.problems.map(
              (p) => html`<li data-problem-id=${p.id}><strong>${itemName(p)}</strong> · ${label('severity', p.severity)} · ${label('problemStatus', p.status)} ·
                <span class=${p.overdue ? 'error' : ''}>${t('problems.deadline')} ${p.deadline}${p.overdue ? ` (${t('problems.overdue')})` : ''}</span>
                ${p.failedAgain ? html` · <span class="badge waiting">${t('problems.failedAgain', { n: p.failedAgain })}</span>` : nothing}
                ${this.#fieldSteps(v, p)}</li>`,
            )}</ul>`
          : nothing}
      </section>
      <section class="card">
        <h2>${t('venue.lastInspections')}</h2>
        ${!this.inspections ? html`<p class="muted">${this.staleSince ? t('cache.onlineOnly') : t('common.loading')}</p>` : nothing}
        ${this.inspections?.length === 0 ? html`<p class="muted">${t('venue.never')}</p>` : nothing}
        ${this.inspections?.length
          ? html`<ul class="simple-list">${this.inspections.map(
              (i) => html`<li data-inspection-id=${i.id}><a href=${href('inspection', i.id)}>${when(i.endedAt)}</a> · <span class="badge outcome-${i.outcome}">${label('outcome', i.outcome)}</span>
                ${i.failedItems.length ? html` · ${t('venue.failedN', { n: i.failedItems.length })}` : nothing}
                ${i.flags.length ? html` · <span class="badge waiting">${t('flags.n', { n: i.flags.length })}</span>` : nothing}</li>`,
            )}</ul>`
          : nothing}
      </section>`;
  }
}

customElements.define('gw-venues', GwVenues);
