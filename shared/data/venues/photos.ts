/**
 * Photo records of one tenant: written when a client asks for an upload slot, read when the photo
 * is uploaded (local store), downloaded, or listed in an inspection (inside the submit's BatchGet).
 */
import { type Photo, type PhotoRequest, samePhotoRequest } from '../../domain/venues/photo';
import { notFound } from '../../errors';
import type { Db } from '../db';
import { tenantKeys } from '../keys';
import { getItem, putNew } from '../write';

export function photoRepository(db: Db, tenantId: string) {
  const keys = tenantKeys(tenantId);
  return {
    /**
     * Create a photo slot under the client's id. A resend (same id, same request, same person) gets
     * the same slot; the same id with anything else is a 409, so a retry can never leave an orphan.
     */
    async create(request: PhotoRequest, by: string, now: Date): Promise<Photo> {
      const photo: Photo = {
        id: request.id,
        contentType: request.contentType,
        size: request.size,
        uploadedBy: by,
        createdAt: now.toISOString(),
        venueId: request.venueId,
        ...(request.inspectionId && { inspectionId: request.inspectionId }),
        ...(request.problemId && { problemId: request.problemId }),
      };
      try {
        await putNew(db, { ...keys.photo(photo.id), entity: 'photo', schemaVersion: 2, ...photo }, `photo ${photo.id} already exists with other content`);
      } catch (error) {
        const stored = await getItem<Photo>(db, keys.photo(request.id), true);
        if (stored && samePhotoRequest(stored, request, by)) return stored;
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
