/**
 * One structured log line per request: method, route pattern, status, duration, request id and
 * tenant. No personal data: no user ids, bodies, query values or tokens. The line is also an EMF
 * document (shared/aws/emf.ts): CloudWatch counts requests, 5xx errors and latency per route from it.
 */
import type { MiddlewareHandler } from 'hono';
import { requestMetricFields } from '../../../shared/aws/emf';
import type { AppEnv } from '../context';

export const accessLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = performance.now();
  await next();
  const ms = Math.round(performance.now() - started);
  // After next(): the pattern of the route that answered.
  const request = { method: c.req.method, route: c.req.routePath, status: c.res.status, ms };
  c.var.deps.logger.info('request', {
    requestId: c.var.requestId,
    ...request,
    tenant: c.get('actor')?.tenantId,
    ...requestMetricFields(request, Date.now()),
  });
};
