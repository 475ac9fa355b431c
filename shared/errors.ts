/**
 * Domain errors. Repositories and rules throw these; the API maps each to one HTTP status
 * (functions/api/errors.ts), so handlers never build error responses by hand.
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
export const forbidden = (message = 'not allowed for your role or scope') => new DomainError(403, 'forbidden', message);
export const unauthorized = (message = 'authentication required') => new DomainError(401, 'unauthorized', message);
export const badRequest = (field: string, message: string) =>
  new DomainError(400, 'validation', `${field}: ${message}`, { issues: [{ path: field, message }] });
