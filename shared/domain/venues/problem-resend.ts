/**
 * A phone that lost the answer to a step of the ladder sends it again with the version it had then.
 * That resend is not a stale edit: the step it asks for is the one that made the current version.
 * It is recognised by the event stored at that version — the same person, the same kind of step and
 * the same content — and answered with the problem as it is, so the outbox marks it sent instead of
 * showing a conflict. Anything else (another person, another note) stays a 409 stale version.
 */
import type { ProblemEvent } from './ladder';

/** A ladder step as the caller asks for it (shared/data/venues/problems.ts ProblemRequest, without its version). */
export type RequestedStep =
  | { type: 'issue-notice'; deadline?: string; requirements?: string }
  | { type: 'report-rectification'; note: string; photoIds: string[] }
  | { type: 'recheck'; inspectionId: string; note?: string }
  | { type: 'recheck'; passed: boolean; note: string }
  | { type: 'reopen'; reason: string; inspectionId?: string };

const sameSet = (a: readonly string[] = [], b: readonly string[] = []) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** Is `step`, asked by `userId`, the step recorded by `event` (the event of the problem's current version)? */
export function isResentStep(step: RequestedStep, userId: string, event: Pick<ProblemEvent, 'type' | 'by' | 'note' | 'reason' | 'deadline' | 'inspectionId' | 'photoIds'>): boolean {
  if (event.by !== userId) return false;
  switch (step.type) {
    case 'issue-notice':
      return event.type === 'notice-issued' && (event.reason ?? undefined) === step.requirements && (!step.deadline || event.deadline === step.deadline);
    case 'report-rectification':
      return event.type === 'rectification-reported' && (event.note ?? '') === step.note && sameSet(event.photoIds, step.photoIds);
    case 'recheck':
      if ('inspectionId' in step) return (event.type === 'recheck-passed' || event.type === 'recheck-failed') && event.inspectionId === step.inspectionId;
      return event.type === (step.passed ? 'recheck-passed' : 'recheck-failed') && (event.note ?? '') === step.note && !event.inspectionId;
    case 'reopen':
      return event.type === 'reopened' && event.reason === step.reason && event.inspectionId === step.inspectionId;
  }
}
