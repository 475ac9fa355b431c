/**
 * Self-registration for tests: a registration code made through the API, and a valid public form.
 */
import { ulid } from 'ulid';
import type { Api } from './api';
import { residentId } from './residents';

export async function makeRegistrationCode(api: Api, token: string, body: { gridId?: string; compound?: string; label?: string } = {}) {
  const res = await api.call('POST', '/api/self-registration/codes', { token, body: { id: ulid(), label: '北村一组登记码', ...body } });
  if (res.status !== 201) throw new Error(`registration code: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; token: string; gridId?: string };
}

let n = 0;
/** A valid form for a code; each call a new person unless `idNumber` is given. */
export function registrationForm(code: string, extra: Record<string, unknown> = {}) {
  n += 1;
  return {
    code,
    id: ulid(),
    name: '王小明',
    idNumber: residentId(`41018419900${1 + (Math.floor(n / 1000) % 9)}01${String(n % 1000).padStart(3, '0')}`),
    phone: `139${String(100000000 + n).slice(1)}`,
    category: 'nonlocal-temporary',
    address: { compound: '幸福小区', building: '5', unit: '1', room: '502' },
    arrivedFrom: '河南省郑州市',
    arrivedOn: '2026-11-20',
    consent: true,
    purposeVersion: 1,
    ...extra,
  };
}
