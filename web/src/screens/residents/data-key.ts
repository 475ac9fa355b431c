/**
 * <gw-data-key>: 数据密钥, on the residents rules screen (tenant admins): the tenant's personal-data key
 * versions and the re-seal's progress (`GET /api/residents/data-key`, no key material), a rotation
 * (`POST …/rotate`: the new version seals new values once every server's cache has expired) and the
 * re-seal job (`POST …/reseal`, resumable: pressing it again goes on where it stopped).
 */
import { html, nothing } from 'lit';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { announce, GwElement } from '../../ui/base';
import { when } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';

type View = Awaited<ReturnType<typeof load>>;
const load = () => ok(api.api.residents['data-key'].$get());

/** The re-seal's areas in the order the job walks them (the server's RESEAL_AREAS). */
const AREAS = ['resident-imports', 'persons', 'monitoring', 'testing', 'pushed-lists', 'self-registration', 'check-ins'] as const;

class GwDataKey extends GwElement {
  static override properties = { view: { state: true }, error: { state: true }, busy: { state: true } };
  declare view: View | undefined;
  declare error: string | undefined;
  declare busy: boolean;

  constructor() {
    super();
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      this.view = await load();
      this.error = undefined;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  async #act(action: () => Promise<View>, message: (v: View) => string) {
    this.busy = true;
    try {
      this.view = await action();
      this.error = undefined;
      announce(message(this.view));
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const v = this.view;
    const r = v?.reseal;
    return html`<section class="card" id="data-key">
      <h2>${t('dk.title')}</h2>
      <p class="muted">${t('dk.rotateHint')}</p>
      ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : nothing}
      ${v && !v.versions.length ? html`<p>${t('dk.none')}</p>` : nothing}
      ${v?.versions.length
        ? html`<p>${t('dk.current', { n: v.newest ?? 1 })}</p>
            <ul class="simple-list">${v.versions.map((k) => html`<li data-key-version=${k.version}>v${k.version} · ${when(k.createdAt)} → ${when(k.activeFrom)}</li>`)}</ul>
            ${r ? html`<p role="status">${t('dk.progress', { n: r.version, done: r.checked, state: t(`dk.state.${r.status}`) })}</p>` : nothing}
            ${r
              ? html`<ul class="simple-list" data-reseal-areas>
                  ${AREAS.filter((area) => r.areas[area]).map((area) => html`<li data-area=${area}>${t(`dk.area.${area}`)} · ${t('dk.areaCount', { resealed: r.areas[area]!.resealed, checked: r.areas[area]!.checked })}</li>`)}
                </ul>`
              : nothing}
            <div class="form-actions">
              <button type="button" ?disabled=${this.busy} @click=${() => void this.#act(() => ok(api.api.residents['data-key'].rotate.$post()), (x) => t('dk.rotated', { n: x.newest ?? 1 }))}>${t('dk.rotate')}</button>
              <button type="button" ?disabled=${this.busy} @click=${() => void this.#act(() => ok(api.api.residents['data-key'].reseal.$post()), () => t('dk.reseal'))}>${t('dk.reseal')}</button>
            </div>`
        : nothing}
    </section>`;
  }
}

customElements.define('gw-data-key', GwDataKey);
