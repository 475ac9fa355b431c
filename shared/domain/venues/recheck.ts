/**
 * 复查 by inspection: what a later inspection of a venue says about one of its problems. Pure.
 *
 * Why a passing re-inspection used to leave a problem 待整改: an inspection never looked at the venue's
 * open problems, and a re-check was accepted only after a reported rectification (整改上报). In the
 * field the re-check *is* the visit: the inspector finds the item fixed on site. So an inspection that
 * passes the problem's item closes it (销号) from any open state; one that fails it counts as a failed
 * re-check only once a rectification was reported (before that the venue is still within its notice).
 */
import type { Inspection } from './inspection';
import type { Problem } from './problem';

/**
 * `passed`: the inspection re-checks the problem. `why`: it does not — because of the inspection
 * itself (`'reference'`: a bad link, 400 when asked for) or of where the problem is on the ladder
 * (`'ladder'`: closed, or failed before any rectification; the ladder's 409 when asked for).
 */
export type RecheckVerdict = { passed: boolean } | { why: string; refusedBy: 'reference' | 'ladder' };

export function recheckVerdict(
  problem: Pick<Problem, 'inspectionId' | 'itemCode' | 'status' | 'rectification' | 'openedAt'>,
  inspection: Pick<Inspection, 'id' | 'results' | 'endedAt'>,
): RecheckVerdict {
  const reference = (why: string) => ({ why, refusedBy: 'reference' as const });
  if (inspection.id === problem.inspectionId) return reference('the inspection that found the problem cannot re-check it');
  if (problem.status === 'closed') return { why: 'the problem is closed (已销号); nothing to re-check', refusedBy: 'ladder' };
  const result = inspection.results.find((r) => r.itemCode === problem.itemCode);
  if (!result || result.result === 'na') return reference(`the inspection has no pass/fail result for item ${problem.itemCode}`);
  if (inspection.endedAt <= problem.openedAt) return reference(`the inspection ended before the problem was recorded (${problem.openedAt})`);
  const reported = problem.rectification?.reportedAt;
  if (reported && inspection.endedAt < reported) return reference(`the inspection ended before the rectification was reported (${reported})`);
  if (result.result === 'fail' && problem.status !== 'rectification-reported') {
    return { why: 'the item failed again before any rectification was reported: the problem stays as it is, within its notice', refusedBy: 'ladder' };
  }
  return { passed: result.result === 'pass' };
}
