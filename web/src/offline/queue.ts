/**
 * The app's one outbox, sending with the signed-in user's token. Screens enqueue through it;
 * the 待同步 screen and the nav badge watch `outboxState`.
 *
 * Two kinds of item:
 * - JSON requests (an inspection, POST /api/inspections with its client ULID in the body);
 * - photos (`blob` set, path /api/photos): ask for an upload slot, PUT the bytes where it says,
 *   and keep `{ photoId }` as the item's result. An inspection lists its photos' outbox ids in
 *   `after`; when it is sent, those become the `photoIds` the API gave. Photos are queued before
 *   the inspection, so they go first; one still waiting holds the inspection back (425 → retry).
 */
import { api, authFetch, sendFile } from '../api/client';
import { ownerKey } from '../session';
import { Store } from '../store';
import { createOutbox, type OutboxItem, type OutboxSnapshot, type SendResult } from './outbox';

async function json(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/** What a photo item's body says the photo is of (POST /api/photos). */
export interface PhotoOf {
  venueId: string;
  inspectionId?: string;
  problemId?: string;
}

/** The photo's two steps. A network failure on either is status 0 (the item waits, order kept). */
async function sendPhoto(item: OutboxItem & { blob: Blob }): Promise<SendResult> {
  const contentType = item.blob.type || 'image/jpeg';
  const slotResponse = await authFetch(api.api.photos.$url().toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // The outbox id (a ULID) is the photo's id: a retry after a lost answer gets the same slot back.
    // The body says what it is of (venue, and the inspection or problem): who may see it follows.
    body: JSON.stringify({ ...(item.body as PhotoOf), id: item.id, contentType, size: item.blob.size }),
  });
  const slot = (await json(slotResponse)) as { photoId: string; uploadUrl: string; headers?: Record<string, string>; authorization?: 'bearer' | 'none' } | undefined;
  if (!slotResponse.ok || !slot) return { status: slotResponse.status, body: slot };
  let upload: Response;
  try {
    upload = await sendFile({ url: slot.uploadUrl, headers: { 'content-type': contentType, ...slot.headers }, authorization: slot.authorization ?? 'none' }, item.blob);
  } catch (error) {
    return { status: 0, body: { message: error instanceof Error ? error.message : 'network error' } };
  }
  if (!upload.ok) return { status: upload.status, body: await json(upload) };
  return { status: 201, body: { photoId: slot.photoId }, record: { photoId: slot.photoId } };
}

/** The body with the photo ids its earlier photo items were given; 425 while one is not sent yet. */
async function withPhotos(item: OutboxItem): Promise<{ body: unknown } | SendResult> {
  if (!item.after?.length) return { body: item.body };
  const photoIds: string[] = [];
  for (const ref of item.after) {
    const photo = await outbox.item(ref);
    if (!photo) continue; // discarded by the user: the inspection goes without it
    if (photo.state !== 'sent') return { status: 425, body: { message: 'waiting for its photos to upload' } };
    const id = (photo.result as { photoId?: string } | undefined)?.photoId;
    if (id) photoIds.push(id);
  }
  return { body: { ...(item.body as object), photoIds } };
}

export const outbox = createOutbox({
  owner: ownerKey,
  async send(item) {
    if (item.blob) return sendPhoto(item as OutboxItem & { blob: Blob });
    const prepared = await withPhotos(item);
    if ('status' in prepared) return prepared;
    const response = await authFetch(item.path, {
      method: item.method,
      headers: prepared.body === undefined ? {} : { 'content-type': 'application/json' },
      body: prepared.body === undefined ? undefined : JSON.stringify(prepared.body),
    });
    return { status: response.status, body: await json(response) };
  },
});

export const outboxState = new Store<OutboxSnapshot>(outbox.snapshot());
outbox.subscribe((snapshot) => outboxState.set(snapshot));

/**
 * Queue photos ahead of the record that lists them (an inspection, a rectification): each with its
 * draft's id as the client id and what it is of; the record names them in `after`.
 */
export async function enqueuePhotos(photos: readonly { id: string; blob: Blob }[], of: PhotoOf, label: (n: number) => string): Promise<string[]> {
  for (const [n, photo] of photos.entries()) {
    await outbox.enqueue({ id: photo.id, method: 'POST', path: '/api/photos', body: of, blob: photo.blob, label: label(n + 1) });
  }
  return photos.map((p) => p.id);
}
