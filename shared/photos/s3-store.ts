/**
 * Photos in S3 (AWS): a private bucket, objects `<tenantId>/<photoId>`. The client PUTs straight
 * to a presigned URL whose signature binds the content type and the exact length, so S3 itself
 * refuses another type or size; reads get a presigned GET of a few minutes. The SDK is loaded on
 * first use, off the cold path of every other route.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { photoObjectKey, type PhotoStore } from './store';

const UPLOAD_SECONDS = 5 * 60;
const DOWNLOAD_SECONDS = 5 * 60;

export function s3PhotoStore(options: { bucket: string; client?: S3Client }): PhotoStore {
  if (!options.bucket) throw new Error('s3PhotoStore needs a bucket (GRIDWATCH_PHOTO_BUCKET)');
  let sdk: Promise<{ client: S3Client; s3: typeof import('@aws-sdk/client-s3'); presign: typeof import('@aws-sdk/s3-request-presigner').getSignedUrl }> | undefined;
  const load = () =>
    (sdk ??= (async () => {
      const [s3, presigner] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner')]);
      // Without WHEN_REQUIRED the SDK adds a checksum of an empty body to presigned PUTs, which
      // then fail for every real upload.
      const client = options.client ?? new s3.S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
      return { client, s3, presign: presigner.getSignedUrl };
    })());
  const expires = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

  return {
    async uploadTarget(photo, now) {
      const { client, s3, presign } = await load();
      const command = new s3.PutObjectCommand({ Bucket: options.bucket, Key: photoObjectKey(photo), ContentType: photo.contentType, ContentLength: photo.size });
      const url = await presign(client, command, { expiresIn: UPLOAD_SECONDS, signingDate: now, signableHeaders: new Set(['content-type', 'content-length']) });
      return { url, method: 'PUT', headers: { 'content-type': photo.contentType }, authorization: 'none', expiresAt: expires(now, UPLOAD_SECONDS) };
    },
    async downloadTarget(photo, now) {
      const { client, s3, presign } = await load();
      const command = new s3.GetObjectCommand({ Bucket: options.bucket, Key: photoObjectKey(photo), ResponseContentType: photo.contentType });
      const url = await presign(client, command, { expiresIn: DOWNLOAD_SECONDS, signingDate: now });
      return { url, method: 'GET', headers: {}, authorization: 'none', expiresAt: expires(now, DOWNLOAD_SECONDS) };
    },
  };
}
