/**
 * Venue-import files on this machine: `<dir>/<tenantId>/<importId>.csv` (`npm start`:
 * `.data/import-files`; tests: a temporary directory). The upload goes through the API's own route
 * (PUT /api/venues/imports/{importId}/file), authenticated by the caller's token.
 */
import { join } from 'node:path';
import { isTenantId } from '../data/keys';
import { ImportId } from '../domain/venues/venue-import';
import { openIfExists, readIfExists, removeFile, sizeIfExists, writeFileAtomically, writeStreamAtomically } from '../local-files';
import { IMPORT_FILE_TYPE, importFileContentPath, importFileKey, type ImportFileRef, type ImportFileStore } from './store';

const LINK_SECONDS = 15 * 60;

export function localImportFileStore(options: { dir: string }): ImportFileStore {
  const fileOf = (file: ImportFileRef) => {
    // Both parts are checked, so no path can leave the directory.
    if (!isTenantId(file.tenantId) || !ImportId.safeParse(file.importId).success) throw new Error(`invalid import file reference ${file.tenantId}/${file.importId}`);
    return join(options.dir, importFileKey(file));
  };
  return {
    async uploadTarget(file, now) {
      const expiresAt = new Date(now.getTime() + LINK_SECONDS * 1000).toISOString();
      return { url: file.contentPath ?? importFileContentPath(file.importId), method: 'PUT', headers: { 'content-type': file.type ?? IMPORT_FILE_TYPE }, authorization: 'bearer', expiresAt };
    },
    size: async (file) => sizeIfExists(fileOf(file)),
    read: async (file) => readIfExists(fileOf(file)),
    open: async (file) => openIfExists(fileOf(file)),
    remove: async (file) => removeFile(fileOf(file)),
    content: { put: async (file, bytes) => writeFileAtomically(fileOf(file), bytes), write: async (file, source) => writeStreamAtomically(fileOf(file), source) },
  };
}
