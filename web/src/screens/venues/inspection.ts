/**
 * <gw-inspection>: 检查详情 — one inspection as evidence (`#/inspection/<id>`): the inspector by name,
 * time, place and GPS, time on site, every checklist item with its result and note, the photos
 * (fetched with the token: only roles that may see the venue get them), and the authenticity flags
 * said in words — what 存疑 means and why each sign was raised.
 */
import { html, nothing } from 'lit';
import type { InspectionEvidence } from '../../../../shared/domain/venues/evidence';
import { ApiError, api, authFetch, ok, toApiError } from '../../api/client';
import { language, t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { flagFigures } from '../../ui/stored-reason';
import { href, routeArgs } from '../../nav';
import { GwElement } from '../../ui/base';
import { errorMessage } from '../../ui/errors';
import { kindName, label, loadKinds, when } from '../../ui/domain';
import { loadState } from '../../ui/load-state';

type PhotoView = { id: string; url?: string; failed?: boolean };

/** A photo's bytes as an object URL: the link the API gives (the local store wants our token, S3 does not). */
async function photoUrl(photoId: string): Promise<string> {
  const link = await ok(api.api.photos[':photoId'].$get({ param: { photoId } }));
  const response = link.authorization === 'bearer' ? await authFetch(link.url) : await fetch(link.url).catch((e) => { throw new ApiError(0, 'network', String(e)); });
  if (!response.ok) throw await toApiError(response);
  return URL.createObjectURL(await response.blob());
}

class GwInspection extends GwElement {
  static override properties = { evidence: { state: true }, loadError: { state: true }, photos: { state: true } };
  declare evidence: InspectionEvidence | undefined;
  declare loadError: string | undefined;
  declare photos: PhotoView[];

  constructor() {
    super();
    this.photos = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadKinds();
    void this.#load(routeArgs.value.id ?? '');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const p of this.photos) if (p.url) URL.revokeObjectURL(p.url);
  }

  async #load(id: string) {
    try {
      this.evidence = await ok(api.api.inspections[':inspectionId'].evidence.$get({ param: { inspectionId: id } }));
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
      return;
    }
    this.photos = this.evidence.inspection.photoIds.map((photoId) => ({ id: photoId }));
    await Promise.all(
      this.photos.map(async (p) => {
        const shown = await photoUrl(p.id).then(
          (url) => ({ id: p.id, url }),
          () => ({ id: p.id, failed: true }),
        );
        this.photos = this.photos.map((q) => (q.id === p.id ? shown : q));
      }),
    );
  }

  override render() {
    const e = this.evidence;
    const back = html`<p><a href=${e ? href('venues', e.venue.id) : href('venues')}>← ${e ? e.venue.name : t('venues.title')}</a></p>`;
    if (!e) return html`${back}<h1>${t('evi.title')}</h1>${loadState(e, this.loadError)}`;
    const i = e.inspection;
    const zh = language() === 'zh-CN';
    return html`${back}
      <div class="screen-head"><h1>${t('evi.title')}</h1></div>
      <p class="plan-tags"><span class="badge outcome-${i.outcome}">${label('outcome', i.outcome)}</span>
        ${i.flags.length ? html`<span class="badge waiting">${t('flags.n', { n: i.flags.length })}</span>` : nothing}</p>
      <section class="card evidence-facts">
        <dl class="facts">
          <dt>${t('evi.venue')}</dt><dd><a href=${href('venues', e.venue.id)}>${e.venue.name}</a> · ${kindName(e.venue.kind)}</dd>
          <dt>${t('venue.address')}</dt><dd>${e.venue.address} · ${e.venue.gridName}</dd>
          <dt>${t('evi.inspector')}</dt><dd class="evidence-inspector">${e.inspector.displayName}</dd>
          <dt>${t('evi.time')}</dt><dd>${when(i.startedAt)} – ${when(i.endedAt)}</dd>
          <dt>${t('evi.onSite')}</dt><dd>${t('evi.minutes', { n: e.minutesOnSite })}</dd>
          <dt>${t('evi.gps')}</dt><dd>${i.position
            ? html`${i.position.lat.toFixed(5)}, ${i.position.lng.toFixed(5)}${i.position.accuracyMeters !== undefined ? ` (±${Math.round(i.position.accuracyMeters)} m)` : ''}${e.distanceMeters !== undefined ? html` · ${t('evi.distance', { n: e.distanceMeters })}` : nothing}`
            : t('evi.noGps')}</dd>
          <dt>${t('evi.code')}</dt><dd>${i.venueCodeScanned ? t('evi.scanned') : t('evi.notScanned')}</dd>
          ${i.receivedAt.slice(0, 16) !== i.endedAt.slice(0, 16) ? html`<dt>${t('evi.received')}</dt><dd>${when(i.receivedAt)}</dd>` : nothing}
          ${i.note ? html`<dt>${t('evi.note')}</dt><dd>${i.note}</dd>` : nothing}
        </dl>
      </section>
      <section class="card">
        <h2>${t('evi.authenticity')}</h2>
        ${i.flags.length
          ? html`<p class="evidence-doubt">${t('evi.doubtful')}</p>
              <ul class="simple-list evidence-flags">${i.flags.map(
                (f) => html`<li data-flag=${f.code}><strong>${t(`flag.${f.code}` as MessageKey)}</strong>：${t(`evi.why.${f.code}` as MessageKey)}${flagFigures(f) ? html` <span class="flag-figures">${flagFigures(f)}</span>` : nothing}</li>`,
              )}</ul>`
          : html`<p class="muted">${t('evi.noDoubt')}</p>`}
      </section>
      <section class="card">
        <h2>${t('evi.items')}</h2>
        <table class="evidence-items">
          <thead><tr><th scope="col">${t('evi.item')}</th><th scope="col">${t('evi.result')}</th><th scope="col">${t('evi.note')}</th></tr></thead>
          <tbody>${e.items.map(
            (item) => html`<tr data-item=${item.code} class=${item.result === 'fail' ? 'failed' : ''}>
              <td>${zh ? item.labelZh : item.labelEn}${item.severity && item.result === 'fail' ? html` <span class="muted">(${label('severity', item.severity)})</span>` : nothing}</td>
              <td><span class="badge result-${item.result}">${t(`inspect.${item.result}` as MessageKey)}</span></td>
              <td>${item.note ?? ''}</td>
            </tr>`,
          )}</tbody>
        </table>
      </section>
      <section class="card">
        <h2>${t('evi.photos')}</h2>
        ${this.photos.length === 0 ? html`<p class="muted">${t('evi.noPhotos')}</p>` : nothing}
        <div class="evidence-photos">${this.photos.map((p, n) =>
          p.url
            ? html`<a href=${p.url} target="_blank" rel="noopener"><img src=${p.url} alt=${t('evi.photoN', { n: n + 1 })} /></a>`
            : html`<p class="muted">${p.failed ? t('evi.photoFailed') : t('common.loading')}</p>`,
        )}</div>
      </section>
      ${i.problemIds.length ? html`<p class="muted">${t('evi.problems', { n: i.problemIds.length })}</p>` : nothing}`;
  }
}

customElements.define('gw-inspection', GwInspection);
