/**
 * Monitoring when the registry ends a person: moving out or a death ends their live episode early
 * with that reason (its household tag goes with the household's last one), as an idempotent follow-up
 * of the person's end — run after it, again by the sweep for any episode whose person is no longer
 * active, and by retention; and retention removes a tombstoned person's episodes with their readings,
 * supplies, tests, history and alerts (alerts first, the episode item last: a run that stops midway is
 * finished by the next, which still finds the episode by the person).
 */
import { DomainError } from '../../../errors';
import { batchWriteAll, del, sortKeysOf } from '../../bulk';
import type { ResidentsContext } from '../context';
import type { AlertRepository } from './alerts';
import type { EpisodeRepository } from './episodes';
import type { StoredEpisode } from './stored';

export type PersonEndReason = 'moved-out' | 'deceased';

export function lifecycleRepository(ctx: ResidentsContext, episodes: EpisodeRepository, alerts: AlertRepository) {
  const { db, keys } = ctx;

  /** End one live episode for the person's end; a concurrent change is read again (twice), an episode already over is left. */
  async function endOne(episode: StoredEpisode, reason: PersonEndReason, at: Date, by: string): Promise<boolean> {
    let current = episode;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (current.status !== 'active') return false;
      try {
        await episodes.endForPerson(current, reason, at, by);
        return true;
      } catch (error) {
        if (!(error instanceof DomainError && error.status === 409)) throw error;
        current = await episodes.get(current.id, true);
      }
    }
    return false;
  }

  return {
    endOne,

    /** The person moved out or died: each of their live episodes ends early with that reason. Safe to run again. */
    async endLiveOf(personId: string, reason: PersonEndReason, at: Date, by: string): Promise<number> {
      let ended = 0;
      for (const e of await episodes.ofPerson(personId)) if (await endOne(e, reason, at, by)) ended++;
      return ended;
    },

    /** Retention: every episode of the person with everything recorded on it, and its alerts. Safe to run again. */
    async purgePerson(personId: string, reason: PersonEndReason, now: Date): Promise<{ episodes: number; items: number; alerts: number }> {
      const out = { episodes: 0, items: 0, alerts: 0 };
      for (const e of await episodes.ofPerson(personId)) {
        await endOne(e, reason, now, 'retention');
        const alertList = await alerts.ofEpisode(e.id);
        if (alertList.length) await batchWriteAll(db, alertList.map((a) => del(keys.monitoringAlert(a.id))));
        const episodeKey = keys.episode(e.id);
        const entries = (await sortKeysOf(db, keys.episodeFile(e.id))).filter((sk) => sk !== episodeKey.sk);
        if (entries.length) await batchWriteAll(db, entries.map((sk) => del({ pk: episodeKey.pk, sk })));
        await batchWriteAll(db, [del(episodeKey)]);
        out.episodes++;
        out.items += entries.length;
        out.alerts += alertList.length;
      }
      return out;
    },
  };
}
export type LifecycleRepository = ReturnType<typeof lifecycleRepository>;
