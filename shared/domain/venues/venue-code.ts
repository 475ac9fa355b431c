/**
 * Venue codes (场所码): a signed token printed as a QR code at the venue. Scanning it on site is how
 * an inspection proves presence. The signature binds tenant, venue and code version, so a code of
 * another venue or tenant, or a rotated (old) code, does not verify.
 *
 * Keys (docs/infra.md "Venue-code keys"): a keyring of master secrets by key id, read from Secrets
 * Manager at run time; each tenant signs with its own key derived from the current master
 * (HMAC-SHA256 of the tenant id), and the key id travels in the code:
 *   GW2.<key id>.<tenant>.<venue>.<code version>.<signature>
 * Rotating the master adds a key id and makes it current: new codes use it, printed codes keep
 * verifying while their key id stays in the keyring. A tenant's key opens no other tenant's codes.
 * Codes printed before key ids (GW1.<tenant>.<venue>.<version>.<signature>, signed with the one
 * secret itself) verify against key id `k1`, the old secret, until it is dropped from the keyring.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface VenueCodeKeyring {
  /** The key id new codes are signed with. */
  current: string;
  /** Master secrets by key id. */
  keys: Readonly<Record<string, string>>;
}

export const KEY_ID = /^[a-z0-9]{1,8}$/;
/** The key id of the secret from before key ids: a plain secret is this one key. */
export const LEGACY_KEY_ID = 'k1';

/** The secret's text: JSON `{ "current": "k2", "keys": { "k1": "…", "k2": "…" } }`, or one plain secret (key id k1). */
export function parseVenueCodeKeyring(text: string): VenueCodeKeyring {
  if (!text.trimStart().startsWith('{')) {
    if (!text) throw new Error('venue-code keyring: empty secret');
    return { current: LEGACY_KEY_ID, keys: { [LEGACY_KEY_ID]: text } };
  }
  const parsed = JSON.parse(text) as { current?: unknown; keys?: Record<string, unknown> };
  const keys = parsed.keys ?? {};
  const ids = Object.keys(keys);
  if (typeof parsed.current !== 'string' || !(parsed.current in keys) || ids.some((id) => !KEY_ID.test(id) || typeof keys[id] !== 'string' || (keys[id] as string).length < 32)) {
    throw new Error('venue-code keyring: needs "current" naming one of "keys" (ids a-z0-9, at most 8; secrets of 32 characters or more)');
  }
  return { current: parsed.current, keys: keys as Record<string, string> };
}

const tenantKey = (master: string, tenantId: string) => createHmac('sha256', master).update(`gridwatch venue-code key|${tenantId}`).digest();
const sign = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text).digest('base64url').slice(0, 22);

function signature(keyring: VenueCodeKeyring, keyId: string | undefined, code: ParsedVenueCode): string | undefined {
  const { tenantId, venueId, codeVersion } = code;
  if (keyId === undefined) {
    const legacy = keyring.keys[LEGACY_KEY_ID];
    return legacy === undefined ? undefined : sign(legacy, `GW1|${tenantId}|${venueId}|${codeVersion}`);
  }
  return tenantSignature(keyring, keyId, tenantId, `GW2|${keyId}|${tenantId}|${venueId}|${codeVersion}`);
}

/**
 * A text signed with the tenant's key under master `keyId` (undefined if the keyring lacks it). Other
 * signed codes of a tenant (registration codes, shared/domain/self-registration/code.ts) use it with
 * a prefix of their own, so no code of one kind verifies as another.
 */
export function tenantSignature(keyring: VenueCodeKeyring, keyId: string, tenantId: string, text: string): string | undefined {
  const master = keyring.keys[keyId];
  return master === undefined ? undefined : sign(tenantKey(master, tenantId), text);
}

export function venueCodeToken(keyring: VenueCodeKeyring, tenantId: string, venueId: string, codeVersion: number): string {
  const keyId = keyring.current;
  return ['GW2', keyId, tenantId, venueId, codeVersion, signature(keyring, keyId, { tenantId, venueId, codeVersion })].join('.');
}

interface ParsedVenueCode {
  tenantId: string;
  venueId: string;
  codeVersion: number;
}

/** The parts of a code; `keyId` absent for a GW1 code. */
export function parseVenueCode(token: string): (ParsedVenueCode & { keyId?: string; signature: string }) | undefined {
  const parts = token.split('.');
  const [keyId, rest] = parts[0] === 'GW2' && parts.length === 6 ? [parts[1], parts.slice(2)] : parts[0] === 'GW1' && parts.length === 5 ? [undefined, parts.slice(1)] : [];
  if (!rest || (keyId !== undefined && !KEY_ID.test(keyId))) return undefined;
  const codeVersion = Number(rest[2]);
  if (!Number.isInteger(codeVersion) || codeVersion < 1) return undefined;
  return { keyId, tenantId: rest[0], venueId: rest[1], codeVersion, signature: rest[3] };
}

/** 'valid' only for this tenant's venue at its current code version, signed with a key still in the keyring. */
export function checkVenueCode(
  keyring: VenueCodeKeyring,
  token: string | undefined,
  expected: { tenantId: string; venueId: string; codeVersion: number },
): 'valid' | 'invalid' | 'missing' {
  if (!token) return 'missing';
  const parsed = parseVenueCode(token);
  if (!parsed || parsed.tenantId !== expected.tenantId || parsed.venueId !== expected.venueId || parsed.codeVersion !== expected.codeVersion) {
    return 'invalid';
  }
  const wanted = signature(keyring, parsed.keyId, expected);
  if (wanted === undefined) return 'invalid';
  const given = Buffer.from(parsed.signature);
  const want = Buffer.from(wanted);
  return given.length === want.length && timingSafeEqual(given, want) ? 'valid' : 'invalid';
}
