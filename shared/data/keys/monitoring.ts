/** Keys of home monitoring: episodes, readings, alerts, the sweep's schedule. Built only through `tenantKeys` (shared/data/keys.ts), which passes the tenant prefix. */
import { INDEX } from '../table';
import { type QuerySpec, day, gridPathPart, gsi1, gsi2, gsi3, indexEntry, instant, onTable, part, topOf } from './parts';

export function monitoringKeys(t: string) {
  return {
    /**
     * Home monitoring (docs/data-model.md "Home monitoring"). An episode's partition holds the episode,
     * its readings (`READING#`), supplies and door tests (`ACTION#`) and its history (`EVENT#`): one
     * Query reads a person's file. GSI1: the tenant's episodes by their last day, so the sweep and the
     * lists read from a day on and never see episodes that ended before it. GSI2: a person's episodes.
     * GSI3: by grid subtree, live ones apart from ended ones (per last day).
     */
    episode: (episodeId: string) => ({ pk: `${t}#EPISODE#${part(episodeId, 'episode id')}`, sk: 'EPISODE' }),
    episodeEntries: (e: { id: string; lastDay: string; personId: string; startedAt: string; gridPath: string; status: string }) => ({
      ...indexEntry(INDEX.gsi1, `${t}#EPISODES`, `${day(e.lastDay)}#${part(e.id, 'episode id')}`),
      ...indexEntry(INDEX.gsi2, `${t}#PERSONEPIS#${part(e.personId, 'person id')}`, `${instant(e.startedAt)}#${part(e.id, 'episode id')}`),
      // GSI3 by grid subtree: a live episode under its top-level grid's live partition, an ended one under its last day's.
      ...indexEntry(INDEX.gsi3, e.status === 'active' ? `${t}#LIVEEPIS#${topOf(e.gridPath)}` : `${t}#EPIDAY#${day(e.lastDay)}#${topOf(e.gridPath)}`, `${gridPathPart(e.gridPath)}${part(e.id, 'episode id')}`),
    }),
    /** Live (active) episodes of a grid subtree: a grid member's or supervisor's list is a Query on its path. */
    liveEpisodesInSubtree: (gridPath: string): QuerySpec => gsi3(`${t}#LIVEEPIS#${topOf(gridPath)}`, gridPathPart(gridPath)),
    /** Episodes of a grid subtree that ended (early, transferred, completed) with `lastDay` as their last day. */
    endedEpisodesInSubtree: (lastDay: string, gridPath: string): QuerySpec => gsi3(`${t}#EPIDAY#${day(lastDay)}#${topOf(gridPath)}`, gridPathPart(gridPath)),
    /** Episodes by last day; read with a lower bound (`skFrom` a date): those still running on or after it. */
    episodesByLastDay: (): QuerySpec => gsi1(`${t}#EPISODES`),
    personEpisodes: (personId: string): QuerySpec => gsi2(`${t}#PERSONEPIS#${part(personId, 'person id')}`),
    episodeFile: (episodeId: string, skPrefix?: 'READING#' | 'ACTION#' | 'EVENT#'): QuerySpec => onTable(`${t}#EPISODE#${part(episodeId, 'episode id')}`, skPrefix),
    reading: (episodeId: string, readingId: string) => ({ pk: `${t}#EPISODE#${part(episodeId, 'episode id')}`, sk: `READING#${part(readingId, 'reading id')}` }),
    episodeAction: (episodeId: string, actionId: string) => ({ pk: `${t}#EPISODE#${part(episodeId, 'episode id')}`, sk: `ACTION#${part(actionId, 'action id')}` }),
    episodeEvent: (episodeId: string, at: string, eventId: string) => ({ pk: `${t}#EPISODE#${part(episodeId, 'episode id')}`, sk: `EVENT#${instant(at)}#${part(eventId, 'event id')}` }),
    /** A household's live episodes (people under monitoring, episodes per household tag): who sets and clears the tag. */
    monitoringHousehold: (householdId: string) => ({ pk: `${t}#MONHH#${part(householdId, 'household id')}`, sk: 'LIVE' }),
    /** A monitoring alert; GSI1 by grid subtree and open/closed (one partition per top-level grid); GSI2 an episode's alerts. */
    monitoringAlert: (alertId: string) => ({ pk: `${t}#ALERT#${part(alertId, 'alert id')}`, sk: 'ALERT' }),
    monitoringAlertEntries: (a: { id: string; episodeId: string; gridPath: string; raisedAt: string; status: string }) => ({
      ...indexEntry(INDEX.gsi1, `${t}#ALERTS#${topOf(a.gridPath)}#${a.status === 'resolved' ? 'CLOSED' : 'OPEN'}`, `${gridPathPart(a.gridPath)}${instant(a.raisedAt)}#${part(a.id, 'alert id')}`),
      ...indexEntry(INDEX.gsi2, `${t}#EPIALERTS#${part(a.episodeId, 'episode id')}`, `${instant(a.raisedAt)}#${part(a.id, 'alert id')}`),
    }),
    monitoringAlertsInSubtree: (gridPath: string, bucket: 'OPEN' | 'CLOSED'): QuerySpec => gsi1(`${t}#ALERTS#${topOf(gridPath)}#${bucket}`, gridPathPart(gridPath)),
    episodeAlerts: (episodeId: string): QuerySpec => gsi2(`${t}#EPIALERTS#${part(episodeId, 'episode id')}`),
    /** The sweep's state: the windows, the last day anyone is monitored, the last window swept (the dispatcher reads it). */
    monitoringSchedule: () => ({ pk: `${t}#SCHEDULE`, sk: 'MONITORING' }),
  };
}
