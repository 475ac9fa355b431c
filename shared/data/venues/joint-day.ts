/**
 * A day's joint enforcement (联合执法) as one caller may see it: the 'joint-referred' and
 * 'joint-concluded' events of the day's enforcement index (gsi1, one Query per top-level grid and per
 * grid that was top-level before a move, as the close reads it), placed where their grids are now,
 * kept to the grid asked for and to the venues the caller may see, summed by
 * shared/domain/venues/joint-day.ts. Events are a few a day, beside the day's other enforcement events.
 */
import type { Actor } from '../../domain/actor';
import { gridIdOf } from '../../domain/grid';
import { type JointDay, type JointDayItem, summariseJointDay } from '../../domain/venues/joint-day';
import type { JointOutcome } from '../../domain/venues/joint-enforcement';
import { queryEach } from '../db';
import { tenantKeys } from '../keys';
import type { TenantData } from '../tenant-data';

const FIELDS = ['type', 'referralId', 'problemId', 'venueId', 'venueName', 'venueKind', 'gridPath', 'at', 'by', 'agencies', 'outcome'] as const;
type JointEvent = Omit<JointDayItem, 'step' | 'outcome'> & { type: string; outcome?: string };

export async function jointDay(data: TenantData, actor: Actor, date: string, gridId: string | undefined): Promise<JointDay> {
  const keys = tenantKeys(actor.tenantId);
  const [grids, tops, scope, rules] = await Promise.all([data.grids.tree(), data.grids.topLevel(), data.scopeOf(actor), data.rules.get()]);
  const under = gridId ? (await data.grids.get(gridId)).path : '/';
  const pathNow = new Map(grids.map((g) => [g.id, g.path]));
  const here = (gridPath: string) => pathNow.get(gridIdOf(gridPath)) ?? gridPath;
  const partitions = [...tops.map((t) => t.path), ...grids.filter((g) => g.formerTopLevel && g.parentId !== null).map((g) => `/${g.id}/`)];

  const steps: JointDayItem[] = [];
  for (const top of partitions) {
    for await (const e of queryEach<JointEvent>(data.db, keys.enforcementDay(date, top), { projection: FIELDS })) {
      if (e.type !== 'joint-referred' && e.type !== 'joint-concluded') continue;
      const gridPath = here(e.gridPath);
      if (!gridPath.startsWith(under) || !data.canSeeVenue(actor, scope, { kind: e.venueKind, gridPath })) continue;
      const { type, outcome, ...rest } = e;
      steps.push({ ...rest, gridPath, agencies: e.agencies ?? [], step: type === 'joint-referred' ? 'referred' : 'concluded', ...(outcome ? { outcome: outcome as JointOutcome } : {}) });
    }
  }
  return summariseJointDay(date, gridId ?? null, steps, rules.jointEnforcement.agencies);
}
