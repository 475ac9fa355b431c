/**
 * Transaction items for a problem's history event, and for a failure recorded on an open problem
 * by an inspection's submit (shared/domain/venues/failed-again.ts): written in the submit's transaction,
 * so a resend (whose inspection Put fails) records nothing twice.
 */
import { ulid } from 'ulid';
import { failedAgain } from '../../domain/venues/failed-again';
import type { ProblemEvent } from '../../domain/venues/ladder';
import type { Problem } from '../../domain/venues/problem';
import { type Db, type Page, queryPage } from '../db';
import type { tenantKeys } from '../keys';

type Keys = ReturnType<typeof tenantKeys>;

/** A problem's history event (also listed by day for the day close, gsi ENFDAY). */
export function problemEventPut(db: Db, keys: Keys, p: Pick<Problem, 'id' | 'gridPath' | 'venueId' | 'version'>, event: ProblemEvent) {
  return {
    Put: {
      TableName: db.table,
      Item: {
        ...keys.problemEvent(p.id, p.version),
        ...keys.enforcementDayEntry({ date: event.date, gridPath: p.gridPath, at: event.at, id: event.id }),
        entity: 'problem-event',
        schemaVersion: 1,
        gridPath: p.gridPath,
        venueId: p.venueId,
        ...event,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * The failure recorded on an open problem: its counters (condition: the version as read and not
 * closed, so a concurrent step makes the submit retry with a fresh read) and its `failed-again` event.
 */
export function failedAgainItems(db: Db, keys: Keys, problem: Problem, ctx: { inspectionId: string; by: string; at: string; today: string }) {
  const { set, event } = failedAgain(problem, ctx);
  return [
    {
      Update: {
        TableName: db.table,
        Key: keys.problem(problem.id),
        UpdateExpression: 'SET failedAgain = :n, lastFailedAt = :at, lastFailedInspectionId = :i, #version = :v, updatedAt = :at',
        ConditionExpression: '#version = :expected AND #status <> :closed',
        ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
        ExpressionAttributeValues: { ':n': set.failedAgain, ':at': set.lastFailedAt, ':i': set.lastFailedInspectionId, ':v': set.version, ':expected': problem.version, ':closed': 'closed' },
      },
    },
    problemEventPut(db, keys, { ...problem, version: set.version }, { id: ulid(Date.parse(ctx.at)), ...event }),
  ];
}

/** A venue's problems not closed yet, newest first (the filter skips closed ones on the server; ≤ `limit` read). */
export function openProblemsOfVenue(db: Db, keys: Keys, venueId: string, limit = 50): Promise<Page<Problem>> {
  const filter = { expression: '#st <> :closed', names: { '#st': 'status' }, values: { ':closed': 'closed' } };
  return queryPage<Problem>(db, keys.venueProblems(venueId), { limit, newestFirst: true, filter });
}
