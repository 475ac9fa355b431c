/**
 * Personal-data keys: envelope encryption with the local key file and with KMS (signed requests to a
 * fake endpoint), field ciphertexts bound to tenant, field and record, and blind indexes per tenant.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kmsKeyProvider } from '../../shared/personal-data/kms-key-provider';
import { localKeyProvider } from '../../shared/personal-data/local-key-provider';
import { FAKE_AWS_ENV } from '../support/fake-cognito';

describe('the local key provider', () => {
  it('keeps its key in a file (0600) and unwraps what it wrapped, for that tenant only', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gw-key-')), 'personal-data-key');
    const provider = localKeyProvider({ file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const { plaintext, wrapped } = await provider.generateDataKey('longhu');
    expect(plaintext).toHaveLength(32);
    expect(wrapped.wrapped).not.toContain(plaintext.toString('base64'));
    // The same file read again (a restart) unwraps it.
    expect(await localKeyProvider({ file }).unwrap('longhu', wrapped)).toEqual(plaintext);
    await expect(provider.unwrap('tianhe', wrapped)).rejects.toThrow();
    await expect(localKeyProvider().unwrap('longhu', wrapped)).rejects.toThrow(/not by this key file/);
    expect(readFileSync(file, 'utf8').trim()).toHaveLength(44);
  });
});

describe('the KMS key provider', () => {
  it('asks KMS for a data key and to decrypt it, the tenant as encryption context', async () => {
    const key = Buffer.alloc(32, 7);
    const requests: Request[] = [];
    const send = async (request: Request) => {
      requests.push(request.clone());
      const target = request.headers.get('x-amz-target');
      const body = JSON.parse(await request.text());
      if (target === 'TrentService.GenerateDataKey') return new Response(JSON.stringify({ KeyId: 'arn:k', Plaintext: key.toString('base64'), CiphertextBlob: 'd3JhcHBlZA==' }));
      if (target === 'TrentService.Decrypt' && body.EncryptionContext.tenant === 'longhu') return new Response(JSON.stringify({ Plaintext: key.toString('base64') }));
      return new Response(JSON.stringify({ __type: 'InvalidCiphertextException', message: 'no' }), { status: 400 });
    };
    const provider = kmsKeyProvider({ keyId: 'alias/gridwatch', env: FAKE_AWS_ENV, send });
    const made = await provider.generateDataKey('longhu');
    expect(made.plaintext).toEqual(key);
    expect(made.wrapped).toEqual({ provider: 'kms', keyId: 'arn:k', wrapped: 'd3JhcHBlZA==' });
    const first = JSON.parse(await requests[0].clone().text());
    expect(first).toEqual({ KeyId: 'alias/gridwatch', KeySpec: 'AES_256', EncryptionContext: { tenant: 'longhu' } });
    expect(new URL(requests[0].url).host).toBe('kms.cn-north-1.amazonaws.com.cn');
    expect(await provider.unwrap('longhu', made.wrapped)).toEqual(key);
    await expect(provider.unwrap('tianhe', made.wrapped)).rejects.toThrow(/InvalidCiphertext|no/);
  });
});
