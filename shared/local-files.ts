/** Files on this machine, for the local stores (photos, venue-import files). */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Write then rename: a reader never sees half a file. */
export async function writeFileAtomically(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.part`;
  await writeFile(temp, bytes);
  await rename(temp, file);
}

/** Write a stream then rename (a large upload never sits in memory); returns the bytes written. */
export async function writeStreamAtomically(file: string, source: AsyncIterable<Uint8Array>): Promise<number> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.part`;
  let written = 0;
  try {
    await pipeline(
      Readable.from(source),
      async function* (chunks: AsyncIterable<Uint8Array>) {
        for await (const chunk of chunks) {
          written += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(temp),
    );
    await rename(temp, file);
    return written;
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** The file as a stream of bytes, or undefined if there is no such file. */
export async function openIfExists(file: string): Promise<AsyncIterable<Uint8Array> | undefined> {
  try {
    const handle = await open(file);
    return createReadStream('', { fd: handle, highWaterMark: 256 * 1024 });
  } catch (error) {
    if (missing(error)) return undefined;
    throw error;
  }
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
