/**
 * <gw-scan>: scan a venue code (场所码) with the camera, or read it from a photo, and open the
 * checklist of that venue with the token (the API checks the signature: an unscanned or foreign
 * code is flagged on the inspection). A printed code is the visitor check-in page's link
 * (`…/#/check-in?c=<token>`); codes printed before hold the bare token: both are read. The QR library (qr-scanner, which uses the browser's own
 * BarcodeDetector where there is one) is loaded only here. `#/scan/<venueId>` expects that venue.
 */
import { html, nothing } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { t } from '../../i18n/i18n';
import { href, navigate, routeArgs } from '../../nav';
import { session } from '../../session';
import { GwElement } from '../../ui/base';
import { icons } from '../../ui/domain';

type QrScannerClass = typeof import('qr-scanner').default;
type QrScannerInstance = InstanceType<QrScannerClass>;

/**
 * `GW2.<key id>.<tenant>.<venueId>.<codeVersion>.<sig>` (or a code printed before key ids,
 * `GW1.<tenant>.<venueId>.<codeVersion>.<sig>`) → its parts, or undefined for anything else.
 * The server checks the signature (shared/domain/venues/venue-code.ts).
 */
function parseVenueToken(token: string): { tenantId: string; venueId: string; codeVersion: number } | undefined {
  const parts = token.trim().split('.');
  const rest = parts[0] === 'GW2' && parts.length === 6 && parts[1] ? parts.slice(2) : parts[0] === 'GW1' && parts.length === 5 ? parts.slice(1) : undefined;
  if (!rest?.[0] || !rest[1] || !rest[3]) return undefined;
  const codeVersion = Number(rest[2]);
  if (!Number.isInteger(codeVersion) || codeVersion < 1) return undefined;
  return { tenantId: rest[0], venueId: rest[1], codeVersion };
}

/** The token in what was scanned: a check-in link's `c` (or `code`) parameter, or the text itself. */
function venueTokenOf(scanned: string): string {
  const text = scanned.trim();
  const hash = /^https?:\/\/[^#\s]+#\/check-in\?(.*)$/.exec(text)?.[1];
  if (hash === undefined) return text;
  const query = new URLSearchParams(hash);
  return query.get('c') ?? query.get('code') ?? text;
}

class GwScan extends GwElement {
  static override properties = { state: { state: true }, message: { state: true } };
  declare state: 'loading' | 'scanning' | 'no-camera' | 'failed';
  declare message: string | undefined;
  #scanner?: QrScannerInstance;
  #lib?: QrScannerClass;
  #video?: HTMLVideoElement;
  #done = false;

  constructor() {
    super();
    this.state = 'loading';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#scanner?.stop();
    this.#scanner?.destroy();
    this.#scanner = undefined;
  }

  async #library(): Promise<QrScannerClass> {
    this.#lib ??= (await import('qr-scanner')).default;
    return this.#lib;
  }

  #videoRef = (el?: Element) => {
    if (!(el instanceof HTMLVideoElement) || this.#video === el) return;
    this.#video = el;
    void this.#start(el);
  };

  async #start(video: HTMLVideoElement) {
    let QrScanner: QrScannerClass;
    try {
      QrScanner = await this.#library();
    } catch {
      this.state = 'failed';
      this.message = t('scan.libraryOffline');
      return;
    }
    if (!(await QrScanner.hasCamera())) {
      this.state = 'no-camera';
      return;
    }
    this.#scanner = new QrScanner(video, (result) => this.#found(result.data), {
      returnDetailedScanResult: true,
      preferredCamera: 'environment',
      highlightScanRegion: true,
      maxScansPerSecond: 8,
    });
    try {
      await this.#scanner.start();
      this.state = 'scanning';
    } catch {
      this.state = 'no-camera';
    }
  }

  #found(scanned: string) {
    if (this.#done) return;
    // Printed codes are links to the visitor check-in page; older ones hold the bare token.
    const data = venueTokenOf(scanned);
    const token = parseVenueToken(data);
    if (!token) {
      this.message = t('scan.notVenueCode');
      return;
    }
    if (token.tenantId !== session.value?.tenant) {
      this.message = t('scan.otherTenant');
      return;
    }
    const expected = routeArgs.value.id;
    if (expected && expected !== token.venueId) {
      this.message = t('scan.otherVenue');
      return;
    }
    this.#done = true;
    this.#scanner?.stop();
    navigate('inspect', token.venueId, { code: data.trim() });
  }

  async #fromPhoto(event: Event) {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      const QrScanner = await this.#library();
      const result = await QrScanner.scanImage(file, { returnDetailedScanResult: true });
      this.#found(result.data);
    } catch (error) {
      this.message = error instanceof Error && /import|fetch|load/i.test(error.message) ? t('scan.libraryOffline') : t('scan.noCodeInPhoto');
    }
  }

  override render() {
    const expected = routeArgs.value.id;
    return html`<div class="screen-head"><h1>${t('scan.title')}</h1></div>
      <p class="muted">${t('scan.intro')}</p>
      <div class="scan-view ${this.state}">
        <video ${ref(this.#videoRef)} muted playsinline aria-label=${t('scan.camera')}></video>
        ${this.state === 'loading' ? html`<p class="muted" role="status">${t('scan.starting')}</p>` : nothing}
      </div>
      ${this.state === 'no-camera' ? html`<p class="notice" role="status">${t('scan.noCamera')}</p>` : nothing}
      ${this.message ? html`<p class="alert" role="alert">${this.message}</p>` : nothing}
      <div class="start-actions">
        <label class="button big" for="scan-photo">${icons.image} ${t('scan.fromPhoto')}</label>
        <input id="scan-photo" class="visually-hidden-file" type="file" accept="image/*" @change=${this.#fromPhoto} />
        ${expected
          ? html`<a class="button big" href=${href('inspect', expected)}>${t('venue.inspectWithoutScan')}</a>`
          : html`<a class="button big" href=${href('venues')}>${t('today.choose')}</a>`}
      </div>`;
  }
}

customElements.define('gw-scan', GwScan);
