/**
 * The venues of my scope kept on the device, so that 场所 lists and searches them offline and any of
 * them can be inspected offline (not only today's planned ones): read whole (pages of 200, at most
 * MAX_VENUES) when online, with the current checklist of every kind among them. Never invented: a
 * search offline filters the kept answer by name and kind, and says how old it is.
 */
import type { Venue } from '../../../shared/domain/venues/venue';
import { api, ok } from '../api/client';
import { cached, checklistCacheName, readCache } from './cache';

export const myVenuesCacheName = 'venues.mine';
/** An inspector's grids hold hundreds of venues; a cap keeps localStorage (≈5 MB) safe. */
const MAX_VENUES = 2_000;

/** What is kept of each venue (the list row and the form's header; ~250 B). */
export type KeptVenue = Pick<Venue, 'id' | 'name' | 'kind' | 'address' | 'risk' | 'status' | 'gridId' | 'openProblems' | 'followUpDue'> & { blackCard?: boolean };

let keeping: Promise<void> | undefined;

async function readAll(): Promise<KeptVenue[]> {
  const kept: KeptVenue[] = [];
  let cursor: string | undefined;
  do {
    const page = await ok(api.api.venues.$get({ query: { limit: '200', ...(cursor ? { cursor } : {}) } }));
    for (const v of page.items) {
      kept.push({ id: v.id, name: v.name, kind: v.kind, address: v.address, risk: v.risk, status: v.status, gridId: v.gridId, openProblems: v.openProblems, followUpDue: v.followUpDue, ...(v.blackCard && { blackCard: true }) });
    }
    cursor = page.cursor;
  } while (cursor && kept.length < MAX_VENUES);
  return kept;
}

/** Read and keep my venues and their kinds' checklists (once at a time; failures are left for later). */
export function keepMyVenues(): Promise<void> {
  keeping ??= (async () => {
    try {
      const { value, staleSince } = await cached(myVenuesCacheName, readAll);
      if (staleSince) return;
      const kinds = [...new Set(value.map((v) => v.kind))];
      await Promise.all(kinds.map((kind) => cached(checklistCacheName(kind), () => ok(api.api.checklists[':kind'].$get({ param: { kind } }))).catch(() => undefined)));
    } catch {
      // Offline or refused: the kept copy (if any) stays.
    } finally {
      keeping = undefined;
    }
  })();
  return keeping;
}

/** The kept venues matching a search (name contains `q`, of `kind`), and when they were kept. */
export function searchKept(q: string, kind: string): { items: KeptVenue[]; at: string } | undefined {
  const kept = readCache<KeptVenue[]>(myVenuesCacheName);
  if (!kept) return undefined;
  const items = kept.value.filter((v) => (!q || v.name.includes(q)) && (!kind || v.kind === kind));
  return { items, at: kept.at };
}

/** One kept venue (the inspection form offline). */
export const keptVenue = (id: string): KeptVenue | undefined => readCache<KeptVenue[]>(myVenuesCacheName)?.value.find((v) => v.id === id);
