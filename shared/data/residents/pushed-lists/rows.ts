/**
 * Writing one row of a pushed list (the pushed-list job): seen before → nothing; else matched (a
 * person by the blind index of the ID number, then of the phone; else a grid by the address rules;
 * else the routing queue) and stored as a verification task, sealed, with the list's counters, in one
 * transaction whose first action claims the row's fingerprint. Running a list again writes nothing twice.
 */
import { ulid } from 'ulid';
import { localDate } from '../../../domain/local-day';
import type { PushedRow } from '../../../domain/pushed-lists/row';
import { rowFingerprintText } from '../../../domain/pushed-lists/row';
import { defaultPushedListRules, taskDueDate } from '../../../domain/pushed-lists/rules';
import { matchRow } from '../../../domain/pushed-lists/task';
import { conflict } from '../../../errors';
import { getItem } from '../../write';
import { failed, type ResidentsContext, transact, writeCipher } from '../context';
import type { PersonRepository } from '../persons';
import { dayCounterActions } from './days';
import { LIST_SHARDS, progressActions } from './lists';
import { sealRow, type StoredTask } from './stored';
import { personTaskLinkPut, taskItem } from './tasks';

export type RowWritten = 'new' | 'again' | 'duplicate';

export async function rowWriter(ctx: ResidentsContext, persons: Pick<PersonRepository, 'withIdNumber' | 'withPhone'>) {
  const [cipher, residentRules, timeZone, tree] = await Promise.all([writeCipher(ctx), ctx.residentRules(), ctx.timeZone(), ctx.grids.tree()]);
  const rules = residentRules.pushedLists ?? defaultPushedListRules();
  const activeGrids = new Map(tree.filter((g) => g.status === 'active').map((g) => [g.id, g.path]));

  /** Was this fingerprint claimed by this very row (a run again), or by another row (a duplicate)? */
  async function seenAs(fingerprint: string, listId: string, line: number): Promise<RowWritten | undefined> {
    const seen = await getItem<{ listId: string; line: number }>(ctx.db, ctx.keys.pushedRow(fingerprint), true);
    if (!seen) return undefined;
    return seen.listId === listId && seen.line === line ? 'again' : 'duplicate';
  }

  return {
    async write(listId: string, row: PushedRow, now: Date, by: string): Promise<RowWritten> {
      const fingerprint = cipher.blind('pushed-row', rowFingerprintText(row));
      const before = await seenAs(fingerprint, listId, row.line);
      if (before) return before;
      const byIdNumber = row.idNumber ? await persons.withIdNumber('resident-id', row.idNumber) : [];
      const byPhone = !byIdNumber.length && row.phone ? await persons.withPhone(row.phone) : [];
      const match = matchRow(row, { byIdNumber, byPhone }, rules.addressRules, (g) => activeGrids.has(g));
      const id = ulid(now.getTime());
      const at = now.toISOString();
      const gridId = match.kind === 'unmatched' ? undefined : match.gridId;
      const task: StoredTask = {
        id,
        listId,
        line: row.line,
        status: gridId ? 'open' : 'routing',
        gridId,
        gridPath: gridId && activeGrids.get(gridId),
        match: match.kind === 'person' ? { kind: 'person', by: match.by, personId: match.personId, householdId: match.householdId } : match.kind === 'grid' ? { kind: 'grid', by: match.by } : { kind: 'unmatched' },
        ...sealRow(cipher, id, row),
        arrivedFrom: row.arrivedFrom,
        arrivalDate: row.arrivalDate,
        source: row.source,
        riskLevel: row.riskLevel,
        dueDate: gridId ? taskDueDate(now, timeZone, rules) : undefined,
        checks: 0,
        version: 1,
        receivedAt: at,
        updatedAt: at,
        updatedBy: by,
      };
      let written: RowWritten = 'new';
      await transact(
        ctx.db,
        [
          { Put: { TableName: ctx.db.table, Item: { ...ctx.keys.pushedRow(fingerprint), entity: 'pushed-row', listId, line: row.line, taskId: id }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: ctx.db.table, Item: taskItem(ctx, task), ConditionExpression: 'attribute_not_exists(pk)' } },
          ...(task.match.personId ? [personTaskLinkPut(ctx, task.match.personId, id)] : []),
          ...progressActions(ctx, listId, gridId, { received: 1, matched: match.kind === 'unmatched' ? 0 : 1, assigned: gridId ? 1 : 0 }, row.line % LIST_SHARDS),
          ...dayCounterActions(ctx, localDate(now, timeZone), gridId, { received: 1 }, row.line % LIST_SHARDS),
        ],
        async ([claim]) => {
          // Another run of the same list claimed it meanwhile.
          if (!failed(claim)) throw conflict('the task could not be stored; try again');
          written = (await seenAs(fingerprint, listId, row.line)) ?? 'duplicate';
          return undefined as never;
        },
      );
      return written;
    },
  };
}
