/**
 * Where photo bytes live. The API decides nothing by environment: it is given a PhotoStore
 * (Deps.photos) — S3 with presigned URLs in AWS, a directory on this machine locally and in tests.
 * Objects are keyed `<tenantId>/<photoId>`; the photo's record (type, size, uploader) is in DynamoDB.
 */
import type { FileTransfer } from '../domain/file-transfer';
import type { PhotoContentType } from '../domain/venues/photo';

export interface PhotoRef {
  tenantId: string;
  photoId: string;
}

export interface PhotoStore {
  /** Where and how the client uploads a photo of this type and exact size. */
  uploadTarget(photo: PhotoRef & { contentType: PhotoContentType; size: number }, now: Date): Promise<FileTransfer>;
  /** A short-lived way to read it back. */
  downloadTarget(photo: PhotoRef & { contentType: PhotoContentType }, now: Date): Promise<FileTransfer>;
  /**
   * Present only on stores that take the bytes through this API (the local store): the API checks
   * type and size before `put`, and serves `get` on its content route.
   */
  content?: {
    put(photo: PhotoRef, bytes: Uint8Array): Promise<void>;
    get(photo: PhotoRef): Promise<Uint8Array<ArrayBuffer> | undefined>;
  };
}

/** Object key of a photo: the tenant first, so a bucket policy or IAM condition can scope by prefix. */
export const photoObjectKey = (photo: PhotoRef) => `${photo.tenantId}/${photo.photoId}`;

/** The API's own content route of a photo (local store). */
export const photoContentPath = (photoId: string) => `/api/photos/${photoId}/content`;
