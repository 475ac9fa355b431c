/**
 * Keys of self-registration (扫码登记) and of venue check-ins (场所码 scans by visitors). Built only
 * through `tenantKeys` (shared/data/keys.ts), which passes the tenant prefix. docs/data-model.md
 * "Self-registration and check-ins".
 */
import { INDEX } from '../table';
import { type QuerySpec, day, gridPathPart, gsi1, gsi2, gsi3, indexEntry, instant, onTable, part, topOf } from './parts';

/** The review queue's partition of a submission: its grid's top-level grid, or `~` for a tenant-wide code. */
const queueOf = (gridPath: string | undefined) => (gridPath ? topOf(gridPath) : '~');
const shardPart = (shard: number) => {
  if (!Number.isInteger(shard) || shard < 0 || shard > 99) throw new Error(`invalid shard: ${shard}`);
  return String(shard).padStart(2, '0');
};

export function selfRegistrationKeys(t: string) {
  return {
    /** A registration code; GSI1 lists the tenant's codes, newest last. */
    registrationCode: (codeId: string) => ({ pk: `${t}#REGCODE#${part(codeId, 'code id')}`, sk: 'REGCODE' }),
    registrationCodeEntry: (c: { id: string; createdAt: string }) => indexEntry(INDEX.gsi1, `${t}#REGCODES`, `${instant(c.createdAt)}#${part(c.id, 'code id')}`),
    registrationCodes: (): QuerySpec => gsi1(`${t}#REGCODES`),
    /** The tenant's purpose statement for the public form (one item, versioned). */
    registrationPurpose: () => ({ pk: `${t}#REGPURPOSE`, sk: 'CURRENT' }),

    /**
     * A submission from the public form, by its client ULID. While pending, GSI1 puts it in the review
     * queue of its grid subtree (one partition per top-level grid; `~` for tenant-wide codes), ordered
     * by path then time; a decision removes it from there.
     */
    submission: (submissionId: string) => ({ pk: `${t}#REGSUB#${part(submissionId, 'submission id')}`, sk: 'REGSUB' }),
    submissionQueueEntry: (s: { id: string; gridPath?: string; submittedAt: string }) =>
      indexEntry(INDEX.gsi1, `${t}#REGQUEUE#${queueOf(s.gridPath)}`, `${s.gridPath ? gridPathPart(s.gridPath) : '/'}${instant(s.submittedAt)}#${part(s.id, 'submission id')}`),
    submissionQueue: (gridPath?: string): QuerySpec => gsi1(`${t}#REGQUEUE#${queueOf(gridPath)}`, gridPath ? gridPathPart(gridPath) : '/'),
    /** GSI2 of every submission, pending or decided, by time: the re-seal job's walk after a data-key rotation. */
    submissionListEntry: (s: { id: string; submittedAt: string }) => indexEntry(INDEX.gsi2, `${t}#REGSUBS`, `${instant(s.submittedAt)}#${part(s.id, 'submission id')}`),
    submissions: (): QuerySpec => gsi2(`${t}#REGSUBS`),
    /** GSI3 of a decided submission that confirmed or merged into a person: what their tombstone deletes. */
    submissionPersonEntry: (personId: string, s: { id: string; submittedAt: string }) => indexEntry(INDEX.gsi3, `${t}#PERSONREGSUBS#${part(personId, 'person id')}`, `${instant(s.submittedAt)}#${part(s.id, 'submission id')}`),
    submissionsOfPerson: (personId: string): QuerySpec => gsi3(`${t}#PERSONREGSUBS#${part(personId, 'person id')}`),
    /** A tenant-local day's submission figures by grid (`~`: tenant-wide code) and category, in shards. */
    submissionDayCounter: (date: string, gridId: string | undefined, category: string, shard: number) => ({
      pk: `${t}#REGDAY#${day(date)}`,
      sk: `${gridId ? part(gridId, 'grid id') : '~'}#${part(category, 'category')}#${shardPart(shard)}`,
    }),
    submissionDayCounters: (date: string): QuerySpec => onTable(`${t}#REGDAY#${day(date)}`),

    /**
     * A visitor's check-in at a venue: one partition per venue, tenant-local day and shard (a burst at
     * one venue spreads over the shards), sorted by time, so "who was here between t1 and t2" is one
     * Query per day and shard.
     */
    checkIn: (c: { venueId: string; day: string; shard: number; at: string; id: string }) => ({
      pk: `${t}#CHECKIN#${part(c.venueId, 'venue id')}#${day(c.day)}#${shardPart(c.shard)}`,
      sk: `${instant(c.at)}#${part(c.id, 'check-in id')}`,
    }),
    /**
     * GSI1 of a check-in by phone: the phone's blind index (never the number), so the tombstone of the
     * registered person with that phone finds their check-ins.
     */
    checkInVisitorEntry: (phoneBlind: string, c: { at: string; id: string }) => indexEntry(INDEX.gsi1, `${t}#CHECKINBY#${part(phoneBlind, 'phone index')}`, `${instant(c.at)}#${part(c.id, 'check-in id')}`),
    checkInsOfVisitor: (phoneBlind: string): QuerySpec => gsi1(`${t}#CHECKINBY#${part(phoneBlind, 'phone index')}`),
    checkInsOf: (venueId: string, date: string, shard: number): QuerySpec => onTable(`${t}#CHECKIN#${part(venueId, 'venue id')}#${day(date)}#${shardPart(shard)}`),
    /** A venue's check-in counts by day, in shards: a venue's days are one Query. */
    venueCheckInCounter: (venueId: string, date: string, shard: number) => ({ pk: `${t}#VCHECKINS#${part(venueId, 'venue id')}`, sk: `${day(date)}#${shardPart(shard)}` }),
    venueCheckInCounters: (venueId: string, datePrefix?: string): QuerySpec => onTable(`${t}#VCHECKINS#${part(venueId, 'venue id')}`, datePrefix),
    /**
     * GSI1 of a venue's counter shard: a day's counters of every venue that had a check-in, so the
     * dashboard's busiest venues are one Query per day (the Update that counts sets it: no extra call).
     */
    venueCheckInDayEntry: (venueId: string, date: string, shard: number) => indexEntry(INDEX.gsi1, `${t}#VCHECKINDAY#${day(date)}`, `${part(venueId, 'venue id')}#${shardPart(shard)}`),
    venueCheckInsOfDay: (date: string): QuerySpec => gsi1(`${t}#VCHECKINDAY#${day(date)}`),
    /**
     * A day's check-ins by the venue's grid, in shards (`<grid path><shard>`): the tenant's day is the
     * whole partition, a grid subtree's one Query under its path (the sort key starts with it).
     * Counters written before they carried a path (`<shard>` alone) count for the tenant only.
     */
    dayCheckInCounter: (date: string, gridPath: string, shard: number) => ({ pk: `${t}#CHECKINDAY#${day(date)}`, sk: `${gridPathPart(gridPath)}${shardPart(shard)}` }),
    dayCheckInCounters: (date: string, gridPath?: string): QuerySpec => onTable(`${t}#CHECKINDAY#${day(date)}`, gridPath && gridPathPart(gridPath)),
  };
}
