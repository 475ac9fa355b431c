/**
 * One open problem per venue and item (动态问题台账). An inspection that fails an item which already has
 * an open problem at the venue records the failure on that problem instead of opening a second one,
 * so the ledger holds one line per thing to fix and a passing re-check closes it once. Pure.
 *
 * - The problem is `open` or `notice-issued`: the venue is still within its notice; the failure is
 *   recorded (`failedAgain + 1`, event `failed-again`), status and deadline stay.
 * - The problem is `rectification-reported`: the failure is a failed re-check (shared/domain/venues/recheck.ts),
 *   which the re-check after the submit records with its escalation; nothing is recorded twice.
 */
import type { ProblemEvent } from './ladder';
import type { Problem } from './problem';

type OpenProblem = Pick<Problem, 'id' | 'itemCode' | 'status' | 'version' | 'openedAt'>;

export interface FailureSplit<T> {
  /** Failed items with no open problem: each opens one. */
  toOpen: T[];
  /** Failed items whose open problem records the failure in the submit (`failed-again`). */
  again: { item: T; problem: OpenProblem }[];
  /** Failed items whose open problem awaits its re-check: the re-check after the submit records it. */
  awaitingRecheck: { item: T; problem: OpenProblem }[];
}

/** Split an inspection's failed items (those that require rectification) by the venue's open problems. */
export function splitFailures<T extends { code: string }>(failed: readonly T[], open: readonly OpenProblem[]): FailureSplit<T> {
  const split: FailureSplit<T> = { toOpen: [], again: [], awaitingRecheck: [] };
  for (const item of failed) {
    // The oldest open problem of the item (before this rule, duplicates could exist: one is enough).
    const problem = open.filter((p) => p.itemCode === item.code && p.status !== 'closed').sort((a, b) => a.openedAt.localeCompare(b.openedAt))[0];
    if (!problem) split.toOpen.push(item);
    else if (problem.status === 'rectification-reported') split.awaitingRecheck.push({ item, problem });
    else split.again.push({ item, problem });
  }
  return split;
}

/** What recording a failure on an open problem changes, and its history event. */
export function failedAgain(
  problem: Pick<Problem, 'id' | 'status' | 'version' | 'deadline' | 'escalations' | 'failedAgain'>,
  ctx: { inspectionId: string; by: string; at: string; today: string },
): { set: Pick<Problem, 'failedAgain' | 'lastFailedAt' | 'lastFailedInspectionId' | 'version' | 'updatedAt'>; event: Omit<ProblemEvent, 'id'> } {
  const set = { failedAgain: (problem.failedAgain ?? 0) + 1, lastFailedAt: ctx.at, lastFailedInspectionId: ctx.inspectionId, version: problem.version + 1, updatedAt: ctx.at };
  return {
    set,
    event: {
      problemId: problem.id,
      type: 'failed-again',
      from: problem.status,
      to: problem.status,
      at: ctx.at,
      date: ctx.today,
      by: ctx.by,
      inspectionId: ctx.inspectionId,
      deadline: problem.deadline,
      escalations: problem.escalations,
      version: set.version,
    },
  };
}
