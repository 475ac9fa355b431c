/**
 * Rate limits of the public endpoints: one token from the client address's bucket, then one from the
 * code's (shared/data/public-throttle.ts). The address's is asked first, so a flood from one address
 * is refused before it can drain a poster's bucket that others share.
 */
import type { Context } from 'hono';
import { PUBLIC_LIMITS } from '../../../../shared/domain/public-limits';
import { publicThrottle, type PublicThrottle } from '../../../../shared/data/public-throttle';
import { clientAddress } from '../../client-address';
import type { AppEnv, Deps } from '../../context';

const throttles = new WeakMap<Deps, PublicThrottle>();

export async function admitPublic(c: Context<AppEnv>, verified: { tenantId: string; codeId?: string; venueId?: string }): Promise<void> {
  const { deps } = c.var;
  let throttle = throttles.get(deps);
  if (!throttle) throttles.set(deps, (throttle = publicThrottle(deps.tables, deps.clock)));
  const checkIn = verified.venueId !== undefined;
  await throttle.admit({
    address: clientAddress(c),
    addressLimit: checkIn ? PUBLIC_LIMITS.checkInAddress : PUBLIC_LIMITS.address,
    tenantId: verified.tenantId,
    bucket: checkIn ? `venue-${verified.venueId}` : `code-${verified.codeId}`,
    limit: checkIn ? PUBLIC_LIMITS.venueCode : PUBLIC_LIMITS.registrationCode,
  });
}
