/** Keys of pushed lists (大数据推送) and their verification tasks. Built only through `tenantKeys` (shared/data/keys.ts), which passes the tenant prefix. */
import { INDEX } from '../table';
import { type QuerySpec, day, gridPathPart, gsi1, gsi2, gsi3, indexEntry, instant, onTable, pad, part, topOf } from './parts';

export function pushedListKeys(t: string) {
  const list = (listId: string) => `${t}#PLIST#${part(listId, 'list id')}`;
  const task = (taskId: string) => `${t}#PTASK#${part(taskId, 'task id')}`;
  return {
    /**
     * A pushed list (docs/data-model.md "Pushed lists"): its partition holds the list (`LIST`), its
     * row-error pages (`LIST#ERRORS#`) and its progress counters (`COUNT#T#<shard>` the list's,
     * `COUNT#G#<grid>#<shard>` a grid's), written in the transaction of the change they count: one
     * Query reads a list's progress. GSI1 lists a tenant's lists by upload time.
     */
    pushedList: (listId: string) => ({ pk: list(listId), sk: 'LIST' }),
    pushedListErrors: (listId: string, page: number) => ({ pk: list(listId), sk: `LIST#ERRORS#${pad(page)}` }),
    pushedListTotal: (listId: string, shard: number) => ({ pk: list(listId), sk: `COUNT#T#${shard}` }),
    pushedListGrid: (listId: string, gridId: string, shard: number) => ({ pk: list(listId), sk: `COUNT#G#${part(gridId, 'grid id')}#${shard}` }),
    pushedListFile: (listId: string): QuerySpec => onTable(list(listId)),
    /** A list's grid counters only (a scoped caller's index: their grids' sums). */
    pushedListGridCounters: (listId: string): QuerySpec => onTable(list(listId), 'COUNT#G#'),
    pushedListEntry: (l: { id: string; createdAt: string }) => indexEntry(INDEX.gsi1, `${t}#PLISTS`, `${instant(l.createdAt)}#${part(l.id, 'list id')}`),
    pushedLists: (): QuerySpec => gsi1(`${t}#PLISTS`),
    /** The lists uploaded before an instant (retention). */
    pushedListsBefore: (at: string): QuerySpec => ({ ...gsi1(`${t}#PLISTS`), skBefore: instant(at) }),

    /**
     * The pushed lists' day counters (the daily report's section): one partition per tenant-local day,
     * an item per grid and shard (`G#<grid>#<shard>`), or `ROUTING#<shard>` for rows no grid took yet.
     */
    pushedDayCounter: (date: string, gridId: string | undefined, shard: number) => ({ pk: `${t}#PDAY#${day(date)}`, sk: gridId ? `G#${part(gridId, 'grid id')}#${shard}` : `ROUTING#${shard}` }),
    pushedDayCounters: (date: string): QuerySpec => onTable(`${t}#PDAY#${day(date)}`),

    /** A one-use ticket for an unmasked export (who asked, for which list, why), gone when used or expired. */

    /** A row seen before, by the blind index of what it says: the same row again changes nothing. */
    pushedRow: (fingerprint: string) => ({ pk: `${t}#PROW#${part(fingerprint, 'row fingerprint')}`, sk: 'ROW' }),

    /**
     * A verification task (one row of a list) and its checks (`CHECK#<client id>`): one Query reads a
     * task with its checks. GSI1: the routing queue (no grid yet), else the tasks of a grid subtree,
     * open or done (one partition per top-level grid), by path then due date. GSI2: a list's tasks in
     * line order (the export). GSI3: open tasks by due date, only while they may become overdue (the
     * escalation reads those due before today).
     */
    pushedTask: (taskId: string) => ({ pk: task(taskId), sk: 'TASK' }),
    pushedTaskCheck: (taskId: string, checkId: string) => ({ pk: task(taskId), sk: `CHECK#${part(checkId, 'check id')}` }),
    pushedTaskFile: (taskId: string): QuerySpec => onTable(task(taskId)),
    /** A task that names a registry person (matched at intake, or linked by its outcome): their tombstone reduces it. */
    personTaskLink: (personId: string, taskId: string) => ({ pk: `${t}#PERSONTASK#${part(personId, 'person id')}`, sk: part(taskId, 'task id') }),
    personTaskLinks: (personId: string): QuerySpec => onTable(`${t}#PERSONTASK#${part(personId, 'person id')}`),
    pushedTaskEntries: (k: { id: string; listId: string; line: number; status: string; gridPath?: string; dueDate?: string; receivedAt: string; escalated?: string }) => ({
      ...(k.gridPath && k.dueDate
        ? indexEntry(INDEX.gsi1, `${t}#PTASKS#${topOf(k.gridPath)}#${k.status === 'verified' ? 'DONE' : 'OPEN'}`, `${gridPathPart(k.gridPath)}${day(k.dueDate)}#${part(k.id, 'task id')}`)
        : indexEntry(INDEX.gsi1, `${t}#PROUTING`, `${instant(k.receivedAt)}#${part(k.id, 'task id')}`)),
      ...indexEntry(INDEX.gsi2, `${t}#PLTASKS#${part(k.listId, 'list id')}`, `${pad(k.line)}#${part(k.id, 'task id')}`),
      ...(k.status === 'open' && k.dueDate ? indexEntry(INDEX.gsi3, `${t}#PTASKDUE`, `${day(k.dueDate)}#${part(k.id, 'task id')}`) : {}),
    }),
    pushedRoutingQueue: (): QuerySpec => gsi1(`${t}#PROUTING`),
    pushedTasksInSubtree: (gridPath: string, bucket: 'OPEN' | 'DONE'): QuerySpec => gsi1(`${t}#PTASKS#${topOf(gridPath)}#${bucket}`, gridPathPart(gridPath)),
    pushedListTasks: (listId: string): QuerySpec => gsi2(`${t}#PLTASKS#${part(listId, 'list id')}`),
    /** Open tasks due before `today`: the overdue ones. */
    pushedTasksDueBefore: (today: string): QuerySpec => ({ ...gsi3(`${t}#PTASKDUE`), skBefore: day(today) }),
  };
}
