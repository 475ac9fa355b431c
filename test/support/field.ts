/** Helpers for field tests: venues and inspection bodies. */
import { ulid } from 'ulid';
import type { Api } from './api';
import type { TestTenant } from './tenant';

export async function createVenue(api: Api, t: TestTenant, overrides: Record<string, unknown> = {}) {
  const res = await api.call('POST', '/api/venues', {
    token: t.tokens.admin,
    body: { name: '好又多超市', kind: 'supermarket', gridId: t.grids.northGroup1, address: '北村一组 8 号', coordinates: { lat: 34.4, lng: 113.8 }, risk: 'yellow', ...overrides },
  });
  if (res.status !== 201) throw new Error(`venue not created: ${JSON.stringify(res.body)}`);
  return res.body as { id: string; kind: string; version: number; gridPath: string; codeVersion: number };
}

export async function checklistFor(api: Api, token: string, kind: string) {
  const res = await api.call('GET', `/api/checklists/${kind}`, { token });
  return res.body as { version: number; items: { code: string; severity: string; requiresRectification: boolean }[] };
}

/** An inspection body answering every item: `fail` lists the item codes that fail. */
export function inspectionBody(venueId: string, checklist: { version: number; items: { code: string }[] }, options: { fail?: string[]; at?: Date; id?: string; extra?: Record<string, unknown> } = {}) {
  const at = options.at ?? new Date('2026-11-25T01:30:00Z');
  return {
    id: options.id ?? ulid(at.getTime()),
    venueId,
    checklistVersion: checklist.version,
    results: checklist.items.map((i) => ({ itemCode: i.code, result: options.fail?.includes(i.code) ? 'fail' : 'pass' })),
    startedAt: new Date(at.getTime() - 10 * 60_000).toISOString(),
    endedAt: at.toISOString(),
    ...options.extra,
  };
}
