/**
 * Finding people without browsing: exact lookup by identity document or phone through their blind
 * indexes (nothing is decrypted to search), and everyone of a subtree streamed for exports.
 */
import { normaliseIdNumber, normalisePhone } from '../../domain/residents/id-number';
import { queryAll, queryEach } from '../db';
import { getItem } from '../write';
import type { ResidentsContext } from './context';
import { idBlindOf, type IdIndex, type StoredPerson } from './stored';

/** A phone shared by more people than this is a switchboard, not a lookup. */
const PHONE_MATCHES = 20;

export function personLookups(ctx: ResidentsContext, find: (householdId: string, personId: string, consistent?: boolean) => Promise<StoredPerson | undefined>) {
  const { db, keys } = ctx;
  return {
    /** People holding this document (normally one), by its blind index; none if the tenant never stored anyone. */
    async withIdNumber(idType: Parameters<typeof idBlindOf>[1], idNumber: string): Promise<StoredPerson[]> {
      const cipher = await ctx.cipher(false);
      if (!cipher) return [];
      const index = await getItem<IdIndex>(db, keys.idNumberIndex(idBlindOf(cipher, idType, normaliseIdNumber(idNumber))), true);
      const person = index && (await find(index.householdId, index.personId, true));
      return person ? [person] : [];
    },

    /** People with this phone, by its blind index (a family may share one). */
    async withPhone(phone: string): Promise<StoredPerson[]> {
      const cipher = await ctx.cipher(false);
      if (!cipher) return [];
      const hits = await queryAll<{ id: string; householdId: string }>(db, keys.personsWithPhone(cipher.blind('phone', normalisePhone(phone))));
      const found = await Promise.all(hits.slice(0, PHONE_MATCHES).map((h) => find(h.householdId, h.id, true)));
      return found.filter((p): p is StoredPerson => p !== undefined);
    },

    /** Everyone under these grid paths, streamed in path order (exports; a page of the index at a time). */
    async *eachInSubtrees(rootPaths: readonly string[]): AsyncGenerator<StoredPerson> {
      for (const root of rootPaths) yield* queryEach<StoredPerson>(db, keys.personsInSubtree(root));
    },
  };
}
