/**
 * Retention of pushed lists over DynamoDB Local: the rows of a list older than the tenant's rule
 * (tasks with their checks and sealed fields, the row-error pages) are deleted by the retention job,
 * the list keeps its counts and says when; a younger list is untouched; running again changes nothing;
 * a run stopped midway is finished by the next.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRaw } from '../../shared/data/batch';
import { tenantKeys } from '../../shared/data/keys';
import { runRetentionJob } from '../../shared/scheduling/retention-job';
import { type Api, testApi } from '../support/api';
import { PUSHED_HEADER, setPushedListRules, uploadPushedList } from '../support/pushed-lists';
import { residentId } from '../support/residents';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
/** Tokens signed at the moving clock (the test lives through a month). */
const as = (role: 'admin' | 'supervisor') => api.tokenFor({ userId: t.users[role], tenantId: t.id, roles: [role === 'admin' ? 'tenant-admin' : 'supervisor'], gridIds: [], venueKinds: [] });

const row = (n: number, address: string) => `测试${n},${residentId(`41018419900101${String(n).padStart(3, '0')}`)},1390000${String(n).padStart(4, '0')},${address},某市,2026-08-20,省大数据局,高`;
const listFile = (from: number, count: number) => [PUSHED_HEADER, ...Array.from({ length: count }, (_, i) => row(from + i, i % 2 ? '建设路15号' : '不知道哪里')), '坏行,1,2'].join('\n');
const listOf = async (listId: string) => (await api.call('GET', `/api/pushed-lists/${listId}`, { token: await as('admin') })).body;

beforeAll(async () => {
  api = await testApi({ now: '2026-09-01T02:00:00Z' });
  t = await createTestTenant(api, 'plr');
  await setPushedListRules(api, t.tokens.admin, { addressRules: { compounds: [], roads: [{ road: '建设路', from: 1, to: 99, side: 'both', gridId: t.grids.northGroup2 }] }, deadlineDays: 0, retentionDays: 30 });
}, 120_000);

describe('retention of pushed lists', () => {
  it('deletes the rows of a list older than the rule, keeps its counts, leaves a younger list, and does nothing more when run again', async () => {
    const old = await uploadPushedList(api, t.tokens.supervisor, listFile(1, 6), '九月名单');
    // A check on one of its tasks: the check goes with the task.
    const [task] = (await api.call('GET', '/api/pushed-tasks', { token: t.tokens.admin })).body.items;
    expect((await api.call('POST', `/api/pushed-tasks/${task.id}/checks`, { token: t.tokens.admin, body: { id: ulid(), method: 'phone', result: 'reached' } })).status).toBeLessThan(300);
    api.clock.set('2026-09-25T02:00:00Z');
    const young = await uploadPushedList(api, await as('supervisor'), listFile(101, 4), '九月末名单');
    const before = await listOf(old.id);
    // The bad line: its ID number and its phone.
    expect(before.errors.map((e: { line: number }) => e.line)).toEqual([8, 8]);

    // 30 days after the first list, 6 after the second.
    api.clock.set('2026-10-01T18:00:00Z');
    const first = await runRetentionJob(api.db, t.id, '2026-10-02', api.clock);
    expect(first.pushedLists).toMatchObject({ lists: 1, tasks: 6 });
    const after = await listOf(old.id);
    expect(after.purgedAt).toBe('2026-10-01T18:00:00.000Z');
    expect(after.progress).toEqual(before.progress);
    expect(after.errors).toHaveLength(0);
    const admin = await as('admin');
    expect((await api.call('GET', `/api/pushed-tasks/${task.id}`, { token: admin })).status).toBe(404);
    const left = (await api.call('GET', '/api/pushed-tasks?limit=200', { token: admin })).body.items.concat((await api.call('GET', '/api/pushed-tasks/routing', { token: admin })).body.items);
    expect(new Set(left.map((x: { listId: string }) => x.listId))).toEqual(new Set([young.id]));
    expect(left).toHaveLength(4);
    // The raw partition of the deleted task is empty (its check went too).
    expect(await queryRaw(api.db, tenantKeys(t.id).pushedTaskFile(task.id))).toHaveLength(0);

    expect((await runRetentionJob(api.db, t.id, '2026-10-02', api.clock)).pushedLists).toMatchObject({ lists: 0, tasks: 0 });
    expect((await listOf(young.id)).purgedAt).toBeUndefined();
  });
});
