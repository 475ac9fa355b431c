/**
 * Photos in S3 (AWS): a private bucket, objects `<tenantId>/<photoId>`. The client PUTs straight
 * to a presigned URL whose signature binds the content type and the exact length, so S3 itself
 * refuses another type or size; reads get a presigned GET of a few minutes. URLs are signed with
 * the function's credentials (shared/aws/signed-requests.ts), loaded on first use, or given
 * `credentials` with the photo's tenant's session (the tenant role reaches only `<tenant>/…`).
 */
import { type AwsEnvironment, type AwsService, awsService, presignS3 } from '../aws/signed-requests';
import { type TenantCredentials, tenantSigners } from '../aws/tenant-credentials';
import { onFirstUse } from '../lazy';
import { photoObjectKey, type PhotoRef, type PhotoStore } from './store';

const UPLOAD_SECONDS = 5 * 60;
const DOWNLOAD_SECONDS = 5 * 60;

export function s3PhotoStore(options: { bucket: string; env?: AwsEnvironment; credentials?: TenantCredentials }): PhotoStore {
  if (!options.bucket) throw new Error('s3PhotoStore needs a bucket (GRIDWATCH_PHOTO_BUCKET)');
  const own = onFirstUse((): Promise<AwsService> => awsService('s3', { env: options.env }));
  const tenants = options.credentials && tenantSigners('s3', options.credentials, options);
  const s3 = (photo: PhotoRef) => (tenants ? tenants(photo.tenantId) : own());
  const expires = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

  return {
    async uploadTarget(photo, now) {
      const headers = { 'content-type': photo.contentType, 'content-length': String(photo.size) };
      const url = await presignS3(await s3(photo), { method: 'PUT', bucket: options.bucket, key: photoObjectKey(photo), headers, expiresIn: UPLOAD_SECONDS, now });
      return { url, method: 'PUT', headers: { 'content-type': photo.contentType }, authorization: 'none', expiresAt: expires(now, UPLOAD_SECONDS) };
    },
    async downloadTarget(photo, now) {
      const query = { 'response-content-type': photo.contentType };
      const url = await presignS3(await s3(photo), { method: 'GET', bucket: options.bucket, key: photoObjectKey(photo), query, expiresIn: DOWNLOAD_SECONDS, now });
      return { url, method: 'GET', headers: {}, authorization: 'none', expiresAt: expires(now, DOWNLOAD_SECONDS) };
    },
  };
}
