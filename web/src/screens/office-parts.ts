/**
 * Pieces the office screens share (督办, 督查通报, 关停通告): people's display names for the ids the
 * API records, and the tenant's calendar day of a time.
 */
import { html, nothing } from 'lit';
import { api, ok } from '../api/client';
import { t } from '../i18n/i18n';
import { roles, session } from '../session';
import { errorMessage } from '../ui/errors';

let names: Promise<Map<string, string>> | undefined;

/**
 * Display names by user id, for the roles that may list users (admins, supervisors); others get an
 * empty map and see the id. One page of 200 covers a town's office; a missing name shows the id.
 */
export function userNames(): Promise<Map<string, string>> {
  if (!roles().some((r) => r === 'tenant-admin' || r === 'supervisor')) return Promise.resolve(new Map());
  names ??= ok(api.api.users.$get({ query: { limit: '200' } }))
    .then((page) => new Map(page.items.map((u) => [u.id, u.displayName] as const)))
    .catch(() => {
      names = undefined;
      return new Map<string, string>();
    });
  return names;
}

/** The tenant-local date (YYYY-MM-DD) of an ISO time. */
export function tenantDay(iso: string): string {
  const timeZone = session.value?.tenantProfile?.timezone;
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
  } catch {
    return iso.slice(0, 10);
  }
}

/**
 * A list the API pages with cursors, shown with 加载更多 (more appended): its items, cursor and the
 * last load's failure in the user's language. The host re-renders after each load.
 */
export class MoreList<T> {
  items: T[] | undefined;
  cursor: string | undefined;
  error: string | undefined;
  readonly #host: { requestUpdate(): void };
  readonly #fetch: (query: { limit: string; cursor?: string }) => Promise<{ items: T[]; cursor?: string }>;
  readonly #size: number;

  constructor(host: { requestUpdate(): void }, size: number, fetch: (query: { limit: string; cursor?: string }) => Promise<{ items: T[]; cursor?: string }>) {
    this.#host = host;
    this.#size = size;
    this.#fetch = fetch;
  }

  /** The first page again, or (`more`) the next one appended. */
  async load(more = false): Promise<void> {
    try {
      const page = await this.#fetch({ limit: String(this.#size), ...(more && this.cursor ? { cursor: this.cursor } : {}) });
      this.items = more ? [...(this.items ?? []), ...page.items] : page.items;
      this.cursor = page.cursor;
      this.error = undefined;
    } catch (error) {
      this.error = errorMessage(error);
    }
    this.#host.requestUpdate();
  }

  /** 加载更多, while there is more. */
  moreButton() {
    return this.cursor ? html`<p class="pager"><button type="button" @click=${() => this.load(true)}>${t('common.more')}</button></p>` : nothing;
  }
}
