/**
 * A stand-in for AWS KMS (no AWS here) at the HTTP level, for the own issuer's key: the app's real
 * client (shared/auth/kms-issuer.ts kmsCalls) signs and sends its requests; this answers GetPublicKey
 * and Sign (RSASSA_PKCS1_V1_5_SHA_256 over a DIGEST, as KMS does) with a local RSA key.
 */
import { constants, generateKeyPairSync, privateEncrypt } from 'node:crypto';
import { type KmsCall, kmsCalls } from '../../shared/auth/kms-issuer';
import { FAKE_AWS_ENV } from './fake-cognito';

/** DER DigestInfo prefix of a SHA-256 digest (RFC 8017 §9.2): PKCS #1 v1.5 signs prefix + digest. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

export interface FakeKms {
  call: KmsCall;
  calls: { operation: string; input: any; url: string }[];
  keyId: string;
}

export function fakeKms(keyId = 'arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'): FakeKms {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const calls: FakeKms['calls'] = [];
  const send = async (request: Request) => {
    const operation = (request.headers.get('x-amz-target') ?? '').replace(/^TrentService\./, '');
    const input = await request.json();
    calls.push({ operation, input, url: request.url });
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/x-amz-json-1.1' } });
    if (input.KeyId !== keyId) return json(400, { __type: 'NotFoundException', message: `no key ${input.KeyId}` });
    if (operation === 'GetPublicKey') return json(200, { KeyId: keyId, PublicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    if (operation === 'Sign' && input.MessageType === 'DIGEST' && input.SigningAlgorithm === 'RSASSA_PKCS1_V1_5_SHA_256') {
      const digest = Buffer.from(input.Message, 'base64');
      if (digest.length !== 32) return json(400, { __type: 'ValidationException', message: 'digest length' });
      const signature = privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, digest]));
      return json(200, { KeyId: keyId, Signature: signature.toString('base64'), SigningAlgorithm: input.SigningAlgorithm });
    }
    return json(400, { __type: 'UnsupportedOperationException', message: operation });
  };
  return { call: kmsCalls({ env: FAKE_AWS_ENV, send }), calls, keyId };
}
