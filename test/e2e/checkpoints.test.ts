/**
 * Checkpoints in headless Chromium against the whole local system (the demo's checkpoint at 泰山村):
 * a grid member's phone records one vehicle of each colour — green passes, yellow with an old
 * certificate turns back (offline: the outbox sends it once online), red is held — with the plate's
 * format said beside the field, the destination found among every grid of the tenant (offline from
 * the copy kept); the supervisor sees the day's counts rolled up per shift (and in the daily report),
 * the red-code alerts, and sets up, edits (a stale edit reloaded) and retires a checkpoint.
 * Screenshots at 360 and 1280 px go to test-artifacts/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoApi } from './demo-api';
import { DESKTOP, PHONE, useHarness } from './harness';

const h = useHarness();

async function record(page: Page, plate: string, colour: '绿码' | '黄码' | '红码', shot: string, more?: () => Promise<void>) {
  const form = page.locator('#checkpoint-entry');
  await form.getByLabel('车牌号').fill(plate);
  await form.getByLabel('从何处来').fill('郑州市');
  await form.getByLabel('车上人数').fill('2');
  await form.getByLabel(colour).check();
  await more?.();
  await h.screenshot(page, shot);
  await form.getByRole('button', { name: '登记' }).click();
}

describe('checkpoints', () => {
  it('records a green, a yellow (offline) and a red vehicle on the phone, each answered at once', async () => {
    const { context, page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'liu');
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '卡口登记', exact: true }).click();
    await page.getByRole('heading', { name: '卡口登记' }).waitFor();
    const form = page.locator('#checkpoint-entry');
    await form.waitFor();
    expect(await form.getByLabel('卡口').textContent()).toContain('泰山村东入口卡口');

    // A plate in no known format is said beside the field, and still recorded.
    await form.getByLabel('车牌号').fill('临时 A-77');
    await page.locator('.plate-note').filter({ hasText: '车牌格式不符' }).waitFor();
    await form.getByLabel('车牌号').fill('豫A88888');
    await expect.poll(() => page.locator('.plate-note').count()).toBe(0);

    await record(page, '豫A88888', '绿码', 'checkpoint-green-360');
    await page.locator('.outcome[data-outcome="passed"]').filter({ hasText: '放行' }).waitFor();

    await context.setOffline(true);
    await record(page, '豫K12345', '黄码', 'checkpoint-yellow-360', async () => {
      const threeDaysAgo = await page.evaluate(() => {
        const d = new Date(Date.now() - 72 * 3_600_000);
        d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
        return d.toISOString().slice(0, 16);
      });
      await form.getByLabel('核酸证明采样时间').fill(threeDaysAgo);
    });
    await page.locator('.outcome[data-outcome="turned-back"]').filter({ hasText: '劝返' }).waitFor();
    await page.getByRole('status').filter({ hasText: '已保存在本机' }).waitFor();
    // Offline, the screen opened again reads the checkpoints and every destination from the copy kept.
    const nav = page.getByRole('navigation', { name: '导航' });
    await nav.getByRole('link', { name: /待同步/ }).click();
    await nav.getByRole('link', { name: '卡口登记', exact: true }).click();
    await form.waitFor();
    await expect.poll(() => form.locator('select[name=destinationGridId] option').count()).toBeGreaterThan(10);
    await context.setOffline(false);

    // Every grid of the tenant may be a destination (vehicles go anywhere), narrowed by typing.
    const destinations = form.locator('select[name=destinationGridId] option');
    const all = await destinations.count();
    await record(page, '豫B66666', '红码', 'checkpoint-red-360', async () => {
      await form.getByLabel('查找目的地网格').fill('泰山村二组');
      await expect.poll(() => destinations.count()).toBeLessThan(all);
      const option = destinations.filter({ hasText: '泰山村二组' }).first();
      expect(await option.textContent()).toMatch(/› 泰山村 › 泰山村二组$/);
      await form.getByLabel('目的地网格（可选）').selectOption((await option.getAttribute('value')) ?? '');
    });
    await page.locator('.outcome[data-outcome="held"]').filter({ hasText: '就地管控' }).waitFor();
    await h.screenshot(page, 'checkpoint-held-360');

    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: /待同步/ }).click();
    await page.getByRole('heading', { name: '已发送（3）' }).waitFor({ timeout: 30_000 });
  }, 120_000);

  it("shows the supervisor the day's counts per checkpoint and shift and the red-code alerts", async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'duban');
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '卡口', exact: true }).click();
    await page.getByRole('heading', { name: '卡口', exact: true }).waitFor();
    await page.locator('gw-checkpoint-day section').waitFor();
    expect(await page.locator('gw-checkpoint-day').textContent()).toContain('泰山村东入口卡口');
    await expect.poll(async () => page.locator('.checkpoint-alerts li').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('.checkpoint-alerts').textContent()).toContain('豫B66666');
    // The destination's name comes with the grid tree, which may load after the alerts.
    await expect.poll(async () => page.locator('.checkpoint-alerts').textContent()).toContain('去往泰山村二组');
    await h.screenshot(page, 'checkpoint-counts-1280');
  }, 60_000);

  it('rolls the counts up town → village → checkpoint per shift, for the day picked', async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'duban');
    await page.goto(`${h.url}/#/checkpoints`);
    const table = page.locator('.checkpoint-rollup');
    await table.waitFor();
    expect(await table.locator('.ck-checkpoint').count()).toBeGreaterThanOrEqual(2);
    expect(await table.locator('.ck-grid').count()).toBeGreaterThanOrEqual(3);
    expect(await table.locator('.ck-total th').textContent()).toContain('合计');
    expect(await table.locator('.ck-shift').first().textContent()).toMatch(/白班|夜班|早班|中班/);
    await h.screenshot(page, 'checkpoint-rollup-1280');
    // A day without vehicles: the gates are there, every count nought.
    await page.getByLabel('日期').fill('2020-01-01');
    await page.getByLabel('日期').dispatchEvent('change');
    await page.locator('.checkpoint-day .notice').filter({ hasText: '放行 0 辆，劝返 0 辆，管控 0 辆' }).waitFor();
    // The daily report's 卡口 section: the same roll-up, per shift.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    await page.goto(`${h.url}/#/daily-report?date=${today}`);
    await page.locator('gw-checkpoint-day .ck-shift').first().waitFor();
    expect(await page.locator('gw-checkpoint-day .ck-checkpoint').count()).toBeGreaterThanOrEqual(2);
    await h.screenshot(page, 'checkpoint-daily-report-1280');
  }, 120_000);

  it('sets up, edits (a stale edit reloads and says so) and retires a checkpoint, with field errors beside the fields', async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'duban');
    await page.goto(`${h.url}/#/checkpoints`);
    await page.getByRole('heading', { name: '卡口设置' }).waitFor();
    await page.getByRole('button', { name: '新建卡口' }).click();
    const dialog = page.locator('dialog#checkpoint-form');
    const grid = dialog.getByLabel('所在网格');
    await grid.selectOption((await grid.locator('option').filter({ hasText: /^\s*泰山村（/ }).first().getAttribute('value')) ?? '');
    // Offered as staff: who works in 泰山村 (its leader, its groups' member), then the town-wide admin and supervisor; not 龙湖社区's or 小乔村's people, nor the market authority.
    const offered = async () => (await dialog.locator('.staff-choice label.check').allTextContents()).map((s) => s.trim().replace(/.*（(\w+)）$/, '$1'));
    await expect.poll(async () => (await offered()).slice(0, 2).sort()).toEqual(['liu', 'zhang']);
    expect(await offered()).toEqual(expect.arrayContaining(['admin', 'duban', 'liu', 'zhang']));
    for (const elsewhere of ['chen', 'zhao', 'shijianju']) expect(await offered()).not.toContain(elsewhere);
    await dialog.getByLabel('卡口名称').fill('泰山村南卡口');
    await dialog.getByLabel('地点').fill('泰山村南口');
    // The night shift's name left empty: the server's error beside that row.
    await dialog.locator('.shift-row[data-shift=night]').getByLabel('班次名称').fill('');
    expect(await dialog.locator('.shift-row[data-shift=night]').textContent()).toContain('跨午夜');
    await dialog.getByRole('button', { name: '新建' }).click();
    await dialog.locator('.shift-row[data-shift=night] .error').waitFor();
    await h.screenshot(page, 'checkpoint-setup-error-1280');
    await dialog.locator('.shift-row[data-shift=night]').getByLabel('班次名称').fill('夜班');
    await dialog.locator('.staff-choice input[type=checkbox]').first().check();
    await dialog.getByRole('button', { name: '新建' }).click();
    await page.getByRole('status').filter({ hasText: '已新建卡口：泰山村南卡口' }).waitFor();
    const row = page.locator('.checkpoint-list tr').filter({ hasText: '泰山村南卡口' });
    await row.waitFor();

    // Someone else saves first: the dialog shows what is stored now, and says so.
    const admin = await demoApi(h.url, 'admin');
    const stored = (await admin('GET', '/api/checkpoints')).items.find((c: any) => c.name === '泰山村南卡口');
    await row.getByRole('button', { name: '编辑' }).click();
    const edit = page.locator('dialog#checkpoint-form');
    const { id, gridId, gridPath, version, createdAt, createdBy, status, updatedAt, ...fields } = stored;
    await admin('PUT', `/api/checkpoints/${stored.id}`, { ...fields, version, name: '泰山村南门卡口' });
    await edit.getByLabel('地点').fill('泰山村南口桥头');
    await edit.getByRole('button', { name: '保存' }).click();
    await edit.getByRole('alert').filter({ hasText: '已载入最新内容' }).waitFor();
    expect(await edit.getByLabel('卡口名称').inputValue()).toBe('泰山村南门卡口');
    await h.screenshot(page, 'checkpoint-setup-stale-1280');
    await edit.getByLabel('地点').fill('泰山村南口桥头');
    await edit.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').filter({ hasText: '已保存卡口：泰山村南门卡口' }).waitFor();

    const renamed = page.locator('.checkpoint-list tr').filter({ hasText: '泰山村南门卡口' });
    await renamed.getByRole('button', { name: '撤销' }).click();
    await page.locator('dialog#checkpoint-retire').getByRole('button', { name: '撤销卡口' }).click();
    await page.getByRole('status').filter({ hasText: '已撤销卡口：泰山村南门卡口' }).waitFor();
    await renamed.locator('.badge').filter({ hasText: '已撤销' }).waitFor();
    expect(await renamed.getByRole('button', { name: '编辑' }).count()).toBe(0);
    await h.screenshot(page, 'checkpoint-setup-1280');
  }, 120_000);

  it('offers the set-up in English on a phone', async () => {
    const { page } = await h.open(PHONE, 'en');
    await h.signIn(page, 'longhu', 'duban');
    await page.goto(`${h.url}/#/checkpoints`);
    await page.getByRole('heading', { name: 'Checkpoint set-up' }).waitFor();
    await page.getByRole('button', { name: 'New checkpoint' }).click();
    await page.locator('dialog#checkpoint-form').getByText('crosses midnight', { exact: true }).waitFor();
    await h.screenshot(page, 'checkpoint-setup-en-360');
  }, 120_000);
});
