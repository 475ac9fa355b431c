/**
 * Venue-code keys (shared/domain/venues/venue-code.ts, shared/aws/venue-code-keys.ts): a key per tenant
 * derived from the current master, the key id in the code so a rotation keeps printed codes valid,
 * GW1 codes (before key ids) still verifying with key id k1, and the keyring read from Secrets
 * Manager once per 10 minutes.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { secretsManagerKeyring } from '../../shared/aws/venue-code-keys';
import { checkVenueCode, parseVenueCode, parseVenueCodeKeyring, venueCodeToken } from '../../shared/domain/venues/venue-code';
import { FAKE_AWS_ENV } from '../support/fake-cognito';

const K1 = 'a'.repeat(64);
const K2 = 'b'.repeat(64);
const legacy = parseVenueCodeKeyring(K1);
const rotated = parseVenueCodeKeyring(JSON.stringify({ current: 'k2', keys: { k1: K1, k2: K2 } }));
const venue = { tenantId: 'longhu', venueId: '01JD0000000000000000000001', codeVersion: 2 };
const tokenOf = (keyring: typeof legacy, v = venue) => venueCodeToken(keyring, v.tenantId, v.venueId, v.codeVersion);

describe('venue codes', () => {
  it('carry the key id and verify for their venue, tenant and version only', () => {
    const token = tokenOf(rotated);
    expect(token).toMatch(/^GW2\.k2\.longhu\.01JD0000000000000000000001\.2\.[A-Za-z0-9_-]{22}$/);
    expect(checkVenueCode(rotated, token, venue)).toBe('valid');
    expect(checkVenueCode(rotated, token, { ...venue, codeVersion: 3 })).toBe('invalid');
    expect(checkVenueCode(rotated, token, { ...venue, tenantId: 'other' })).toBe('invalid');
    expect(checkVenueCode(rotated, undefined, venue)).toBe('missing');
  });

  it('are signed with a key of the tenant’s own: the same venue id in another tenant signs differently', () => {
    const other = { ...venue, tenantId: 'other' };
    const sig = (t: string) => t.split('.')[5];
    expect(sig(tokenOf(rotated, other))).not.toBe(sig(tokenOf(rotated)));
    // A code relabelled with another tenant does not verify there.
    expect(checkVenueCode(rotated, tokenOf(rotated).replace('.longhu.', '.other.'), other)).toBe('invalid');
  });

  it('printed before a rotation keep verifying while their key id stays; a dropped key voids them', () => {
    const before = tokenOf(legacy);
    expect(before.startsWith('GW2.k1.')).toBe(true);
    expect(checkVenueCode(rotated, before, venue)).toBe('valid');
    const dropped = parseVenueCodeKeyring(JSON.stringify({ current: 'k2', keys: { k2: K2 } }));
    expect(checkVenueCode(dropped, before, venue)).toBe('invalid');
    expect(checkVenueCode(dropped, tokenOf(rotated), venue)).toBe('valid');
  });

  it('printed as GW1 (one secret, no key id) verify against key k1', () => {
    const { tenantId, venueId, codeVersion } = venue;
    const gw1 = ['GW1', tenantId, venueId, codeVersion, createHmac('sha256', K1).update(`GW1|${tenantId}|${venueId}|${codeVersion}`).digest('base64url').slice(0, 22)].join('.');
    expect(parseVenueCode(gw1)).toMatchObject({ keyId: undefined, tenantId, venueId, codeVersion });
    expect(checkVenueCode(legacy, gw1, venue)).toBe('valid');
    expect(checkVenueCode(rotated, gw1, venue)).toBe('valid');
    expect(checkVenueCode(parseVenueCodeKeyring(JSON.stringify({ current: 'k2', keys: { k2: K2 } })), gw1, venue)).toBe('invalid');
  });

  it('refuse a keyring whose current key is missing, whose ids are odd or whose secrets are short', () => {
    expect(() => parseVenueCodeKeyring(JSON.stringify({ current: 'k3', keys: { k1: K1 } }))).toThrow(/current/);
    expect(() => parseVenueCodeKeyring(JSON.stringify({ current: 'K.1', keys: { 'K.1': K1 } }))).toThrow();
    expect(() => parseVenueCodeKeyring(JSON.stringify({ current: 'k1', keys: { k1: 'short' } }))).toThrow();
    expect(parseVenueCode('GW2.K.1.longhu.v.1.sig')).toBeUndefined();
  });
});

describe('the keyring from Secrets Manager', () => {
  it('is one signed GetSecretValue, kept 10 minutes, then read again; a failed read keeps the old one', async () => {
    let now = 0;
    let secret = K1;
    let failing = false;
    const calls: { target: string | null; body: unknown }[] = [];
    const send = async (request: Request) => {
      calls.push({ target: request.headers.get('x-amz-target'), body: JSON.parse(await request.text()) });
      if (failing) return new Response(JSON.stringify({ __type: 'InternalServiceError', message: 'down' }), { status: 400 });
      return new Response(JSON.stringify({ SecretString: secret }), { status: 200 });
    };
    const keyring = secretsManagerKeyring('arn:secret', { env: FAKE_AWS_ENV, send, now: () => now });
    expect(await Promise.all([keyring(), keyring()])).toEqual([legacy, legacy]);
    expect(calls).toEqual([{ target: 'secretsmanager.GetSecretValue', body: { SecretId: 'arn:secret' } }]);
    secret = JSON.stringify({ current: 'k2', keys: { k1: K1, k2: K2 } });
    now += 9 * 60_000;
    expect((await keyring()).current).toBe('k1');
    now += 2 * 60_000;
    expect((await keyring()).current).toBe('k2');
    failing = true;
    now += 11 * 60_000;
    expect((await keyring()).current).toBe('k2');
  });
});
