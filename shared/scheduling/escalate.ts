/**
 * The scheduled escalation (督办升级) of one tenant for one tenant-local day, run at the start of the
 * day (the job runner calls `escalate(db, tenantId, date, clock.now())`; docs/enforcement.md):
 *   1. every open problem whose deadline is before `date` is marked overdue (once per deadline,
 *      with a history event) — Query gsi2 per venue kind, deadline < date;
 *   2. the black-card rules are evaluated for the venues of those problems and for the venues with
 *      a failed inspection yesterday or today (a safety net for the submit's own evaluation) —
 *      Query gsi3 per top-level grid and day;
 *   3. a venue meeting a trigger gets a black card (source 'rules').
 * Idempotent: a second run finds everything marked and carded and writes nothing.
 */
import type { Db } from '../data/db';
import { queryEach } from '../data/db';
import { queryRaw } from '../data/batch';
import { batchGetAll } from '../data/bulk';
import { tenantKeys } from '../data/keys';
import { tenantData } from '../data/tenant-data';
import { tenantDirectory } from '../data/tenants';
import { addDays } from '../domain/local-day';
import type { Inspection } from '../domain/venues/inspection';
import { toEntity } from '../data/db';
import type { Problem } from '../domain/venues/problem';
import type { Venue } from '../domain/venues/venue';

export interface EscalationReport {
  date: string;
  overdueMarked: number;
  venuesChecked: number;
  blackCardsIssued: number;
}

/** `date`: the tenant-local day starting (deadlines before it are missed); `now`: the time recorded on the steps. */
export async function escalate(db: Db, tenantId: string, date: string, now: Date = new Date()): Promise<EscalationReport> {
  const keys = tenantKeys(tenantId);
  const data = tenantData(db, tenantId);
  await tenantDirectory(db).get(tenantId); // 404 for an unknown tenant
  const rules = await data.rules.get();
  const { kinds } = await data.checklists.venueKinds();
  const candidates = new Set<string>();
  let overdueMarked = 0;

  for (const kind of kinds) {
    for (const raw of await queryRaw(db, keys.overdueProblemsOfKind(kind.code, date))) {
      const problem = toEntity<Problem>(raw);
      candidates.add(problem.venueId);
      if (problem.overdueSince) continue;
      // The index may lag: mark from the item itself (its version guards the write).
      const fresh = await data.problems.get(problem.id);
      if (fresh.status === 'closed' || fresh.deadline >= date || fresh.overdueSince) continue;
      if (await data.problems.markOverdue(fresh, { ...raw, ...fresh }, date, now)) overdueMarked++;
    }
  }

  for (const top of await data.grids.topLevel()) {
    for (const day of [addDays(date, -1), date]) {
      for await (const inspection of queryEach<Pick<Inspection, 'venueId' | 'outcome'>>(db, keys.dayInspections(day, top.path), { projection: ['venueId', 'outcome'] })) {
        if (inspection.outcome !== 'pass') candidates.add(inspection.venueId);
      }
    }
  }

  let blackCardsIssued = 0;
  const venues = await batchGetAll(db, [...candidates].map((id) => keys.venue(id)), { consistent: true });
  for (const venueId of candidates) {
    const raw = venues.get(keys.venue(venueId));
    const venue = raw ? toEntity<Venue>(raw) : undefined;
    if (!venue || venue.blackCard) continue;
    if ((await data.enforcement.issueByRules(venue, rules, date, now)).length) blackCardsIssued++;
  }
  return { date, overdueMarked, venuesChecked: candidates.size, blackCardsIssued };
}
