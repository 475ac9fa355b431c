/**
 * The typed API client: hono/client over the server's route types (`import type` only: no server
 * code reaches the bundle). Every call goes through `authFetch`, which adds the bearer token and
 * reports a 401 on an authenticated call to the shell (which returns to sign-in).
 *
 *   const grids = await ok(api.api.grids.$get({ query: {} }));   // typed body, or throws ApiError
 */
import { type ClientResponse, hc } from 'hono/client';
import type { AppType } from '../../../functions/api/app';
import { currentToken } from '../session';
import type { FileTransfer } from '../../../shared/domain/file-transfer';

export interface Issue {
  path: string;
  /** zod's English: for logs and API users; the app words `code` and `params` (ui/issue-text.ts). */
  message: string;
  code?: string;
  params?: Record<string, unknown>;
}

/** A failed call. `status` 0 means the network failed (offline, DNS, connection reset). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
    readonly requestId?: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }

  /** A 409 from a stale `version`: the body tells the version now stored. */
  get currentVersion(): number | undefined {
    return typeof this.body.currentVersion === 'number' ? this.body.currentVersion : undefined;
  }
}

let unauthorized: () => void = () => {};

/** The shell decides what a 401 on an authenticated call means (sign out, show sign-in). */
export function onUnauthorized(handler: () => void): void {
  unauthorized = handler;
}

export const authFetch: typeof fetch = async (input, init) => {
  const token = currentToken();
  const headers = new Headers(init?.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  let response: Response;
  try {
    response = await fetch(input, { ...init, headers });
  } catch (error) {
    throw new ApiError(0, 'network', error instanceof Error ? error.message : 'network error');
  }
  if (response.status === 401 && token) unauthorized();
  return response;
};

const origin = globalThis.location?.origin ?? 'http://localhost';
export const api = hc<AppType>(origin, { fetch: authFetch });

/**
 * Send a file's bytes where the API said (a photo, a venue import's CSV): the local stores are the
 * API's own routes and want our token; a presigned S3 URL must not get one.
 */
export function sendFile(target: Pick<FileTransfer, 'url' | 'headers' | 'authorization'>, body: Blob): Promise<Response> {
  const init: RequestInit = { method: 'PUT', headers: target.headers, body };
  return target.authorization === 'bearer' ? authFetch(target.url, init) : fetch(target.url, init);
}

/** Turns an error response (or a failed fetch) into an ApiError. */
export async function toApiError(response: Response | ClientResponse<unknown, number, never>): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's error page): keep the status.
  }
  const issues = Array.isArray(body.issues) ? (body.issues as Issue[]) : [];
  return new ApiError(
    response.status,
    typeof body.error === 'string' ? body.error : `http_${response.status}`,
    typeof body.message === 'string' ? body.message : response.statusText || `HTTP ${response.status}`,
    issues,
    typeof body.requestId === 'string' ? body.requestId : undefined,
    body,
  );
}

type SuccessStatus = 200 | 201 | 202 | 204;
// biome-ignore lint/suspicious/noExplicitAny: matches any response format
type AnyResponse = ClientResponse<any, number, any>;
/** The body type of the 2xx responses of a typed call. */
export type OkBody<R> = R extends ClientResponse<infer T, infer S, infer _F> ? (S extends SuccessStatus ? T : never) : never;

/** Awaits a typed call: the 2xx body, or an ApiError (status 0 when the network failed). */
export async function ok<R extends AnyResponse>(call: Promise<R>): Promise<OkBody<R>> {
  let response: R;
  try {
    response = await call;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw await toApiError(response as unknown as Response);
  return (response.status === 204 ? undefined : await response.json()) as OkBody<R>;
}
