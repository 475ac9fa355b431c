/**
 * Retention of pushed lists (docs/privacy.md "Pushed lists"): a list's rows name people who mostly
 * are not residents, pushed for a day's verification. They are kept `pushedLists.retentionDays`
 * (default 90) after the upload; then the retention job deletes every task of the list with its checks
 * (the sealed row is on the task item) and the list's row-error pages, and marks the list `purgedAt`.
 * The list's progress counters and the days' figures stay: they are counts.
 *
 * Query only: the tenant's lists by upload time (GSI1, those uploaded before the cutoff), a list's
 * tasks by line (GSI2), a task's partition. Idempotent, and resumable: the list is marked last, so a
 * run that stops midway leaves it unmarked and the next run deletes what is left.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { defaultPushedListRules } from '../../../domain/pushed-lists/rules';
import type { PushedList } from '../../../domain/pushed-lists/list';
import { queryRaw } from '../../batch';
import { batchWriteAll, del } from '../../bulk';
import { queryAll, queryPage } from '../../db';
import type { ResidentsContext } from '../context';

const TASKS_PER_PAGE = 100;
const DAY_MS = 86_400_000;

export function pushedListRetention(ctx: ResidentsContext) {
  const { db, keys } = ctx;

  /** Delete a list's tasks (each with its checks), a page at a time; deleted tasks leave the index, so each page reads from the start. */
  async function deleteTasks(listId: string): Promise<number> {
    let deleted = 0;
    for (;;) {
      const page = await queryPage<{ pk: string; id: string }>(db, keys.pushedListTasks(listId), { limit: TASKS_PER_PAGE });
      if (!page.items.length) return deleted;
      const items = (await Promise.all(page.items.map((task) => queryRaw(db, keys.pushedTaskFile(task.id), { projection: ['pk', 'sk'] })))).flat();
      await batchWriteAll(db, items.map((item) => del({ pk: item.pk as string, sk: item.sk as string })));
      deleted += page.items.length;
    }
  }

  return {
    /** Delete the rows of every list uploaded more than `retentionDays` ago and not purged yet. */
    async run(now: Date): Promise<{ lists: number; tasks: number; cutoff: string }> {
      const rules = (await ctx.residentRules()).pushedLists ?? defaultPushedListRules();
      const days = rules.retentionDays ?? defaultPushedListRules().retentionDays;
      const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
      const old = await queryAll<PushedList>(db, keys.pushedListsBefore(cutoff));
      const result = { lists: 0, tasks: 0, cutoff };
      for (const list of old) {
        if (list.purgedAt || list.createdAt >= cutoff) continue;
        result.tasks += await deleteTasks(list.id);
        const errorPages = (await queryRaw(db, keys.pushedListFile(list.id), { projection: ['pk', 'sk', 'entity'] })).filter((i) => i.entity === 'pushed-list-errors');
        await batchWriteAll(db, errorPages.map((item) => del({ pk: item.pk as string, sk: item.sk as string })));
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.pushedList(list.id),
            UpdateExpression: 'SET purgedAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':now': now.toISOString() },
          }),
        );
        result.lists++;
      }
      return result;
    },
  };
}
