/**
 * A list the API gives a page at a time with cursors (`?limit=…&cursor=…`), paged back and forth:
 * the cursor of every page seen is kept, so ‹ 上一页 goes back without the API paging backwards.
 */
import { html, nothing } from 'lit';
import { t } from '../i18n/i18n';

export interface PageQuery {
  limit: string;
  cursor?: string;
}

export class CursorPager<T> {
  /** cursors[i] loads page i (undefined for the first); the next page's cursor is appended. */
  #cursors: (string | undefined)[] = [undefined];
  #page = 0;
  readonly #host: { requestUpdate(): void };
  readonly #size: number;
  readonly #fetch: (query: PageQuery) => Promise<{ items: T[]; cursor?: string }>;

  constructor(host: { requestUpdate(): void }, size: number, fetch: (query: PageQuery) => Promise<{ items: T[]; cursor?: string }>) {
    this.#host = host;
    this.#size = size;
    this.#fetch = fetch;
  }

  /** The page shown (0 for the first). */
  get page(): number {
    return this.#page;
  }

  /** Fetches page `page`; once it has come, that is the page shown. Failures are thrown. */
  async load(page: number): Promise<T[]> {
    const cursor = this.#cursors[page];
    const result = await this.#fetch({ limit: String(this.#size), ...(cursor ? { cursor } : {}) });
    this.#page = page;
    const cursors = this.#cursors.slice(0, page + 1);
    if (result.cursor) cursors.push(result.cursor);
    this.#cursors = cursors;
    this.#host.requestUpdate();
    return result.items;
  }

  /** ‹ previous · page n · next ›, or nothing when there is one page only; `go` loads a page. */
  render(go: (page: number) => unknown) {
    const page = this.#page;
    const hasNext = this.#cursors.length > page + 1;
    if (page === 0 && !hasNext) return nothing;
    return html`<nav class="pager" aria-label=${t('common.page', { n: page + 1 })}>
      <button type="button" ?disabled=${page === 0} @click=${() => go(this.#page - 1)}>‹ ${t('common.prev')}</button>
      <span>${t('common.page', { n: page + 1 })}</span>
      <button type="button" ?disabled=${!hasNext} @click=${() => go(this.#page + 1)}>${t('common.next')} ›</button>
    </nav>`;
  }
}
