/** Files on this machine, for the local stores (photos, venue-import files). */
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Write then rename: a reader never sees half a file. */
export async function writeFileAtomically(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.part`;
  await writeFile(temp, bytes);
  await rename(temp, file);
}

const missing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** The file's bytes, or undefined if there is no such file. */
export async function readIfExists(file: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    if (missing(error)) return undefined;
    throw error;
  }
}

/** The file's size in bytes, or undefined if there is no such file. */
export async function sizeIfExists(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if (missing(error)) return undefined;
    throw error;
  }
}

export const removeFile = (file: string) => rm(file, { force: true });
