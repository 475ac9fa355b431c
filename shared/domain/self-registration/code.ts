/**
 * Registration codes (扫码登记码): a signed token on a poster; a resident scans it and the public form
 * sends it back with what they fill in. The tenant (and the code) come only from a token that
 * verifies: signed with the tenant's own key (the venue-code keyring, shared/domain/venues/venue-code.ts),
 * under a prefix of its own, so a venue code is no registration code and a code of tenant A opens
 * nothing of tenant B.
 *   GR1.<key id>.<tenant>.<code id>.<signature>
 * Retiring a code is a flag on its item (checked on every submission), not a new signature.
 */
import { timingSafeEqual } from 'node:crypto';
import { KEY_ID, tenantSignature, type VenueCodeKeyring } from '../venues/venue-code';

const TENANT = /^[a-z][a-z0-9-]{1,39}$/;
const CODE_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const text = (keyId: string, tenantId: string, codeId: string) => `GR1|${keyId}|${tenantId}|${codeId}`;

export function registrationCodeToken(keyring: VenueCodeKeyring, tenantId: string, codeId: string): string {
  const keyId = keyring.current;
  return ['GR1', keyId, tenantId, codeId, tenantSignature(keyring, keyId, tenantId, text(keyId, tenantId, codeId))].join('.');
}

/** The tenant and code of a token whose signature holds, else undefined (malformed, tampered, unknown key). */
export function verifyRegistrationCode(keyring: VenueCodeKeyring, token: string): { tenantId: string; codeId: string } | undefined {
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== 'GR1') return undefined;
  const [, keyId, tenantId, codeId, given] = parts;
  if (!KEY_ID.test(keyId) || !TENANT.test(tenantId) || !CODE_ID.test(codeId)) return undefined;
  const wanted = tenantSignature(keyring, keyId, tenantId, text(keyId, tenantId, codeId));
  if (wanted === undefined || given.length !== wanted.length) return undefined;
  return timingSafeEqual(Buffer.from(given), Buffer.from(wanted)) ? { tenantId, codeId } : undefined;
}
