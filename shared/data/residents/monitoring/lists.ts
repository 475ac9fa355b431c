/**
 * What grid members and supervisors read: a person's file (the episode, readings, actions, history,
 * alerts: one Query of its partition and one of its alerts), today's list (who needs a reading in the
 * current or next window, by building, with the last reading) and the follow-up figures per grid,
 * rolled up, with a 14-day trend. The lists read the episodes of the caller's subtrees (GSI3 on the
 * grid path): the live ones, and for the figures those that ended in the last 14 days.
 */
import { addDays, localDate } from '../../../domain/local-day';
import type { EpisodeEvent } from '../../../domain/monitoring/episode';
import { type FigureEpisode, followUpRates, todayCounts, trend } from '../../../domain/monitoring/figures';
import { followUp } from '../../../domain/monitoring/follow-up';
import { dueWindowsOn } from '../../../domain/monitoring/windows';
import { addCounts, type Counts, rollUp } from '../../../domain/residents/counts';
import { inScope, type Scope } from '../../../domain/scope';
import { notFound } from '../../../errors';
import { queryRaw } from '../../batch';
import { toEntity } from '../../db';
import type { ResidentsContext } from '../context';
import { assertInScope } from '../context';
import { type AlertRepository, alertView, type StoredAlert } from './alerts';
import type { EpisodeRepository } from './episodes';
import { actionView, episodeView, lastReadingContext, periodOf, readingView, type StoredAction, type StoredEpisode, type StoredReading, setOf } from './stored';

const figureEpisode = (e: StoredEpisode): FigureEpisode => ({ ...periodOf(e), done: setOf(e.windowsDone) });

