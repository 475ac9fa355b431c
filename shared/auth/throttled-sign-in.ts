/**
 * Password sign-in behind its throttle (shared/domain/sign-in-throttle.ts), the same in front of the
 * dev issuer and of Cognito: the wait is checked first (429 with Retry-After, whatever the password),
 * a wrong tenant, user name or password counts a failure, and a success clears the account's count
 * and hands the client a device token for its next sign-ins.
 */
import type { Clock } from '../clock';
import { type SignInAttempt, signInThrottle } from '../data/login-throttle';
import type { TenantTables } from '../data/tenant-tables';
import { DomainError } from '../errors';
import type { DeviceTokens } from './device-token';
import type { PasswordSignIn, SignInResult } from './sign-in';

export interface SignInRequest {
  tenantId: string;
  userId: string;
  password: string;
  /** A device token from an earlier sign-in, if the client kept one. */
  device?: string;
  address?: string;
}

export const tooManyAttempts = (waitMs: number) => {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new DomainError(429, 'too_many_attempts', `too many failed sign-ins; try again in ${seconds} s`, { retryAfterSeconds: seconds });
};

export async function throttledSignIn(
  deps: { tables: Pick<TenantTables, 'tenant'>; clock: Clock; signIn: PasswordSignIn; devices: DeviceTokens },
  request: SignInRequest,
): Promise<SignInResult & { device?: string }> {
  const { tenantId, userId } = request;
  const throttle = signInThrottle(deps.tables, deps.clock);
  const deviceId = deps.devices.verify(request.device, tenantId, userId);
  const attempt: SignInAttempt = { tenantId, userId, ...(deviceId && { deviceId }), ...(request.address && { address: request.address }) };
  const { waitMs, hasFailures } = await throttle.check(attempt);
  if (waitMs > 0) throw tooManyAttempts(waitMs);
  let result: SignInResult;
  try {
    result = await deps.signIn.signIn(tenantId, userId, request.password);
  } catch (error) {
    if (error instanceof DomainError && error.status === 401) await throttle.failed(attempt);
    throw error;
  }
  if (hasFailures) await throttle.succeeded(attempt);
  return result.kind === 'token' ? { ...result, device: deviceId ? request.device : deps.devices.issue(tenantId, userId) } : result;
}
