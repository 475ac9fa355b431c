/** What the testing-round routes share: roles, path parameters, the round view and the caller's scope. */
import type { Context } from 'hono';
import * as z from 'zod';
import { RoundId, roundStatus, type StoredRound } from '../../../../shared/domain/testing/round';
import type { AppEnv } from '../../context';

export { RESIDENT_ROLES } from '../residents/support';
/** Who plans rounds, lays out sites and imports a lab's results: the tenant admin and the supervisors. */
export const ROUND_ROLES = ['tenant-admin', 'supervisor'] as const;
export const RoundParam = z.object({ roundId: RoundId });

export const roundView = (r: StoredRound, now: Date) => ({ ...r, status: roundStatus(r, now) });

export async function testingScope(c: Context<AppEnv>) {
  const { data, actor } = c.var;
  return { t: data.residents.testing, scope: await data.residents.scopeOf(actor), now: c.var.deps.clock.now(), actor };
}
