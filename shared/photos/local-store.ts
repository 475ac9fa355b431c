/**
 * Photos on this machine: files under `<dir>/<tenantId>/<photoId>` (`npm start`: `.data/photos`;
 * tests: a temporary directory). Uploads and downloads go through the API's own content route,
 * authenticated by the caller's token, which checks the type by the file's first bytes and the size.
 */
import { join } from 'node:path';
import { isTenantId } from '../data/keys';
import { PhotoId } from '../domain/venues/photo';
import { readIfExists, writeFileAtomically } from '../local-files';
import { photoContentPath, type PhotoRef, type PhotoStore } from './store';

const LINK_SECONDS = 15 * 60;

export function localPhotoStore(options: { dir: string; baseUrl?: string }): PhotoStore {
  const base = options.baseUrl ?? '';
  const fileOf = (photo: PhotoRef) => {
    // Both parts are checked, so no path can leave the directory.
    if (!isTenantId(photo.tenantId) || !PhotoId.safeParse(photo.photoId).success) throw new Error(`invalid photo reference ${photo.tenantId}/${photo.photoId}`);
    return join(options.dir, photo.tenantId, photo.photoId);
  };
  const expires = (now: Date) => new Date(now.getTime() + LINK_SECONDS * 1000).toISOString();

  return {
    async uploadTarget(photo, now) {
      return { url: `${base}${photoContentPath(photo.photoId)}`, method: 'PUT', headers: { 'content-type': photo.contentType }, authorization: 'bearer', expiresAt: expires(now) };
    },
    async downloadTarget(photo, now) {
      return { url: `${base}${photoContentPath(photo.photoId)}`, method: 'GET', headers: {}, authorization: 'bearer', expiresAt: expires(now) };
    },
    content: {
      put: async (photo, bytes) => writeFileAtomically(fileOf(photo), bytes),
      get: async (photo) => readIfExists(fileOf(photo)),
    },
  };
}
