/**
 * Photo records of one tenant: written when a client asks for an upload slot, read when the photo
 * is uploaded (local store), downloaded, or listed in an inspection (inside the submit's BatchGet).
 */
import { ulid } from 'ulid';
import type { Photo, PhotoRequest } from '../domain/photo';
import { notFound } from '../errors';
import type { Db } from './db';
import { tenantKeys } from './keys';
import { getItem, putNew } from './write';

export function photoRepository(db: Db, tenantId: string) {
  const keys = tenantKeys(tenantId);
  return {
    /** Create a photo slot; a resend with the same client id by the same person gets the same slot. */
    async create(request: PhotoRequest, by: string, now: Date): Promise<Photo> {
      const photo: Photo = { id: request.id ?? ulid(now.getTime()), contentType: request.contentType, size: request.size, uploadedBy: by, createdAt: now.toISOString() };
      try {
        await putNew(db, { ...keys.photo(photo.id), entity: 'photo', schemaVersion: 1, ...photo }, `photo ${photo.id} already exists with other content`);
      } catch (error) {
        const stored = request.id ? await getItem<Photo>(db, keys.photo(request.id), true) : undefined;
        if (stored && stored.uploadedBy === by && stored.contentType === request.contentType && stored.size === request.size) return stored;
        throw error;
      }
      return photo;
    },
    async get(photoId: string): Promise<Photo> {
      const photo = await getItem<Photo>(db, keys.photo(photoId));
      if (!photo) throw notFound('photo');
      return photo;
    },
  };
}
export type PhotoRepository = ReturnType<typeof photoRepository>;
