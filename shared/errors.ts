/**
 * Domain errors. Repositories and rules throw these; the API maps each to one HTTP status
 * (functions/api/errors.ts), so handlers never build error responses by hand.
 *
 * The message is for logs and API users; the web app never shows it. A refusal a user can meet
 * also carries a `reason` (below) and its `params`, which the web app words in the reader's
 * language (web/src/ui/errors.ts has a text for every reason: the compiler checks).
 */
export class DomainError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError(404, 'not_found', `${what} not found`);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new DomainError(409, 'conflict', message, details);
export const forbidden = (message = 'not allowed for your role or scope', details?: Record<string, unknown>) => new DomainError(403, 'forbidden', message, details);
export const unauthorized = (message = 'authentication required') => new DomainError(401, 'unauthorized', message);
/** A bad field found past the schema: named like a validation issue, with the reason beside it. */
export const badRequest = (field: string, message: string, reason?: IssueReason, params?: ErrorParams) =>
  new DomainError(400, 'validation', `${field}: ${message}`, {
    issues: [{ path: field, message, ...(reason ? { code: 'custom', params: { reason, ...params } } : {}) }],
  });

/** Why a request was refused, stable for clients to word (see the module comment). */
export const ERROR_REASONS = [
  // Writes that met other writes
  'version.stale',
  'resend.differs',
  'id.taken',
  'exists',
  'changed.meanwhile',
  'busy',
  // Who may do what, where
  'scope.grid',
  'scope.venue',
  'scope.household',
  'scope.problem',
  'scope.kind',
  'scope.person',
  'role.needed',
  'role.authority.readsOnly',
  'role.unmask',
  'role.tenantWide',
  'role.othersInspections',
  'photo.notUploader',
  'user.removed',
  'user.removeSelf',
  // Grids
  'grid.retired',
  'grid.hasChildren',
  'grid.hasHouseholds',
  // The ladder of a problem, a venue's enforcement
  'problem.step',
  'problem.notOverdue',
  'problem.alreadyOverdue',
  'venue.blackCarded',
  'venue.notBlackCarded',
  'venue.blackCardNeedsRecheck',
  'venue.closedByNotice',
  'venue.suspended',
  'venue.suspensionPending',
  'venue.suspensionDecided',
  'venue.noSuspension',
  'venue.notSuspended',
  'venue.reopenNeedsRecheck',
  // Residents and monitoring
  'resident.identityRegistered',
  'resident.householdNumberRegistered',
  'resident.ended',
  // Moving people, tombstones on request, export tickets, data-key rotation (issue 14)
  'resident.moved',
  'resident.underMonitoring',
  'resident.resealRunning',
  'monitoring.alertState',
  'monitoring.episodeState',
  'monitoring.personInactive',
  'monitoring.alreadyMonitored',
  // Imports and plans
  'import.uploaded',
  'import.notUploaded',
  'import.sizeMismatch',
  'plan.beingMade',
  'plan.notStarted',
  // Pushed lists
  'export.ticket',
  'scope.routing',
  // Testing rounds
  'testing.roundNumberTaken',
  // Checkpoints
  'checkpoint.retired',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

export type ErrorParams = Record<string, string | number>;

/** The reason and its params, to spread into an error's details. */
export const because = (reason: ErrorReason, params?: ErrorParams) => ({ reason, ...(params ? { params } : {}) });

/** Why a field's value was refused past its type (a refinement's own rule), for clients to word. */
export const ISSUE_REASONS = [
  'unique',
  'idNumber.format',
  'idNumber.birthDate',
  'idNumber.checkDigit',
  'idNumber.passport',
  'idNumber.hkMacao',
  'idNumber.taiwan',
  'phone.format',
  'temperature.oneDecimal',
  'time.endBeforeStart',
  'date.future',
  'date.tooLate',
  'date.beforeTenant',
  'date.past',
  'date.notEnded',
  'deadline.past',
  'deadline.tooFar',
  'grid.notActive',
  'grid.underItself',
  'recheck.sameInspection',
  'recheck.beforeReport',
  'export.reasonInBody',
  'staff.notUser',
  'staff.outsideGrid',
] as const;
export type IssueReason = (typeof ISSUE_REASONS)[number];

/** A refinement's message with its reason: `.refine(check, issue('unique', 'each tag once'))`. */
export const issue = (reason: IssueReason, message: string) => ({ message, params: { reason } });
export const eachOnce = (what: string) => issue('unique', `each ${what} once`);
