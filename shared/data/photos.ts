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
    async create(request: PhotoRequest, by: string, now: Date): Promise<Photo> {
      const photo: Photo = { id: ulid(now.getTime()), contentType: request.contentType, size: request.size, uploadedBy: by, createdAt: now.toISOString() };
      await putNew(db, { ...keys.photo(photo.id), entity: 'photo', schemaVersion: 1, ...photo }, `photo ${photo.id} already exists`);
      return photo;
    },
    find: (photoId: string) => getItem<Photo>(db, keys.photo(photoId)),
    async get(photoId: string): Promise<Photo> {
      const photo = await getItem<Photo>(db, keys.photo(photoId));
      if (!photo) throw notFound('photo');
      return photo;
    },
  };
}
export type PhotoRepository = ReturnType<typeof photoRepository>;
