/**
 * One structured log line per request: method, route pattern, status, duration, request id and
 * tenant. No personal data: no user ids, bodies, query values or tokens.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context';

export const accessLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = performance.now();
  await next();
  c.var.deps.logger.info('request', {
    requestId: c.var.requestId,
    method: c.req.method,
    // After next(): the pattern of the route that answered.
    route: c.req.routePath,
    status: c.res.status,
    ms: Math.round(performance.now() - started),
    tenant: c.get('actor')?.tenantId,
  });
};
