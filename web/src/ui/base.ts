/** Components render into the light DOM (one global stylesheet) and follow the language switch. */
import { LitElement } from 'lit';
import { onLanguageChange } from '../i18n/i18n';
import { Store } from '../store';

export class GwElement extends LitElement {
  #offLanguage?: () => void;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#offLanguage = onLanguageChange(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#offLanguage?.();
  }
}

/** A status line the shell shows for a few seconds (role=status: read out by screen readers). */
export const notice = new Store<{ text: string; at: number } | undefined>(undefined);
let timer: ReturnType<typeof setTimeout> | undefined;

export function announce(text: string): void {
  notice.set({ text, at: Date.now() });
  clearTimeout(timer);
  timer = setTimeout(() => notice.set(undefined), 6000);
}
