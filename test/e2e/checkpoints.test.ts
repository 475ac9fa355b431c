/**
 * Checkpoints in headless Chromium against the whole local system (the demo's checkpoint at 泰山村):
 * a grid member's phone records one vehicle of each colour — green passes, yellow with an old
 * certificate turns back (offline: the outbox sends it once online), red is held — with the plate's
 * format said beside the field; the supervisor sees the day's counts and the red-code alerts.
 * Screenshots at 360 and 1280 px go to test-artifacts/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
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
    await context.setOffline(false);

    await record(page, '豫B66666', '红码', 'checkpoint-red-360', () => form.getByLabel('目的地网格（可选）').selectOption({ label: '泰山村二组' }).then(() => undefined));
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
    expect(await page.locator('.checkpoint-alerts').textContent()).toContain('去往泰山村二组');
    await h.screenshot(page, 'checkpoint-counts-1280');
  }, 60_000);
});
