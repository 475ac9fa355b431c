/**
 * Venue-import files in S3 (AWS): a private bucket whose objects expire after a few days, keys
 * `<tenantId>/<importId>.csv`. The client PUTs straight to a presigned URL that binds the type and
 * the exact length; the job reads and then deletes the object with signed calls
 * (shared/aws/signed-requests.ts). Given `credentials`, every call is signed with the file's
 * tenant's session (the tenant role reaches only `<tenant>/…`).
 */
import { type AwsEnvironment, type AwsService, awsService, presignS3, s3ObjectCall } from '../aws/signed-requests';
import { type TenantCredentials, tenantSigners } from '../aws/tenant-credentials';
import { onFirstUse } from '../lazy';
import { IMPORT_FILE_TYPE, importFileKey, type ImportFileRef, type ImportFileStore } from './store';

const UPLOAD_SECONDS = 15 * 60;

export function s3ImportFileStore(options: { bucket: string; env?: AwsEnvironment; send?: AwsService['send']; credentials?: TenantCredentials }): ImportFileStore {
  if (!options.bucket) throw new Error('s3ImportFileStore needs a bucket (GRIDWATCH_IMPORT_BUCKET)');
  const own = onFirstUse((): Promise<AwsService> => awsService('s3', { env: options.env, send: options.send }));
  const tenants = options.credentials && tenantSigners('s3', options.credentials, options);
  const s3 = (file: ImportFileRef) => (tenants ? tenants(file.tenantId) : own());
  const call = async (method: 'HEAD' | 'GET' | 'DELETE', file: ImportFileRef) => {
    const response = await s3ObjectCall(await s3(file), { method, bucket: options.bucket, key: importFileKey(file) });
    if (response.ok || response.status === 404) return response;
    await response.body?.cancel();
    throw new Error(`S3 ${method} of an import file failed (${response.status})`);
  };

  return {
    async uploadTarget(file, now) {
      const type = file.type ?? IMPORT_FILE_TYPE;
      const headers = { 'content-type': type, 'content-length': String(file.size) };
      const url = await presignS3(await s3(file), { method: 'PUT', bucket: options.bucket, key: importFileKey(file), headers, expiresIn: UPLOAD_SECONDS, now });
      return { url, method: 'PUT', headers: { 'content-type': type }, authorization: 'none', expiresAt: new Date(now.getTime() + UPLOAD_SECONDS * 1000).toISOString() };
    },
    async size(file) {
      const response = await call('HEAD', file);
      return response.status === 404 ? undefined : Number(response.headers.get('content-length'));
    },
    async read(file) {
      const response = await call('GET', file);
      if (response.status === 404) {
        await response.body?.cancel();
        return undefined;
      }
      return new Uint8Array(await response.arrayBuffer());
    },
    async open(file) {
      const response = await call('GET', file);
      if (response.status === 404 || !response.body) {
        await response.body?.cancel();
        return undefined;
      }
      return response.body as unknown as AsyncIterable<Uint8Array>;
    },
    async remove(file) {
      const response = await call('DELETE', file);
      await response.body?.cancel();
    },
  };
}
