/**
 * The claims Gridwatch reads from a verified ID token. Cognito puts custom user-pool attributes
 * under `custom:`; the local dev issuer signs exactly the same claim names, so one mapping serves both.
 */
import * as z from 'zod';
import { type Actor, Role } from '../domain/actor';
import { isTenantId } from '../data/keys';
import { CLAIM, signInName } from './claim-names';

const list = (value: string | undefined) => (value ? value.split(',').map((s) => s.trim()).filter(Boolean) : []);

const Claims = z.object({
  sub: z.string().min(1),
  [CLAIM.username]: z.string().min(1),
  [CLAIM.tenant]: z.string().refine(isTenantId, 'tenant'),
  [CLAIM.roles]: z.string().min(1),
  [CLAIM.grids]: z.string().optional(),
  [CLAIM.venueKinds]: z.string().optional(),
});

/** The actor from verified claims, or undefined when the claims are not a Gridwatch user's. */
export function actorFromClaims(payload: unknown): Actor | undefined {
  const parsed = Claims.safeParse(payload);
  if (!parsed.success) return undefined;
  const claims = parsed.data;
  const roles = z.array(Role).min(1).safeParse(list(claims[CLAIM.roles]));
  if (!roles.success) return undefined;
  const prefix = `${claims[CLAIM.tenant]}:`;
  const username = claims[CLAIM.username];
  if (!username?.startsWith(prefix) || username.length === prefix.length) return undefined;
  return {
    userId: username.slice(prefix.length),
    tenantId: claims[CLAIM.tenant],
    roles: roles.data,
    gridIds: list(claims[CLAIM.grids]),
    venueKinds: list(claims[CLAIM.venueKinds]),
  };
}

export function claimsFromActor(actor: Actor): Record<string, string> {
  return {
    sub: signInName(actor.tenantId, actor.userId),
    [CLAIM.username]: signInName(actor.tenantId, actor.userId),
    [CLAIM.tenant]: actor.tenantId,
    [CLAIM.roles]: actor.roles.join(','),
    [CLAIM.grids]: actor.gridIds.join(','),
    [CLAIM.venueKinds]: actor.venueKinds.join(','),
  };
}
