/**
 * Sign-in, token verification and the identity directory in AWS, in either sign-in mode
 * (GRIDWATCH_SIGN_IN, shared/config.ts):
 * - `cognito`: the user pool checks passwords and issues ID tokens; users are kept in step there;
 *   tokens are verified against the pool's JWKS.
 * - `own-issuer`: the table's scrypt hashes are checked as locally, a KMS key signs the ID tokens
 *   (kms-issuer.ts), and the API verifies them with the same verifier against that key's JWKS.
 * Each part is loaded by the first request that needs it, not at start-up: the cold start only builds
 * what every request shares (bench/lambda.bench.ts), and a request that only verifies a token loads
 * nothing else.
 */
import type { JWK } from 'jose';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { TenantTables } from '../data/tenant-tables';
import { onFirstUse } from '../lazy';
import { type IdentityDirectory, tableIdentity } from './identity';
import type { PasswordSignIn } from './sign-in';
import type { TokenVerifier } from './verify';

export interface AwsAuth {
  verifyToken: TokenVerifier;
  signIn: PasswordSignIn;
  identity: IdentityDirectory;
  /** The own issuer's JWKS (undefined with Cognito, which publishes its own). */
  issuerKeys?: () => Promise<{ keys: JWK[] }>;
}

/** Forward each call to a part made on first use. */
function deferredSignIn(make: () => Promise<PasswordSignIn>): PasswordSignIn {
  const part = onFirstUse(make);
  return {
    signIn: async (...args) => (await part()).signIn(...args),
    setNewPassword: async (...args) => (await part()).setNewPassword(...args),
  };
}

export function awsAuth(config: Config, tables: Pick<TenantTables, 'tenant'>, clock: Clock): AwsAuth {
  const { jwtIssuer: issuer, jwtAudience: audience, signIn: mode } = config;
  if (mode.mode === 'own-issuer') {
    const tokens = onFirstUse(async () => {
      const { kmsCalls, kmsIssuer } = await import('./kms-issuer');
      return kmsIssuer({ issuer, audience, keyId: mode.tokenKeyId, clock, kms: kmsCalls() });
    });
    const verifyToken = onFirstUse(async () => {
      const [{ createTokenVerifier }, { issuerKeys }] = await Promise.all([import('./verify'), import('./kms-issuer')]);
      return createTokenVerifier({ issuer, audience, keys: issuerKeys(await tokens()), clock });
    });
    return {
      verifyToken: async (token) => (await verifyToken())(token),
      signIn: deferredSignIn(async () => (await import('./sign-in')).devSignIn(tables, await tokens())),
      identity: tableIdentity,
      issuerKeys: async () => (await tokens()).jwks(),
    };
  }
  const { userPoolId } = mode;
  const cognito = onFirstUse(async () => (await import('./cognito')).cognitoCalls());
  const verifyToken = onFirstUse(async () => {
    const verify = await import('./verify');
    return verify.createTokenVerifier({ issuer, audience, keys: verify.remoteKeys(config.jwksUrl), clock });
  });
  const identity = onFirstUse(async () => (await import('./identity')).cognitoIdentity(await cognito(), userPoolId));
  return {
    verifyToken: async (token) => (await verifyToken())(token),
    signIn: deferredSignIn(async () => (await import('./sign-in')).cognitoSignIn(await cognito(), userPoolId, audience, tables)),
    identity: {
      created: async (...args) => (await identity()).created(...args),
      updated: async (...args) => (await identity()).updated(...args),
      removed: async (...args) => (await identity()).removed(...args),
    },
  };
}
