/**
 * Visitors' check-ins at venues (场所码). The write path is one TransactWriteItems of three actions:
 * the check-in (create-once by its client ULID: a resend counts nothing), its venue's day counter
 * and the day counter of the venue's grid (the tenant's day sums them) — each in one of CHECK_IN_SHARDS shards chosen from the id, so a burst
 * at one venue spreads over 16 partitions and 16 counter items (docs/data-model.md). The visitor's
 * phone or person code is sealed with the tenant's key, with a blind index; check-ins expire (TTL).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { decodeTime } from 'ulid';
import { CHECK_IN_RETENTION_DAYS, CHECK_IN_SHARDS, type CheckInInput, checkInShard, checkInTime, hoursOfWindow } from '../../domain/check-in';
import { localDate } from '../../domain/local-day';
import { normalisePhone } from '../../domain/residents/id-number';
import { maskPhone } from '../../domain/residents/mask';
import { conflict } from '../../errors';
import { type Db, queryAll } from '../db';
import type { TenantKeys } from '../keys';
import type { Venue } from '../../domain/venues/venue';
import type { ResidentsRepository } from '../residents';
import { failed, transact } from '../residents/context';
import { TTL_ATTRIBUTE } from '../table';
import { getItem } from '../write';

export interface StoredCheckIn {
  id: string;
  venueId: string;
  at: string;
  day: string;
  shard: number;
  visitorEnc: string;
  visitorMasked: string;
  visitorBlind: string;
  visitorKind: 'phone' | 'person-code';
}

const maskCode = (code: string) => `${code.slice(0, 2)}${'*'.repeat(Math.max(1, code.length - 4))}${code.slice(-2)}`;
/** ADD one to a counter shard of a day (created on its first check-in); `also`: more attributes to SET. */
const counterAdd = (db: Db, key: { pk: string; sk: string }, day: string, also: Record<string, string> = {}) => {
  const names = Object.keys(also);
  return {
    Update: {
      TableName: db.table,
      Key: key,
      UpdateExpression: `SET entity = :entity, #day = :day${names.map((_, i) => `, #a${i} = :a${i}`).join('')} ADD checkIns :one`,
      ExpressionAttributeNames: { '#day': 'day', ...Object.fromEntries(names.map((n, i) => [`#a${i}`, n])) },
      ExpressionAttributeValues: { ':entity': 'check-in-counter', ':day': day, ':one': 1, ...Object.fromEntries(names.map((n, i) => [`:a${i}`, also[n]])) },
    },
  };
};
const sumByDay = (items: { day?: string; checkIns?: number }[]) => {
  const days = new Map<string, number>();
  for (const i of items) if (i.day) days.set(i.day, (days.get(i.day) ?? 0) + (i.checkIns ?? 0));
  return [...days].map(([day, checkIns]) => ({ day, checkIns })).sort((a, b) => a.day.localeCompare(b.day));
};

