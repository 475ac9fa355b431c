/** <gw-coming-soon>: the honest placeholder for a screen whose API is not built yet (no fake data). */
import { html } from 'lit';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { GwElement } from '../ui/base';

class GwComingSoon extends GwElement {
  static override properties = { feature: {} };
  declare feature: MessageKey;

  override render() {
    const name = t(this.feature);
    return html`<h1>${name}</h1>
      <section class="card soon" aria-labelledby="soon-title">
        <p class="soon-icon" aria-hidden="true">⏳</p>
        <h2 id="soon-title">${t('soon.title')}</h2>
        <p>${t('soon.body', { feature: name })}</p>
      </section>`;
  }
}

customElements.define('gw-coming-soon', GwComingSoon);
