/**
 * The pushed lists' section of the daily report over DynamoDB Local: a live day counted from the day
 * counters, the close job storing the same figures per grid rolled up the tree, the next day's overdue
 * escalations on that day, and a supervisor of two subtrees getting them summed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runCloseJob } from '../../shared/scheduling/close-job';
import { runJob } from '../../shared/scheduling/run-job';
import { type Api, testApi } from '../support/api';
import { PUSHED_HEADER, setPushedListRules, uploadPushedList } from '../support/pushed-lists';
import { residentId } from '../support/residents';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
let admin: string;
const both = () => api.tokenFor({ userId: `both-${t.id}`, tenantId: t.id, roles: ['supervisor'], gridIds: [t.grids.north, t.grids.south] });

const report = async (token: string, date: string, grid?: string) => (await api.call('GET', `/api/reports/daily/${date}${grid ? `?grid=${grid}` : ''}`, { token })).body;
const row = (name: string, id: string, phone: string, address: string) => `${name},${residentId(id)},${phone},${address},某市,2026-12-05,省大数据局,高`;

beforeAll(async () => {
  api = await testApi({ now: '2026-12-06T01:00:00Z' });
  t = await createTestTenant(api, 'pld', { setUpAt: new Date('2026-12-01T00:00:00Z') });
  await setPushedListRules(api, t.tokens.admin, {
    addressRules: { compounds: [{ name: '南苑小区', aliases: [], gridId: t.grids.southVillage }], roads: [{ road: '建设路', from: 1, to: 99, side: 'both', gridId: t.grids.northGroup2 }] },
    deadlineDays: 0,
  });
  await uploadPushedList(api, t.tokens.supervisor, [PUSHED_HEADER, row('赵一', '41018419900909303', '13900003333', '建设路15号'), row('钱二', '41018419900909311', '13900003334', '建设路17号'), row('孙三', '41018419951212404', '13900004444', '南苑小区8栋'), row('李四', '41018420000101505', '13900005555', '不知道哪里')].join('\n'));
  const tasks = (await api.call('GET', '/api/pushed-tasks', { token: t.tokens.admin })).body.items as any[];
  const byName = new Map(tasks.map((x) => [x.name, x]));
  const close = (task: any, body: object) => api.call('POST', `/api/pushed-tasks/${task.id}/outcome`, { token: t.tokens.admin, body: { version: task.version, ...body } });
  expect((await close(byName.get('赵*'), { outcome: 'not-in-area', whereTo: '外省' })).status).toBe(200);
  expect((await close(byName.get('孙*'), { outcome: 'unreachable' })).status).toBe(200);
}, 120_000);

describe("the daily report's pushed-list section", () => {
  it('counts a live day from the day counters: the tenant (unrouted rows too) and each grid rolled up', async () => {
    const tenant = await report(t.tokens.admin, '2026-12-06');
    expect(tenant.status).toBe('live');
    expect(tenant.pushedLists).toEqual({ received: 4, verified: 1, escalated: 1, overdue: 0 });
    expect((await report(t.tokens.admin, '2026-12-06', t.grids.north)).pushedLists).toEqual({ received: 2, verified: 1, escalated: 0, overdue: 0 });
    expect((await report(t.tokens.admin, '2026-12-06', t.grids.northGroup2)).pushedLists).toEqual({ received: 2, verified: 1, escalated: 0, overdue: 0 });
    expect((await report(t.tokens.admin, '2026-12-06', t.grids.south)).pushedLists).toEqual({ received: 1, verified: 0, escalated: 1, overdue: 0 });
    // A grid where nothing happened shows no section.
    expect((await report(t.tokens.admin, '2026-12-06', t.grids.northGroup1)).pushedLists).toBeNull();
  });

  it('is stored by the close job with the same figures, and the next day counts its overdue escalations', async () => {
    api.clock.set('2026-12-07T00:30:00Z');
    // Tokens of the day before have expired.
    admin = await api.tokenFor({ userId: t.users.admin, tenantId: t.id, roles: ['tenant-admin'], gridIds: [] });
    await runJob(api.db, { kind: 'plan', tenantId: t.id, date: '2026-12-07' }, api.clock);
    expect((await runCloseJob(api.db, t.id, '2026-12-06', api.clock)).status).toBe('done');
    const closed = await report(admin, '2026-12-06');
    expect(closed.status, JSON.stringify(closed).slice(0, 300)).toBe('closed');
    expect(closed.pushedLists).toEqual({ received: 4, verified: 1, escalated: 1, overdue: 0 });
    expect(closed.children.map((c: any) => c.gridId)).toContain(t.grids.north);
    expect((await report(admin, '2026-12-06', t.grids.north)).pushedLists).toEqual({ received: 2, verified: 1, escalated: 0, overdue: 0 });
    expect((await report(admin, '2026-12-06', t.grids.northGroup2)).pushedLists).toEqual({ received: 2, verified: 1, escalated: 0, overdue: 0 });
    // 钱二 was due on the 6th and is still open: the 7th's plan escalated it, on the 7th.
    expect((await report(admin, '2026-12-07')).pushedLists).toEqual({ received: 0, verified: 0, escalated: 1, overdue: 1 });
    expect((await report(admin, '2026-12-07', t.grids.northGroup2)).pushedLists).toEqual({ received: 0, verified: 0, escalated: 1, overdue: 1 });
    // Closing again changes nothing.
    await runCloseJob(api.db, t.id, '2026-12-06', api.clock);
    expect((await report(admin, '2026-12-06')).pushedLists).toEqual(closed.pushedLists);
  });

  it("sums a supervisor's two subtrees in a combined report (rows no grid took are the tenant's only)", async () => {
    const combined = await report(await both(), '2026-12-06');
    expect(combined.combinedOf, JSON.stringify(combined).slice(0, 300)).toEqual([t.grids.north, t.grids.south]);
    expect(combined.pushedLists).toEqual({ received: 3, verified: 1, escalated: 1, overdue: 0 });
  });
});
