/**
 * Lab results (检测结果) of a round: a lab file's rows (read by the lab import job), each matched to
 * a person by code or ID number (blind index) and stored once per person and sample (a re-sent file
 * changes nothing), sealed like every health value. One transaction per row: the result,
 * the grid's `results`/`positive` counters and, for a positive, the alert to the grid's supervisor
 * chain proposing a monitoring episode (deterministic id: never raised twice).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../../domain/actor';
import { PROPOSED_EPISODE_TYPE, type PositiveAlert, type PositiveAlertResolve, positiveAlertId } from '../../domain/testing/alert';
import { labError, type LabRow, type LabRowError } from '../../domain/testing/lab-file';
import type { StoredRound } from '../../domain/testing/round';
import type { Scope } from '../../domain/scope';
import { conflict, notFound } from '../../errors';
import { queryAll } from '../db';
import { getItem, staleVersion } from '../write';
import { assertInScope, failed, type ResidentsContext, transact, writeCipher } from '../residents/context';
import { addAction, shardOf, type TransactItem } from '../residents/counters';
import type { PersonRepository } from '../residents/persons';
import { resolvePerson } from './records';

export function resultRepository(ctx: ResidentsContext, persons: PersonRepository) {
  const { db, keys } = ctx;

  /**
   * One row of a lab file (the import job, shared/scheduling/lab-import-job.ts): stored, found stored
   * already, or why not. A row this import stored before a stop counts as stored again, so a resumed
   * run counts it once.
   */
  async function store(round: StoredRound, row: LabRow, now: Date, importId: string): Promise<'stored' | 'unchanged' | LabRowError> {
    const person = await resolvePerson(persons, row.who, 'who').catch(() => undefined);
    if (!person) return labError(row.line, 'who', 'no person living here with this ID number or code', '没有登记在住人员使用这个身份证号或人员码');
    if (!person.gridPath.startsWith(round.scopePath)) return labError(row.line, 'who', "the person lives outside the round's area", '此人不在本轮检测范围内');
    const sample = await getItem<{ personId: string }>(db, keys.testSample(round.id, row.sampleId));
    if (sample && sample.personId !== person.id) return labError(row.line, 'sampleId', 'this sample id was recorded for another person', '这个样本编号登记的是另一个人');
    const cipher = await writeCipher(ctx);
    const key = keys.testResult(round.id, person.id, row.sampleId);
    const positive = row.result === 'positive';
    const alert: PositiveAlert | undefined = positive
      ? {
          id: positiveAlertId(round.id, row.sampleId),
          kind: 'positive-test',
          roundId: round.id,
          sampleId: row.sampleId,
          personId: person.id,
          householdId: person.householdId,
          gridId: person.gridId,
          gridPath: person.gridPath,
          nameMasked: person.nameMasked,
          raisedAt: now.toISOString(),
          status: 'open',
          proposedEpisode: { householdId: person.householdId, personId: person.id, type: PROPOSED_EPISODE_TYPE, reason: 'other' },
          version: 1,
        }
      : undefined;
    const items: TransactItem[] = [
      {
        Put: {
          TableName: db.table,
          Item: { ...key, ...keys.testResultEntry({ roundId: round.id, personId: person.id, sampleId: row.sampleId }), entity: 'test-result', schemaVersion: 1, roundId: round.id, personId: person.id, gridId: person.gridId, sampleId: row.sampleId, resultEnc: cipher.encrypt(row.result, `test-result/${round.id}/${person.id}/${row.sampleId}`), importedAt: now.toISOString(), importId },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      addAction(db, keys.testCoverageCounter(round.id, person.gridId, shardOf(person.id)), positive ? { results: 1, positive: 1 } : { results: 1 }, { entity: 'test-coverage', gridId: person.gridId, roundId: round.id }),
      ...(alert ? [{ Put: { TableName: db.table, Item: { ...keys.testAlert(alert.id), ...keys.testAlertEntry(alert), entity: 'test-alert', schemaVersion: 1, ...alert }, ConditionExpression: 'attribute_not_exists(pk)' } }] : []),
    ];
    let unchanged = false;
    await transact(db, items, async ([put]) => {
      if (!failed(put)) throw conflict('the same sample is being imported by another file; retry');
      unchanged = (await getItem<{ importId?: string }>(db, key, true))?.importId !== importId;
      return undefined as never;
    });
    return unchanged ? 'unchanged' : 'stored';
  }

  return {
    store,

    /** Positive alerts of a grid subtree, open or resolved. */
    async alertsIn(gridPath: string, bucket: 'OPEN' | 'CLOSED'): Promise<PositiveAlert[]> {
      return queryAll<PositiveAlert>(db, keys.testAlertsInSubtree(gridPath, bucket));
    },

    async resolveAlert(actor: Actor, scope: Scope, alertId: string, body: PositiveAlertResolve, now: Date): Promise<PositiveAlert> {
      const before = await getItem<PositiveAlert>(db, keys.testAlert(alertId), true);
      if (!before) throw notFound('alert');
      assertInScope(scope, before.gridPath);
      if (before.status === 'resolved') throw conflict('the alert is resolved already');
      if (before.version !== body.version) throw staleVersion('alert', before.version);
      const after: PositiveAlert = { ...before, status: 'resolved', resolvedAt: now.toISOString(), resolvedBy: actor.userId, resolutionNote: body.note, episodeId: body.episodeId, version: before.version + 1 };
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.testAlert(alertId),
            UpdateExpression: `SET #st = :st, resolvedAt = :at, resolvedBy = :by, resolutionNote = :note, #v = :next, gsi1pk = :gpk${body.episodeId ? ', episodeId = :ep' : ''}`,
            ConditionExpression: '#v = :v',
            ExpressionAttributeNames: { '#st': 'status', '#v': 'version' },
            ExpressionAttributeValues: { ':st': 'resolved', ':at': after.resolvedAt, ':by': actor.userId, ':note': body.note, ':next': after.version, ':v': body.version, ':gpk': keys.testAlertEntry(after).gsi1pk, ...(body.episodeId ? { ':ep': body.episodeId } : {}) },
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw staleVersion('alert', ((await getItem<PositiveAlert>(db, keys.testAlert(alertId), true)) ?? before).version);
        throw error;
      }
      return after;
    },
  };
}
export type ResultRepository = ReturnType<typeof resultRepository>;
