/**
 * Password sign-in behind POST /api/auth/login, the same contract locally and in AWS:
 * - locally the dev issuer checks the scrypt hash in the user item and signs an ID token; in AWS
 *   the own-issuer mode does the same with a KMS key signing (kms-issuer.ts);
 * - in AWS Cognito checks the password (AdminInitiateAuth, ADMIN_USER_PASSWORD_AUTH) and returns
 *   its ID token; a user created by an admin must first choose a new password (a challenge).
 * Both answer the same way to a wrong tenant, user name or password.
 */
import type { Db } from '../data/db';
import type { TenantTables } from '../data/tenant-tables';
import { tenantData } from '../data/tenant-data';
import { tenantDirectory } from '../data/tenants';
import { PLATFORM_TENANT } from '../domain/actor';
import { DomainError, unauthorized } from '../errors';
import { signInName } from './claim-names';
import type { CognitoCall } from './cognito';
import { type DevIssuer, TOKEN_LIFETIME_SECONDS } from './dev-issuer';
import { decoyHash, verifyPassword } from './password';

export type SignInResult = { kind: 'token'; token: string; expiresIn: number } | { kind: 'new-password-required'; session: string };

export interface PasswordSignIn {
  signIn(tenantId: string, userId: string, password: string): Promise<SignInResult>;
  /** Answer the new-password challenge of a first sign-in. */
  setNewPassword(tenantId: string, userId: string, session: string, newPassword: string): Promise<SignInResult>;
}

export const badSignIn = () => unauthorized('wrong tenant, user name or password');

/** An active tenant (or the platform) — a suspended tenant's users cannot sign in. */
async function tenantActive(db: Db, tenantId: string): Promise<boolean> {
  return tenantId === PLATFORM_TENANT || (await tenantDirectory(db).find(tenantId))?.status === 'active';
}

/** Passwords checked against the table's hashes; `issuer` signs: the dev issuer locally, the KMS key in AWS (own-issuer mode). */
export function devSignIn(tables: Pick<TenantTables, 'tenant'>, issuer: Pick<DevIssuer, 'sign'>): PasswordSignIn {
  return {
    async signIn(tenantId, userId, password) {
      // Only the tenant being signed into is reachable (its credentials).
      const db = tables.tenant(tenantId);
      const [active, stored] = await Promise.all([tenantActive(db, tenantId), tenantData(db, tenantId).users.credentials(userId)]);
      // The hash is checked even for an unknown user, so timing does not tell which part was wrong.
      const passwordOk = await verifyPassword(password, stored?.passwordHash ?? (await decoyHash()));
      // Failures are counted in front of every sign-in (throttled-sign-in.ts), not here.
      if (!stored || !active || !passwordOk || stored.status !== 'active') throw badSignIn();
      const token = await issuer.sign({ userId: stored.id, tenantId, roles: stored.roles, gridIds: stored.gridIds, venueKinds: stored.venueKinds });
      return { kind: 'token', token, expiresIn: TOKEN_LIFETIME_SECONDS };
    },
    async setNewPassword() {
      throw new DomainError(400, 'validation', 'session: no sign-in challenge is pending');
    },
  };
}

export function cognitoSignIn(cognito: CognitoCall, userPoolId: string, clientId: string, tables: Pick<TenantTables, 'tenant'>): PasswordSignIn {
  type AuthAnswer = { AuthenticationResult?: { IdToken?: string; ExpiresIn?: number }; ChallengeName?: string; Session?: string };
  const answer = (out: AuthAnswer): SignInResult => {
    if (out.AuthenticationResult?.IdToken) return { kind: 'token', token: out.AuthenticationResult.IdToken, expiresIn: out.AuthenticationResult.ExpiresIn ?? 3600 };
    if (out.ChallengeName === 'NEW_PASSWORD_REQUIRED' && out.Session) return { kind: 'new-password-required', session: out.Session };
    throw new DomainError(401, 'unsupported_challenge', `sign-in needs a step this app does not offer (${out.ChallengeName ?? 'none'})`);
  };
  const refused = (error: unknown): never => {
    const name = (error as Error).name;
    if (name === 'NotAuthorizedException' || name === 'UserNotFoundException') throw badSignIn();
    if (name === 'InvalidPasswordException') throw new DomainError(400, 'validation', `newPassword: ${(error as Error).message}`);
    if (name === 'TooManyRequestsException' || name === 'LimitExceededException') throw new DomainError(429, 'too_many_attempts', 'too many sign-ins; wait a moment');
    throw error;
  };
  return {
    async signIn(tenantId, userId, password) {
      if (!(await tenantActive(tables.tenant(tenantId), tenantId))) throw badSignIn();
      const out = await cognito<AuthAnswer>('AdminInitiateAuth', {
        UserPoolId: userPoolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: signInName(tenantId, userId), PASSWORD: password },
      }).catch(refused);
      return answer(out);
    },
    async setNewPassword(tenantId, userId, session, newPassword) {
      const out = await cognito<AuthAnswer>('AdminRespondToAuthChallenge', {
        UserPoolId: userPoolId,
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: session,
        ChallengeResponses: { USERNAME: signInName(tenantId, userId), NEW_PASSWORD: newPassword },
      }).catch(refused);
      return answer(out);
    },
  };
}
