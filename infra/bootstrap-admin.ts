/**
 * The first platform admin of a new deployment, in either sign-in mode: the user item in the table
 * (with its scrypt hash, which the own issuer checks) and, with Cognito, the pool user with the same
 * claims and the password as a temporary one (the first sign-in asks for a new one). The platform
 * admin then creates tenants and their admins through the API. `npm run bootstrap-admin` runs it
 * against the deployed table (infra/bootstrap-admin-cli.ts, docs/infra.md).
 */
import type { IdentityDirectory } from '../shared/auth/identity';
import type { Db } from '../shared/data/db';
import { tenantData } from '../shared/data/tenant-data';
import { PLATFORM_TENANT } from '../shared/domain/actor';
import type { User } from '../shared/domain/user';
import { DomainError } from '../shared/errors';

/** Cognito's password policy (infra/constructs/auth.ts), applied in both modes. */
export const ADMIN_PASSWORD_RULE = /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^A-Za-z0-9]).{12,200}$/;

export interface BootstrapAdmin {
  db: Db;
  identity: IdentityDirectory;
  userId: string;
  displayName: string;
  password: string;
  now: Date;
}

/** Creates the platform admin; refuses (409) when that user exists, so running it twice changes nothing. */
export async function bootstrapPlatformAdmin(o: BootstrapAdmin): Promise<User> {
  if (!ADMIN_PASSWORD_RULE.test(o.password)) throw new DomainError(400, 'validation', 'password: 12 or more characters with lower and upper case letters, a digit and a symbol');
  const users = tenantData(o.db, PLATFORM_TENANT, { identity: o.identity }).users;
  // The API's user input never grants platform-admin; only this command (and the local seed) does.
  return users.create({ id: o.userId, displayName: o.displayName, roles: ['platform-admin' as never], gridIds: [], venueKinds: [], password: o.password }, o.now);
}
