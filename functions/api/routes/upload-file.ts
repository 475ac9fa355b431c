/**
 * Receiving an import's file through the API (the local import file store; in AWS the browser PUTs
 * to S3 instead): the announced type and exact size, streamed to disk so a big file never sits in
 * memory. Shared by the resident import and pushed lists.
 */
import type { Context } from 'hono';
import type { ImportFileRef } from '../../../shared/import-files/store';
import { badRequest, DomainError, notFound } from '../../../shared/errors';
import type { AppEnv } from '../context';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel'];

export async function receiveUploadedFile(c: Context<AppEnv>, file: ImportFileRef, announced: { size: number; format: 'csv' | 'xlsx' }, otherwise: string): Promise<void> {
  const { deps } = c.var;
  const store = deps.importFiles.content;
  if (!store) throw notFound(otherwise);
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  const expected = announced.format === 'xlsx' ? [XLSX_TYPE, 'application/octet-stream'] : CSV_TYPES;
  if (!expected.includes(type)) throw new DomainError(415, 'unsupported_media_type', `header.content-type: send the file as ${announced.format === 'xlsx' ? XLSX_TYPE : 'text/csv (UTF-8)'}`);
  const body = c.req.raw.body;
  if (!body) throw badRequest('body', 'the file is missing');
  const written = await store.write(file, body as unknown as AsyncIterable<Uint8Array>);
  if (written !== announced.size) {
    await deps.importFiles.remove(file);
    throw badRequest('body', `is ${written} bytes, but ${announced.size} were announced`);
  }
}
