/**
 * One mapping from failures to JSON responses: validation → 400 naming the field, domain errors →
 * their status, anything unexpected → 500 with the request id and no stack trace.
 */
import type { Hook } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { InvalidKeyError } from '../../shared/data/keys';
import { DomainError } from '../../shared/errors';
import type { AppEnv } from './context';

const THROTTLED = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);

const TARGET_NAMES: Record<string, string> = { json: 'body', query: 'query', param: 'path', header: 'header' };

function validationBody(error: ZodError, target: string) {
  const where = TARGET_NAMES[target] ?? target;
  const issues = error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
    code: issue.code,
    ...issueParams(issue),
  }));
  return {
    error: 'validation',
    message: issues.map((i) => `${i.path}: ${i.message}`).join('; '),
    issues,
  };
}

/**
 * What a client needs to word an issue in its reader's language (the message is zod's English):
 * the limits of too_small/too_big, the format, the allowed values, a refinement's own reason.
 */
function issueParams(issue: ZodError['issues'][number]): { params?: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  for (const name of ['origin', 'minimum', 'maximum', 'format', 'expected', 'values', 'keys'] as const) {
    const value = (issue as unknown as Record<string, unknown>)[name];
    if (typeof value === 'string' || typeof value === 'number' || Array.isArray(value)) params[name] = value;
    else if (typeof value === 'bigint') params[name] = Number(value);
  }
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) params.missing = true;
  if (issue.code === 'custom' && issue.params) Object.assign(params, issue.params);
  return Object.keys(params).length ? { params } : {};
}

export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (!result.success) {
    return c.json({ ...validationBody(result.error as ZodError, result.target), requestId: c.var.requestId }, 400);
  }
};

export function onError(error: Error, c: Context<AppEnv>) {
  const requestId = c.var.requestId;
  if (error instanceof DomainError) {
    // Every 429 says when to come back (the throttle's own wait, or a moment for a busy store), and so
    // does any other answer that knows it (a 409 while a plan is being made).
    const retryAfter = error.details?.retryAfterSeconds ?? (error.status === 429 ? 2 : undefined);
    if (retryAfter !== undefined) c.header('Retry-After', String(retryAfter));
    return c.json({ error: error.code, message: error.message, ...error.details, requestId }, error.status);
  }
  if (error instanceof InvalidKeyError) {
    // A value that cannot be part of a key cannot name anything that exists.
    return c.json({ error: 'not_found', message: 'not found', requestId }, 404);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const malformed = status === 400 && /JSON/i.test(error.message);
    const message = malformed ? 'body: malformed JSON' : error.message || 'bad request';
    // Every 400 names where the problem is, like a validation failure does.
    const issues = status === 400 ? [{ path: 'body', message: malformed ? 'malformed JSON' : message }] : undefined;
    return c.json({ error: status === 415 ? 'unsupported_media_type' : 'bad_request', message, ...(issues && { issues }), requestId }, status);
  }
  if (THROTTLED.has(error.name)) {
    // DynamoDB kept throttling after the SDK's retries: tell the client to come back, not that we broke.
    c.header('Retry-After', '2');
    return c.json({ error: 'busy', message: 'the service is busy; retry in a moment', requestId }, 503);
  }
  c.var.deps?.logger.error('unhandled error', { requestId, error: { name: error.name, message: error.message, stack: error.stack } });
  return c.json({ error: 'internal', message: 'internal error; quote the request id when reporting it', requestId }, 500);
}

export function onNotFound(c: Context<AppEnv>) {
  return c.json({ error: 'not_found', message: `no route ${c.req.method} ${c.req.path}`, requestId: c.var.requestId }, 404);
}
