/**
 * The API's own token issuer in AWS (sign-in mode `own-issuer`, the China regions, where Cognito
 * user pools do not exist): the same ID-token claims the dev issuer and Cognito sign, signed RS256 by
 * an AWS KMS asymmetric key (RSA_2048, SIGN_VERIFY) whose private half never leaves KMS. Passwords
 * are checked against the scrypt hash in the user item, as locally (shared/auth/sign-in.ts). The
 * public key is published as a JWKS at /api/auth/jwks.json and verifies tokens with the same code as
 * ever (shared/auth/verify.ts); the API reads it from KMS once per container instead of over HTTP.
 *
 * Calls are signed requests (AWS JSON 1.1, TrentService), like the Cognito and SQS calls: no KMS client.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { createLocalJWKSet, type JWK, type JWTVerifyGetKey } from 'jose';
import { type AwsEnvironment, type AwsJsonCall, awsJsonCalls } from '../aws/signed-requests';
import type { Clock } from '../clock';
import type { Actor } from '../domain/actor';
import { onFirstUse } from '../lazy';
import { claimsFromActor } from './claims';
import { TOKEN_LIFETIME_SECONDS } from './dev-issuer';

/** One KMS operation, e.g. `kms('Sign', { KeyId, … })`; tests answer with a local key. */
export type KmsCall = AwsJsonCall;

export const kmsCalls = (options: { env?: AwsEnvironment; send?: (request: Request) => Promise<Response> } = {}): KmsCall => awsJsonCalls('kms', 'TrentService', '1.1', options);

export interface TokenIssuer {
  issuer: string;
  audience: string;
  sign(actor: Actor): Promise<string>;
  /** The public keys, as /api/auth/jwks.json serves them. */
  jwks(): Promise<{ keys: JWK[] }>;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** The key id in a token's header: the KMS key's own id (the last part of its ARN). */
export const kmsKeyKid = (keyId: string) => keyId.split('/').pop()!;

export function kmsIssuer(options: { issuer: string; audience: string; keyId: string; clock: Clock; kms: KmsCall }): TokenIssuer {
  const kid = kmsKeyKid(options.keyId);
  const jwks = onFirstUse(async () => {
    const { PublicKey } = await options.kms<{ PublicKey: string }>('GetPublicKey', { KeyId: options.keyId });
    const jwk = createPublicKey({ key: Buffer.from(PublicKey, 'base64'), format: 'der', type: 'spki' }).export({ format: 'jwk' }) as JWK;
    return { keys: [{ kty: jwk.kty, n: jwk.n, e: jwk.e, kid, alg: 'RS256', use: 'sig' }] };
  });
  return {
    issuer: options.issuer,
    audience: options.audience,
    jwks,
    async sign(actor) {
      const iat = Math.floor(options.clock.now().getTime() / 1000);
      const header = base64url(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' }));
      const claims = { ...claimsFromActor(actor), token_use: 'id', iss: options.issuer, aud: options.audience, iat, exp: iat + TOKEN_LIFETIME_SECONDS };
      const input = `${header}.${base64url(JSON.stringify(claims))}`;
      // The digest, not the message: KMS signs at most 4 KiB of message, a digest always fits.
      const { Signature } = await options.kms<{ Signature: string }>('Sign', {
        KeyId: options.keyId,
        Message: createHash('sha256').update(input).digest('base64'),
        MessageType: 'DIGEST',
        SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
      });
      return `${input}.${Buffer.from(Signature, 'base64').toString('base64url')}`;
    },
  };
}

/** The verifier's keys: the issuer's JWKS, read once (createTokenVerifier takes any JWTVerifyGetKey). */
export function issuerKeys(issuer: TokenIssuer): JWTVerifyGetKey {
  const keys = onFirstUse(async () => createLocalJWKSet(await issuer.jwks()));
  return async (header, token) => (await keys())(header, token);
}
