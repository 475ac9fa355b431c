/**
 * Recording samples (采样登记): at a site or door to door, from the phone's outbox with a client ULID.
 * One transaction: the record, the sample id (a tube is used once a round), the person's distinct mark
 * (written with their first record only), the site's day and hour counter (a site's record) and the grid's coverage counters (person-times, and distinct
 * people when the mark is new). A person's second record fails the mark's condition and is sent again
 * without it: counted as a person-time only. The record's client id is claimed once per round in the
 * same transaction (the record's own key includes the person): a resend finds its record and answers
 * it (200); another body under the id (another person, tube or time) is a 409.
 */
import type { Actor } from '../../domain/actor';
import { parsePersonCode, type RecordInput, type TestRecord, type WhoInput } from '../../domain/testing/record';
import { roundStatus, type Site, takenInRound } from '../../domain/testing/round';
import { inScope, type Scope } from '../../domain/scope';
import { badRequest, because, conflict, DomainError, forbidden } from '../../errors';
import { getItem } from '../write';
import { failed, type ResidentsContext, transact } from '../residents/context';
import { addAction, shardOf, type TransactItem } from '../residents/counters';
import type { PersonRepository } from '../residents/persons';
import type { StoredPerson } from '../residents/stored';
import type { RoundRepository } from './rounds';
import { localDate, localMinutes } from '../../domain/local-day';
import { hourSlot } from '../../domain/testing/site-counts';

/** A sample taken more than this ahead of the server's clock is refused. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The person a code, a document number or a household member names; living here, or a 400 on `field`. */
export async function resolvePerson(persons: PersonRepository, who: WhoInput | { code: string } | { idNumber: string }, field: string): Promise<StoredPerson> {
  let found: StoredPerson | undefined;
  if ('code' in who) {
    const named = parsePersonCode(who.code);
    found = named && (await persons.find(named.householdId, named.personId, true));
  } else if ('idNumber' in who) {
    found = (await persons.withIdNumber('idType' in who ? who.idType : 'resident-id', who.idNumber))[0];
  } else {
    found = await persons.find(who.householdId, who.personId, true);
  }
  if (found?.status !== 'active') throw badRequest(field, 'nobody living here has this code or number: register them first');
  return found;
}

/** A site's staff, and everyone whose grids are the site's village or lie in it, record there. */
const worksAt = (actor: Actor, scope: Scope, site: Site) =>
  site.staff.includes(actor.userId) || inScope(scope, site.gridPath) || (scope.kind === 'subtrees' && scope.roots.some((r) => r.startsWith(site.gridPath)));

