/**
 * Ids a request body refers to must name things that exist in the caller's tenant, and fit where they
 * are used (an inspection of this venue): otherwise a 400 naming the field, never a stored dangling or
 * foreign reference. The items are read in the request's own BatchGet (keys from `referenceKeys`), and
 * every key is the caller's tenant's, so another tenant's id is simply not found.
 */
import type { Inspection } from '../domain/venues/inspection';
import { type Photo, photoMisuse } from '../domain/venues/photo';
import { badRequest } from '../errors';
import type { Key, TenantKeys } from './keys';

export interface References {
  photoIds?: readonly string[];
  inspectionId?: string;
}

/** The keys to read with the request, for its references. */
export function referenceKeys(keys: TenantKeys, refs: References): Key[] {
  return [...new Set(refs.photoIds ?? [])].map((id) => keys.photo(id)).concat(refs.inspectionId ? [keys.inspection(refs.inspectionId)] : []);
}

/** Every listed photo was uploaded in this tenant (POST /api/photos), for this venue and this use. */
export function assertPhotos(
  keys: TenantKeys,
  photoIds: readonly string[],
  found: (key: Key) => unknown,
  use: { venueId: string; inspectionId?: string; problemId?: string },
  field = 'photoIds',
): void {
  photoIds.forEach((id, i) => {
    const photo = found(keys.photo(id)) as Photo | undefined;
    if (!photo) throw badRequest(`${field}.${i}`, 'not a photo uploaded in this tenant (POST /api/photos)');
    const misuse = photoMisuse(photo, use);
    if (misuse) throw badRequest(`${field}.${i}`, misuse);
  });
}

/** The inspection exists in this tenant and is of the venue in question. */
export function assertInspectionOf<T extends Pick<Inspection, 'venueId'>>(venueId: string, inspection: T | undefined, field = 'inspectionId'): asserts inspection is T {
  if (!inspection) throw badRequest(field, 'no inspection with this id');
  if (inspection.venueId !== venueId) throw badRequest(field, 'the inspection is of another venue');
}
