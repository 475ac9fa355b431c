/**
 * Forwarding a person's old address (household, person) to where they live now. A move deletes the
 * person's item under the old household, but testing records, pushed-list task links, ended episodes,
 * merged self-registration forms and printed person codes keep the old pair. So the move also writes
 * a forwarding item in the household left (`MOVED#<person>` → the new household, the move, when), and
 * a lookup that misses follows forwardings, hop by hop, to where the person is. Each hop's departure is
 * later than the one before (a later move from a household overwrites its forwarding), so a chain ends;
 * the bound only guards against a damaged table. Ids only: no personal data (docs/privacy.md).
 */
import { getItem } from '../write';
import type { TransactItem } from './counters';
import type { ResidentsContext } from './context';
import type { StoredPerson } from './stored';

/** Forwardings followed at most (a person moved more often than this is looked up where they live). */
export const FORWARD_HOPS = 10;

interface PersonForward {
  personId: string;
  toHouseholdId: string;
}

type DirectFind = (householdId: string, personId: string, consistent: boolean) => Promise<StoredPerson | undefined>;

export function personForwards(ctx: ResidentsContext) {
  const { db, keys } = ctx;
  return {
    /** The forwarding a move leaves behind; overwrites one from an earlier stay in that household. */
    put(m: { moveId: string; personId: string; fromHouseholdId: string; toHouseholdId: string; at: string }): TransactItem {
      return { Put: { TableName: db.table, Item: { ...keys.personForward(m.fromHouseholdId, m.personId), entity: 'person-forward', schemaVersion: 1, personId: m.personId, toHouseholdId: m.toHouseholdId, moveId: m.moveId, at: m.at } } };
    },

    /** A tombstone takes its forwardings with it: those of the households its kept moves left (one Delete each). */
    deletes(person: Pick<StoredPerson, 'id' | 'moves'>): TransactItem[] {
      const left = [...new Set((person.moves ?? []).map((m) => m.fromHouseholdId))];
      return left.map((h) => ({ Delete: { TableName: db.table, Key: keys.personForward(h, person.id) } }));
    },

    /** Where the person moved from this household lives now (one GetItem per hop and one per person read); undefined if nowhere. */
    async follow(householdId: string, personId: string, consistent: boolean, direct: DirectFind): Promise<StoredPerson | undefined> {
      let at = householdId;
      for (let hop = 0; hop < FORWARD_HOPS; hop++) {
        const forward = await getItem<PersonForward>(db, keys.personForward(at, personId), consistent);
        if (!forward) return undefined;
        at = forward.toHouseholdId;
        const person = await direct(at, personId, consistent);
        if (person) return person;
      }
      return undefined;
    },
  };
}
