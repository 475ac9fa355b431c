/**
 * Known devices for sign-in throttling: a successful sign-in hands the client a device token bound to
 * the tenant and user name; sending it with a later sign-in of the same account proves the device
 * signed in there before, so a stranger's failures elsewhere do not hold it back
 * (shared/domain/sign-in-throttle.ts). It grants nothing else: the password is still checked.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface DeviceTokens {
  issue(tenantId: string, userId: string): string;
  /** The device id, if the token is one this deployment issued for this tenant and user. */
  verify(token: string | undefined, tenantId: string, userId: string): string | undefined;
}

/** `secret` is a deployment secret; a key of its own is derived from it for this one purpose. */
export function deviceTokens(secret: string): DeviceTokens {
  const key = createHmac('sha256', secret).update('gridwatch: sign-in device tokens').digest();
  const mac = (tenantId: string, userId: string, deviceId: string) => createHmac('sha256', key).update(`${tenantId}\n${userId}\n${deviceId}`).digest();
  return {
    issue(tenantId, userId) {
      const deviceId = randomBytes(12).toString('base64url');
      return `${deviceId}.${mac(tenantId, userId, deviceId).toString('base64url')}`;
    },
    verify(token, tenantId, userId) {
      const match = token && /^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!match) return undefined;
      const expected = mac(tenantId, userId, match[1]);
      const given = Buffer.from(match[2], 'base64url');
      return given.length === expected.length && timingSafeEqual(given, expected) ? match[1] : undefined;
    },
  };
}
