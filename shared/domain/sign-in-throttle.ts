/**
 * How sign-in is slowed down (docs/conventions.md, "How sign-in is throttled"). No hard lockout a
 * stranger can trigger: after a few free failures, each further attempt must wait a delay that doubles
 * with every failure, up to 15 minutes. The right password after the delay signs in (and clears the
 * count); so does the right password from a known device (one that signed in to this account before),
 * whose failures are counted on their own. Failures from one client address are counted across
 * accounts and tenants, with a larger allowance, so one client cannot try many user names quickly.
 */

export interface FailureCount {
  failures: number;
  /** Epoch milliseconds of the last failure. */
  lastFailureAt: number;
}

export const SIGN_IN_THROTTLE = {
  /** Failures of one account (or of one known device of it) before the first delay. */
  freeAccountFailures: 3,
  /** Failures from one client address, across accounts, before the first delay. */
  freeAddressFailures: 10,
  firstDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  /** A count with no failure for this long starts again from zero (its item also expires). */
  forgetAfterMs: 24 * 3600_000,
} as const;

/** The delay after `failures` failures with `free` of them allowed: 0, then 1 s, 2 s, 4 s … 15 min. */
export function delayAfter(failures: number, free: number): number {
  if (failures <= free) return 0;
  return Math.min(SIGN_IN_THROTTLE.firstDelayMs * 2 ** Math.min(failures - free - 1, 30), SIGN_IN_THROTTLE.maxDelayMs);
}

/** How long an attempt must still wait, in milliseconds (0: it may go ahead). */
export function waitBefore(count: FailureCount | undefined, free: number, now: number): number {
  if (!count || now - count.lastFailureAt >= SIGN_IN_THROTTLE.forgetAfterMs) return 0;
  return Math.max(0, count.lastFailureAt + delayAfter(count.failures, free) - now);
}

/** Whether this failure is the one that starts the delays: the moment a lockout is recorded for the tenant admin. */
export const startsDelays = (failures: number, free: number) => failures === free + 1;
