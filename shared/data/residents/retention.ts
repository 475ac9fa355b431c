/**
 * Retention: a person who moved out (or died) longer ago than the tenant's rule is reduced to a
 * tombstone — every personal field, ciphertext, masked form and blind index removed, the identity
 * index released — keeping only what the figures and the household's history need (id, household,
 * grid, category, status, the end's date and reason). Idempotent: each tombstone is conditional on the
 * person still being as read, and the register entry goes with it. Their home-monitoring episodes,
 * readings and alerts are removed before (monitoring/lifecycle.ts), and their other records reduced
 * (testing, check-ins by their phone, self-registration forms, pushed-list tasks: tombstone-records.ts).
 *
 * The same reduction answers a person's request to be deleted (PIPL art. 47) or an admin's decision at
 * once (`onRequest`): one code path, so both leave the same tombstone and clean up the same records;
 * a person still living here is also counted out (household members, the grid's counters).
 */
import type { Actor } from '../../domain/actor';
import { gridDeltas, personCounts } from '../../domain/residents/counts';
import { addDays } from '../../domain/local-day';
import type { Scope } from '../../domain/scope';
import { notFound } from '../../errors';
import { queryAll } from '../db';
import { getItem, staleVersion } from '../write';
import { counterActions, dayCounterAction, shardOf, type TransactItem } from './counters';
import { eventAction, type ResidentsContext, transact } from './context';
import type { HouseholdRepository } from './households';
import { personForwards } from './person-forwards';
import { personWrites } from './persons';
import type { StoredPerson } from './stored';
import type { LifecycleRepository } from './monitoring/lifecycle';
import { GONE, tombstoneRecords } from './tombstone-records';

/** Attributes a tombstone no longer has. */
const PERSONAL = ['nameEnc', 'idNumberEnc', 'idBlind', 'phoneEnc', 'phoneMasked', 'phoneBlind', 'birthDateEnc', 'birthYear', 'inputBlind', 'endNote', 'moves', 'gsi2pk', 'gsi2sk'];

interface RegisterEntry {
  householdId: string;
  personId: string;
  endedOn: string;
}

export function retentionRepository(ctx: ResidentsContext, monitoring: Pick<LifecycleRepository, 'purgePerson'>, households: Pick<HouseholdRepository, 'visible'>) {
  const { db, keys } = ctx;
  const records = tombstoneRecords(ctx);
  const forwards = personForwards(ctx);

  /**
   * Reduce one person, as read, to a tombstone: their monitoring and other records first (a run that
   * stops midway is finished by the next), then one transaction conditional on the person unchanged since read.
   * `counted`: actions that count a still-active person out. False when someone changed them meanwhile.
   */
  async function reduce(person: StoredPerson, by: string, now: Date, counted: TransactItem[]): Promise<boolean> {
    await monitoring.purgePerson(person.id, person.status === 'deceased' ? 'deceased' : 'moved-out', now);
    await records.reduce(person, now);
    const names = Object.fromEntries(PERSONAL.map((name, i) => [`#r${i}`, name]));
    const items: TransactItem[] = [
      {
        Update: {
          TableName: db.table,
          Key: keys.person(person.householdId, person.id),
          UpdateExpression: `SET #status = :tomb, nameMasked = :gone, idNumberMasked = :gone, tombstonedAt = :now, #version = #version + :one REMOVE ${Object.keys(names).join(', ')}`,
          ConditionExpression: '#status = :was AND #version = :v',
          ExpressionAttributeNames: { ...names, '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: { ':tomb': 'tombstone', ':gone': GONE, ':now': now.toISOString(), ':one': 1, ':was': person.status, ':v': person.version },
        },
      },
      eventAction(ctx, person.householdId, { at: now.toISOString(), by, action: 'person-tombstoned', personId: person.id, changes: [{ field: 'status', from: person.status, to: 'tombstone' }] }),
      ...counted,
    ];
    // The forwardings from the households they left (ids only, but nothing should lead to a tombstone).
    items.push(...forwards.deletes(person));
    // The register entry of an ended person (the retention job's list), if any.
    if (person.endedOn) items.push({ Delete: { TableName: db.table, Key: keys.retentionEntry(person.endedOn, person.householdId, person.id) } });
    // The identity index, if it still names this person (nobody registered the document again).
    if (person.idBlind) {
      const index = await getItem<{ personId: string }>(db, keys.idNumberIndex(person.idBlind), true);
      if (index?.personId === person.id) items.push({ Delete: { TableName: db.table, Key: keys.idNumberIndex(person.idBlind), ConditionExpression: 'personId = :p', ExpressionAttributeValues: { ':p': person.id } } });
    }
    let done = true;
    await transact(db, items, () => {
      done = false;
      return undefined as never;
    });
    return done;
  }

  async function tombstone(entry: RegisterEntry, now: Date): Promise<'tombstoned' | 'skipped'> {
    const person = await getItem<StoredPerson>(db, keys.person(entry.householdId, entry.personId), true);
    const ended = person && (person.status === 'moved-out' || person.status === 'deceased');
    if (ended) return (await reduce(person, 'retention', now, [])) ? 'tombstoned' : 'skipped';
    // Not (or no longer) an ended person: the register entry alone goes.
    await transact(db, [{ Delete: { TableName: db.table, Key: keys.retentionEntry(entry.endedOn, entry.householdId, entry.personId) } }], () => undefined as never);
    return 'skipped';
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

    /**
     * A tombstone now, on a person's request or an admin's decision (the caller audits it first).
     * Someone still living here is counted out with it (household members, grid counters, the day's
     * `ended`). A person already tombstoned is answered as they are (a resend).
     */
    async onRequest(actor: Actor, scope: Scope, householdId: string, personId: string, now: Date): Promise<StoredPerson> {
      const household = await households.visible(scope, householdId, true);
      for (let attempt = 0; attempt < 3; attempt++) {
        const person = await getItem<StoredPerson>(db, keys.person(householdId, personId), true);
        if (!person) throw notFound('person');
        if (person.status === 'tombstone') return person;
        const shard = shardOf(householdId);
        const counted: TransactItem[] =
          person.status === 'active'
            ? [
                personWrites(ctx).membersAdd(household, -1),
                ...counterActions(db, keys, gridDeltas({ gridId: person.gridId, counts: personCounts(person) }, undefined), shard),
                dayCounterAction(db, keys, await ctx.dayOf(now), person.gridId, { ended: 1 }, shard),
              ]
            : [];
        if (await reduce(person, actor.userId, now, counted)) return (await getItem<StoredPerson>(db, keys.person(householdId, personId), true))!;
      }
      // Changed three times while we tried: the caller reloads.
      throw staleVersion('person', (await getItem<StoredPerson>(db, keys.person(householdId, personId), true))?.version ?? 0);
    },
  };
}
