/**
 * The missed-reading sweep of one tenant (docs/scheduling.md "Home monitoring"): the windows of
 * yesterday and today that have closed since the last sweep, and for each episode due in one of them
 * without a reading, a missed-reading alert. Reads only the episodes whose last day is yesterday or
 * later (GSI1 from that day: one Query, however many episodes ended before), never the readings: an
 * episode carries the set of windows done. Idempotent: an alert's id is its episode and window and is
 * created with `attribute_not_exists`, and the episode's missed set is added to with the condition
 * that no reading arrived for the window meanwhile; a retried or duplicated job raises nothing twice.
 * Episodes past their last day are completed (their household tag cleared); an episode with a miss
 * whose person moved out or died is ended instead (1 BatchGet of the persons per 96 episodes with work).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, localDate } from '../../../domain/local-day';
import { dueWindowsOn, windowInstance, type WindowInstance } from '../../../domain/monitoring/windows';
import { queryInput, toEntity } from '../../db';
import { getRaw } from '../../write';
import { type ResidentsContext, transact } from '../context';
import { type AlertRepository, missedAlertId, newAlert } from './alerts';
import type { EpisodeRepository } from './episodes';
import type { LifecycleRepository } from './lifecycle';
import { batchGetAll } from '../../bulk';
import { periodOf, setOf, type StoredEpisode, updateIfStillNeeded } from './stored';

/** Transactions in flight at once. */
const IN_FLIGHT = 8;
/** Episodes with work gathered before their persons are read (one BatchGet of ≤ 100 keys). */
const BATCH = 96;

export interface SweepResult {
  windows: string[];
  episodesRead: number;
  missed: number;
  alertsRaised: number;
  completed: number;
  /** Episodes ended because their person had moved out or died. */
  endedForPerson: number;
}

export function sweepRepository(ctx: ResidentsContext, episodes: EpisodeRepository, alerts: AlertRepository, lifecycle: LifecycleRepository) {
  const { db, keys } = ctx;

  /** Episodes whose last day is `from` or later, streamed a page at a time. */
  async function* runningFrom(from: string): AsyncGenerator<StoredEpisode> {
    const input = queryInput(db, keys.episodesByLastDay(), from);
    let start: Record<string, unknown> | undefined;
    do {
      const out = await db.doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      for (const item of out.Items ?? []) yield toEntity<StoredEpisode>(item);
      start = out.LastEvaluatedKey;
    } while (start);
  }

  /** One missed window: its alert and the episode's missed set, or nothing if either is there (a retry) or a reading came. */
  async function raiseMissed(episode: StoredEpisode, windowKey: string, now: Date): Promise<boolean> {
    let raised = true;
    await transact(
      db,
      [
        alerts.raiseAction(newAlert(episode, 'missed-reading', missedAlertId(episode.id, windowKey), now.toISOString(), { windowKey })),
        {
          Update: {
            TableName: db.table,
            Key: keys.episode(episode.id),
            UpdateExpression: 'ADD windowsMissed :k',
            // A reading for the window that arrived since the episode was read: not missed after all.
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(windowsDone) OR NOT contains(windowsDone, :key))',
            ExpressionAttributeValues: { ':k': new Set([windowKey]), ':key': windowKey },
          },
        },
      ],
      () => {
        raised = false;
        return undefined as never;
      },
    );
    return raised;
  }

  return {
    runningFrom,

    async run(now: Date): Promise<SweepResult> {
      const result: SweepResult = { windows: [], episodesRead: 0, missed: 0, alertsRaised: 0, completed: 0, endedForPerson: 0 };
      const state = await getRaw(db, keys.monitoringSchedule(), true);
      if (!state) return result;
      const [rules, tz] = await Promise.all([episodes.rules(), ctx.timeZone()]);
      const today = localDate(now, tz);
      const yesterday = addDays(today, -1);
      const sweptThrough = typeof state.sweptThrough === 'string' ? state.sweptThrough : '';
      const pending: WindowInstance[] = [yesterday, today]
        .flatMap((d) => rules.windows.map((w) => windowInstance(d, w, tz)))
        .filter((w) => w.closesAt.getTime() <= now.getTime() && w.closesAt.toISOString() > sweptThrough)
        .sort((a, b) => a.closesAt.getTime() - b.closesAt.getTime());
      result.windows = pending.map((w) => w.key);

      // Writes go a few at a time (each its own transaction): the time grows with the misses, in steps of IN_FLIGHT.
      let batch: { episode: StoredEpisode; missed: string[]; complete: boolean }[] = [];
      const flush = async () => {
        // Whoever moved out or died meanwhile is not missed: their episode ends (the person's end's follow-up, again).
        const withMisses = batch.filter((b) => b.missed.length);
        const people = withMisses.length ? await batchGetAll(db, withMisses.map((b) => keys.person(b.episode.householdId, b.episode.personId)), { consistent: true }) : undefined;
        let next = 0;
        const work = async ({ episode, missed, complete }: (typeof batch)[number]) => {
          const person = people?.get(keys.person(episode.householdId, episode.personId));
          if (missed.length && person && person.status !== 'active') {
            if (await lifecycle.endOne(episode, person.endReason === 'deceased' ? 'deceased' : 'moved-out', now, 'sweep')) result.endedForPerson++;
            return;
          }
          // One episode's writes in order (they touch the same item); episodes side by side.
          for (const key of missed) if (await raiseMissed(episode, key, now)) result.alertsRaised++;
          if (complete && (await episodes.complete(episode, now))) result.completed++;
        };
        await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, batch.length) }, async () => {
          while (next < batch.length) await work(batch[next++]!);
        }));
        batch = [];
      };
      for await (const episode of runningFrom(yesterday)) {
        result.episodesRead++;
        const done = setOf(episode.windowsDone);
        const missed = pending.filter((w) => !done.has(w.key) && dueWindowsOn(periodOf(episode), rules, tz, w.date).some((d) => d.key === w.key)).map((w) => w.key);
        const complete = episode.status === 'active' && episode.lastDay < today;
        result.missed += missed.length;
        if (!missed.length && !complete) continue;
        batch.push({ episode, missed, complete });
        if (batch.length >= BATCH) await flush();
      }
      await flush();

      const last = pending.at(-1);
      if (last) {
        await updateIfStillNeeded(db, {
          Key: keys.monitoringSchedule(),
          UpdateExpression: 'SET sweptThrough = :s',
          ConditionExpression: 'attribute_not_exists(sweptThrough) OR sweptThrough < :s',
          ExpressionAttributeValues: { ':s': last.closesAt.toISOString() },
        });
      }
      return result;
    },
  };
}
