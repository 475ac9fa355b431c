/** The language switch (中文 / English), on the sign-in screen and in the header. */
import { html } from 'lit';
import { LANGUAGES, type Language, language, setLanguage, t } from '../i18n/i18n';

export function languageSwitch(id = 'lang-select') {
  return html`<div class="lang">
    <label for=${id}>${t('lang.label')}</label>
    <select id=${id} @change=${(e: Event) => void setLanguage((e.target as HTMLSelectElement).value as Language)}>
      ${LANGUAGES.map((l) => html`<option value=${l} ?selected=${l === language()}>${t(`lang.${l}`)}</option>`)}
    </select>
  </div>`;
}
