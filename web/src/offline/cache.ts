/**
 * Reads that must work offline (today's plan, the checklists of its venue kinds, venue kinds,
 * venues opened before): the last good answer is kept in localStorage per signed-in user, and
 * given back — marked stale — when the network fails. Never invented: only what the API said.
 */
import { ApiError } from '../api/client';
import { ownerKey } from '../session';

const PREFIX = 'gridwatch.cache.';

/** The kept copies the field screens share: today's plan, a venue kind's checklist, a venue. */
export const planCacheName = 'plan.today';
export const checklistCacheName = (kind: string) => `checklist.${kind}`;
export const venueCacheName = (id: string) => `venue.${id}`;

interface Entry<T> {
  at: string;
  value: T;
}

const keyOf = (name: string) => {
  const owner = ownerKey();
  return owner ? `${PREFIX}${owner}.${name}` : undefined;
};

export function readCache<T>(name: string): Entry<T> | undefined {
  const key = keyOf(name);
  if (!key) return undefined;
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Entry<T>) : undefined;
  } catch {
    return undefined;
  }
}

/** Venues opened are kept up to this many per user (the oldest kept copies go first). */
const MAX_VENUES = 200;

function pruneVenues(owner: string): void {
  const prefix = `${PREFIX}${owner}.venue.`;
  const kept = Object.keys(localStorage)
    .filter((k) => k.startsWith(prefix))
    .map((k) => ({ k, at: (JSON.parse(localStorage.getItem(k) ?? '{}') as { at?: string }).at ?? '' }))
    .sort((a, b) => a.at.localeCompare(b.at));
  for (const { k } of kept.slice(0, Math.max(0, kept.length - MAX_VENUES))) localStorage.removeItem(k);
}

function writeCache<T>(name: string, value: T): void {
  const key = keyOf(name);
  if (!key) return;
  try {
    localStorage.setItem(key, JSON.stringify({ at: new Date().toISOString(), value }));
    if (name.startsWith(venueCacheName(''))) pruneVenues(ownerKey() ?? '');
  } catch {
    // Storage full: the screen still has the answer in memory.
  }
}

export interface Cached<T> {
  value: T;
  /** Set when the network failed and this is the last good answer, from this time. */
  staleSince?: string;
}

/** The API's answer (kept for later), or the kept one when the network fails. Other errors are thrown. */
export async function cached<T>(name: string, load: () => Promise<T>): Promise<Cached<T>> {
  try {
    const value = await load();
    writeCache(name, value);
    return { value };
  } catch (error) {
    const kept = error instanceof ApiError && error.isNetwork ? readCache<T>(name) : undefined;
    if (kept) return { value: kept.value, staleSince: kept.at };
    throw error;
  }
}

/** Sign-out: forget this device's copies of everyone's data. */
export function clearCache(): void {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
  } catch {}
}
