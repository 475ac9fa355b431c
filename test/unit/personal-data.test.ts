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
import { personalDataKeys } from '../../shared/personal-data/tenant-cipher';
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

describe("a tenant's cipher", () => {
  /** A table of one item kind, enough for the data key: GetItem and a conditional PutItem. */
  function fakeDb() {
    const items = new Map<string, Record<string, unknown>>();
    const send = async (command: { constructor: { name: string }; input: { Key?: { pk: string }; Item?: { pk: string } } }) => {
      if (command.constructor.name === 'GetCommand') return { Item: items.get(command.input.Key!.pk) };
      if (command.constructor.name === 'PutCommand') {
        items.set(command.input.Item!.pk, command.input.Item!);
        return {};
      }
      throw new Error(`unexpected ${command.constructor.name}`);
    };
    const db = { doc: { send } as never, table: 't' };
    // One table for every tenant here: the tests read what a tenant's client would.
    return { items, db: { tenant: () => db } };
  }

  it('makes the key on the first write only, and binds ciphertexts to tenant, field and record', async () => {
    const { items, db } = fakeDb();
    const provider = localKeyProvider();
    const keys = personalDataKeys(db, provider);
    expect(await keys.cipherFor('longhu')).toBeUndefined();
    expect(items.size).toBe(0);
    const cipher = (await keys.cipherFor('longhu', { create: true }))!;
    expect(items.size).toBe(1);
    const sealed = cipher.encrypt('410184198001011234', 'person/A/idNumber');
    expect(sealed).toMatch(/^k1\./);
    expect(sealed).not.toContain('1234');
    expect(cipher.decrypt(sealed, 'person/A/idNumber')).toBe('410184198001011234');
    expect(() => cipher.decrypt(sealed, 'person/B/idNumber')).toThrow();
    expect(cipher.encrypt('x', 'c')).not.toBe(cipher.encrypt('x', 'c'));
    // Another process (no cache) with the same key provider unwraps the stored key; another key file is refused.
    expect((await personalDataKeys(db, provider).cipherFor('longhu'))!.decrypt(sealed, 'person/A/idNumber')).toBe('410184198001011234');
    await expect(personalDataKeys(db, localKeyProvider()).cipherFor('longhu')).rejects.toThrow(/not by this key file/);
    // Blind indexes: equal within a tenant, different in another tenant.
    const other = (await keys.cipherFor('tianhe', { create: true }))!;
    expect(cipher.blind('id', 'resident-id:410184198001011234')).toBe(cipher.blind('id', 'resident-id:410184198001011234'));
    expect(other.blind('id', 'resident-id:410184198001011234')).not.toBe(cipher.blind('id', 'resident-id:410184198001011234'));
    expect(() => other.decrypt(sealed, 'person/A/idNumber')).toThrow();
  });
});
