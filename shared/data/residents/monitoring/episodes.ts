/**
 * Monitoring episodes (一人一档): started with a client ULID (a resend returns the stored one), one live
 * episode per person, changed with a version (a stale one is a 409). Starting one tags the household
 * with the type's tag and ending the household's last one of that type clears it, in the same
 * transaction (the household's live episodes are counted in its MONHH item). Readings do not change
 * the version (they only add to the window sets), so a change never races a reading.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Actor } from '../../../domain/actor';
import type { EpisodeEnd, EpisodeEvent, EpisodeInput } from '../../../domain/monitoring/episode';
import { extendPeriod, lastDayFrom, restartPeriod } from '../../../domain/monitoring/follow-up';
import { episodeTypeOf, type MonitoringRules, monitoringRulesOf } from '../../../domain/monitoring/rules';
import type { Household } from '../../../domain/residents/household';
import type { Scope } from '../../../domain/scope';
import { badRequest, because, conflict, DomainError, notFound } from '../../../errors';
import { getItem, getRaw, staleVersion, updateExpression } from '../../write';
import { queryRaw } from '../../batch';
import { toEntity } from '../../db';
import type { TransactItem } from '../counters';
import { assertInScope, eventAction, failed, type ResidentsContext, transact } from '../context';
import type { HouseholdRepository } from '../households';
import type { PersonRepository } from '../persons';
import { CLOCK_SKEW_MS, periodOf, type StoredEpisode, updateIfStillNeeded } from './stored';

const tagAttr = (code: string) => `tag_${code}`;
const where = (h: Household) => ({ building: [h.address.compound, h.address.building].filter(Boolean).join(' ') || '—', room: [h.address.unit, h.address.room].filter(Boolean).join('-') });

export function episodeRepository(ctx: ResidentsContext, households: HouseholdRepository, persons: PersonRepository) {
  const { db, keys } = ctx;
  const rules = async (): Promise<MonitoringRules> => monitoringRulesOf(await ctx.residentRules());

  async function get(episodeId: string, consistent = false): Promise<StoredEpisode> {
    const episode = await getItem<StoredEpisode>(db, keys.episode(episodeId), consistent);
    if (!episode) throw notFound('episode');
    return episode;
  }

  async function visible(scope: Scope, episodeId: string, consistent = false): Promise<StoredEpisode> {
    const episode = await get(episodeId, consistent);
    assertInScope(scope, episode.gridPath);
    return episode;
  }

  const eventPut = (episodeId: string, event: EpisodeEvent): TransactItem => ({
    Put: { TableName: db.table, Item: { ...keys.episodeEvent(episodeId, event.at, ulid()), entity: 'episode-event', schemaVersion: 1, ...event } },
  });

  /** The household's tags with `tag` added or removed, as a versioned Update and a history entry; none if nothing changes. */
  function householdTagActions(h: Household, tag: string, add: boolean, by: string, at: string): TransactItem[] {
    const has = h.tags.includes(tag);
    if (has === add) return [];
    const tags = add ? [...h.tags, tag] : h.tags.filter((t) => t !== tag);
    return [
      {
        Update: {
          TableName: db.table,
          Key: keys.household(h.id),
          ...updateExpression({ tags, updatedAt: at }, [], { sets: ['#version = #version + :one'], names: { '#version': 'version' }, values: { ':one': 1, ':v': h.version } }),
          ConditionExpression: '#version = :v',
        },
      },
      eventAction(ctx, h.id, { at, by, action: 'household-changed', changes: [{ field: 'tags', from: h.tags, to: tags }] }),
    ];
  }

  /** The sweep's state: the rules' windows and the last day anyone is monitored (only ever later). */
  async function extendSchedule(lastDay: string, r: MonitoringRules) {
    // The windows as the rules say now; the last day only ever later (DynamoDB has no max: a condition).
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.monitoringSchedule(),
        UpdateExpression: 'SET windows = :w, entity = :e, activeUntil = if_not_exists(activeUntil, :d)',
        ExpressionAttributeValues: { ':d': lastDay, ':w': r.windows.map((w) => ({ id: w.id, start: w.start, end: w.end })), ':e': 'monitoring-schedule' },
      }),
    );
    await updateIfStillNeeded(db, { Key: keys.monitoringSchedule(), UpdateExpression: 'SET activeUntil = :d', ConditionExpression: 'activeUntil < :d', ExpressionAttributeValues: { ':d': lastDay } });
  }

  /** A versioned change of an episode (fields set, the last-day index moved with `lastDay`) with its history entry, plus `more`. */
  async function change(before: StoredEpisode, version: number, set: Partial<StoredEpisode>, event: EpisodeEvent, more: TransactItem[] = []): Promise<StoredEpisode> {
    if (before.version !== version) throw staleVersion('episode', before.version);
    const after: StoredEpisode = { ...before, ...set, version: before.version + 1, updatedAt: event.at };
    const index = keys.episodeEntries(after);
    await transact(
      db,
      [
        {
          Update: {
            TableName: db.table,
            Key: keys.episode(before.id),
            ...updateExpression({ ...set, ...index, updatedAt: event.at }, [], { sets: ['#version = #version + :one'], names: { '#version': 'version' }, values: { ':one': 1, ':v': version } }),
            ConditionExpression: '#version = :v',
          },
        },
        eventPut(before.id, event),
        ...more,
      ],
      async ([first]) => {
        if (failed(first)) throw staleVersion('episode', (await get(before.id, true)).version);
        throw conflict('the household changed meanwhile; try again');
      },
    );
    return after;
  }

  /** End a live episode (early, transferred, or completed by the sweep): the household's tag goes with its last episode of that type. */
  async function finish(before: StoredEpisode, version: number, status: 'ended-early' | 'transferred' | 'completed', at: Date, by: string, why?: string, destination?: string, extra: Partial<StoredEpisode> = {}): Promise<StoredEpisode> {
    if (before.status !== 'active') throw conflict(`the episode is ${before.status} already`, because('monitoring.episodeState', { status: before.status }));
    const r = await rules();
    const tag = episodeTypeOf(r, before.type)?.householdTag;
    const live = (await getRaw(db, keys.monitoringHousehold(before.householdId), true)) ?? {};
    const sameTag = tag ? [...((live[tagAttr(tag)] as Set<string> | undefined) ?? [])] : [];
    const more: TransactItem[] = [];
    const names: Record<string, string> = { '#persons': 'persons' };
    const values: Record<string, unknown> = { ':p': new Set([before.personId]), ':pid': before.personId };
    let condition = 'contains(#persons, :pid)';
    let update = 'DELETE #persons :p';
    if (tag && sameTag.includes(before.id)) {
      names['#tag'] = tagAttr(tag);
      values[':e'] = new Set([before.id]);
      values[':n'] = sameTag.length;
      condition += ' AND size(#tag) = :n';
      update += ', #tag :e';
      // The last live episode of this type in the household: its tag goes.
      if (sameTag.length === 1) more.push(...householdTagActions(await households.get(before.householdId, true), tag, false, by, at.toISOString()));
    }
    more.push({ Update: { TableName: db.table, Key: keys.monitoringHousehold(before.householdId), UpdateExpression: update, ConditionExpression: condition, ExpressionAttributeNames: names, ExpressionAttributeValues: values } });
    const endedAt = at.toISOString();
    const set: Partial<StoredEpisode> = { status, endedAt, ...extra, ...(destination ? { destination } : {}), ...(status === 'completed' ? {} : { lastDay: [before.lastDay, lastDayFrom(at, 1, await ctx.timeZone())].sort()[0]! }) };
    return change(before, version, status === 'completed' ? { status } : set, { at: endedAt, by, action: status, why, changes: [{ field: 'status', from: before.status, to: status }, ...(destination ? [{ field: 'destination', to: destination }] : [])] }, more);
  }

  return {
    get,
    visible,
    rules,

    async start(actor: Actor, scope: Scope, input: EpisodeInput, now: Date): Promise<{ episode: StoredEpisode; created: boolean }> {
      const stored = await getItem<StoredEpisode>(db, keys.episode(input.id), true);
      if (stored) {
        if (stored.personId === input.personId && stored.type === input.type) return { episode: stored, created: false };
        throw conflict('an episode with this id exists with other values');
      }
      const r = await rules();
      const type = episodeTypeOf(r, input.type);
      if (!type) throw badRequest('body.type', "not an episode type of the tenant's rules");
      const startedAt = input.startedAt ? new Date(input.startedAt) : now;
      if (startedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw badRequest('body.startedAt', 'in the future', 'date.future');
      const person = await persons.visible(scope, input.householdId, input.personId);
      if (person.status !== 'active') throw conflict(`the person is ${person.status}`, because('monitoring.personInactive', { status: person.status }));
      // The household they live in now (an old pair follows their moves).
      const household = await households.get(person.householdId, true);
      const tz = await ctx.timeZone();
      const at = now.toISOString();
      const episode: StoredEpisode = {
        id: input.id,
        personId: person.id,
        householdId: household.id,
        gridId: household.gridId,
        gridPath: household.gridPath,
        nameMasked: person.nameMasked,
        ...where(household),
        type: type.code,
        reason: input.reason,
        note: input.note,
        assignees: input.assignees,
        startedAt: startedAt.toISOString(),
        lastDay: lastDayFrom(startedAt, input.days ?? type.days, tz),
        status: 'active',
        restarts: 0,
        windows: type.windows,
        version: 1,
        createdAt: at,
        createdBy: actor.userId,
        updatedAt: at,
      };
      const live: TransactItem = {
        Update: {
          TableName: db.table,
          Key: keys.monitoringHousehold(household.id),
          UpdateExpression: `ADD #persons :p${type.householdTag ? ', #tag :e' : ''} SET entity = :entity`,
          ConditionExpression: 'attribute_not_exists(#persons) OR NOT contains(#persons, :pid)',
          ExpressionAttributeNames: { '#persons': 'persons', ...(type.householdTag ? { '#tag': tagAttr(type.householdTag) } : {}) },
          ExpressionAttributeValues: { ':p': new Set([person.id]), ':pid': person.id, ':entity': 'monitoring-household', ...(type.householdTag ? { ':e': new Set([episode.id]) } : {}) },
        },
      };
      await transact(
        db,
        [
          { Put: { TableName: db.table, Item: { ...keys.episode(episode.id), ...keys.episodeEntries(episode), entity: 'episode', schemaVersion: 1, ...episode }, ConditionExpression: 'attribute_not_exists(pk)' } },
          live,
          eventPut(episode.id, { at, by: actor.userId, action: 'started', why: input.note, changes: [{ field: 'type', to: type.code }, { field: 'lastDay', to: episode.lastDay }, { field: 'reason', to: input.reason }] }),
          ...(type.householdTag ? householdTagActions(household, type.householdTag, true, actor.userId, at) : []),
        ],
        async ([put, liveCheck]) => {
          if (failed(put)) {
            const again = await get(input.id, true);
            if (again.personId === input.personId && again.type === input.type) return undefined as never;
            throw conflict('an episode with this id exists with other values');
          }
          if (failed(liveCheck)) throw conflict('this person is already under monitoring; extend or restart that episode', because('monitoring.alreadyMonitored'));
          throw conflict('the household changed meanwhile; try again');
        },
      );
      await extendSchedule(episode.lastDay, r);
      return { episode: await get(input.id, true), created: true };
    },

    async extend(actor: Actor, scope: Scope, id: string, body: { version: number; days: number; why: string }, now: Date) {
      const before = await visible(scope, id, true);
      if (before.status !== 'active') throw conflict(`the episode is ${before.status}`, because('monitoring.episodeState', { status: before.status }));
      const { lastDay } = extendPeriod(periodOf(before), body.days);
      const after = await change(before, body.version, { lastDay }, { at: now.toISOString(), by: actor.userId, action: 'extended', why: body.why, changes: [{ field: 'lastDay', from: before.lastDay, to: lastDay }] });
      await extendSchedule(lastDay, await rules());
      return after;
    },

    /** Re-exposure: the period counts again from the exposure's day (the type's days). */
    async restart(actor: Actor, scope: Scope, id: string, body: { version: number; exposedAt: string; why: string }, now: Date) {
      const before = await visible(scope, id, true);
      if (before.status !== 'active') throw conflict(`the episode is ${before.status}; start a new one`, because('monitoring.episodeState', { status: before.status }));
      const exposedAt = new Date(body.exposedAt);
      if (exposedAt.getTime() > now.getTime() + CLOCK_SKEW_MS || exposedAt.toISOString() < before.startedAt) throw badRequest('body.exposedAt', 'between the start of the episode and now');
      const r = await rules();
      const { lastDay } = restartPeriod(periodOf(before), exposedAt, episodeTypeOf(r, before.type)?.days ?? 14, await ctx.timeZone());
      const after = await change(before, body.version, { lastDay, restarts: before.restarts + 1 }, { at: now.toISOString(), by: actor.userId, action: 'restarted', why: body.why, changes: [{ field: 'lastDay', from: before.lastDay, to: lastDay }, { field: 'exposedAt', to: exposedAt.toISOString() }] });
      await extendSchedule(lastDay, r);
      return after;
    },

    async end(actor: Actor, scope: Scope, id: string, body: EpisodeEnd, now: Date) {
      const before = await visible(scope, id, true);
      const at = body.at ? new Date(body.at) : now;
      if (at.getTime() > now.getTime() + CLOCK_SKEW_MS || at.toISOString() < before.startedAt) throw badRequest('body.at', 'between the start of the episode and now');
      return finish(before, body.version, body.outcome, at, actor.userId, body.why, body.destination);
    },

    async assign(actor: Actor, scope: Scope, id: string, body: { version: number; assignees: string[]; why: string }, now: Date) {
      const before = await visible(scope, id, true);
      return change(before, body.version, { assignees: body.assignees }, { at: now.toISOString(), by: actor.userId, action: 'assigned', why: body.why, changes: [{ field: 'assignees', from: before.assignees, to: body.assignees }] });
    },

    /** The person moved out or died (the registry's end): their live episode ends early with that reason. */
    endForPerson: (before: StoredEpisode, endReason: 'moved-out' | 'deceased', at: Date, by: string) =>
      finish(before, before.version, 'ended-early', new Date(Math.max(at.getTime(), Date.parse(before.startedAt))), by, endReason === 'deceased' ? 'the person died' : 'the person moved out', undefined, { endReason }),

    /** The sweep: an episode past its last day is completed (its household tag cleared); a conflict is left for the next sweep. */
    async complete(episode: StoredEpisode, now: Date): Promise<boolean> {
      try {
        await finish(episode, episode.version, 'completed', now, 'sweep');
        return true;
      } catch (error) {
        if (error instanceof DomainError && error.status === 409) return false;
        throw error;
      }
    },

    /** A person's episodes, newest first. */
    async ofPerson(personId: string): Promise<StoredEpisode[]> {
      return (await queryRaw(db, keys.personEpisodes(personId), { newestFirst: true })).map((i) => toEntity<StoredEpisode>(i));
    },
  };
}
export type EpisodeRepository = ReturnType<typeof episodeRepository>;
