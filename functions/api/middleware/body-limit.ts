/**
 * Request body limits: 1 MiB for every /api route, except the few routes that take files and the
 * public endpoints (smaller), which name their own limit here (so the exceptions are in one place, next to the default).
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { IMPORT_MAX_BYTES, PHOTO_MAX_BYTES, PUSHED_LIST_MAX_BYTES, RESIDENT_IMPORT_MAX_BYTES } from '../../../shared/domain/upload-limits';
import { DomainError } from '../../../shared/errors';
import type { AppEnv } from '../context';

const MAX_BODY_BYTES = 1024 * 1024;
const PUBLIC_MAX_BYTES = 4 * 1024;

const LARGER_BODIES: { method: string; path: RegExp; maxSize: number }[] = [
  // A venue import's CSV through the API (local import file store); the exact size is checked by the route.
  { method: 'PUT', path: /^\/api\/venues\/imports\/[^/]+\/file\/?$/, maxSize: IMPORT_MAX_BYTES },
  // A resident import's CSV or xlsx through the API (local store), streamed to disk by the route.
  { method: 'PUT', path: /^\/api\/residents\/imports\/[^/]+\/file\/?$/, maxSize: RESIDENT_IMPORT_MAX_BYTES },
  // A pushed list's CSV or xlsx through the API (local store), streamed to disk by the route.
  { method: 'PUT', path: /^\/api\/pushed-lists\/[^/]+\/file\/?$/, maxSize: PUSHED_LIST_MAX_BYTES },
  // Photo bytes through the API (local photo store); exact size and type are checked by the route.
  { method: 'PUT', path: /^\/api\/photos\/[^/]+\/content\/?$/, maxSize: PHOTO_MAX_BYTES },
  // The public endpoints (anyone may send): a form or a check-in is well under 4 KiB.
  { method: 'POST', path: /^\/api\/public\//, maxSize: PUBLIC_MAX_BYTES },
];

const limit = (maxSize: number): MiddlewareHandler<AppEnv> =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new DomainError(413, 'too_large', `body: larger than ${maxSize} bytes`);
    },
  });

const defaultLimit = limit(MAX_BODY_BYTES);
const larger = LARGER_BODIES.map((route) => ({ ...route, handler: limit(route.maxSize) }));

export const bodyLimits: MiddlewareHandler<AppEnv> = (c, next) => {
  const route = larger.find((r) => r.method === c.req.method && r.path.test(c.req.path));
  return (route?.handler ?? defaultLimit)(c, next);
};
