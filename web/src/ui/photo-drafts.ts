/** Photos taken on the phone before they go to the outbox: shrunk, previewed, then queued. */
import { ulid } from 'ulid';

/** Photos go up as JPEGs of at most this many px on the long side (≈150–400 KB). */
const PHOTO_MAX_SIDE = 1600;

export interface PhotoDraft {
  /** The outbox id, and so the photo's client id (POST /api/photos). */
  id: string;
  blob: Blob;
  url: string;
}

/** Shrinks a camera photo to a JPEG of at most PHOTO_MAX_SIDE px; the original if the browser cannot. */
export async function shrink(file: File): Promise<Blob> {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((done) => canvas.toBlob(done, 'image/jpeg', 0.82));
    return blob && blob.size < file.size ? blob : file;
  } catch {
    return file;
  }
}

/** The photos just chosen in a file input (at most `room` of them), shrunk, each with its client id; the input is cleared. */
export async function draftsFrom(event: Event, room: number): Promise<PhotoDraft[]> {
  const input = event.target as HTMLInputElement;
  const files = [...(input.files ?? [])].slice(0, Math.max(0, room));
  input.value = '';
  const drafts: PhotoDraft[] = [];
  for (const file of files) {
    const blob = await shrink(file);
    drafts.push({ id: ulid(), blob, url: URL.createObjectURL(blob) });
  }
  return drafts;
}
