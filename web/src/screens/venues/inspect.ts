/**
 * <gw-inspect>: the checklist form (`#/inspect/<venueId>`, `?code=<scanned token>`), made for one
 * hand on a phone: per item 合格 / 不合格 / 不适用 as big radio buttons (keyboard: arrows), a note
 * for a failed item, an overall note, photos, the GPS position if allowed, and the time on site
 * (startedAt when the form opens, endedAt on submit). The id is a ULID made here; the submission
 * (and its photos, first) goes through the outbox, so it works offline and a resend never
 * duplicates. The venue and checklist come from the API or, offline, from the copies kept by the
 * plan and venue screens.
 */
import { html, nothing } from 'lit';
import { ulid } from 'ulid';
import type { Checklist } from '../../../../shared/domain/venues/checklist';
import type { TodayPlan } from '../../../../shared/domain/venues/plan';
import type { Venue } from '../../../../shared/domain/venues/venue';
import { api, ok } from '../../api/client';
import { language, t } from '../../i18n/i18n';
import { href, navigate, routeArgs } from '../../nav';
import { cached, checklistCacheName, planCacheName, readCache, venueCacheName } from '../../offline/cache';
import { keptVenue } from '../../offline/my-venues';
import { draftsFrom, type PhotoDraft } from '../../ui/photo-drafts';
import { enqueuePhotos, outbox } from '../../offline/queue';
import { online } from '../../offline/sw-register';
import { roles } from '../../session';
import { Watch } from '../../store';
import { announce, GwElement } from '../../ui/base';
import { errorMessage } from '../../ui/errors';
import { icons, kindName, label, loadKinds, venueKinds } from '../../ui/domain';

type Result = 'pass' | 'fail' | 'na';
const RESULTS: Result[] = ['pass', 'fail', 'na'];
const MAX_PHOTOS = 10;

interface VenueInfo {
  id: string;
  name: string;
  kind: string;
  address?: string;
}

type GeoState = { state: 'asking' } | { state: 'ok'; lat: number; lng: number; accuracy: number } | { state: 'off' };

class GwInspect extends GwElement {
  static override properties = {
    venue: { state: true },
    checklist: { state: true },
    loadError: { state: true },
    results: { state: true },
    photos: { state: true },
    geo: { state: true },
    missing: { state: true },
    busy: { state: true },
    formError: { state: true },
  };
  declare venue: VenueInfo | undefined;
  declare checklist: Checklist | undefined;
  declare loadError: string | undefined;
  declare results: Record<string, { result?: Result; note?: string }>;
  declare photos: PhotoDraft[];
  declare geo: GeoState;
  declare missing: Set<string>;
  declare busy: boolean;
  declare formError: string | undefined;
  readonly #id = ulid();
  readonly #startedAt = new Date().toISOString();
  #code?: string;

  constructor() {
    super();
    this.results = {};
    this.photos = [];
    this.geo = { state: 'asking' };
    this.missing = new Set();
    this.busy = false;
    new Watch(this, [online, venueKinds]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadKinds();
    this.#code = routeArgs.value.query.get('code') ?? undefined;
    const id = routeArgs.value.id;
    if (id) void this.#load(id);
    this.#locate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const p of this.photos) URL.revokeObjectURL(p.url);
  }

  #locate() {
    if (!('geolocation' in navigator)) {
      this.geo = { state: 'off' };
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => {
        this.geo = { state: 'ok', lat: p.coords.latitude, lng: p.coords.longitude, accuracy: Math.round(p.coords.accuracy) };
      },
      () => {
        this.geo = { state: 'off' };
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  }

  /** The venue from the API, or offline from the kept venue or today's plan. */
  async #venue(id: string): Promise<VenueInfo> {
    try {
      return (await cached(venueCacheName(id), () => ok(api.api.venues[':venueId'].$get({ param: { venueId: id } })))).value;
    } catch (error) {
      const fromPlan = readCache<TodayPlan>(planCacheName)?.value.person?.items.find((i) => i.venueId === id);
      if (fromPlan) return { id, name: fromPlan.name, kind: fromPlan.kind, address: fromPlan.address };
      const kept = readCache<Venue>(venueCacheName(id))?.value ?? keptVenue(id);
      if (kept) return kept;
      throw error;
    }
  }

  async #load(id: string) {
    try {
      this.venue = await this.#venue(id);
      const kind = this.venue.kind;
      this.checklist = (await cached(checklistCacheName(kind), () => ok(api.api.checklists[':kind'].$get({ param: { kind } })))).value;
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  #set(code: string, result: Result) {
    this.results = { ...this.results, [code]: { ...this.results[code], result } };
    if (this.missing.has(code)) {
      const missing = new Set(this.missing);
      missing.delete(code);
      this.missing = missing;
      if (missing.size === 0) this.formError = undefined;
    }
  }

  #note(code: string, note: string) {
    this.results = { ...this.results, [code]: { ...this.results[code], note } };
  }

