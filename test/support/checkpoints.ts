/** Checkpoints for tests: a checkpoint body, one made through the API, and a vehicle entry body. */
import { ulid } from 'ulid';
import type { Api } from './api';

export function checkpointBody(gridId: string, extra: Record<string, unknown> = {}) {
  return {
    id: ulid(),
    gridId,
    name: '北村东卡口',
    location: { place: '北村东入口', road: 'X032县道' },
    shifts: [
      { id: 'day', name: '白班', starts: '08:00', ends: '20:00' },
      { id: 'night', name: '夜班', starts: '20:00', ends: '08:00' },
    ],
    staff: [],
    ...extra,
  };
}

export async function createCheckpoint(api: Api, token: string, gridId: string, extra: Record<string, unknown> = {}) {
  const res = await api.call('POST', '/api/checkpoints', { token, body: checkpointBody(gridId, extra) });
  if (res.status !== 201) throw new Error(`checkpoint: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; version: number; staff: string[] };
}

export function entryBody(checkpointId: string, extra: Record<string, unknown> = {}) {
  return { id: ulid(), checkpointId, at: '2026-11-25T02:00:00Z', plate: '豫A12345', vehicleType: 'car', occupants: 2, from: '郑州市', colour: 'green', ...extra };
}
