/**
 * Inspection photos (现场照片): the client asks for an upload slot (type and size), uploads the
 * bytes to the photo store, then lists the photo id in its inspection. Pure: no I/O here.
 */
import * as z from 'zod';
import { InspectionId, PhotoId } from './inspection';
import { ProblemId } from './problem';
import { VenueId } from './venue';

export { PhotoId };

import { PHOTO_MAX_BYTES } from '../upload-limits';

export { PHOTO_MAX_BYTES };
export const PhotoContentType = z.enum(['image/jpeg', 'image/png', 'image/webp']);
export type PhotoContentType = z.infer<typeof PhotoContentType>;

export const PhotoRequest = z.strictObject({
  /**
   * A client-generated ULID, so a phone that retries after a lost answer gets the same photo slot
   * back instead of a new one (and never leaves a second, orphan slot).
   */
  id: InspectionId,
  /** The venue the photo is of: who may see the photo follows who may see the venue (grid scope). */
  venueId: VenueId,
  /** The inspection it is for (the form's client id), if any: only that inspection may list it. */
  inspectionId: InspectionId.optional(),
  /** The problem whose rectification it shows (整改上报), if any: only that problem's steps may list it. */
  problemId: ProblemId.optional(),
  contentType: PhotoContentType,
  /** Bytes; the upload must be exactly this long (S3 binds it into the signature). */
  size: z.number().int().min(1).max(PHOTO_MAX_BYTES),
});
export type PhotoRequest = z.infer<typeof PhotoRequest>;

/** The photo's record in the tenant's data. */
export const Photo = z.object({
  id: z.string(),
  contentType: PhotoContentType,
  size: z.number(),
  uploadedBy: z.string(),
  createdAt: z.string(),
  /** Absent only on photos stored before photos named their venue (then: the uploader and tenant-wide roles). */
  venueId: z.string().optional(),
  inspectionId: z.string().optional(),
  problemId: z.string().optional(),
});
export type Photo = z.infer<typeof Photo>;

/** Is this stored photo the answer to this request (a resend), or another photo under the same id? */
export function samePhotoRequest(stored: Photo, request: PhotoRequest, by: string): boolean {
  return (
    stored.uploadedBy === by &&
    stored.contentType === request.contentType &&
    stored.size === request.size &&
    stored.venueId === request.venueId &&
    stored.inspectionId === request.inspectionId &&
    stored.problemId === request.problemId
  );
}

/** May this photo be listed where it is used (an inspection of a venue, a problem's step)? Why not, if not. */
export function photoMisuse(photo: Pick<Photo, 'venueId' | 'inspectionId' | 'problemId'>, use: { venueId: string; inspectionId?: string; problemId?: string }): string | undefined {
  if (photo.venueId !== undefined && photo.venueId !== use.venueId) return 'a photo of another venue';
  if (photo.inspectionId !== undefined && photo.inspectionId !== use.inspectionId) return 'a photo taken for another inspection';
  if (photo.problemId !== undefined && photo.problemId !== use.problemId) return 'a photo taken for another problem';
  return undefined;
}

/** The image type the bytes really are, by their first bytes (magic numbers); undefined if none of ours. */
export function sniffImageType(bytes: Uint8Array): PhotoContentType | undefined {
  const at = (offset: number, ...values: number[]) => values.every((v, i) => bytes[offset + i] === v);
  if (bytes.length >= 3 && at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (bytes.length >= 8 && at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  // RIFF....WEBP
  if (bytes.length >= 12 && at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return undefined;
}
