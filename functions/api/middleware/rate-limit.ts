/**
 * Rate limits per user and per tenant (shared/domain/rate-limits.ts), held in the table so they hold
 * across every Lambda instance (shared/data/rate-limits.ts). Runs after authentication: a request
 * with a verified actor takes one token from the user's bucket and one from the tenant's, side by side
 * (one round trip, 2 UpdateItems); a request that changes users in the sign-in directory also one
 * from the tenant's `identity` bucket. Refused: 429 with `Retry-After`, the body naming the limit.
 * Public requests carry no actor and pass (sign-in has its own throttle).
 *
 * An instance that has just seen a bucket empty refuses without a call until it refills (the bucket
 * hint), so a client that keeps knocking after its 429 costs nothing. A store that fails or throttles
 * lets the request through (logged): the limiter must never be why a request gets a 5xx.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { type BucketTake, rateLimitRepository } from '../../../shared/data/rate-limits';
import type { RateLimitName } from '../../../shared/domain/rate-limits';
import { retryAfterSeconds } from '../../../shared/domain/token-bucket';
import { DomainError } from '../../../shared/errors';
import type { AppEnv } from '../context';

const LIMIT_WORDS: Record<RateLimitName, string> = {
  user: 'too many requests from this user',
  tenant: "too many requests for this tenant's account",
  identity: 'too many changes to sign-in accounts for this tenant',
};

/** Requests that call the sign-in directory's admin API: user changes, and a new tenant's first admin. */
const changesIdentities = (c: Context<AppEnv>) => c.req.method !== 'GET' && c.req.method !== 'HEAD' && /^\/api\/(users|platform\/tenants)(\/|$)/.test(c.req.path);

export const rateLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { actor, deps } = c.var;
  const limits = deps.rateLimits;
  if (!actor || limits === 'off') return next();
  const buckets = rateLimitRepository(deps.tables.tenant(actor.tenantId), actor.tenantId, deps.clock);
  const names: RateLimitName[] = changesIdentities(c) ? ['user', 'tenant', 'identity'] : ['user', 'tenant'];
  const bucketKey: Record<RateLimitName, string> = { user: `user.${actor.userId}`, tenant: 'tenant', identity: 'identity' };
  let outcomes: BucketTake[];
  try {
    outcomes = await Promise.all(names.map((name) => buckets.take(bucketKey[name], limits[name])));
  } catch (error) {
    deps.logger.warn('rate limit not checked', { requestId: c.var.requestId, error: { name: (error as Error).name, message: (error as Error).message } });
    return next();
  }
  // The longest wait of the limits refused: coming back earlier would be refused again.
  let refused: { name: RateLimitName; take: BucketTake } | undefined;
  names.forEach((name, i) => {
    const take = outcomes[i]!;
    if (!take.allowed && (!refused || take.retryAfterMs > refused.take.retryAfterMs)) refused = { name, take };
  });
  if (refused) {
    const { name, take } = refused;
    const seconds = retryAfterSeconds(take.retryAfterMs);
    const limit = limits[name];
    throw new DomainError(429, 'rate_limited', `${LIMIT_WORDS[name]}: ${limit.capacity} at once, ${limit.refillPerSecond} a second; retry in ${seconds} s`, {
      limit: name,
      capacity: limit.capacity,
      refillPerSecond: limit.refillPerSecond,
      retryAfterSeconds: seconds,
    });
  }
  await next();
};