export function checkInRepository(db: Db, keys: TenantKeys, residents: ResidentsRepository) {
  return {
    /**
     * Record one check-in; a resend (same id) is the stored one, counted once. `timeZone`: the
     * tenant's, when the caller remembers it (the public route: shared/data/tenant-zones.ts); else read.
     */
    async record(venue: Pick<Venue, 'id' | 'gridPath'>, input: CheckInInput, now: Date, timeZone?: string): Promise<StoredCheckIn> {
      const venueId = venue.id;
      const cipher = (await residents.cipher(true))!;
      const when = checkInTime(decodeTime(input.id), now);
      const at = when.toISOString();
      const day = timeZone ? localDate(when, timeZone) : await residents.dayOf(when);
      const shard = checkInShard(input.id);
      const kind = input.phone !== undefined ? 'phone' : 'person-code';
      const visitor = kind === 'phone' ? normalisePhone(input.phone!) : input.personCode!.toUpperCase();
      const checkIn: StoredCheckIn = {
        id: input.id,
        venueId,
        at,
        day,
        shard,
        visitorKind: kind,
        visitorEnc: cipher.encrypt(visitor, `check-in/${input.id}/visitor`),
        visitorMasked: kind === 'phone' ? maskPhone(visitor) : maskCode(visitor),
        visitorBlind: cipher.blind(kind === 'phone' ? 'phone' : 'id', kind === 'phone' ? visitor : `person-code:${visitor}`),
      };
      const key = keys.checkIn(checkIn);
      // A phone's check-ins are found by its blind index when the registered person with it is tombstoned.
      const visitorEntry = kind === 'phone' ? keys.checkInVisitorEntry(checkIn.visitorBlind, checkIn) : {};
      const expires = Math.floor(now.getTime() / 1000) + CHECK_IN_RETENTION_DAYS * 86_400;
      let stored = checkIn;
      await transact(
        db,
        [
          { Put: { TableName: db.table, Item: { ...key, ...visitorEntry, entity: 'check-in', schemaVersion: 1, ...checkIn, [TTL_ATTRIBUTE]: expires }, ConditionExpression: 'attribute_not_exists(pk)' } },
          // The venue's shard carries its grid path and the day's index entry: the dashboard's busiest venues in scope.
          counterAdd(db, keys.venueCheckInCounter(venueId, day, shard), day, { venueId, gridPath: venue.gridPath, ...keys.venueCheckInDayEntry(venueId, day, shard) }),
          counterAdd(db, keys.dayCheckInCounter(day, venue.gridPath, shard), day),
        ],
        async ([put]) => {
          if (!failed(put)) throw conflict('the check-in could not be stored; try again');
          // A resend: the same id, so the same time and key (checkInTime).
          stored = (await getItem<StoredCheckIn>(db, key, true)) ?? checkIn;
          return undefined as never;
        },
      );
      return stored;
    },

    /** A venue's check-ins per tenant-local day, for days starting with `datePrefix` ('2026-11' or a whole date). */
    async venueCounts(venueId: string, datePrefix = '') {
      return sumByDay(await queryAll<{ day: string; checkIns: number }>(db, keys.venueCheckInCounters(venueId, datePrefix || undefined)));
    },

    /** Check-ins per venue over some days, for the venues `wanted` keeps (the caller's scope): busiest first. */
    async byVenue(days: readonly string[], wanted: (gridPath: string) => boolean, limit: number) {
      const shards = (await Promise.all(days.map((d) => queryAll<{ venueId?: string; gridPath?: string; day: string; checkIns?: number }>(db, keys.venueCheckInsOfDay(d))))).flat();
      const venues = new Map<string, { venueId: string; checkIns: number; byDay: Record<string, number> }>();
      for (const s of shards) {
        if (!s.venueId || !s.gridPath || !wanted(s.gridPath)) continue;
        const v = venues.get(s.venueId) ?? { venueId: s.venueId, checkIns: 0, byDay: {} };
        v.checkIns += s.checkIns ?? 0;
        v.byDay[s.day] = (v.byDay[s.day] ?? 0) + (s.checkIns ?? 0);
        venues.set(s.venueId, v);
      }
      return [...venues.values()].sort((a, b) => b.checkIns - a.checkIns || a.venueId.localeCompare(b.venueId)).slice(0, limit);
    },

    /** A day's check-ins at every venue of the tenant, or of some grid subtrees (one Query each: their counters only, never a venue's). */
    async dayTotal(date: string, rootPaths?: readonly string[]): Promise<number> {
      const specs = rootPaths ? rootPaths.map((path) => keys.dayCheckInCounters(date, path)) : [keys.dayCheckInCounters(date)];
      const counters = (await Promise.all(specs.map((spec) => queryAll<{ checkIns?: number }>(db, spec)))).flat();
      return counters.reduce((n, i) => n + (i.checkIns ?? 0), 0);
    },

    /** Who checked in between from and to (at most 24 hours): one Query per day and shard, in parallel, unsealed. */
    async visitors(venueId: string, from: string, to: string) {
      const days = [...new Set(await Promise.all(hoursOfWindow(from, to).map((at) => residents.dayOf(at))))];
      const [lo, hi] = [new Date(from).toISOString(), `${new Date(to).toISOString()}~`];
      const specs = days.flatMap((day) => Array.from({ length: CHECK_IN_SHARDS }, (_, shard) => keys.checkInsOf(venueId, day, shard)));
      const found = (
        await Promise.all(
          specs.map(async (spec) => {
            const out: StoredCheckIn[] = [];
            let start: Record<string, unknown> | undefined;
            do {
              const page = await db.doc.send(
                new QueryCommand({
                  TableName: db.table,
                  KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
                  ExpressionAttributeValues: { ':pk': spec.pk, ':from': lo, ':to': hi },
                  ExclusiveStartKey: start,
                }),
              );
              out.push(...((page.Items ?? []) as StoredCheckIn[]));
              start = page.LastEvaluatedKey;
            } while (start);
            return out;
          }),
        )
      ).flat();
      const cipher = found.length ? await residents.cipher(false) : undefined;
      return found
        .sort((a, b) => a.at.localeCompare(b.at))
        .map((c) => ({ id: c.id, at: c.at, kind: c.visitorKind, visitor: cipher!.decrypt(c.visitorEnc, `check-in/${c.id}/visitor`) }));
    },
  };
}
