/**
 * Testing rounds in headless Chromium against the whole local system (the demo's round 5 running):
 * a grid member's phone records a sample at the village site by person code while offline (the
 * outbox sends it once online) and one door to door from the not-yet-tested list; the supervisor's
 * desktop shows coverage bars per grid with the table, the daily report's section, starts home
 * isolation from the positive alert, and imports a lab's result file with its progress. Screenshots at 360 and 1280 px go to test-artifacts/.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { personCode } from '../../shared/domain/testing/record';
import { residentId } from '../support/residents';
import { DESKTOP, PHONE, useHarness } from './harness';

const h = useHarness();
let code = '';

beforeAll(async () => {
  const token = await h.tokenOf('longhu', 'zhang');
  const household = await h.call(token, 'POST', '/api/residents/households', { id: ulid(), gridId: 'lh-1-taishan-1', address: { compound: '泰山新村', building: '9', unit: '1', room: '101' }, tags: ['permanent'] });
  const person = await h.call(token, 'POST', `/api/residents/households/${household.id}/persons`, { id: ulid(), name: '赵采样', idNumber: residentId('41018419820202333'), category: 'local-permanent', relationship: 'householder' });
  code = personCode(household.id, person.id);
}, 120_000);

describe('testing rounds', () => {
  it('records a sample at the site by person code offline, sent once online, and one door to door', async () => {
    const { context, page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'liu');
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '采样登记', exact: true }).click();
    await page.getByRole('heading', { name: '采样登记' }).waitFor();
    const form = page.locator('#site-record');
    await form.waitFor();
    expect(await page.getByLabel('检测轮次').textContent()).toContain('第5轮');
    expect(await form.getByLabel('采样点').textContent()).toContain('泰山村采样点');
    await context.setOffline(true);
    await form.getByLabel('人员码或身份证号').fill(code);
    await form.getByLabel('试管编号').fill('E2E-0001');
    await h.screenshot(page, 'testing-site-record-360');
    await form.getByRole('button', { name: '登记采样' }).click();
    await page.getByRole('status').filter({ hasText: '已保存在本机' }).waitFor();
    await context.setOffline(false);
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: /待同步/ }).click();
    await page.getByRole('heading', { name: '已发送（1）' }).waitFor({ timeout: 30_000 });

    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '采样登记', exact: true }).click();
    await page.getByRole('tab', { name: '上门采样' }).click();
    const first = page.locator('.untested-list li').first();
    await first.waitFor();
    const before = await page.locator('.untested-list li').count();
    expect(await page.locator('.untested-list').textContent()).not.toContain('赵*');
    await h.screenshot(page, 'testing-door-list-360');
    await first.getByLabel('试管编号').fill('E2E-0002');
    await first.getByRole('button', { name: '上门采样' }).click();
    await expect.poll(() => page.locator('.untested-list li').count()).toBe(before - 1);
  });

  it('shows the supervisor coverage bars per grid, the daily report section, and starts home isolation from a positive alert', async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'duban');
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '全员检测', exact: true }).click();
    await page.getByRole('heading', { name: '全员检测' }).waitFor();
    await page.locator('#coverage-chart canvas').waitFor();
    const table = page.locator('#coverage-table');
    expect(await table.locator('tr.total').textContent()).toMatch(/合计\s*\d+/);
    expect(await table.textContent()).toContain('泰山村');
    // Today's samples per site, the busiest hour beside the capacity.
    await page.locator('#site-days-table').filter({ hasText: '泰山村采样点' }).waitFor();
    await h.screenshot(page, 'testing-coverage-1280');
    const alert = page.locator('li[data-alert-id^="positive-"]');
    await alert.waitFor();
    await alert.getByRole('button', { name: '转居家隔离' }).click();
    await page.getByRole('status').filter({ hasText: '已开始居家隔离监测' }).waitFor();
    await expect.poll(() => page.locator('li[data-alert-id^="positive-"]').count()).toBe(0);

    // A lab's result file through the import: uploaded, its progress to done, the bad line named, the demo's first file listed.
    const lab = page.locator('gw-lab-import');
    await lab.locator('.import-recent').filter({ hasText: '第五轮检测结果-第1批.csv' }).waitFor();
    await lab.getByLabel('结果文件（CSV）').setInputFiles({ name: '检测结果-E2E.csv', mimeType: 'text/csv', buffer: Buffer.from(`样本编号,身份证号或人员码,结果\nE2E-0001,${code},阴性\nE2E-0009,nobody,阴性\n`) });
    await lab.getByRole('button', { name: '上传并导入' }).click();
    await lab.getByTestId('import-status').filter({ hasText: '已完成' }).waitFor({ timeout: 30_000 });
    expect(await lab.locator('.import-progress').textContent()).toContain('新存 1');
    expect(await lab.locator('.import-errors').textContent()).toContain('第 3 行');
    await h.screenshot(page, 'testing-lab-import-1280');

    // Today's report (the round started this morning): its testing section reads the live counters.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    await page.goto(`${h.url}/#/daily-report?date=${today}`);
    await page.locator('gw-testing-day section').first().waitFor();
    expect(await page.locator('gw-testing-day').textContent()).toContain('第5轮');
    await h.screenshot(page, 'testing-daily-report-1280');
  });
});
