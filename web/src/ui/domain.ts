/**
 * Small shared pieces of the domain screens: venue kind names (cached for offline), the grid tree
 * and its level names, the tenant's calendar day, labels of risk colours, reasons and statuses,
 * file downloads with the token.
 */
import { html, nothing, svg } from 'lit';
import type { Grid } from '../../../shared/domain/grid';
import type { Problem } from '../../../shared/domain/venues/problem';
import type { VenueKind } from '../../../shared/domain/venues/venue-kind';
import { ApiError, api, authFetch, ok, toApiError } from '../api/client';
import { formatDateTime, language, t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { cached } from '../offline/cache';
import { session } from '../session';
import { Store } from '../store';

/** The tenant's venue kinds, loaded once per page (and kept for offline). */
export const venueKinds = new Store<VenueKind[]>([]);
let kindsLoading: Promise<void> | undefined;

export function loadKinds(): Promise<void> {
  kindsLoading ??= cached('venue-kinds', () => ok(api.api['venue-kinds'].$get()))
    .then((r) => venueKinds.set(r.value.kinds))
    .catch(() => {
      kindsLoading = undefined;
    });
  return kindsLoading;
}

export function kindName(code: string): string {
  const kind = venueKinds.value.find((k) => k.code === code);
  if (!kind) return code;
  return language() === 'zh-CN' ? kind.nameZh : kind.nameEn;
}

/** A problem as the API lists it: with whether its deadline has passed. */
export type ProblemView = Problem & { overdue: boolean };

/**
 * Depth-first order with siblings in the order they were made (the API returns path order,
 * which sorts siblings by id: generated ids would jump ahead of an admin's own codes).
 */
export function treeOrder(grids: readonly Grid[]): Grid[] {
  const children = new Map<string | null, Grid[]>();
  const ids = new Set(grids.map((g) => g.id));
  for (const g of grids) {
    const parent = g.parentId && ids.has(g.parentId) ? g.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), g]);
  }
  const out: Grid[] = [];
  const visit = (parent: string | null) => {
    const list = (children.get(parent) ?? []).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    for (const g of list) {
      out.push(g);
      visit(g.id);
    }
  };
  visit(null);
  return out;
}

/** The grids in my scope (retired ones too), in tree order. */
export async function gridTree(): Promise<Grid[]> {
  return treeOrder((await ok(api.api.grids.$get({ query: {} }))).items);
}

/** A grid level's name in this tenant (一级网格…), or "level N" when the tenant names none. */
export function levelName(level: number): string {
  return session.value?.tenantProfile?.gridLevelNames[level - 1] ?? t('grids.levelN', { n: level });
}

/** Today in the tenant's time zone (YYYY-MM-DD); the device's zone until the profile is known. */
export function tenantToday(now = new Date()): string {
  const timeZone = session.value?.tenantProfile?.timezone;
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const riskDot = (risk: string) => html`<span class="density ${risk}" aria-hidden="true"></span><span class="sr-only">${t(`risk.${risk}` as MessageKey)}</span>`;

export const label = (prefix: string, value: string) => t(`${prefix}.${value}` as MessageKey);

/** A problem's checklist item in the reader's language (older problems kept only the Chinese name). */
export const itemName = (p: { itemLabelZh: string; itemLabelEn?: string }) => (language() === 'zh-CN' ? p.itemLabelZh : (p.itemLabelEn ?? p.itemLabelZh));

/** A line that says the data shown is the last copy kept on this device. */
export const staleNote = (since?: string) =>
  since ? html`<p class="notice stale" role="status">${t('cache.stale', { at: new Date(since).toLocaleString(language()) })}</p>` : nothing;

/**
 * Downloads a file the API makes (an export) with the Authorization header, and saves it under the
 * name the API gives in Content-Disposition (the Chinese one when there is one).
 */
export async function download(url: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await authFetch(url);
  } catch (error) {
    throw error instanceof ApiError ? error : new ApiError(0, 'network', String(error));
  }
  if (!response.ok) throw await toApiError(response);
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="([^"]+)"/i.exec(disposition);
  const name = star ? decodeURIComponent(star[1]) : (plain?.[1] ?? fallbackName);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** Opens a page the API makes (the printable notice) in a new tab, fetched with the token. */
export async function openPage(url: string): Promise<void> {
  const tab = window.open('', '_blank');
  const response = await authFetch(url);
  if (!response.ok) {
    tab?.close();
    throw await toApiError(response);
  }
  const blob = await response.blob();
  const objectUrl = URL.createObjectURL(blob);
  if (tab) tab.location.href = objectUrl;
  else location.href = objectUrl;
}

const icon = (body: ReturnType<typeof svg>) =>
  html`<svg class="icon-svg" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;

/** Small line icons (inline SVG: no icon font, nothing to download, no missing glyphs). */
export const icons = {
  scan: icon(svg`<path d="M4 8V5a1 1 0 0 1 1-1h3M16 4h3a1 1 0 0 1 1 1v3M20 16v3a1 1 0 0 1-1 1h-3M8 20H5a1 1 0 0 1-1-1v-3"/><rect x="8" y="8" width="8" height="8" rx="1"/>`),
  search: icon(svg`<circle cx="11" cy="11" r="6"/><path d="m20 20-4.5-4.5"/>`),
  camera: icon(svg`<path d="M4 8h3l2-3h6l2 3h3v11H4z"/><circle cx="12" cy="13" r="3.5"/>`),
  image: icon(svg`<rect x="4" y="5" width="16" height="14" rx="1"/><circle cx="9" cy="10" r="1.5"/><path d="m20 16-5-5-7 8"/>`),
  download: icon(svg`<path d="M12 4v11m-5-5 5 5 5-5M5 20h14"/>`),
};

/** A time in the tenant's time zone (the device's may differ). */
export const when = (iso: string) => formatDateTime(iso, session.value?.tenantProfile?.timezone);
