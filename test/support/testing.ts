/** Testing rounds for tests: a round, a site and a record body made through the API. */
import { ulid } from 'ulid';
import type { Api } from './api';

export function roundBody(extra: Record<string, unknown> = {}) {
  return { id: ulid(), number: 5, name: '第五轮全员核酸检测', startsAt: '2026-11-25T00:00:00Z', endsAt: '2026-11-26T12:00:00Z', exemptCategories: ['nonlocal-temporary'], ...extra };
}

export function siteBody(gridId: string, extra: Record<string, unknown> = {}) {
  return {
    id: ulid(),
    gridId,
    name: '村委会采样点',
    place: '村委会广场',
    layout: {
      zones: [
        { name: '等候区', purpose: 'waiting' },
        { name: '登记区', purpose: 'registration' },
        { name: '采样区', purpose: 'sampling' },
        { name: '缓冲区', purpose: 'buffer' },
      ],
      channels: [
        { name: '普通通道', kind: 'general' },
        { name: '绿色通道', kind: 'priority' },
      ],
    },
    hours: [{ opens: '07:00', closes: '11:30' }, { opens: '14:00', closes: '18:00' }],
    capacityPerHour: 300,
    ...extra,
  };
}

export async function createRound(api: Api, token: string, extra: Record<string, unknown> = {}) {
  const res = await api.call('POST', '/api/testing/rounds', { token, body: roundBody(extra) });
  if (res.status !== 201) throw new Error(`round: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; number: number; status: string };
}

export async function createSite(api: Api, token: string, gridId: string) {
  const res = await api.call('POST', '/api/testing/sites', { token, body: siteBody(gridId) });
  if (res.status !== 201) throw new Error(`site: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; gridId: string };
}

export const recordBody = (roundId: string, who: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: ulid(),
  roundId,
  via: 'door',
  who,
  sampleId: `T${ulid().slice(-10)}`,
  takenAt: '2026-11-25T01:30:00Z',
  ...extra,
});

/** A lab file through the import path as the web app sends it: announce, upload, start, wait for the job; the import as GET shows it. */
export async function importLabFile(api: Api, token: string, roundId: string, csv: string) {
  const size = new TextEncoder().encode(csv).length;
  const announced = await api.call('POST', '/api/testing/lab-imports', { token, body: { roundId, fileName: 'lab.csv', size } });
  if (announced.status !== 201) return announced;
  const { upload, import: imp } = announced.body;
  const put = await api.call(upload.method, upload.url, { token, body: csv, headers: upload.headers });
  if (put.status !== 204) throw new Error(`lab upload: ${put.status} ${JSON.stringify(put.body)}`);
  const started = await api.call('POST', `/api/testing/lab-imports/${imp.id}/start`, { token });
  if (started.status !== 202) throw new Error(`lab start: ${started.status} ${JSON.stringify(started.body)}`);
  await api.jobs.idle();
  return api.call('GET', `/api/testing/lab-imports/${imp.id}`, { token });
}
