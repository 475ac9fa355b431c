/**
 * Joint enforcement (联合执法) referrals: each step is one transaction of the referral item, the venue
 * (which carries an open referral, version + 1) and a venue event (its history, and the day's
 * enforcement index the daily report counts). Client ULIDs: a resend returns the stored referral.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Actor } from '../../domain/actor';
import { concludeCase, type OutcomeInput, type Referral, type ReferralInput, referCase, sameReferral } from '../../domain/venues/joint-enforcement';
import type { VenueEvent } from '../../domain/venues/ladder';
import type { Problem } from '../../domain/venues/problem';
import type { Venue } from '../../domain/venues/venue';
import { conflict, notFound } from '../../errors';
import { type Db, type Page, queryPage } from '../db';
import { tenantKeys } from '../keys';
import { getItem } from '../write';

type Ctx = { actor: Actor; at: string; date: string };

export function jointEnforcementRepository(db: Db, tenantId: string) {
  const keys = tenantKeys(tenantId);

  const find = (referralId: string) => getItem<Referral>(db, keys.jointReferral(referralId), true);

  /** The venue's event of this step, as the enforcement ladder writes its own (keyed by the venue's new version). */
  const eventItem = (venue: Venue, nextVersion: number, event: Omit<VenueEvent, 'id' | 'venueId' | 'venueName' | 'venueKind' | 'gridPath' | 'statusAfter'>) => {
    const id = ulid(Date.parse(event.at));
    return {
      ...keys.venueEvent(venue.id, nextVersion),
      ...keys.enforcementDayEntry({ date: event.date, gridPath: venue.gridPath, at: event.at, id }),
      entity: 'venue-event',
      schemaVersion: 1,
      id,
      venueId: venue.id,
      venueName: venue.name,
      venueKind: venue.kind,
      gridPath: venue.gridPath,
      statusAfter: venue.status,
      ...event,
    };
  };

  async function send(items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>) {
    try {
      await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) throw conflict('the venue or the referral was changed meanwhile; reload and try again');
      throw error;
    }
  }

  return {
    find,

    /** Refer a problem of the venue; a resend of the same referral returns it (created: false). */
    async refer(venue: Venue, problem: Problem, input: ReferralInput, agencies: Parameters<typeof referCase>[3], ctx: Ctx): Promise<{ referral: Referral; created: boolean }> {
      const stored = await find(input.id);
      if (stored) {
        if (!sameReferral(stored, input, ctx.actor)) throw conflict('a different referral already has this id', { error: 'already_exists' });
        return { referral: stored, created: false };
      }
      const referral = referCase(venue, problem, input, agencies, ctx);
      const next = venue.version + 1;
      await send([
        { Put: { TableName: db.table, Item: { ...keys.jointReferral(referral.id), entity: 'joint-referral', schemaVersion: 1, ...referral }, ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Update: {
            TableName: db.table,
            Key: keys.venue(venue.id),
            UpdateExpression: 'SET jointReferral = :jr, #v = :next, updatedAt = :at',
            ConditionExpression: '#v = :expected AND attribute_not_exists(jointReferral)',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':jr': { referralId: referral.id, agencies: referral.agencies.map((a) => a.code), since: ctx.at }, ':next': next, ':expected': venue.version, ':at': ctx.at },
          },
        },
        {
          Put: {
            TableName: db.table,
            Item: eventItem(venue, next, { type: 'joint-referred', at: ctx.at, date: ctx.date, by: ctx.actor.userId, reason: referral.reason, problemId: problem.id, referralId: referral.id, agencies: referral.agencies.map((a) => a.code) }),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]);
      return { referral, created: true };
    },

    /** Record the agencies' outcome: the referral is concluded and the venue no longer carries it. */
    async conclude(referral: Referral, venue: Venue, input: OutcomeInput, ctx: Ctx): Promise<Referral> {
      const done = concludeCase(referral, input, ctx);
      const next = venue.version + 1;
      const carried = venue.jointReferral?.referralId === referral.id;
      await send([
        {
          Put: {
            TableName: db.table,
            Item: { ...keys.jointReferral(done.id), entity: 'joint-referral', schemaVersion: 1, ...done },
            ConditionExpression: '#v = :expected',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':expected': referral.version },
          },
        },
        {
          Update: {
            TableName: db.table,
            Key: keys.venue(venue.id),
            UpdateExpression: `${carried ? 'REMOVE jointReferral ' : ''}SET #v = :next, updatedAt = :at`,
            ConditionExpression: '#v = :expected',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':next': next, ':expected': venue.version, ':at': ctx.at },
          },
        },
        {
          Put: {
            TableName: db.table,
            Item: eventItem(venue, next, { type: 'joint-concluded', at: ctx.at, date: ctx.date, by: ctx.actor.userId, reason: input.note, problemId: referral.problemId, referralId: referral.id, agencies: referral.agencies.map((a) => a.code), outcome: input.outcome }),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]);
      return done;
    },

    /** Referrals, newest first (one Query of the tenant's referral partition). */
    list(options: { limit?: number; cursor?: string }): Promise<Page<Referral>> {
      return queryPage<Referral>(db, keys.jointReferrals(), { ...options, newestFirst: true });
    },

    async get(referralId: string): Promise<Referral> {
      const found = await find(referralId);
      if (!found) throw notFound('referral');
      return found;
    },
  };
}
export type JointEnforcementRepository = ReturnType<typeof jointEnforcementRepository>;
