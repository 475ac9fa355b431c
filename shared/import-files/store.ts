/**
 * Where a venue import's CSV file waits between its upload and the import job that checks it
 * (docs/venue-import.md). The browser (or the CLI) uploads straight to the store — in AWS a
 * presigned S3 PUT, so a file of up to 10 MB never passes through Lambda's ~6 MB request limit —
 * and the job reads it. The file holds personal data (contacts, phones): the job deletes it once
 * checked. Objects are keyed `<tenantId>/<importId>.csv`.
 */
import type { FileTransfer } from '../domain/file-transfer';

export interface ImportFileRef {
  tenantId: string;
  importId: string;
}

export const IMPORT_FILE_TYPE = 'text/csv';

export interface ImportFileStore {
  /**
   * Where and how the client uploads the file: one PUT of exactly `size` bytes of `type` (text/csv
   * unless said; a resident import may send xlsx). `contentPath`: the API's own upload route of the
   * import (local store), the venue imports' unless said.
   */
  uploadTarget(file: ImportFileRef & { size: number; type?: string; contentPath?: string }, now: Date): Promise<FileTransfer>;
  /** The uploaded file's size in bytes; undefined if nothing was uploaded (or it was deleted). */
  size(file: ImportFileRef): Promise<number | undefined>;
  /** The uploaded bytes; undefined if there are none. */
  read(file: ImportFileRef): Promise<Uint8Array | undefined>;
  /** The uploaded bytes as a stream from the start (each call a new one); undefined if there are none. */
  open(file: ImportFileRef): Promise<AsyncIterable<Uint8Array> | undefined>;
  remove(file: ImportFileRef): Promise<void>;
  /**
   * Present only on a store that takes the bytes through this API (the local store): the API checks
   * the size and type before `put`.
   */
  content?: {
    put(file: ImportFileRef, bytes: Uint8Array): Promise<void>;
    /** Store a stream of bytes (a resident import's large file); returns how many were written. */
    write(file: ImportFileRef, source: AsyncIterable<Uint8Array>): Promise<number>;
  };
}

/** Object key of an import's file: the tenant first, so a policy can scope by prefix. */
export const importFileKey = (file: ImportFileRef) => `${file.tenantId}/${file.importId}.csv`;

/** The API's own upload route of an import's file (local store). */
export const importFileContentPath = (importId: string) => `/api/venues/imports/${importId}/file`;
