/**
 * Finding a household to link someone to (a pushed list's "found", a registration's merge): by its
 * household number (户号) exactly — one GetItem of the number's unique index, anywhere in the caller's
 * scope — or by a piece of its number or address within grid subtrees (a village: hundreds of
 * households), read through the subtrees' index with a projection and cut in memory, at most
 * SEARCH_READ_MAX households read. Addresses and numbers are not personal data; members stay masked.
 */
import type { Household } from '../../domain/residents/household';
import { normaliseAddress } from '../../domain/pushed-lists/address-rules';
import { inScope, type Scope } from '../../domain/scope';
import { queryEach } from '../db';
import { getItem } from '../write';
import type { ResidentsContext } from './context';

/** A village's households fit; a whole town is searched by number, or by choosing a grid first. */
export const SEARCH_READ_MAX = 3000;

const addressText = (h: Pick<Household, 'address'>) => normaliseAddress([h.address.compound, h.address.building, h.address.unit, h.address.room].filter(Boolean).join(''));

export async function searchHouseholds(ctx: ResidentsContext, scope: Scope, roots: readonly string[], q: string, limit: number): Promise<{ items: Household[]; more: boolean }> {
  const wanted = normaliseAddress(q);
  const found = new Map<string, Household>();
  // The number exactly: its unique index names the household.
  if (/^[A-Za-z0-9._-]{1,30}$/.test(q)) {
    const index = await getItem<{ householdId: string }>(ctx.db, ctx.keys.householdNumber(q));
    const household = index && (await getItem<Household>(ctx.db, ctx.keys.household(index.householdId)));
    if (household && inScope(scope, household.gridPath)) found.set(household.id, household);
  }
  let read = 0;
  for (const root of roots) {
    for await (const h of queryEach<Household>(ctx.db, ctx.keys.householdsInSubtree(root))) {
      if (++read > SEARCH_READ_MAX) return { items: [...found.values()], more: true };
      if (addressText(h).includes(wanted) || h.number?.includes(q)) found.set(h.id, h);
      if (found.size >= limit) return { items: [...found.values()], more: true };
    }
  }
  return { items: [...found.values()], more: false };
}
