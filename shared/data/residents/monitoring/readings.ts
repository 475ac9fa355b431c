/**
 * Readings (测温) and episode actions (supplies, door tests), sent by the phone's outbox with a client
 * ULID: a resend with the same body is stored once (200 with the stored one), another body under the
 * same id is a 409. A reading adds its window to the episode's done set (a string-set ADD: the same
 * window twice is once) and, at or above the fever threshold, raises its fever alert in the same
 * transaction (and its day to the episode's fever days). Health values are sealed with the tenant's key.
 */
import type { Actor } from '../../../domain/actor';
import type { EpisodeActionInput } from '../../../domain/monitoring/episode';
import { isFever } from '../../../domain/monitoring/follow-up';
import type { ReadingInput } from '../../../domain/monitoring/reading';
import { dueWindowOfReading, inPeriod } from '../../../domain/monitoring/windows';
import { localDate } from '../../../domain/local-day';
import type { Scope } from '../../../domain/scope';
import { badRequest, conflict } from '../../../errors';
import { getItem } from '../../write';
import type { TransactItem } from '../counters';
import { failed, type ResidentsContext, transact, writeCipher } from '../context';
import { type AlertRepository, feverAlertId, newAlert } from './alerts';
import type { EpisodeRepository } from './episodes';
import { actionContext, CLOCK_SKEW_MS, lastReadingContext, periodOf, readingContext, type StoredAction, type StoredReading, sealHealth, updateIfStillNeeded } from './stored';


/** Store once under a client id: a resend whose `same` holds is the stored item; another body is a 409. */
async function putOnce<T>(ctx: ResidentsContext, key: { pk: string; sk: string }, items: TransactItem[], same: (stored: T) => boolean): Promise<{ stored?: T }> {
  let stored: T | undefined;
  await transact(ctx.db, items, async ([put]) => {
    if (failed(put)) {
      stored = await getItem<T>(ctx.db, key, true);
      if (stored && same(stored)) return undefined as never;
      throw conflict('a record with this id exists with other values');
    }
    throw conflict('the episode changed meanwhile; try again');
  });
  return { stored };
}

export function readingRepository(ctx: ResidentsContext, episodes: EpisodeRepository, alerts: AlertRepository) {
  const { db, keys } = ctx;
  /** The episode's window done (the same window twice is once) and its fever day, for the sweep and the day's report. */
  const episodeMarks = (episodeId: string, windowKey: string | undefined, feverDay: string | undefined): TransactItem => {
    const adds = [...(windowKey ? ['windowsDone :k'] : []), ...(feverDay ? ['feverDays :f'] : [])];
    return {
      Update: {
        TableName: db.table,
        Key: keys.episode(episodeId),
        UpdateExpression: `ADD ${adds.join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ...(windowKey ? { ':k': new Set([windowKey]) } : {}), ...(feverDay ? { ':f': new Set([feverDay]) } : {}) },
      },
    };
  };
  return {
    async record(actor: Actor, scope: Scope, input: ReadingInput, now: Date): Promise<{ reading: StoredReading; created: boolean; alertId?: string }> {
      const episode = await episodes.visible(scope, input.episodeId, true);
      const takenAt = new Date(input.takenAt);
      if (takenAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw badRequest('body.takenAt', 'in the future', 'date.future');
      const [rules, tz, cipher] = await Promise.all([episodes.rules(), ctx.timeZone(), writeCipher(ctx)]);
      const period = periodOf(episode);
      const windowKey = dueWindowOfReading(period, rules, tz, takenAt);
      const fever = isFever(input.temperature, rules);
      const health = { temperature: input.temperature, symptoms: input.symptoms, symptomNote: input.symptomNote };
      const reading: StoredReading = {
        id: input.id,
        episodeId: episode.id,
        takenAt: takenAt.toISOString(),
        method: input.method,
        fever,
        windowKey,
        outsidePeriod: !inPeriod(period, tz, takenAt),
        takenBy: actor.userId,
        receivedAt: now.toISOString(),
        healthEnc: sealHealth(cipher, readingContext(input.id), health),
        inputBlind: cipher.blind('body', JSON.stringify([input.episodeId, takenAt.toISOString(), input.temperature, input.symptoms, input.symptomNote ?? '', input.method])),
      };
      const key = keys.reading(episode.id, reading.id);
      const alert = fever ? newAlert(episode, 'fever', feverAlertId(reading.id), reading.receivedAt, { readingId: reading.id, windowKey }) : undefined;
      const items: TransactItem[] = [
        { Put: { TableName: db.table, Item: { ...key, entity: 'reading', schemaVersion: 1, ...reading }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ...(windowKey || fever ? [episodeMarks(episode.id, windowKey, fever ? localDate(takenAt, tz) : undefined)] : []),
        ...(alert ? [alerts.raiseAction(alert)] : []),
      ];
      const { stored } = await putOnce<StoredReading>(ctx, key, items, (s) => s.inputBlind === reading.inputBlind);
      if (stored) return { reading: stored, created: false, alertId: stored.fever ? feverAlertId(stored.id) : undefined };
      // A late sync of a window the sweep had found missed resolves that alert.
      if (windowKey && episode.windowsMissed && new Set(episode.windowsMissed).has(windowKey)) await alerts.resolveLate(episode.id, windowKey, reading.id, now);
      // The episode's last reading, if this one is later (a late sync of an older one leaves it).
      await updateIfStillNeeded(db, {
        Key: keys.episode(episode.id),
        UpdateExpression: 'SET lastReadingAt = :at, lastReadingEnc = :enc',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastReadingAt) OR lastReadingAt < :at)',
        ExpressionAttributeValues: { ':at': reading.takenAt, ':enc': cipher.encrypt(JSON.stringify({ temperature: input.temperature, fever }), lastReadingContext(episode.id)) },
      });
      return { reading, created: true, alertId: alert?.id };
    },

    /** A supplies delivery or a door test; a test result is sealed. */
    async recordAction(actor: Actor, scope: Scope, episodeId: string, input: EpisodeActionInput, now: Date): Promise<{ action: StoredAction; created: boolean }> {
      const episode = await episodes.visible(scope, episodeId, true);
      if (Date.parse(input.at) > now.getTime() + CLOCK_SKEW_MS) throw badRequest('body.at', 'in the future', 'date.future');
      const cipher = await writeCipher(ctx);
      const action: StoredAction = {
        id: input.id,
        episodeId: episode.id,
        kind: input.kind,
        at: new Date(input.at).toISOString(),
        note: input.note,
        by: actor.userId,
        receivedAt: now.toISOString(),
        ...(input.result ? { resultEnc: cipher.encrypt(input.result, actionContext(input.id)) } : {}),
      };
      const key = keys.episodeAction(episode.id, action.id);
      const { stored } = await putOnce<StoredAction>(ctx, key, [{ Put: { TableName: db.table, Item: { ...key, entity: 'episode-action', schemaVersion: 1, ...action }, ConditionExpression: 'attribute_not_exists(pk)' } }], (s) => s.kind === action.kind && s.at === action.at && (s.note ?? '') === (action.note ?? ''));
      return stored ? { action: stored, created: false } : { action, created: true };
    },
  };
}
export type ReadingRepository = ReturnType<typeof readingRepository>;
