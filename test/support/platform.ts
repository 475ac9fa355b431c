/** The platform admin for tests: suspend a tenant (or make it active again) as PATCH /api/platform/tenants/{id} does. */
import type { Api } from './api';

export async function setTenantStatus(api: Api, tenantId: string, status: 'active' | 'suspended') {
  const token = await api.tokenFor({ tenantId: 'platform', roles: ['platform-admin'] });
  const path = `/api/platform/tenants/${tenantId}`;
  const { version } = (await api.call('GET', path, { token })).body;
  const res = await api.call('PATCH', path, { token, body: { version, status } });
  if (res.status !== 200) throw new Error(`tenant status: ${res.status} ${JSON.stringify(res.body)}`);
}
