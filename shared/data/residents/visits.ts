/**
 * Visits (走访): sent by the phone's outbox with a client ULID, so a resend is stored once (same body:
 * the stored visit; another body under the same id: 409). Kept in the household's partition (its
 * file shows them); GSI1 lists a day's visits by grid subtree; the day's counter counts them.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Actor } from '../../domain/actor';
import type { Scope } from '../../domain/scope';
import type { Visit, VisitInput } from '../../domain/residents/visit';
import { conflict } from '../../errors';
import { type Page, queryPage } from '../db';
import { getItem } from '../write';
import { dayCounterAction, shardOf } from './counters';
import { failed, type ResidentsContext, transact } from './context';
import type { HouseholdRepository } from './households';

const sameVisit = (a: Visit, b: Visit) => a.householdId === b.householdId && a.visitedAt === b.visitedAt && a.method === b.method && (a.note ?? '') === (b.note ?? '');

export function visitRepository(ctx: ResidentsContext, households: HouseholdRepository) {
  const { db, keys } = ctx;
  return {
    async record(actor: Actor, scope: Scope, input: VisitInput, now: Date): Promise<{ visit: Visit; created: boolean }> {
      const household = await households.visible(scope, input.householdId);
      const visitedAt = new Date(input.visitedAt);
      const visit: Visit = {
        id: input.id,
        householdId: household.id,
        gridId: household.gridId,
        visitedAt: visitedAt.toISOString(),
        date: await ctx.dayOf(visitedAt),
        method: input.method,
        note: input.note,
        visitorId: actor.userId,
        receivedAt: now.toISOString(),
      };
      const key = keys.visit(household.id, visit.id);
      let created = true;
      await transact(
        db,
        [
          { Put: { TableName: db.table, Item: { ...key, ...keys.visitEntries({ ...visit, gridPath: household.gridPath }), entity: 'visit', schemaVersion: 1, ...visit }, ConditionExpression: 'attribute_not_exists(pk)' } },
          dayCounterAction(db, keys, visit.date, household.gridId, { visits: 1 }, shardOf(household.id)),
        ],
        async ([put]) => {
          if (failed(put)) {
            const stored = await getItem<Visit>(db, key, true);
            if (stored && sameVisit(stored, visit)) {
              created = false;
              return undefined as never;
            }
            throw conflict('a visit with this id exists with other values');
          }
          throw conflict('the visit could not be stored; try again');
        },
      );
      if (!created) return { visit: (await getItem<Visit>(db, key, true))!, created };
      // The household's last visit, if this one is later (a late sync of an older visit leaves it).
      await db.doc
        .send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.household(household.id),
            UpdateExpression: 'SET lastVisitedAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastVisitedAt) OR lastVisitedAt < :at)',
            ExpressionAttributeValues: { ':at': visit.visitedAt },
          }),
        )
        .catch((error) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
      return { visit, created };
    },

    ofHousehold(householdId: string, page: { limit?: number; cursor?: string }): Promise<Page<Visit>> {
      return queryPage<Visit>(db, keys.householdFile(householdId, 'VISIT#'), page);
    },
  };
}
