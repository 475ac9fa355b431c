/**
 * A pushed list as the web app sends it: announce, upload where the answer says, start; then wait for
 * the in-process job and read the list. And the tenant's address rules, set through the rules API.
 */
import type { Api } from './api';

export const PUSHED_HEADER = '姓名,身份证号,电话,地址,来源地,抵达日期,推送来源,风险等级';

export async function uploadPushedList(api: Api, token: string, file: string, name = '省大数据局推送 第1批') {
  const size = Buffer.byteLength(file);
  const announced = await api.call('POST', '/api/pushed-lists', { token, body: { name, fileName: 'list.csv', size, format: 'csv' } });
  if (announced.status !== 201) throw new Error(`announce: ${announced.status} ${JSON.stringify(announced.body)}`);
  const { upload, list } = announced.body;
  const put = await api.call(upload.method, upload.url, { token: upload.authorization === 'bearer' ? token : undefined, body: file, headers: upload.headers });
  if (put.status !== 204) throw new Error(`upload: ${put.status} ${JSON.stringify(put.body)}`);
  const started = await api.call('POST', `/api/pushed-lists/${list.id}/start`, { token });
  if (started.status !== 202) throw new Error(`start: ${started.status} ${JSON.stringify(started.body)}`);
  await api.jobs.idle();
  return (await api.call('GET', `/api/pushed-lists/${list.id}`, { token })).body;
}

/** Save the tenant's pushed-list rules (address rules, deadline) as a tenant admin does in 规则. */
export async function setPushedListRules(api: Api, adminToken: string, pushedLists: Record<string, unknown>) {
  const current = (await api.call('GET', '/api/rules', { token: adminToken })).body;
  const { version, updatedAt: _at, updatedBy: _by, ...body } = current;
  const saved = await api.call('PUT', '/api/rules', { token: adminToken, body: { ...body, version, residents: { ...body.residents, pushedLists } } });
  if (saved.status !== 200) throw new Error(`rules: ${saved.status} ${JSON.stringify(saved.body)}`);
}
