/**
 * <gw-rectify-form>: 整改上报 on the phone, from the venue page — what the venue did (a note) and
 * photos of it. Everything goes through the outbox, so it works offline: the photos first (each
 * says its venue and problem), then POST /api/problems/{id}/rectification naming them (`after`).
 */
import { html, nothing } from 'lit';
import type { Problem } from '../../../../shared/domain/venues/problem';
import { t } from '../../i18n/i18n';
import { enqueuePhotos, outbox } from '../../offline/queue';
import { online } from '../../offline/sw-register';
import { announce, GwElement } from '../../ui/base';
import { icons } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { draftsFrom, type PhotoDraft } from '../../ui/photo-drafts';

const MAX_PHOTOS = 5;

class GwRectifyForm extends GwElement {
  static override properties = { problem: { attribute: false }, photos: { state: true }, formError: { state: true }, busy: { state: true } };
  declare problem: Problem;
  declare photos: PhotoDraft[];
  declare formError: string | undefined;
  declare busy: boolean;

  constructor() {
    super();
    this.photos = [];
    this.busy = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const p of this.photos) URL.revokeObjectURL(p.url);
  }

  async #add(event: Event) {
    this.photos = [...this.photos, ...(await draftsFrom(event, MAX_PHOTOS - this.photos.length))];
  }

  async #submit(event: SubmitEvent) {
    event.preventDefault();
    const p = this.problem;
    const note = String(new FormData(event.target as HTMLFormElement).get('note') ?? '').trim();
    if (!note) {
      this.formError = t('rectify.noteNeeded');
      return;
    }
    this.busy = true;
    try {
      const photoIds = await enqueuePhotos(this.photos, { venueId: p.venueId, problemId: p.id }, (n) => `${t('outbox.photo')} ${n}/${this.photos.length} · ${p.venueName}`);
      await outbox.enqueue({
        method: 'POST',
        path: `/api/problems/${encodeURIComponent(p.id)}/rectification`,
        body: { version: p.version, note, photoIds: [] },
        after: photoIds,
        label: `${t('ladder.rectification')} · ${p.venueName} · ${p.itemLabelZh}`,
      });
      announce(online.value ? t('rectify.sent', { name: p.itemLabelZh }) : t('rectify.queued', { name: p.itemLabelZh }));
      this.dispatchEvent(new CustomEvent('done', { bubbles: true }));
    } catch (error) {
      this.formError = errorMessage(error);
      this.busy = false;
    }
  }

  override render() {
    const p = this.problem;
    return html`<form class="card rectify-form" @submit=${(e: SubmitEvent) => this.#submit(e)}>
      <h3>${t('ladder.rectification')} · ${p.itemLabelZh}</h3>
      <div class="field">
        <label for="rectify-note-${p.id}">${t('ladder.rectificationNote')}</label>
        <textarea id="rectify-note-${p.id}" name="note" rows="3" maxlength="1000"></textarea>
      </div>
      <ul class="photo-list">${this.photos.map((photo, n) => html`<li><img src=${photo.url} alt=${t('inspect.photoN', { n: n + 1 })} /></li>`)}</ul>
      ${this.photos.length < MAX_PHOTOS
        ? html`<label class="button file-button" for="rectify-photo-${p.id}">${icons.camera} ${t('inspect.addPhoto')}</label>
            <input id="rectify-photo-${p.id}" class="visually-hidden-file" type="file" accept="image/*" capture="environment" multiple @change=${(e: Event) => this.#add(e)} />`
        : nothing}
      ${this.formError ? html`<div class="alert" role="alert">${this.formError}</div>` : nothing}
      <p><button type="submit" class="primary" ?disabled=${this.busy}>${online.value ? t('rectify.submit') : t('inspect.submitOffline')}</button></p>
    </form>`;
  }
}

customElements.define('gw-rectify-form', GwRectifyForm);
