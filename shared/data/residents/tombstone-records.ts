/**
 * What a tombstone reduces besides the person item (docs/privacy.md "How long: retention"): the
 * person's other records lose every name, number and health value, keeping only what the district's
 * figures need (ids, grids, times, outcomes). The counters are items of their own and do not change.
 *
 * - testing: in each round, the person's records keep no masked name and their lab results no result
 *   (sealed health data), and a positive result's alert no masked name;
 * - check-ins made with their phone (a visitor's check-in names nothing else) are deleted — unless
 *   another person living here has that phone now;
 * - self-registration forms confirmed or merged into them are deleted;
 * - pushed-list tasks that name them (matched at intake or linked by the outcome) lose the row's name,
 *   ID number, phone, address and the outcome's note.
 *
 * Query only (every place has an index by the person: docs/data-model.md); each write conditional and
 * repeatable, so the tombstone's caller runs it before the person's own transaction and a run stopped
 * midway is finished by the next.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { positiveAlertId } from '../../domain/testing/alert';
import { queryRaw } from '../batch';
import { batchWriteAll, del } from '../bulk';
import { queryAll, queryEach } from '../db';
import type { Key } from '../keys';
import { getItem } from '../write';
import type { ResidentsContext } from './context';
import { updateIfStillNeeded } from './monitoring/stored';
import type { StoredTask } from './pushed-lists/stored';
import type { StoredPerson } from './stored';

/** What a removed name or number reads as. */
export const GONE = '—';

export interface ReducedRecords {
  testRecords: number;
  testResults: number;
  checkIns: number;
  submissions: number;
  tasks: number;
}

const keyOf = (item: Record<string, unknown>): Key => ({ pk: String(item.pk), sk: String(item.sk) });

export function tombstoneRecords(ctx: ResidentsContext) {
  const { db, keys } = ctx;
  const setGone = (key: Key, attr: string) =>
    updateIfStillNeeded(db, { Key: key, UpdateExpression: 'SET #a = :gone', ConditionExpression: 'attribute_exists(pk) AND #a <> :gone', ExpressionAttributeNames: { '#a': attr }, ExpressionAttributeValues: { ':gone': GONE } });

  async function testing(personId: string, now: Date, out: ReducedRecords) {
    for await (const round of queryEach<{ id: string }>(db, keys.testRounds(), { projection: ['id'] })) {
      for (const item of await queryRaw(db, keys.testPersonRound(round.id, personId), { consistent: true })) {
        const sk = String(item.sk);
        if (sk.startsWith('REC#') && item.nameMasked !== GONE) {
          await setGone(keyOf(item), 'nameMasked');
          out.testRecords++;
        }
        if (sk.startsWith('RESULT#')) {
          // The alert first: a run that stops after it finds the result still there next time.
          await setGone(keys.testAlert(positiveAlertId(round.id, String(item.sampleId))), 'nameMasked');
          if (item.resultEnc === undefined) continue;
          // The result goes, and with it the re-seal's index entry (nothing sealed is left on it).
          await updateIfStillNeeded(db, { Key: keyOf(item), UpdateExpression: 'SET reducedAt = :now REMOVE resultEnc, gsi1pk, gsi1sk', ConditionExpression: 'attribute_exists(resultEnc)', ExpressionAttributeValues: { ':now': now.toISOString() } });
          out.testResults++;
        }
      }
    }
  }

  async function checkIns(person: StoredPerson, out: ReducedRecords) {
    if (!person.phoneBlind) return;
    const holders = await queryAll<Pick<StoredPerson, 'id' | 'status'>>(db, keys.personsWithPhone(person.phoneBlind));
    if (holders.some((p) => p.id !== person.id && p.status === 'active')) return;
    const found = await queryRaw(db, keys.checkInsOfVisitor(person.phoneBlind), { projection: ['pk', 'sk'] });
    if (found.length) await batchWriteAll(db, found.map((i) => del(keyOf(i))));
    out.checkIns += found.length;
  }

  async function submissions(personId: string, out: ReducedRecords) {
    const found = await queryRaw(db, keys.submissionsOfPerson(personId), { projection: ['pk', 'sk'] });
    if (found.length) await batchWriteAll(db, found.map((i) => del(keyOf(i))));
    out.submissions += found.length;
  }

  /** One task without the row's personal values (its version moves on: an edit based on them is a 409). */
  async function reduceTask(taskId: string): Promise<boolean> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const task = await getItem<StoredTask>(db, keys.pushedTask(taskId), true);
      if (!task || task.nameEnc === undefined) return false;
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.pushedTask(taskId),
            UpdateExpression: 'SET nameMasked = :gone, #v = #v + :one REMOVE nameEnc, idNumberEnc, idNumberMasked, phoneEnc, phoneMasked, addressEnc, addressMasked, outcomeNote',
            ConditionExpression: '#v = :read',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':gone': GONE, ':one': 1, ':read': task.version },
          }),
        );
        return true;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    throw new Error('a pushed-list task kept changing while its person was tombstoned; the next run reduces it');
  }

  async function tasks(personId: string, out: ReducedRecords) {
    for (const link of await queryRaw(db, keys.personTaskLinks(personId), { consistent: true })) {
      if (await reduceTask(String(link.taskId))) out.tasks++;
      await batchWriteAll(db, [del(keyOf(link))]);
    }
  }

  return {
    /** Reduce every other record of the person (before their tombstone is written). Safe to run again. */
    async reduce(person: StoredPerson, now: Date): Promise<ReducedRecords> {
      const out: ReducedRecords = { testRecords: 0, testResults: 0, checkIns: 0, submissions: 0, tasks: 0 };
      await testing(person.id, now, out);
      await checkIns(person, out);
      await submissions(person.id, out);
      await tasks(person.id, out);
      return out;
    },
  };
}