export function listRepository(ctx: ResidentsContext, episodes: EpisodeRepository, alerts: AlertRepository) {
  const { db, keys } = ctx;

  /**
   * Episodes of the roots' subtrees (GSI3, a Query on each root's path): the live ones, and with
   * `from` those that ended with a last day from `from` to `today` (one partition per day). Never the
   * rest of the tenant, never what ended before `from`.
   */
  async function inRoots(roots: readonly string[], today: string, from?: string): Promise<StoredEpisode[]> {
    const days: string[] = [];
    for (let d = from ?? today; from && d <= today; d = addDays(d, 1)) days.push(d);
    const specs = roots.flatMap((r) => [keys.liveEpisodesInSubtree(r), ...days.map((d) => keys.endedEpisodesInSubtree(d, r))]);
    const found = new Map<string, StoredEpisode>();
    for (const items of await Promise.all(specs.map((spec) => queryRaw(db, spec)))) for (const i of items) found.set(i.id as string, toEntity<StoredEpisode>(i));
    return [...found.values()];
  }

  return {
    async file(scope: Scope, episodeId: string, now: Date) {
      const items = await queryRaw(db, keys.episodeFile(episodeId), { consistent: true });
      const raw = items.find((i) => i.entity === 'episode');
      if (!raw) throw notFound('episode');
      const episode = toEntity<StoredEpisode>(raw);
      assertInScope(scope, episode.gridPath);
      const [rules, tz, cipher, alertList] = await Promise.all([episodes.rules(), ctx.timeZone(), ctx.cipher(false), alerts.ofEpisode(episodeId)]);
      const readings: StoredReading[] = [];
      const actions: StoredAction[] = [];
      const history: EpisodeEvent[] = [];
      for (const item of items) {
        if (item.entity === 'reading') readings.push(toEntity<StoredReading>(item));
        else if (item.entity === 'episode-action') actions.push(toEntity<StoredAction>(item));
        else if (item.entity === 'episode-event') history.push(toEntity<EpisodeEvent>(item));
      }
      return {
        episode: episodeView(episode),
        followUp: followUp(periodOf(episode), setOf(episode.windowsDone), rules, tz, now),
        // Readings exist only once the tenant has a key.
        readings: cipher ? readings.map((r) => readingView(cipher, r)).sort((a, b) => a.takenAt.localeCompare(b.takenAt)) : [],
        actions: actions.map((a) => actionView(cipher, a)).sort((a, b) => a.at.localeCompare(b.at)),
        history: history.reverse(),
        alerts: alertList.map((a) => alertView(a, rules, now)),
      };
    },

    /** Today's list: people due in the window open now (else the next one today), by building, with their last reading. */
    async today(scope: Scope, roots: readonly string[], now: Date) {
      const [rules, tz, cipher] = await Promise.all([episodes.rules(), ctx.timeZone(), ctx.cipher(false)]);
      const today = localDate(now, tz);
      const current = rules.windows.find((w) => dueWindowsOn({ startedAt: '1970-01-01T00:00:00Z', lastDay: today, windows: [w.id] }, rules, tz, today).some((d) => d.closesAt > now));
      const rows = [];
      for (const e of await inRoots(roots, today)) {
        if (e.status !== 'active' || !inScope(scope, e.gridPath)) continue;
        const due = dueWindowsOn(periodOf(e), rules, tz, today);
        if (!due.length) continue;
        const done = setOf(e.windowsDone);
        const last = e.lastReadingEnc && cipher ? (JSON.parse(cipher.decrypt(e.lastReadingEnc, lastReadingContext(e.id))) as { temperature: number; fever: boolean }) : undefined;
        const f = followUp(periodOf(e), done, rules, tz, now);
        rows.push({
          episodeId: e.id,
          personId: e.personId,
          householdId: e.householdId,
          gridId: e.gridId,
          nameMasked: e.nameMasked,
          building: e.building,
          room: e.room,
          type: e.type,
          lastDay: e.lastDay,
          windows: due.map((w) => ({ id: w.window.id, done: done.has(w.key), closed: w.closesAt <= now })),
          dueNow: current ? due.some((w) => w.window.id === current.id && !done.has(w.key)) : false,
          lastReadingAt: e.lastReadingAt,
          lastTemperature: last?.temperature,
          lastFever: last?.fever,
          lost: f.lost,
        });
      }
      const buildings = new Map<string, typeof rows>();
      for (const row of rows.sort((a, b) => a.room.localeCompare(b.room))) buildings.set(row.building, [...(buildings.get(row.building) ?? []), row]);
      return {
        date: today,
        window: current ? { id: current.id, nameZh: current.nameZh, nameEn: current.nameEn, start: current.start, end: current.end } : undefined,
        buildings: [...buildings].sort(([a], [b]) => a.localeCompare(b)).map(([building, people]) => ({ building, people })),
      };
    },

    /** Figures per grid of the subtrees (own and rolled up), the totals with their rates, and the 14-day trend. */
    async figures(scope: Scope, roots: string[], now: Date) {
      const [rules, tz] = await Promise.all([episodes.rules(), ctx.timeZone()]);
      const today = localDate(now, tz);
      const running = (await inRoots(roots, today, addDays(today, -13))).filter((e) => inScope(scope, e.gridPath) && e.lastDay >= addDays(today, -13));
      const own = new Map<string, Counts>();
      for (const e of running) own.set(e.gridId, addCounts(own.get(e.gridId) ?? {}, todayCounts(figureEpisode(e), rules, tz, now)));
      const openAlerts: StoredAlert[] = (await Promise.all(roots.map((r) => alerts.inSubtree(r, 'OPEN')))).flat();
      for (const a of openAlerts) addCounts(own.get(a.gridId) ?? own.set(a.gridId, {}).get(a.gridId)!, { openAlerts: 1, ...(a.kind === 'fever' ? { fevers: 1 } : {}) });
      const grids = (await Promise.all(roots.map((p) => ctx.grids.tree(p)))).flat().filter((g) => g.status === 'active');
      const rolled = rollUp(grids, own);
      const total: Counts = {};
      for (const g of rolled.filter((f) => roots.includes(f.path))) addCounts(total, g.total);
      return {
        date: today,
        total,
        rates: followUpRates(total),
        grids: rolled.map((g) => ({ ...g, rates: followUpRates(g.total) })),
        trend: trend(running.map(figureEpisode), rules, tz, now),
      };
    },
  };
}
