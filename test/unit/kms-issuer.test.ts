/**
 * The own issuer (sign-in mode own-issuer): ID tokens signed by a KMS key through signed requests,
 * verified by the same verifier as Cognito's and the dev issuer's tokens, against the JWKS it publishes.
 */
import { SignJWT } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { issuerKeys, kmsIssuer } from '../../shared/auth/kms-issuer';
import { createTokenVerifier } from '../../shared/auth/verify';
import { fixedClock } from '../../shared/clock';
import type { Actor } from '../../shared/domain/actor';
import { fakeKms } from '../support/fake-kms';

const clock = fixedClock(new Date('2026-03-02T08:00:00Z'));
const actor: Actor = { userId: 'zhang', tenantId: 'longhu', roles: ['inspector'], gridIds: ['g1'], venueKinds: [] };
const ISSUER = 'https://grid.example.cn/api/auth';

function setUp() {
  const kms = fakeKms();
  const issuer = kmsIssuer({ issuer: ISSUER, audience: 'gridwatch', keyId: kms.keyId, clock, kms: kms.call });
  const verify = createTokenVerifier({ issuer: ISSUER, audience: 'gridwatch', keys: issuerKeys(issuer), clock });
  return { kms, issuer, verify };
}

describe('KMS own issuer', () => {
  it('signs ID tokens that the verifier accepts as the same actor', async () => {
    const { kms, issuer, verify } = setUp();
    const token = await issuer.sign(actor);
    expect(await verify(token)).toEqual(actor);
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'RS256', kid: '1234abcd-12ab-34cd-56ef-1234567890ab', typ: 'JWT' });
    const sign = kms.calls.find((c) => c.operation === 'Sign')!;
    expect(sign.input).toMatchObject({ KeyId: kms.keyId, MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' });
    // The China regions' endpoint (FAKE_AWS_ENV is cn-north-1).
    expect(sign.url).toBe('https://kms.cn-north-1.amazonaws.com.cn/');
  });

  it('publishes one RS256 signing key, read from KMS once', async () => {
    const { kms, issuer, verify } = setUp();
    for (let i = 0; i < 3; i++) await verify(await issuer.sign({ ...actor, userId: `u${i}` }));
    const { keys } = await issuer.jwks();
    expect(keys).toEqual([{ kty: 'RSA', n: expect.any(String), e: 'AQAB', kid: '1234abcd-12ab-34cd-56ef-1234567890ab', alg: 'RS256', use: 'sig' }]);
    expect(kms.calls.filter((c) => c.operation === 'GetPublicKey')).toHaveLength(1);
  });

  it('refuses a changed token and one signed by any other key', async () => {
    const { issuer, verify } = setUp();
    const [header, payload, signature] = (await issuer.sign(actor)).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, 'custom:tenant': 'tianhe', 'cognito:username': 'tianhe:zhang' })).toString('base64url');
    expect(await verify(`${header}.${forged}.${signature}`)).toBeUndefined();

    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const foreign = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: JSON.parse(Buffer.from(header, 'base64url').toString()).kid }).sign(other);
    expect(await verify(foreign)).toBeUndefined();
  });

  it('refuses its own token for another audience or after it expired', async () => {
    const { issuer } = setUp();
    const token = await issuer.sign(actor);
    const otherAudience = createTokenVerifier({ issuer: ISSUER, audience: 'other', keys: issuerKeys(issuer), clock });
    expect(await otherAudience(token)).toBeUndefined();
    const later = createTokenVerifier({ issuer: ISSUER, audience: 'gridwatch', keys: issuerKeys(issuer), clock: fixedClock(new Date('2026-03-03T08:00:00Z')) });
    expect(await later(token)).toBeUndefined();
  });
});
