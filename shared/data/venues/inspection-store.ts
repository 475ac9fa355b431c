/**
 * Storing a new inspection (shared/data/venues/inspections.ts decides what to store): the inspection, the
 * problems it opens, the failures it records on open problems, the grid's open-problem figure and the
 * venue's summary, in one transaction — and what its refusal means.
 */
import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Inspection } from '../../domain/venues/inspection';
import type { Problem } from '../../domain/venues/problem';
import type { Venue } from '../../domain/venues/venue';
import { because, conflict, DomainError, notFound } from '../../errors';
import type { Db } from '../db';
import type { TenantKeys } from '../keys';
import { openProblemsAction } from './venue-counters';

/** An inspection as stored: the hash of the body it was sent with (resends), the venue's place then (the travel flag). */
export type StoredInspection = Inspection & { bodyHash: string; venueCoordinates?: { lat: number; lng: number } };

export const publicInspection = ({ bodyHash: _h, venueCoordinates: _c, ...inspection }: StoredInspection): Inspection => inspection;

const canonical = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(',')}]`
    : value && typeof value === 'object'
      ? `{${Object.keys(value)
          .sort()
          .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
          .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(value);

/** The body's hash, whatever the order of its keys: a resend must carry the same content. */
export const bodyHashOf = (input: unknown): string => createHash('sha256').update(canonical(input)).digest('base64url');

/** A problem the submit would record a failure on changed meanwhile: the submit reads again once. */
export class ProblemMovedOn extends Error {}

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/**
 * One transaction; 'raced' when another send of the same inspection was stored first. A problem it
 * fails again that moved on meanwhile throws ProblemMovedOn; a vanished venue 404; a busy one 409.
 */
export async function storeInspection(
  db: Db,
  keys: TenantKeys,
  o: { inspection: StoredInspection; problems: Problem[]; again: TransactItem[]; venue: Venue; newestAsRead: boolean },
): Promise<'stored' | 'raced'> {
  const { inspection, problems, again, venue } = o;
  // "Newest wins" is a condition of the write, not a comparison with the venue as read: phones that
  // sync at once after a dead zone store inspections of one venue concurrently, in any order. The
  // summary is set only while the stored one is older; if a newer one landed since the read, the
  // write is made again without the summary (the stored lastInspectedAt only ever moves forward).
  const venueUpdate = (newest: boolean): TransactItem => ({
    Update: {
      TableName: db.table,
      Key: keys.venue(venue.id),
      UpdateExpression: newest ? 'SET openProblems = openProblems + :n, lastInspectedAt = :at, lastOutcome = :outcome' : 'SET openProblems = openProblems + :n',
      ConditionExpression: newest ? 'attribute_exists(pk) AND (attribute_not_exists(lastInspectedAt) OR lastInspectedAt <= :at)' : 'attribute_exists(pk)',
      ExpressionAttributeValues: newest ? { ':n': problems.length, ':at': inspection.endedAt, ':outcome': inspection.outcome } : { ':n': problems.length },
    },
  });
  const store = (newest: boolean) =>
    db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.inspection(inspection.id), ...keys.inspectionEntries(inspection), entity: 'inspection', schemaVersion: 1, ...inspection },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...problems.map((p) => ({
            Put: {
              TableName: db.table,
              Item: { ...keys.problem(p.id), ...keys.problemEntries(p), entity: 'problem', schemaVersion: 1, ...p },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          })),
          ...again,
          // The grid's open-problem figure (venue-counters.ts); the venue's Update stays last (its failure is read from the end).
          ...(problems.length ? [openProblemsAction(db, keys, venue, problems.length)] : []),
          venueUpdate(newest),
        ],
      }),
    );
  try {
    try {
      await store(o.newestAsRead);
    } catch (error) {
      const newerMeanwhile = o.newestAsRead && error instanceof TransactionCanceledException && error.CancellationReasons?.at(-1)?.Code === 'ConditionalCheckFailed' && error.CancellationReasons.slice(0, -1).every((r) => r.Code === 'None');
      if (!newerMeanwhile) throw error;
      await store(false);
    }
    return 'stored';
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const reasons = error.CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'raced';
      if (reasons.at(-1)?.Code === 'ConditionalCheckFailed') throw notFound('venue');
      // A problem it fails again moved on meanwhile (a step, a close): read again and decide afresh.
      const againFrom = 1 + problems.length;
      if (reasons.slice(againFrom, againFrom + again.length).some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) throw new ProblemMovedOn();
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) throw conflict('the inspection could not be stored: one of its problems already exists', because('resend.differs'));
      if (reasons.some((r) => r.Code === 'TransactionConflict')) throw new DomainError(409, 'busy', 'the venue was being updated at the same moment; resend the inspection', because('busy'));
    }
    throw error;
  }
}
