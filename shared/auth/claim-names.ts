/**
 * The names Gridwatch gives its token claims and pool users, without the claims' schema
 * (shared/auth/claims.ts), so that what only needs a name does not load zod.
 */

/** Cognito puts custom user-pool attributes under `custom:`; the dev issuer signs the same names. */
export const CLAIM = {
  tenant: 'custom:tenant',
  roles: 'custom:roles',
  grids: 'custom:grids',
  venueKinds: 'custom:kinds',
  username: 'cognito:username',
} as const;

/**
 * Sign-in names are unique per user pool, not per tenant, so the pool's user name is
 * `<tenant>:<user id>`. The dev issuer signs the same form.
 */
export const signInName = (tenantId: string, userId: string) => `${tenantId}:${userId}`;
