/**
 * Retention: a person who moved out (or died) longer ago than the tenant's rule is reduced to a
 * tombstone — every personal field, ciphertext, masked form and blind index removed, the identity
 * index released — keeping only what the figures and the household's history need (id, household,
 * grid, category, status, the end's date and reason). Idempotent: each tombstone is conditional on the
 * person still being ended-not-tombstoned, and the register entry goes with it. Their home-monitoring
 * episodes, readings and alerts are removed before (monitoring/lifecycle.ts).
 */
import { addDays } from '../../domain/local-day';
import { queryAll } from '../db';
import { getItem } from '../write';
import type { TransactItem } from './counters';
import { eventAction, type ResidentsContext, transact } from './context';
import type { StoredPerson } from './stored';
import type { LifecycleRepository } from './monitoring/lifecycle';

/** Attributes a tombstone no longer has. */
const PERSONAL = ['nameEnc', 'idNumberEnc', 'idBlind', 'phoneEnc', 'phoneMasked', 'phoneBlind', 'birthDateEnc', 'birthYear', 'inputBlind', 'endNote', 'gsi2pk', 'gsi2sk'];
const GONE = '—';

interface RegisterEntry {
  householdId: string;
  personId: string;
  endedOn: string;
}

export function retentionRepository(ctx: ResidentsContext, monitoring: Pick<LifecycleRepository, 'purgePerson'>) {
  const { db, keys } = ctx;

  async function tombstone(entry: RegisterEntry, now: Date): Promise<'tombstoned' | 'skipped'> {
    const registerKey = keys.retentionEntry(entry.endedOn, entry.householdId, entry.personId);
    const person = await getItem<StoredPerson>(db, keys.person(entry.householdId, entry.personId), true);
    const items: TransactItem[] = [{ Delete: { TableName: db.table, Key: registerKey } }];
    const ended = person && (person.status === 'moved-out' || person.status === 'deceased');
    // Their monitoring (episodes, readings, alerts) goes first: the register entry stays until it has.
    if (ended) await monitoring.purgePerson(entry.personId, person.status === 'deceased' ? 'deceased' : 'moved-out', now);
    if (ended) {
      const names = Object.fromEntries(PERSONAL.map((name, i) => [`#r${i}`, name]));
      items.push({
        Update: {
          TableName: db.table,
          Key: keys.person(entry.householdId, entry.personId),
          UpdateExpression: `SET #status = :tomb, nameMasked = :gone, idNumberMasked = :gone, tombstonedAt = :now, #version = #version + :one REMOVE ${Object.keys(names).join(', ')}`,
          ConditionExpression: '#status = :was',
          ExpressionAttributeNames: { ...names, '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: { ':tomb': 'tombstone', ':gone': GONE, ':now': now.toISOString(), ':one': 1, ':was': person.status },
        },
      });
      items.push(eventAction(ctx, entry.householdId, { at: now.toISOString(), by: 'retention', action: 'person-tombstoned', personId: entry.personId, changes: [{ field: 'status', from: person.status, to: 'tombstone' }] }));
      // The identity index, if it still names this person (nobody registered the document again).
      if (person.idBlind) {
        const index = await getItem<{ personId: string }>(db, keys.idNumberIndex(person.idBlind), true);
        if (index?.personId === entry.personId) {
          items.push({ Delete: { TableName: db.table, Key: keys.idNumberIndex(person.idBlind), ConditionExpression: 'personId = :p', ExpressionAttributeValues: { ':p': entry.personId } } });
        }
      }
    }
    // A conflict means someone else changed it meanwhile: the next run looks again.
    let done = true;
    await transact(db, items, () => {
      done = false;
      return undefined as never;
    });
    return ended && done ? 'tombstoned' : 'skipped';
  }

  return {
    /**
     * Tombstone everyone whose end is more than `retentionDays` before `today` (tenant-local).
     * Reads the register a page at a time; safe to run again (and to run twice at once).
     */
    async run(today: string, now: Date): Promise<{ tombstoned: number; skipped: number; cutoff: string }> {
      const { retentionDays } = await ctx.residentRules();
      const cutoff = addDays(today, -retentionDays);
      const due = await queryAll<RegisterEntry>(db, keys.retentionDue(cutoff));
      const result = { tombstoned: 0, skipped: 0, cutoff };
      for (const entry of due) result[(await tombstone(entry, now)) === 'tombstoned' ? 'tombstoned' : 'skipped']++;
      return result;
    },
  };
}
