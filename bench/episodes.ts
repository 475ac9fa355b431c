/**
 * People under home monitoring for the sweep benches (monitoring, midnight): `due` live episodes
 * (windows am and pm; half with a reading in `doneWindow`), `backlog` episodes that ended weeks ago,
 * and the tenant's sweep state (`sweptThrough`: the windows after it are due). Written straight.
 */
import { put } from '../shared/data/bulk';
import { tenantKeys } from '../shared/data/keys';
import type { StoredEpisode } from '../shared/data/residents/monitoring/stored';
import { defaultMonitoringRules } from '../shared/domain/monitoring/rules';

const pad = (n: number, w: number) => String(n).padStart(w, '0');

export function monitoringItems(tenantId: string, o: { due: number; backlog: number; doneWindow: string; sweptThrough: string }) {
  const keys = tenantKeys(tenantId);
  const rules = defaultMonitoringRules();
  const episode = (n: number, live: boolean): StoredEpisode => ({
    id: `01J${live ? 'A' : 'B'}${pad(n, 22)}`,
    personId: `01J${live ? 'C' : 'D'}${pad(n, 22)}`,
    householdId: `01J${live ? 'E' : 'F'}${pad(n, 22)}`,
    gridId: `g${pad(n % 40, 2)}`,
    gridPath: `/top${n % 4}/g${pad(n % 40, 2)}/`,
    nameMasked: '张*',
    building: `${n % 30} 栋`,
    room: String(100 + (n % 600)),
    type: 'home-isolation',
    reason: 'contact',
    assignees: [],
    startedAt: live ? '2026-11-19T22:00:00.000Z' : '2026-09-01T00:00:00.000Z',
    lastDay: live ? '2026-12-03' : '2026-09-14',
    status: live ? 'active' : 'completed',
    restarts: 0,
    windows: ['am', 'pm'],
    // Half of those due had their reading in `doneWindow`.
    windowsDone: live && n % 2 === 0 ? new Set([o.doneWindow]) : undefined,
    version: 1,
    createdAt: '2026-11-19T22:00:00.000Z',
    createdBy: 'bench',
    updatedAt: '2026-11-19T22:00:00.000Z',
  });
  return (function* items() {
    for (let n = 0; n < o.backlog; n++) {
      const e = episode(n, false);
      yield put({ ...keys.episode(e.id), ...keys.episodeEntries(e), entity: 'episode', schemaVersion: 1, ...e });
    }
    for (let n = 0; n < o.due; n++) {
      const e = episode(n, true);
      const { windowsDone, ...rest } = e;
      yield put({ ...keys.episode(e.id), ...keys.episodeEntries(e), entity: 'episode', schemaVersion: 1, ...rest, ...(windowsDone ? { windowsDone } : {}) });
    }
    yield put({ ...keys.monitoringSchedule(), entity: 'monitoring-schedule', activeUntil: '2026-12-03', windows: rules.windows.map((w) => ({ id: w.id, start: w.start, end: w.end })), sweptThrough: o.sweptThrough });
  })();
}
