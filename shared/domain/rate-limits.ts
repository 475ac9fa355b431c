/**
 * The API's rate limits (docs/infra.md "Rate limits"): token buckets per user, per tenant, and per
 * tenant for the routes that call the sign-in directory's admin API (Cognito's admin quotas are the
 * account's, shared by every tenant). Configuration: GRIDWATCH_RATE_LIMITS, `off` or JSON overriding
 * some of the defaults, e.g. `{"tenant":{"capacity":400,"refillPerSecond":80}}`.
 */
import * as z from 'zod';
import type { TokenBucketLimit } from './token-bucket';

export type RateLimitName = 'user' | 'tenant' | 'identity';

export type RateLimits = Record<RateLimitName, TokenBucketLimit>;

/**
 * A person in the field app makes a few requests a screen (≤ 10 at once) and 100 a day; the
 * 7,102-grid district's 2,000 staff make ~7 a second on average (docs/cost.md), a morning peak a few
 * times that. Well above honest use, and a fraction of the stage throttle (100 a second by default,
 * infra/constructs/api.ts), so one tenant alone cannot push the others into its 429s.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  user: { capacity: 60, refillPerSecond: 5 },
  tenant: { capacity: 200, refillPerSecond: 40 },
  identity: { capacity: 20, refillPerSecond: 2 },
};

const limitSchema = z.strictObject({ capacity: z.int().min(1).max(100_000), refillPerSecond: z.number().positive().max(100_000) });
const overridesSchema = z.strictObject({ user: limitSchema.optional(), tenant: limitSchema.optional(), identity: limitSchema.optional() });

/** GRIDWATCH_RATE_LIMITS: unset → the defaults; `off`; or JSON with the limits to change. A bad value fails start-up, naming it. */
export function parseRateLimits(value: string | undefined): RateLimits | 'off' {
  if (value === undefined || value.trim() === '') return DEFAULT_RATE_LIMITS;
  if (value.trim() === 'off') return 'off';
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new Error('GRIDWATCH_RATE_LIMITS must be "off" or JSON like {"user":{"capacity":60,"refillPerSecond":5}}');
  }
  const parsed = overridesSchema.safeParse(json);
  if (!parsed.success) throw new Error(`GRIDWATCH_RATE_LIMITS: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { ...DEFAULT_RATE_LIMITS, ...parsed.data };
}
