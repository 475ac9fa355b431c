/**
 * Token verification with jose: signature against the issuer's JWKS, issuer, audience, expiry and
 * an algorithm allow-list. Identical in AWS (Cognito's JWKS) and locally (the dev issuer's JWKS).
 */
import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { Actor } from '../domain/actor';
import type { Clock } from '../clock';
import { actorFromClaims } from './claims';

export const ALLOWED_ALGORITHMS = ['RS256'];

export interface VerifierConfig {
  issuer: string;
  audience: string;
  keys: JWTVerifyGetKey;
  clock: Clock;
}

export type TokenVerifier = (token: string) => Promise<Actor | undefined>;

export function remoteKeys(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
}

export function createTokenVerifier(config: VerifierConfig): TokenVerifier {
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, config.keys, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: ALLOWED_ALGORITHMS,
        currentDate: config.clock.now(),
        requiredClaims: ['exp', 'iat', 'sub'],
        clockTolerance: 30,
      });
      // Cognito access tokens carry no audience; only ID tokens are accepted.
      if (payload.token_use !== undefined && payload.token_use !== 'id') return undefined;
      return actorFromClaims(payload);
    } catch (error) {
      if (error instanceof errors.JOSEError || error instanceof TypeError) return undefined;
      throw error;
    }
  };
}
