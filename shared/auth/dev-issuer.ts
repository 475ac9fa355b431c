/**
 * The local dev issuer: signs ID tokens with an RSA key kept under the data directory (or in memory
 * for tests) and publishes the public half as a JWKS. It stands in for Cognito on this machine.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT, createLocalJWKSet } from 'jose';
import type { Clock } from '../clock';
import type { Actor } from '../domain/actor';
import { claimsFromActor } from './claims';

export const TOKEN_LIFETIME_SECONDS = 8 * 3600; // one working shift

export interface DevIssuer {
  issuer: string;
  audience: string;
  jwks: { keys: JWK[] };
  keys: ReturnType<typeof createLocalJWKSet>;
  sign(actor: Actor): Promise<string>;
  /** Sign any claims; issuer, audience and lifetime can be overridden (tests of the verifier use this). */
  signClaims(claims: Record<string, unknown>, options?: { issuer?: string; audience?: string; lifetimeSeconds?: number }): Promise<string>;
}

interface StoredKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

async function newKey(): Promise<StoredKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  return { kid, privateJwk: await exportJWK(privateKey), publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

/** Load the key from `keyFile`, creating it on first use; without a file the key lives in memory. */
export async function createDevIssuer(options: { issuer: string; audience: string; clock: Clock; keyFile?: string }): Promise<DevIssuer> {
  let stored: StoredKey;
  if (options.keyFile && existsSync(options.keyFile)) {
    stored = JSON.parse(readFileSync(options.keyFile, 'utf8'));
  } else {
    stored = await newKey();
    if (options.keyFile) {
      mkdirSync(dirname(options.keyFile), { recursive: true });
      writeFileSync(options.keyFile, JSON.stringify(stored), { mode: 0o600 });
    }
  }
  const privateKey = (await importJWK(stored.privateJwk, 'RS256')) as CryptoKey;
  const jwks = { keys: [stored.publicJwk] };
  const signClaims: DevIssuer['signClaims'] = (claims, overrides = {}) => {
    const now = Math.floor(options.clock.now().getTime() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: stored.kid, typ: 'JWT' })
      .setIssuer(overrides.issuer ?? options.issuer)
      .setAudience(overrides.audience ?? options.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + (overrides.lifetimeSeconds ?? TOKEN_LIFETIME_SECONDS))
      .sign(privateKey);
  };
  return {
    issuer: options.issuer,
    audience: options.audience,
    jwks,
    keys: createLocalJWKSet(jwks),
    signClaims,
    sign: (actor) => signClaims({ ...claimsFromActor(actor), token_use: 'id' }),
  };
}