export function recordRepository(ctx: ResidentsContext, rounds: RoundRepository, persons: PersonRepository) {
  const { db, keys } = ctx;

  /** The site's day counter (shard of the record id): the sample in its tenant-local day and hour. */
  async function siteDayAction(record: TestRecord): Promise<TransactItem[]> {
    if (!record.siteId) return [];
    const zone = await ctx.timeZone();
    const at = new Date(record.takenAt);
    const date = localDate(at, zone);
    const key = keys.testSiteDayCounter(record.roundId, date, record.siteId, shardOf(record.id));
    return [addAction(db, key, { times: 1, [hourSlot(Math.floor(localMinutes(at, zone) / 60))]: 1 }, { entity: 'test-site-day', siteId: record.siteId, roundId: record.roundId, date })];
  }

  async function write(record: TestRecord, withMark: boolean): Promise<{ record: TestRecord; created: boolean }> {
    const key = keys.testRecord(record.roundId, record.personId, record.id);
    const counts: Record<string, number> = withMark ? { times: 1, tested: 1 } : { times: 1 };
    const claim = keys.testRecordClaim(record.roundId, record.id);
    const items: TransactItem[] = [
      { Put: { TableName: db.table, Item: { ...claim, entity: 'test-record-claim', schemaVersion: 1, roundId: record.roundId, recordId: record.id, personId: record.personId, sampleId: record.sampleId, takenAt: record.takenAt }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: db.table, Item: { ...key, entity: 'test-record', schemaVersion: 1, ...record, first: withMark }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: db.table, Item: { ...keys.testSample(record.roundId, record.sampleId), entity: 'test-sample', schemaVersion: 1, personId: record.personId, householdId: record.householdId, recordId: record.id }, ConditionExpression: 'attribute_not_exists(pk)' } },
      addAction(db, keys.testCoverageCounter(record.roundId, record.gridId, shardOf(record.personId)), counts, { entity: 'test-coverage', gridId: record.gridId, roundId: record.roundId }),
      ...(withMark
        ? [{ Put: { TableName: db.table, Item: { ...keys.testedMark(record.roundId, record.personId), entity: 'test-mark', schemaVersion: 1, roundId: record.roundId, personId: record.personId, gridId: record.gridId, firstAt: record.takenAt, recordId: record.id }, ConditionExpression: 'attribute_not_exists(pk)' } }]
        : []),
      ...(await siteDayAction(record)),
    ];
    let again = false;
    let resent: TestRecord | undefined;
    await transact(db, items, async ([claimed, put, sample, , mark]) => {
      if (failed(claimed) || failed(put)) {
        // The id is taken in this round: a resend names the same person, tube and time; anything else is another record.
        // (A record stored before claims existed has none: its own item answers.)
        const owner = (await getItem<Pick<TestRecord, 'personId' | 'sampleId' | 'takenAt'>>(db, claim, true)) ?? (failed(put) ? await getItem<TestRecord>(db, key, true) : undefined);
        const same = owner && owner.personId === record.personId && owner.sampleId === record.sampleId && owner.takenAt === record.takenAt;
        resent = same ? await getItem<TestRecord>(db, key, true) : undefined;
        if (resent) return undefined as never;
        throw conflict('a record with this id exists with other values', { field: 'id', ...because('resend.differs') });
      }
      if (failed(sample)) throw conflict('this sample id was used already in this round', { field: 'sampleId' });
      if (failed(mark)) {
        again = true;
        return undefined as never;
      }
      throw conflict('the round changed meanwhile; try again');
    });
    if (resent) return { record: resent, created: false };
    if (again) return write(record, false);
    return { record: { ...record, first: withMark }, created: true };
  }

  return {
    resolvePerson: (who: WhoInput, field: string) => resolvePerson(persons, who, field),

    async record(actor: Actor, scope: Scope, input: RecordInput, now: Date): Promise<{ record: TestRecord; created: boolean }> {
      const round = await rounds.get(input.roundId);
      const takenAt = new Date(input.takenAt);
      if (takenAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw badRequest('body.takenAt', 'in the future');
      if (!takenInRound(round, takenAt)) throw badRequest('body.takenAt', `outside the round (${round.startsAt} – ${round.endsAt})`);
      if (roundStatus(round, now) === 'planned') throw badRequest('body.roundId', 'the round has not started');
      const site = input.siteId
        ? await rounds.site(input.siteId).catch((error) => {
            if (error instanceof DomainError && error.status === 404) return undefined;
            throw error;
          })
        : undefined;
      if (input.siteId && !site) throw badRequest('body.siteId', 'no sampling site with this id');
      const person = await resolvePerson(persons, input.who, 'body.who');
      if (!person.gridPath.startsWith(round.scopePath)) throw badRequest('body.who', "this person lives outside the round's area");
      // At a site anyone of the round may come; door to door only in the caller's own grids.
      if (site ? !worksAt(actor, scope, site) : !inScope(scope, person.gridPath)) throw forbidden(site ? 'you do not work at this site' : 'this household is outside your grids');
      const record: TestRecord = {
        id: input.id,
        roundId: round.id,
        via: input.via,
        siteId: site?.id,
        personId: person.id,
        householdId: person.householdId,
        gridId: person.gridId,
        nameMasked: person.nameMasked,
        sampleId: input.sampleId,
        takenAt: takenAt.toISOString(),
        first: true,
        recordedBy: actor.userId,
        receivedAt: now.toISOString(),
      };
      return write(record, true);
    },
  };
}
export type RecordRepository = ReturnType<typeof recordRepository>;