  #restPass() {
    const next = { ...this.results };
    for (const item of this.checklist?.items ?? []) if (!next[item.code]?.result) next[item.code] = { ...next[item.code], result: 'pass' };
    this.results = next;
    this.missing = new Set();
    this.formError = undefined;
  }

  async #addPhotos(event: Event) {
    this.photos = [...this.photos, ...(await draftsFrom(event, MAX_PHOTOS - this.photos.length))];
  }

  #removePhoto(id: string) {
    const photo = this.photos.find((p) => p.id === id);
    if (photo) URL.revokeObjectURL(photo.url);
    this.photos = this.photos.filter((p) => p.id !== id);
  }

  async #submit(event: SubmitEvent) {
    event.preventDefault();
    const venue = this.venue;
    const checklist = this.checklist;
    if (!venue || !checklist || this.busy) return;
    const missing = new Set(checklist.items.filter((i) => !this.results[i.code]?.result).map((i) => i.code));
    this.missing = missing;
    if (missing.size) {
      this.formError = t('inspect.unanswered', { n: missing.size });
      requestAnimationFrame(() => this.querySelector<HTMLInputElement>('fieldset.invalid input')?.focus());
      return;
    }
    this.formError = undefined;
    this.busy = true;
    const note = String(new FormData(event.target as HTMLFormElement).get('note') ?? '').trim();
    const body = {
      id: this.#id,
      venueId: venue.id,
      checklistVersion: checklist.version,
      results: checklist.items.map((i) => {
        const r = this.results[i.code];
        const itemNote = r?.note?.trim();
        return { itemCode: i.code, result: r?.result as Result, ...(itemNote ? { note: itemNote } : {}) };
      }),
      ...(note ? { note } : {}),
      photoIds: [] as string[],
      startedAt: this.#startedAt,
      endedAt: new Date().toISOString(),
      ...(this.geo.state === 'ok' ? { position: { lat: this.geo.lat, lng: this.geo.lng, accuracyMeters: this.geo.accuracy } } : {}),
      ...(this.#code ? { venueCode: this.#code } : {}),
    };
    try {
      // Photos first: the inspection names them (`after`) and is sent with the ids the API gives them.
      const photoIds = await enqueuePhotos(this.photos, { venueId: venue.id, inspectionId: this.#id }, (n) => `${t('outbox.photo')} ${n}/${this.photos.length} · ${venue.name}`);
      await outbox.enqueue({
        id: this.#id,
        method: 'POST',
        path: '/api/inspections',
        body,
        after: photoIds,
        label: `${t('outbox.inspection')} · ${venue.name}`,
      });
      announce(online.value ? t('inspect.submitted', { name: venue.name }) : t('inspect.queuedOffline', { name: venue.name }));
      navigate(roles().includes('inspector') ? 'today' : 'outbox');
    } catch (error) {
      this.formError = errorMessage(error);
      this.busy = false;
    }
  }

  override render() {
    const venue = this.venue;
    const checklist = this.checklist;
    if (!venue || !checklist) {
      return html`<h1>${t('inspect.title')}</h1>
        ${this.loadError
          ? html`<div class="alert" role="alert">${this.loadError}<br />${t('inspect.needsChecklist')}</div>
              <p><a class="button" href=${href('venues')}>${t('today.choose')}</a></p>`
          : html`<p class="muted" role="status">${t('common.loading')}</p>`}`;
    }
    const answered = checklist.items.filter((i) => this.results[i.code]?.result).length;
    const failed = checklist.items.filter((i) => this.results[i.code]?.result === 'fail').length;
    return html`<form class="inspect-form" novalidate @submit=${this.#submit} aria-labelledby="inspect-title">
      <div class="screen-head">
        <h1 id="inspect-title">${venue.name}</h1>
      </div>
      <p class="muted">${kindName(venue.kind)}${venue.address ? ` · ${venue.address}` : ''} · ${t('inspect.version', { v: checklist.version })}</p>
      ${routeArgs.value.query.get('recheck') ? html`<p class="notice recheck-hint">${t('field.recheckHint')}</p>` : nothing}
      ${routeArgs.value.query.get('followUp') ? html`<p class="notice">${t('field.followUpHint')}</p>` : nothing}
      <div class="inspect-status">
        ${this.#code
          ? html`<span class="badge active">✓ ${t('inspect.codeScanned')}</span>`
          : html`<span class="badge waiting">${t('inspect.codeNotScanned')}</span> <a href=${href('scan', venue.id)}>${t('inspect.scanNow')}</a>`}
        <span class="badge ${this.geo.state === 'ok' ? 'active' : ''}">${this.geo.state === 'ok'
          ? t('inspect.gpsOk', { m: this.geo.accuracy })
          : this.geo.state === 'asking'
            ? t('inspect.gpsAsking')
            : t('inspect.gpsOff')}</span>
        ${online.value ? nothing : html`<span class="badge offline">${t('app.offline')}</span>`}
      </div>
      <p class="sticky-progress" aria-live="polite">${t('inspect.answered', { n: answered, total: checklist.items.length })}${failed ? html` · <span class="error">${t('inspect.failedN', { n: failed })}</span>` : nothing}</p>
      <ol class="checklist">
        ${checklist.items.map((item, index) => {
          const r = this.results[item.code];
          const invalid = this.missing.has(item.code);
          const name = `r-${item.code}`;
          return html`<li>
            <fieldset class="check-item ${invalid ? 'invalid' : ''} ${r?.result ?? ''}" data-item=${item.code} aria-describedby=${invalid ? `${name}-error` : nothing}>
              <legend><span class="item-no">${index + 1}.</span> ${language() === 'zh-CN' ? item.labelZh : item.labelEn}
                <span class="badge sev-${item.severity}">${label('severity', item.severity)}</span></legend>
              <div class="choices">
                ${RESULTS.map(
                  (res) => html`<label class="choice ${res}">
                    <input type="radio" name=${name} value=${res} .checked=${r?.result === res} @change=${() => this.#set(item.code, res)} />
                    <span>${t(`inspect.${res}`)}</span>
                  </label>`,
                )}
              </div>
              ${invalid ? html`<p class="error" id="${name}-error">${t('inspect.answerThis')}</p>` : nothing}
              ${r?.result === 'fail'
                ? html`<label class="item-note-label" for="${name}-note">${t('inspect.itemNote')}</label>
                    <textarea id="${name}-note" rows="2" maxlength="500" .value=${r.note ?? ''} @input=${(e: Event) => this.#note(item.code, (e.target as HTMLTextAreaElement).value)}></textarea>
                    ${item.requiresRectification ? html`<p class="hint">${t('inspect.opensProblem')}</p>` : nothing}`
                : nothing}
            </fieldset>
          </li>`;
        })}
      </ol>
      ${answered < checklist.items.length ? html`<p><button type="button" class="wide" @click=${() => this.#restPass()}>${t('inspect.restPass')}</button></p>` : nothing}
      <div class="field">
        <label for="inspect-note">${t('inspect.note')} <span class="muted">${t('common.optional')}</span></label>
        <textarea id="inspect-note" name="note" rows="3" maxlength="2000"></textarea>
      </div>
      <div class="field">
        <span class="field-label">${t('inspect.photos')} <span class="muted">${t('inspect.photosHint', { n: MAX_PHOTOS })}</span></span>
        <ul class="photo-list">
          ${this.photos.map(
            (p, n) => html`<li><img src=${p.url} alt=${t('inspect.photoN', { n: n + 1 })} />
              <button type="button" class="icon" aria-label=${t('inspect.removePhoto', { n: n + 1 })} @click=${() => this.#removePhoto(p.id)}>×</button></li>`,
          )}
        </ul>
        ${this.photos.length < MAX_PHOTOS
          ? html`<label class="button file-button" for="inspect-photo">${icons.camera} ${t('inspect.addPhoto')}</label>
              <input id="inspect-photo" class="visually-hidden-file" type="file" accept="image/jpeg,image/png,image/webp" capture="environment" multiple @change=${this.#addPhotos} />`
          : nothing}
      </div>
      ${this.formError ? html`<div class="alert" role="alert">${this.formError}</div>` : nothing}
      <div class="submit-bar">
        <button type="submit" class="primary wide big" ?disabled=${this.busy}>${this.busy ? t('common.saving') : online.value ? t('inspect.submit') : t('inspect.submitOffline')}</button>
      </div>
    </form>`;
  }
}

customElements.define('gw-inspect', GwInspect);
