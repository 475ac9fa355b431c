/**
 * Residents for tests: valid resident ID numbers (GB 11643 check digit computed), households and
 * people made through the API, and a capture of every log line (the privacy test's witness).
 */
import { ulid } from 'ulid';
import { residentIdCheckChar } from '../../shared/domain/residents/id-number';
import type { Api } from './api';

/** A valid 18-digit resident ID from 17 digits (region 6, birth date 8, sequence 3). */
export const residentId = (first17: string) => `${first17}${residentIdCheckChar(first17)}`;

/** The same ID with a wrong check digit. */
export const wrongCheckDigit = (id: string) => `${id.slice(0, 17)}${id[17] === '1' ? '2' : '1'}`;

export async function registerHousehold(api: Api, token: string, gridId: string, extra: Record<string, unknown> = {}) {
  const res = await api.call('POST', '/api/residents/households', { token, body: { id: ulid(), gridId, address: { compound: '幸福小区', building: '3', unit: '2', room: '301' }, tags: ['permanent'], ...extra } });
  if (res.status !== 201) throw new Error(`household: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; gridId: string; version: number };
}

export function personBody(person: { name: string; idNumber: string; phone?: string; category?: string; tags?: string[]; relationship?: string }) {
  return { id: ulid(), relationship: 'householder', category: 'local-permanent', tags: [], ...person };
}

/** Every line written to stdout and stderr (the loggers' way out) while capturing. */
export function captureOutput() {
  const lines: string[] = [];
  const originals = { out: process.stdout.write, err: process.stderr.write };
  const tap = (original: typeof process.stdout.write) =>
    function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof process.stdout.write;
  process.stdout.write = tap(originals.out);
  process.stderr.write = tap(originals.err);
  return {
    lines,
    stop() {
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
    },
  };
}
