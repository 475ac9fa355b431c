/** What the residents routes share: roles, path parameters, where a request came from (for the access log). */
import type { Context } from 'hono';
import * as z from 'zod';
import { HouseholdId } from '../../../../shared/domain/residents/household';
import { PersonId } from '../../../../shared/domain/residents/person';
import type { RequestOrigin } from '../../../../shared/data/residents/audit';
import type { AppEnv } from '../../context';

/** Everyone who works with residents. Industry authorities and the platform admin: none of this. */
export const RESIDENT_ROLES = ['tenant-admin', 'supervisor', 'inspector'] as const;
export const HouseholdParam = z.object({ householdId: HouseholdId });
export const PersonParam = z.object({ householdId: HouseholdId, personId: PersonId });

/**
 * The caller's address: API Gateway's source IP on Lambda, the socket's locally; and the
 * X-Forwarded-For chain as sent (CloudFront adds the viewer's address to it), kept apart because a
 * client can write its start.
 */
export function originOf(c: Context<AppEnv>): RequestOrigin {
  const env = c.env as { event?: { requestContext?: { http?: { sourceIp?: string } } }; incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const ip = env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress;
  const forwardedFor = c.req.header('x-forwarded-for')?.slice(0, 200);
  return { ip: ip?.slice(0, 64), forwardedFor, requestId: c.var.requestId };
}
