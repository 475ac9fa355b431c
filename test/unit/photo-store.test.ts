/** Photo stores without a network: the S3 presigned URLs (as the SDK's presigner makes them), the local store for real, magic bytes. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { sniffImageType } from '../../shared/domain/venues/photo';
import { wrapName } from '../../shared/domain/venues/venue-code-image';
import { localPhotoStore } from '../../shared/photos/local-store';
import { s3PhotoStore } from '../../shared/photos/s3-store';

const now = new Date('2026-11-25T02:00:00Z');
const photo = { tenantId: 'longhu', photoId: '01JDQ2Z7Y3M4N5P6Q7R8S9T0VW' };

describe('S3 photo store', () => {
  const env = { AWS_REGION: 'cn-north-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'session/token+=' };
  const store = s3PhotoStore({ bucket: 'gridwatch-photos', env });
  // The SDK's own presigner, as the reference: same credentials, same instant.
  const sdk = new S3Client({
    region: env.AWS_REGION,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const params = (url: string) => Object.fromEntries(new URL(url).searchParams);

  it('presigns a PUT bound to the tenant key, the content type and the exact length (the URL the SDK makes)', async () => {
    const target = await store.uploadTarget({ ...photo, contentType: 'image/jpeg', size: 123456 }, now);
    const url = new URL(target.url);
    expect(url.hostname).toBe('gridwatch-photos.s3.cn-north-1.amazonaws.com.cn');
    expect(url.pathname).toBe('/longhu/01JDQ2Z7Y3M4N5P6Q7R8S9T0VW');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20261125T020000Z');
    // No checksum of an empty body (which would make every real upload fail).
    expect(url.searchParams.has('x-amz-checksum-crc32')).toBe(false);
    expect(target).toMatchObject({ method: 'PUT', headers: { 'content-type': 'image/jpeg' }, authorization: 'none', expiresAt: '2026-11-25T02:05:00.000Z' });
    const reference = await getSignedUrl(sdk, new PutObjectCommand({ Bucket: 'gridwatch-photos', Key: 'longhu/01JDQ2Z7Y3M4N5P6Q7R8S9T0VW', ContentType: 'image/jpeg', ContentLength: 123456 }), {
      expiresIn: 300,
      signingDate: now,
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    expect(target.url.split('?')[0]).toBe(reference.split('?')[0]);
    expect(params(target.url)).toEqual(params(reference));
  });

  it('presigns a short GET (the URL the SDK makes)', async () => {
    const target = await store.downloadTarget({ ...photo, contentType: 'image/png' }, now);
    expect(new URL(target.url).searchParams.get('response-content-type')).toBe('image/png');
    expect(target).toMatchObject({ method: 'GET', authorization: 'none', expiresAt: '2026-11-25T02:05:00.000Z' });
    const reference = await getSignedUrl(sdk, new GetObjectCommand({ Bucket: 'gridwatch-photos', Key: 'longhu/01JDQ2Z7Y3M4N5P6Q7R8S9T0VW', ResponseContentType: 'image/png' }), { expiresIn: 300, signingDate: now });
    expect(target.url.split('?')[0]).toBe(reference.split('?')[0]);
    expect(params(target.url)).toEqual(params(reference));
  });

  it('refuses to start without credentials in the environment', async () => {
    const bare = s3PhotoStore({ bucket: 'gridwatch-photos', env: { AWS_REGION: 'cn-north-1' } });
    await expect(bare.downloadTarget({ ...photo, contentType: 'image/png' }, now)).rejects.toThrow('AWS_ACCESS_KEY_ID');
  });
});

describe('local photo store', () => {
  it('keeps files per tenant and refuses references that could leave its directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'photo-store-'));
    const store = localPhotoStore({ dir });
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]);
    await store.content!.put(photo, bytes);
    expect(await store.content!.get(photo)).toEqual(bytes);
    expect(await store.content!.get({ ...photo, tenantId: 'tianhe' })).toBeUndefined();
    await expect(store.content!.put({ tenantId: '../etc', photoId: photo.photoId }, bytes)).rejects.toThrow('invalid photo reference');
    await expect(store.content!.get({ tenantId: 'longhu', photoId: '../../x' })).rejects.toThrow('invalid photo reference');
    expect((await store.uploadTarget({ ...photo, contentType: 'image/png', size: 6 }, now)).url).toBe(`/api/photos/${photo.photoId}/content`);
  });
});

describe('sniffImageType', () => {
  it('knows JPEG, PNG and WebP by their first bytes, and nothing else', () => {
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe1]))).toBe('image/jpeg');
    expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffImageType(new TextEncoder().encode('RIFF\x10\x00\x00\x00WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(new TextEncoder().encode('RIFF\x10\x00\x00\x00WAVEfmt '))).toBeUndefined();
    expect(sniffImageType(new TextEncoder().encode('MZ\x90\x00'))).toBeUndefined();
    expect(sniffImageType(new TextEncoder().encode('<svg xmlns='))).toBeUndefined();
    expect(sniffImageType(new Uint8Array([]))).toBeUndefined();
  });
});

describe('wrapName', () => {
  it('wraps Chinese names by width and cuts long ones with an ellipsis', () => {
    expect(wrapName('好又多超市', 11)).toEqual(['好又多超市']);
    expect(wrapName('龙湖社区东苑商业楼惠民超市二部', 8)).toEqual(['龙湖社区东苑商业', '楼惠民超市二部']);
    expect(wrapName('a'.repeat(100), 10, 2)).toEqual(['a'.repeat(18), `${'a'.repeat(17)}…`]);
  });
});
