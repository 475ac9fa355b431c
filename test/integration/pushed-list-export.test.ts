/**
 * A pushed list's CSV over DynamoDB Local: progress per grid rolled up, then the rows with status and
 * outcome, masked; unmasked only with a ticket asked for by a permitted role with a reason in a POST
 * body, used once, bound to its user and list, expiring; every export in the access log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, testApi } from '../support/api';
import { PUSHED_HEADER, uploadPushedList } from '../support/pushed-lists';
import { captureOutput, residentId } from '../support/residents';
import { createTestTenant, type TestTenant } from '../support/tenant';

const ROAD = { name: '陈晓东', idNumber: residentId('41018419900909303'), phone: '13900003333' };
const NOWHERE = { name: '周无名', idNumber: residentId('41018420000101505'), phone: '13900005555' };

let api: Api;
let t: TestTenant;
let list: any;
const output = captureOutput();

const exportOf = (token: string, query = '') => api.call('GET', `/api/pushed-lists/${list.id}/export.csv${query}`, { token });
const ticketFor = (token: string, body: unknown, listId = list.id) => api.call('POST', `/api/pushed-lists/${listId}/export-tickets`, { token, body });

beforeAll(async () => {
  api = await testApi({ now: '2026-12-06T01:00:00Z' });
  t = await createTestTenant(api, 'plx');
  const rules = (await api.call('GET', '/api/rules', { token: t.tokens.admin })).body;
  const { version, updatedAt: _a, updatedBy: _b, ...body } = rules;
  await api.call('PUT', '/api/rules', { token: t.tokens.admin, body: { ...body, version, residents: { ...body.residents, pushedLists: { addressRules: { compounds: [], roads: [{ road: '建设路', from: 1, to: 99, side: 'both', gridId: t.grids.northGroup2 }] }, deadlineDays: 0 } } } });
  list = await uploadPushedList(api, t.tokens.supervisor, [PUSHED_HEADER, `${ROAD.name},${ROAD.idNumber},${ROAD.phone},建设路15号,某市,2026-12-05,省大数据局,高`, `${NOWHERE.name},${NOWHERE.idNumber},${NOWHERE.phone},不知道哪里,某市,2026-12-05,省大数据局,低`].join('\n'), '导出测试名单');
  const [task] = (await api.call('GET', '/api/pushed-tasks', { token: t.tokens.admin })).body.items;
  const closed = await api.call('POST', `/api/pushed-tasks/${task.id}/outcome`, { token: t.tokens.admin, body: { version: task.version, outcome: 'not-in-area', whereTo: '外省' } });
  expect(closed.status).toBe(200);
}, 120_000);

afterAll(() => output.stop());

describe('the pushed list export', () => {
  it('has the progress per grid rolled up, then every row with status and outcome, masked, with Chinese headers', async () => {
    const res = await exportOf(t.tokens.supervisor);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('推送名单-导出测试名单'));
    const lines = (res.body as string).split('\r\n');
    // (The BOM the file starts with is dropped by Response.text().)
    expect(lines[0]).toBe('网格 grid,层级路径 path,接收 received,匹配 matched,分派 assigned,核实 verified,逾期 overdue');
    expect(lines[1]).toBe('合计 total,,2,1,1,1,0');
    // The task's grid and each grid above it, each with the one task it holds.
    const grids = lines.slice(2, lines.indexOf(''));
    expect(grids.length).toBeGreaterThanOrEqual(2);
    for (const g of grids) expect(g.endsWith(',1,1,1,1,0')).toBe(true);
    const header = lines.indexOf('') + 1;
    expect(lines[header]).toMatch(/^行号 line,网格 grid,状态 status,姓名 name,身份证号 ID number/);
    const rows = lines.slice(header + 1).filter(Boolean);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^2,.*,已核实,陈\*\*,.*,不在辖区,外省,/);
    expect(rows[1]).toMatch(/^3,,待分派,周\*\*,/);
    for (const secret of [ROAD, NOWHERE].flatMap((p) => [p.idNumber, p.phone])) expect(res.body).not.toContain(secret);
    const log = await api.call('GET', `/api/residents/audit?user=${t.users.supervisor}&limit=1`, { token: t.tokens.admin });
    expect(log.body.items[0]).toMatchObject({ action: 'export-masked', listId: list.id, count: 2 });
  });

  it('unmasks with a ticket: a permitted role, a reason in the body; once, for its user and list, for two minutes; in the access log', async () => {
    // The default rules let only tenant admins unmask.
    expect((await ticketFor(t.tokens.supervisor, { reason: '上级核查名单' })).status).toBe(403);
    const noReason = await ticketFor(t.tokens.admin, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.issues[0].path).toBe('body.reason');
    expect((await ticketFor(t.tokens.admin, { reason: '上级核查名单', extra: 1 })).status).toBe(400);
    expect((await ticketFor(t.tokens.admin, { reason: '上级核查名单' }, '01J0000000000000000000000Z')).status).toBe(404);
    const issued = await ticketFor(t.tokens.admin, { reason: '上级核查名单' });
    expect(issued.status).toBe(201);
    const { ticket } = issued.body;
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // Another user cannot use it (and so it stays for its owner).
    expect((await exportOf(t.tokens.supervisor, `?ticket=${ticket}`)).status).toBe(404);
    // A ticket unmasks what it was asked for: one for the people's export opens no list.
    const people = await api.call('POST', '/api/residents/export-tickets', { token: t.tokens.admin, body: { reason: '上级核查名单' } });
    expect(people.status).toBe(201);
    expect((await exportOf(t.tokens.admin, `?ticket=${people.body.ticket}`)).status).toBe(404);
    const clear = await exportOf(t.tokens.admin, `?ticket=${ticket}`);
    expect(clear.status).toBe(200);
    for (const secret of [ROAD, NOWHERE].flatMap((p) => [p.name, p.idNumber, p.phone])) expect(clear.body).toContain(secret);
    expect(clear.body).not.toContain('上级核查名单');
    const again = await exportOf(t.tokens.admin, `?ticket=${ticket}`);
    expect(again.status).toBe(404);
    expect(again.body.reason).toBe('export.ticket');
    const log = await api.call('GET', `/api/residents/audit?record=${list.id}`, { token: t.tokens.admin });
    expect(log.body.items[0]).toMatchObject({ action: 'export-unmasked', listId: list.id, reason: '上级核查名单', userId: t.users.admin });
    // A ticket waits two minutes at most.
    const late = (await ticketFor(t.tokens.admin, { reason: '上级核查名单' })).body.ticket;
    api.clock.advance(121_000);
    expect((await exportOf(t.tokens.admin, `?ticket=${late}`)).status).toBe(404);
    expect((await exportOf(t.tokens.admin, '?ticket=not-a-ticket')).status).toBe(400);
    for (const secret of [ROAD, NOWHERE].flatMap((p) => [p.idNumber, p.phone])) expect(output.lines.join('')).not.toContain(secret);
  });
});
