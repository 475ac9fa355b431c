/**
 * Tenant-wide closure notices: close or pause every venue of some kinds at once (e.g. all internet
 * cafes and KTVs), or reopen them. One auditable action: the notice item records what, why, who and
 * its progress; the venues are updated by kind, a page at a time, each page one transaction with
 * the notice's progress (so a crash leaves a consistent point, and running it again finishes it).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import * as z from 'zod';
import type { Actor } from '../../domain/actor';
import { applyVenueAction, type VenueAction, type VenueEvent } from '../../domain/venues/ladder';
import { localDate } from '../../domain/local-day';
import { InspectionId } from '../../domain/venues/inspection';
import type { Venue } from '../../domain/venues/venue';
import { VenueKindCode } from '../../domain/venues/venue-kind';
import { because, DomainError } from '../../errors';
import { type Db, type Page, queryPage } from '../db';
import { tenantKeys } from '../keys';
import { getItem } from '../write';
import { eachOnce } from '../../errors';

export const ClosureNoticeInput = z.strictObject({
  /** Client-generated: a resend returns the same notice (and carries on with it). */
  id: InspectionId,
  action: z.enum(['close', 'pause', 'reopen']),
  venueKinds: z
    .array(VenueKindCode)
    .min(1)
    .max(20)
    .refine((k) => new Set(k).size === k.length, eachOnce('kind')),
  reason: z.string().trim().min(1).max(1000),
});
export type ClosureNoticeInput = z.infer<typeof ClosureNoticeInput>;

export const ClosureNotice = z.object({
  id: z.string(),
  action: z.enum(['close', 'pause', 'reopen']),
  venueKinds: z.array(z.string()),
  reason: z.string(),
  issuedAt: z.string(),
  issuedBy: z.string(),
  /** Tenant-local date of issue. */
  date: z.string(),
  status: z.enum(['in-progress', 'done']),
  progress: z.object({
    /** Index into venueKinds of the kind being worked on. */
    kindIndex: z.number(),
    /** Where in that kind's venues the next page starts. */
    cursor: z.string().optional(),
    /** Pages done so far; every page's transaction moves it on by one (and checks it). */
    step: z.number(),
    venuesChanged: z.number(),
    venuesUnchanged: z.number(),
  }),
  finishedAt: z.string().optional(),
});
export type ClosureNotice = z.infer<typeof ClosureNotice>;

/** Two items per venue (venue update + history event) and one for the notice: ≤ 100 per transaction. */
export const NOTICE_PAGE_SIZE = 49;

