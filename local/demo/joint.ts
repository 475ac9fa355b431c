/**
 * The demo's joint enforcement (联合执法), through the same repository as the API: on some days the
 * office refers the hardest case (the venue with the most open problems, not already referred) to the
 * police and market regulation; a few days later the agencies' outcome is recorded. The last referral
 * is left with the agencies, so the screen shows both states.
 */
import { ulid } from 'ulid';
import { localDate } from '../../shared/domain/local-day';
import { DomainError } from '../../shared/errors';
import type { Prng } from '../../shared/prng';
import { resending, TIME_ZONE, type Town } from './town';

/** Refer the hardest open case of the day (at 15:00). */
export async function referHardCase(town: Town, date: string, r: Prng): Promise<void> {
  const open = [...town.problems.values()].filter((p) => p.status !== 'closed').sort((a, b) => a.id.localeCompare(b.id));
  const perVenue = new Map<string, string[]>();
  for (const p of open) perVenue.set(p.venueId, [...(perVenue.get(p.venueId) ?? []), p.id]);
  const now = town.at(date, 15 * 60);
  const rules = await town.data.rules.get();
  for (const [venueId, problemIds] of [...perVenue.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
    const venue = await town.data.venues.get(venueId, true);
    if (!venue || venue.jointReferral) continue;
    const problem = await town.data.problems.get(problemIds[0]);
    const input = { id: ulid(now.getTime(), r.next), problemId: problem.id, agencies: ['police', 'market-regulation'], reason: `${venue.name}问题反复出现（${problemIds.length} 个未销号），屡查屡犯，移交联合执法` };
    try {
      await resending(() => town.data.jointEnforcement.refer(venue, problem, input, rules.jointEnforcement, { actor: town.office, at: now.toISOString(), date: localDate(now, TIME_ZONE) }));
      return;
    } catch (error) {
      // Someone else moved the venue or the problem first: try the next case.
      if (!(error instanceof DomainError && error.status === 409)) throw error;
    }
  }
}

/** Record the outcome of every referral still with the agencies (at 10:00). */
export async function concludeReferrals(town: Town, date: string): Promise<void> {
  const now = town.at(date, 10 * 60);
  const { items } = await town.data.jointEnforcement.list({ limit: 50 });
  for (const referral of items.filter((x) => x.status === 'referred')) {
    const venue = await town.data.venues.get(referral.venueId, true);
    if (!venue) continue;
    const outcome = { version: referral.version, outcome: 'penalised' as const, note: '公安、市场监管联合检查，依法处罚并责令限期整改' };
    await resending(() => town.data.jointEnforcement.conclude(referral, venue, outcome, { actor: town.office, at: now.toISOString(), date: localDate(now, TIME_ZONE) }));
  }
}
