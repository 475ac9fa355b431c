/**
 * Pushed lists in Chromium on the demo town: the supervisor uploads a list and follows its progress
 * per grid, assigns a waiting row from the routing queue; the grid leader's phone shows the task
 * board (masked), records a door-to-door check offline that the outbox sends once online. The board
 * in English too. Screenshots at 360 and 1280 px in test-artifacts/.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { residentId } from '../support/residents';
import { DEMO_PASSWORD, DESKTOP, PHONE, useHarness } from './harness';

const h = useHarness();
const NEW_PERSON = { name: '欧阳明远', idNumber: residentId('41018419880808181'), phone: '13655556666' };

describe('pushed lists', () => {
  it('lets the supervisor upload a list and follow its progress per grid', async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'duban');
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '推送名单', exact: true }).click();
    await page.getByRole('heading', { name: '推送名单', exact: true }).waitFor();
    const csv = ['姓名,身份证号,电话,地址,来源地,抵达日期,推送来源,风险等级', `${NEW_PERSON.name},${NEW_PERSON.idNumber},${NEW_PERSON.phone},泰山村一组小区8栋,某市,2026-12-05,省大数据局,高`, '坏行,123,,,,,,极高'].join('\n');
    await page.getByLabel('名单名称').fill('端到端测试名单');
    await page.getByLabel('名单文件').setInputFiles({ name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: '上传并匹配' }).click();
    const progress = page.locator('section.pushed-progress').filter({ hasText: '端到端测试名单' });
    await progress.getByTestId('list-status').filter({ hasText: '已完成' }).waitFor({ timeout: 30_000 });
    expect(await progress.locator('h2').textContent()).toContain('端到端测试名单');
    expect(await progress.locator('[data-counter="received"]').textContent()).toBe('1');
    expect(await progress.locator('[data-counter="assigned"]').textContent()).toBe('1');
    // One bad row: its ID number and its risk level.
    await expect.poll(() => progress.locator('table.import-errors tbody tr').count(), { timeout: 15_000 }).toBe(2);
    expect(await progress.locator('table.pushed-grids').textContent()).toContain('泰山村一组');
    expect(await page.content()).not.toContain(NEW_PERSON.idNumber);
    await h.screenshot(page, 'pushed-list-upload-1280');
    // Its export: progress, then the rows, masked (the supervisor may not unmask under the demo's rules).
    expect(await progress.getByRole('button', { name: '导出明文' }).count()).toBe(0);
    const [file] = await Promise.all([page.waitForEvent('download'), progress.getByRole('button', { name: '导出 CSV' }).click()]);
    expect(file.suggestedFilename()).toMatch(/^推送名单-端到端测试名单-.*\.csv$/);
    const text = readFileSync((await file.path())!, 'utf8');
    expect(text).toMatch(/^\uFEFF网格 grid,/);
    expect(text).toContain('合计 total,,1,1,1,0,0');
    expect(text).toContain('行号 line');
    expect(text).not.toContain(NEW_PERSON.idNumber);
    // The dashboard's tile: the latest lists, with what is verified and overdue.
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '看板', exact: true }).click();
    await page.locator('section.pushed-tile').filter({ hasText: '端到端测试名单' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('section.pushed-tile').textContent()).toContain('超期 2');
  }, 120_000);

  it('lets the supervisor assign a waiting row to a grid from the routing queue', async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'duban');
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '待分派', exact: true }).click();
    await page.getByRole('heading', { name: '待分派' }).waitFor();
    const card = page.locator('ul.pushed-routing li').first();
    await card.waitFor();
    const before = await page.locator('ul.pushed-routing li').count();
    await h.screenshot(page, 'pushed-routing-1280');
    await card.getByLabel('分派到网格').selectOption('lh-1-taishan-1');
    await card.getByRole('button', { name: '分派' }).click();
    await expect.poll(async () => ((await page.locator('p.alert').count()) ? await page.locator('p.alert').textContent() : await page.locator('ul.pushed-routing li').count()), { timeout: 15_000 }).toBe(before - 1);
  });

  it("shows the grid leader's task board on the phone and records a check offline, sent once online", async () => {
    const { context, page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'zhang');
    await page.goto(`${h.url}/#/pushed-tasks`);
    await page.getByRole('heading', { name: '核查任务' }).first().waitFor();
    const task = page.locator('li.pushed-task').filter({ hasText: '待核查' }).first();
    await task.waitFor();
    expect(await page.locator('ul.pushed-tasks').textContent()).toContain('**');
    expect(await page.locator('ul.pushed-tasks').textContent()).not.toContain(NEW_PERSON.name);
    await h.screenshot(page, 'pushed-tasks-360');
    const taskId = await task.getAttribute('data-task-id');
    await context.setOffline(true);
    await task.getByRole('button', { name: '记录核查' }).click();
    await task.getByLabel('核查方式').selectOption('door');
    await task.getByLabel('备注').fill('已上门，本人在家');
    await h.screenshot(page, 'pushed-check-360');
    await task.getByRole('button', { name: '保存核查' }).click();
    await page.getByRole('status').filter({ hasText: '联网后自动上传' }).waitFor();
    await context.setOffline(false);
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: /待同步/ }).click();
    await page.getByRole('heading', { name: '已发送（1）' }).waitFor({ timeout: 30_000 });
    await page.goto(`${h.url}/#/pushed-tasks`);
    await expect.poll(() => page.locator(`li[data-task-id="${taskId}"]`).textContent(), { timeout: 15_000 }).toMatch(/已核查 [1-9]/);
  });

  it('shows the task board in English', async () => {
    const { page } = await h.open(PHONE, 'en');
    await h.signIn(page, 'longhu', 'zhang');
    await page.goto(`${h.url}/#/pushed-tasks`);
    await page.getByRole('heading', { name: 'Verification tasks' }).first().waitFor();
    await h.screenshot(page, 'pushed-tasks-en-360');
  });

  it("shows a supervisor of some grids their grids' part of a list, and no routing queue", async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'tianhe', 'shipai-duban');
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '推送名单', exact: true }).click();
    await page.getByTestId('list-scoped').waitFor();
    expect(await page.locator('section.pushed-progress table.import-errors').count()).toBe(0);
    // The index of lists: their grids' counts with the same note (received in their grids, not the list's rows).
    expect(await page.getByTestId('recent-scoped').textContent()).toBe(await page.getByTestId('list-scoped').textContent());
    expect(await page.locator('section.import-recent [data-counter="received"]').first().textContent()).toBe(await page.locator('section.pushed-progress [data-counter="received"]').textContent());
    await h.screenshot(page, 'pushed-list-scoped-1280');
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '待分派', exact: true }).click();
    await page.getByText('尚未分派到网格的名单行由全辖区的督导组或管理员分派').waitFor();
  }, 120_000);

  it('closes a task as found by linking a member of a registered household, searched by 户号 (masked)', async () => {
    const call = async (token: string | undefined, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${h.url}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
      return (await res.json()) as any;
    };
    const zhang = (await call(undefined, 'POST', '/api/auth/login', { tenant: 'longhu', username: 'zhang', password: DEMO_PASSWORD })).token as string;
    const task = ((await call(zhang, 'GET', '/api/pushed-tasks?limit=200')).items as any[]).find((x) => !x.match.personId && x.status !== 'verified');
    expect(task, 'an open task the registry did not match').toBeDefined();
    const household = ((await call(zhang, 'GET', '/api/residents/households?limit=50')).items as any[]).find((x) => x.number && x.members > 0);
    const member = ((await call(zhang, 'GET', `/api/residents/households/${household.id}`)).members as any[]).find((m) => m.status === 'active');

    const { page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'zhang');
    await page.goto(`${h.url}/#/pushed-tasks`);
    const card = page.locator(`li[data-task-id="${task.id}"]`);
    await card.getByRole('button', { name: '办结' }).click();
    const picker = card.locator('gw-found-picker');
    await picker.getByLabel('选择已登记的户').check();
    await picker.getByLabel('户号或地址').fill(household.number);
    await picker.getByRole('button', { name: '查找' }).click();
    await picker.locator(`button[data-household-id="${household.id}"]`).click();
    const chosen = picker.locator(`input[name="foundMember"][value="${member.id}"]`);
    await chosen.check();
    // Members are masked: the name as 张**, the ID number with its middle starred.
    expect(await picker.locator('fieldset.found-members').textContent()).toContain(member.name);
    expect(await picker.locator('fieldset.found-members').textContent()).not.toMatch(/\d{17}[\dX]/);
    await h.screenshot(page, 'pushed-found-link-360');
    await card.getByRole('button', { name: '保存办结结果' }).click();
    await page.getByRole('status').filter({ hasText: '办结结果已保存' }).waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await call(zhang, 'GET', `/api/pushed-tasks/${task.id}`)).task.linked, { timeout: 30_000 }).toEqual({ householdId: household.id, personId: member.id });
    expect((await call(zhang, 'GET', `/api/pushed-tasks/${task.id}`)).task).toMatchObject({ status: 'verified', outcome: 'found' });
    // The closed task opens the linked person's file: their household (where they live now), their row marked.
    await page.getByLabel('显示已办结').check();
    await card.locator('a[data-linked-person]').click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain(`#/household/${household.id}?person=${member.id}`);
    await page.locator(`tr[data-person-id="${member.id}"][aria-current="true"]`).waitFor();
  }, 120_000);
});
