/**
 * Venue codes (场所码): a signed token printed as a QR code at the venue. Scanning it on site is how
 * an inspection proves presence. The signature binds tenant, venue and code version, so a code of
 * another venue or tenant, or a rotated (old) code, does not verify.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'GW1';

function signature(secret: string, tenantId: string, venueId: string, codeVersion: number): string {
  return createHmac('sha256', secret).update(`${PREFIX}|${tenantId}|${venueId}|${codeVersion}`).digest('base64url').slice(0, 22);
}

export function venueCodeToken(secret: string, tenantId: string, venueId: string, codeVersion: number): string {
  return [PREFIX, tenantId, venueId, codeVersion, signature(secret, tenantId, venueId, codeVersion)].join('.');
}

export function parseVenueCode(token: string): { tenantId: string; venueId: string; codeVersion: number } | undefined {
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== PREFIX) return undefined;
  const codeVersion = Number(parts[3]);
  if (!Number.isInteger(codeVersion) || codeVersion < 1) return undefined;
  return { tenantId: parts[1], venueId: parts[2], codeVersion };
}

/** 'valid' only for this tenant's venue at its current code version. */
export function checkVenueCode(
  secret: string,
  token: string | undefined,
  expected: { tenantId: string; venueId: string; codeVersion: number },
): 'valid' | 'invalid' | 'missing' {
  if (!token) return 'missing';
  const parsed = parseVenueCode(token);
  if (!parsed || parsed.tenantId !== expected.tenantId || parsed.venueId !== expected.venueId || parsed.codeVersion !== expected.codeVersion) {
    return 'invalid';
  }
  const given = Buffer.from(token.split('.')[4]);
  const wanted = Buffer.from(signature(secret, expected.tenantId, expected.venueId, expected.codeVersion));
  return given.length === wanted.length && timingSafeEqual(given, wanted) ? 'valid' : 'invalid';
}
