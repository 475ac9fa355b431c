/**
 * Failed sign-ins per tenant and user name: after 5 failures in 15 minutes the name is locked for
 * the rest of the window. One counter item per name, expiring on its own (TTL).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../clock';
import type { Db } from './db';
import { tenantKeys } from './keys';
import { TTL_ATTRIBUTE } from './table';
import { getItem } from './write';

const WINDOW_SECONDS = 15 * 60;
const MAX_FAILURES = 5;

export function loginThrottle(db: Db, tenantId: string, userId: string, clock: Clock) {
  const key = tenantKeys(tenantId).loginFailures(userId);
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);
  return {
    async isLocked(): Promise<boolean> {
      const item = await getItem<{ failures: number; expiresAt: number }>(db, key, true);
      return !!item && item.expiresAt > nowSeconds() && item.failures >= MAX_FAILURES;
    },
    async recordFailure(): Promise<void> {
      const now = nowSeconds();
      // A window that has expired starts again at one failure.
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: key,
          UpdateExpression: 'SET failures = if_not_exists(failures, :zero) + :one, #ttl = if_not_exists(#ttl, :until)',
          ConditionExpression: 'attribute_not_exists(#ttl) OR #ttl > :now',
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':until': now + WINDOW_SECONDS, ':now': now },
        }),
      ).catch(async (error) => {
        if (error.name !== 'ConditionalCheckFailedException') throw error;
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: key,
            UpdateExpression: 'SET failures = :one, #ttl = :until',
            ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':one': 1, ':until': now + WINDOW_SECONDS },
          }),
        );
      });
    },
  };
}
