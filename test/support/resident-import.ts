/**
 * A resident import as the web app does it: announce (size, format, duplicates), upload to where the
 * answer says, start; then wait for the in-process job and read the import.
 */
import type { Api } from './api';

export async function importResidents(api: Api, token: string, file: string | Uint8Array, options: { format?: 'csv' | 'xlsx'; duplicates?: 'reject' | 'merge' } = {}) {
  const size = typeof file === 'string' ? Buffer.byteLength(file) : file.length;
  const announced = await api.call('POST', '/api/residents/imports', { token, body: { fileName: `people.${options.format ?? 'csv'}`, size, ...options } });
  if (announced.status !== 201) throw new Error(`announce: ${announced.status} ${JSON.stringify(announced.body)}`);
  const { upload, import: created } = announced.body;
  const put = await api.call(upload.method, upload.url, { token: upload.authorization === 'bearer' ? token : undefined, body: file, headers: upload.headers });
  if (put.status !== 204) throw new Error(`upload: ${put.status} ${JSON.stringify(put.body)}`);
  const started = await api.call('POST', `/api/residents/imports/${created.id}/start`, { token });
  if (started.status !== 202) throw new Error(`start: ${started.status} ${JSON.stringify(started.body)}`);
  await api.jobs.idle();
  return (await api.call('GET', `/api/residents/imports/${created.id}`, { token })).body;
}

/** The tenant's figures (people, households, per category) as the supervisor dashboard reads them. */
export async function residentTotals(api: Api, token: string): Promise<Record<string, number>> {
  const res = await api.call('GET', '/api/residents/figures', { token });
  if (res.status !== 200) throw new Error(`figures: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.total;
}
