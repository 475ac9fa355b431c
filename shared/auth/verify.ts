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

/** How long a verified token is trusted without checking its signature again (never past its expiry). */
const VERIFIED_TTL_MS = 5 * 60_000;
const VERIFIED_CACHE_SIZE = 2000;
const CLOCK_TOLERANCE_S = 30;

export function createTokenVerifier(config: VerifierConfig): TokenVerifier {
  // Verifying an RS256 signature is the costliest step of a request that is not a database call, and
  // the same token comes back on every request of a session. A token that verified is remembered (by
  // its exact text) for a few minutes: within that time only its expiry and not-before are checked
  // again. A changed byte is another text, so it is verified afresh; a key removed from the JWKS
  // stops being trusted for cached tokens within VERIFIED_TTL_MS.
  const verified = new Map<string, { actor: Actor; exp: number; nbf?: number; until: number }>();
  const copy = (a: Actor): Actor => ({ ...a, roles: [...a.roles], gridIds: [...a.gridIds], venueKinds: [...a.venueKinds] });

  return async (token) => {
    const now = config.clock.now();
    const seconds = now.getTime() / 1000;
    const hit = verified.get(token);
    if (hit) {
      if (now.getTime() < hit.until && seconds <= hit.exp + CLOCK_TOLERANCE_S && (hit.nbf === undefined || seconds >= hit.nbf - CLOCK_TOLERANCE_S)) return copy(hit.actor);
      verified.delete(token);
    }
    try {
      const { payload } = await jwtVerify(token, config.keys, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: ALLOWED_ALGORITHMS,
        currentDate: now,
        requiredClaims: ['exp', 'iat', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_S,
      });
      // Cognito access tokens carry no audience; only ID tokens are accepted.
      if (payload.token_use !== undefined && payload.token_use !== 'id') return undefined;
      // jose checks iat only against a maximum age: a token issued in the future was not issued by a
      // working issuer (or was signed to outlive a revocation), whatever its expiry says.
      if (typeof payload.iat !== 'number' || payload.iat > seconds + CLOCK_TOLERANCE_S) return undefined;
      const actor = actorFromClaims(payload);
      if (actor && typeof payload.exp === 'number') {
        if (verified.size >= VERIFIED_CACHE_SIZE) verified.clear();
        verified.set(token, { actor: copy(actor), exp: payload.exp, nbf: typeof payload.nbf === 'number' ? payload.nbf : undefined, until: now.getTime() + VERIFIED_TTL_MS });
      }
      return actor;
    } catch (error) {
      if (error instanceof errors.JOSEError || error instanceof TypeError) return undefined;
      throw error;
    }
  };
}