export function closureNoticeRepository(db: Db, tenantId: string) {
  const keys = tenantKeys(tenantId);

  async function find(id: string): Promise<ClosureNotice | undefined> {
    return getItem<ClosureNotice>(db, keys.closureNotice(id), true);
  }

  /** One page of venues: apply the notice to each, write them with the notice's next progress. */
  async function step(notice: ClosureNotice, now: Date, timeZone: string, pageSize: number): Promise<ClosureNotice> {
    const { progress } = notice;
    const kind = notice.venueKinds[progress.kindIndex];
    const next: ClosureNotice = { ...notice, progress: { ...progress, step: progress.step + 1 } };
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [];
    if (kind === undefined) {
      next.status = 'done';
      next.finishedAt = now.toISOString();
    } else {
      const page = await queryPage<Venue>(db, keys.venuesOfKind(kind), { limit: pageSize, cursor: progress.cursor });
      next.progress.kindIndex = page.cursor ? progress.kindIndex : progress.kindIndex + 1;
      next.progress.cursor = page.cursor;
      const at = now.toISOString();
      const date = localDate(now, timeZone);
      const action: VenueAction =
        notice.action === 'reopen'
          ? { type: 'notice-reopen', noticeId: notice.id, reason: notice.reason }
          : { type: 'notice-close', noticeId: notice.id, action: notice.action, reason: notice.reason };
      page.items.forEach((venue, i) => {
        const change = applyVenueAction(venue, action, { by: notice.issuedBy, at });
        if (!change) {
          next.progress.venuesUnchanged++;
          return;
        }
        next.progress.venuesChanged++;
        const event: VenueEvent = { id: ulid(now.getTime() + i), date, ...change.event };
        const names: Record<string, string> = { '#version': 'version', '#status': 'status' };
        const values: Record<string, unknown> = { ':expected': venue.version, ':next': venue.version + 1, ':at': at, ':status': change.set.status };
        const sets = ['#status = :status', '#version = :next', 'updatedAt = :at'];
        if (change.set.closure) {
          sets.push('closure = :closure');
          values[':closure'] = change.set.closure;
        }
        items.push(
          {
            Update: {
              TableName: db.table,
              Key: keys.venue(venue.id),
              UpdateExpression: `SET ${sets.join(', ')}${change.remove.includes('closure') ? ' REMOVE closure' : ''}`,
              // The page was read from an index (eventually consistent): a venue changed since fails the page, which is read again.
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            },
          },
          {
            Put: {
              TableName: db.table,
              Item: {
                ...keys.venueEvent(venue.id, venue.version + 1),
                ...keys.enforcementDayEntry({ date: event.date, gridPath: venue.gridPath, at: event.at, id: event.id }),
                entity: 'venue-event',
                schemaVersion: 1,
                ...event,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        );
      });
    }
    items.push({
      Put: {
        TableName: db.table,
        Item: { ...keys.closureNotice(notice.id), ...keys.closureNoticeListEntry(notice), entity: 'closure-notice', schemaVersion: 1, ...next },
        ConditionExpression: 'progress.step = :step',
        ExpressionAttributeValues: { ':step': progress.step },
      },
    });
    await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
    return next;
  }

  return {
    find,

    /** Record a notice (a resend of the same id returns the stored one). Calls: 1 PutItem (+1 GetItem on a resend). */
    async create(actor: Actor, input: ClosureNoticeInput, now: Date, timeZone: string): Promise<{ notice: ClosureNotice; created: boolean }> {
      const notice: ClosureNotice = {
        id: input.id,
        action: input.action,
        venueKinds: input.venueKinds,
        reason: input.reason,
        issuedAt: now.toISOString(),
        issuedBy: actor.userId,
        date: localDate(now, timeZone),
        status: 'in-progress',
        progress: { kindIndex: 0, step: 0, venuesChanged: 0, venuesUnchanged: 0 },
      };
      try {
        await db.doc.send(
          new PutCommand({
            TableName: db.table,
            Item: { ...keys.closureNotice(notice.id), ...keys.closureNoticeListEntry(notice), entity: 'closure-notice', schemaVersion: 1, ...notice },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { notice, created: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const stored = await find(input.id);
        if (!stored) throw error;
        const same = stored.action === input.action && stored.reason === input.reason && stored.venueKinds.join() === input.venueKinds.join();
        if (!same) throw new DomainError(409, 'conflict', `notice ${input.id} was already issued with different content`, because('resend.differs'));
        return { notice: stored, created: false };
      }
    },

    /**
     * Work a notice forward by up to `maxPages` pages (the API runs a few inline; the job runner or
     * POST …/resume finishes a big one). Each page: 1 Query (venues of the kind) + 1 TransactWrite.
     * A page that collides with another change is read again (up to 3 times, then left for later);
     * two runners at once cannot both apply the same page (the step check).
     */
    async run(noticeId: string, now: Date, timeZone: string, options: { maxPages?: number; pageSize?: number } = {}): Promise<ClosureNotice> {
      const maxPages = options.maxPages ?? 20;
      const pageSize = Math.min(options.pageSize ?? NOTICE_PAGE_SIZE, NOTICE_PAGE_SIZE);
      let notice = await find(noticeId);
      if (!notice) throw new DomainError(404, 'not_found', 'notice not found');
      let collisions = 0;
      for (let pages = 0; pages < maxPages && notice.status !== 'done'; ) {
        try {
          notice = await step(notice, now, timeZone, pageSize);
          pages++;
          collisions = 0;
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          const fresh = await find(noticeId);
          if (!fresh) throw error;
          if (fresh.progress.step !== notice.progress.step) {
            notice = fresh; // another runner moved it on: carry on from there
            continue;
          }
          if (++collisions >= 3) break;
          notice = fresh;
          await new Promise((r) => setTimeout(r, 100 * collisions));
        }
      }
      return notice;
    },

    /** Notices, newest first. */
    list(options: { limit?: number; cursor?: string }): Promise<Page<ClosureNotice>> {
      return queryPage<ClosureNotice>(db, keys.closureNotices(), { ...options, newestFirst: true });
    },
  };
}
export type ClosureNoticeRepository = ReturnType<typeof closureNoticeRepository>;
