/**
 * 复查 in the field: an inspection of a venue with open problems re-checks them (shared/domain/venues/recheck.ts).
 * Run after the inspection is stored, and again on a resend (each step is idempotent: a problem an
 * inspection closed is closed; one it failed is open with a new deadline, which it cannot fail again).
 * Calls: 1 Query (the venue's problems not closed, ≤ 50) and per re-checked problem the ladder's
 * step (1 BatchGet + 1 TransactWrite, version-checked).
 */
import type { Actor } from '../../domain/actor';
import type { Inspection } from '../../domain/venues/inspection';
import { recheckVerdict } from '../../domain/venues/recheck';
import { DomainError } from '../../errors';
import type { ProblemView } from './problem-ledger';
import type { TenantData } from '../tenant-data';

export async function recheckByInspection(data: TenantData, actor: Actor, inspection: Inspection, now: Date): Promise<ProblemView[]> {
  const open = (await data.problems.openOfVenue(inspection.venueId)).items;
  const rechecked: ProblemView[] = [];
  for (const problem of open) {
    const verdict = recheckVerdict(problem, inspection);
    if ('why' in verdict) continue;
    try {
      const done = await data.problems.act(actor, problem.id, { type: 'recheck', version: problem.version, inspectionId: inspection.id }, now);
      rechecked.push(done.problem);
    } catch (error) {
      // Moved on meanwhile (409), or a role that inspects but records no steps (an industry authority: 403):
      // the inspection stands; the ledger is worked by hand.
      if (error instanceof DomainError && (error.status === 409 || error.status === 403)) continue;
      throw error;
    }
  }
  return rechecked;
}
