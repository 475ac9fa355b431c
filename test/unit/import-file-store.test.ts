/**
 * Venue-import file stores without a network: S3 (the presigned upload the SDK's presigner makes;
 * HEAD, GET and DELETE signed as the SDK's signer signs them; 404 read as "no file"; server errors
 * retried) and the local store for real.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { network, Sha256, signingDateOf } from '../support/aws-signing';
import { localImportFileStore } from '../../shared/import-files/local-store';
import { s3ImportFileStore } from '../../shared/import-files/s3-store';

const now = new Date('2026-11-25T02:00:00Z');
const file = { tenantId: 'longhu', importId: '01JDQ2Z7Y3M4N5P6Q7R8S9T0VW' };
const env = { AWS_REGION: 'cn-north-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'session/token+=' };
const HOST = 'gridwatch-imports.s3.cn-north-1.amazonaws.com.cn';

describe('S3 import file store', () => {
  it('presigns a PUT bound to the tenant key, text/csv and the exact length (the URL the SDK makes)', async () => {
    const store = s3ImportFileStore({ bucket: 'gridwatch-imports', env });
    const target = await store.uploadTarget({ ...file, size: 2_345_678 }, now);
    const url = new URL(target.url);
    expect(url.hostname).toBe(HOST);
    expect(url.pathname).toBe('/longhu/01JDQ2Z7Y3M4N5P6Q7R8S9T0VW.csv');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(target).toMatchObject({ method: 'PUT', headers: { 'content-type': 'text/csv' }, authorization: 'none', expiresAt: '2026-11-25T02:15:00.000Z' });
    const sdk = new S3Client({
      region: env.AWS_REGION,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    const reference = await getSignedUrl(sdk, new PutObjectCommand({ Bucket: 'gridwatch-imports', Key: 'longhu/01JDQ2Z7Y3M4N5P6Q7R8S9T0VW.csv', ContentType: 'text/csv', ContentLength: 2_345_678 }), {
      expiresIn: 900,
      signingDate: now,
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    expect(Object.fromEntries(url.searchParams)).toEqual(Object.fromEntries(new URL(reference).searchParams));
  });

  it('signs HEAD, GET and DELETE as the SDK signs them, and reads a 404 as no file', async () => {
    const net = network(
      () => new Response(null, { status: 200, headers: { 'content-length': '1234' } }),
      () => new Response('外部编号,名称\n', { status: 200 }),
      () => new Response(null, { status: 204 }),
      () => new Response('<Error><Code>NoSuchKey</Code></Error>', { status: 404 }),
    );
    const store = s3ImportFileStore({ bucket: 'gridwatch-imports', env, send: net.send });
    expect(await store.size(file)).toBe(1234);
    expect(new TextDecoder().decode(await store.read(file))).toBe('外部编号,名称\n');
    await store.remove(file);
    expect(await store.size(file)).toBeUndefined();
    expect(await store.read(file)).toBeUndefined();
    expect(net.requests.map((r) => r.method)).toEqual(['HEAD', 'GET', 'DELETE', 'HEAD', 'GET']);

    const signer = new SignatureV4({
      service: 's3',
      region: env.AWS_REGION,
      sha256: Sha256 as never,
      uriEscapePath: false,
      applyChecksum: true,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN },
    });
    for (const sent of net.requests.slice(0, 3)) {
      const url = new URL(sent.url);
      expect(url.hostname).toBe(HOST);
      expect(url.pathname).toBe('/longhu/01JDQ2Z7Y3M4N5P6Q7R8S9T0VW.csv');
      const signingDate = signingDateOf(sent);
      const headers = Object.fromEntries([...sent.headers].filter(([name]) => name !== 'authorization'));
      const reference = await signer.sign({ method: sent.method, protocol: 'https:', hostname: HOST, path: url.pathname, headers: { ...headers, host: HOST }, query: {} }, { signingDate });
      expect(sent.headers.get('authorization')).toBe(reference.headers.authorization);
    }
  });

  it('tries server errors again, and throws a refusal', async () => {
    const retried = network(
      () => new Response('<Error><Code>SlowDown</Code></Error>', { status: 503 }),
      () => new Response(null, { status: 200, headers: { 'content-length': '7' } }),
    );
    expect(await s3ImportFileStore({ bucket: 'b', env, send: retried.send }).size(file)).toBe(7);
    expect(retried.requests).toHaveLength(2);
    const refused = network(() => new Response('<Error><Code>AccessDenied</Code></Error>', { status: 403 }));
    await expect(s3ImportFileStore({ bucket: 'b', env, send: refused.send }).read(file)).rejects.toThrow('403');
    expect(refused.requests).toHaveLength(1);
  });
});

describe('local import file store', () => {
  it('keeps files per tenant, deletes them, and refuses references that could leave its directory', async () => {
    const store = localImportFileStore({ dir: mkdtempSync(join(tmpdir(), 'gridwatch-import-files-test-')) });
    expect(await store.size(file)).toBeUndefined();
    await store.content!.put(file, new TextEncoder().encode('a,b\n'));
    expect(await store.size(file)).toBe(4);
    expect(await store.size({ ...file, tenantId: 'other' })).toBeUndefined();
    expect(new TextDecoder().decode(await store.read(file))).toBe('a,b\n');
    await store.remove(file);
    expect(await store.read(file)).toBeUndefined();
    await expect(store.read({ tenantId: '..', importId: file.importId })).rejects.toThrow('invalid');
    await expect(store.read({ tenantId: 'longhu', importId: '../../etc/passwd' })).rejects.toThrow('invalid');
    expect(await store.uploadTarget({ ...file, size: 4 }, now)).toMatchObject({ url: `/api/venues/imports/${file.importId}/file`, authorization: 'bearer' });
  });
});
