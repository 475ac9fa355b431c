/**
 * The address of the client that sent a request, for sign-in throttling by address
 * (shared/domain/sign-in-throttle.ts); undefined when the runtime does not say (then only the
 * per-account limits apply).
 * - Lambda behind the HTTP API behind CloudFront: CloudFront appends the viewer's address to
 *   X-Forwarded-For and the HTTP API appends CloudFront's (the connection's, `sourceIp`), so the
 *   viewer is the entry just before the last. Whatever a viewer itself puts in front is ignored.
 * - The local server (@hono/node-server): the socket's remote address.
 */
import type { Context } from 'hono';

interface RuntimeEnv {
  requestContext?: { http?: { sourceIp?: string } };
  incoming?: { socket?: { remoteAddress?: string } };
}

export function clientAddress(c: Context): string | undefined {
  const env = c.env as RuntimeEnv | undefined;
  const sourceIp = env?.requestContext?.http?.sourceIp;
  if (sourceIp) {
    const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    return forwarded.length >= 2 && forwarded.at(-1) === sourceIp ? forwarded.at(-2) : sourceIp;
  }
  return env?.incoming?.socket?.remoteAddress;
}
