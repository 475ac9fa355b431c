/**
 * Home monitoring in headless Chromium against the whole local system: a person under home isolation
 * (set up through the API, started yesterday) with a fever reading; the grid leader's phone shows
 * today's list by building and takes a reading offline that the outbox sends once online; the
 * supervisor's desktop shows the figures, the fever alert (acknowledged) and the person's temperature
 * graph; the same in English. Screenshots at 360 and 1280 px go to test-artifacts/.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../shared/domain/local-day';
import { residentId } from '../support/residents';
import { DESKTOP, PHONE, useHarness } from './harness';

const h = useHarness();
let episodeId = '';
let household = '';

beforeAll(async () => {
  const token = await h.tokenOf('longhu', 'zhang');
  const h0 = await h.call(token, 'POST', '/api/residents/households', { id: ulid(), gridId: 'lh-1-taishan-1', address: { compound: '泰山新村', building: '8', unit: '1', room: '202' }, tags: ['permanent'] });
  const person = await h.call(token, 'POST', `/api/residents/households/${h0.id}/persons`, { id: ulid(), name: '周国强', idNumber: residentId('41018419750505121'), category: 'local-permanent', relationship: 'householder' });
  // Started yesterday: today's windows are all due, whatever the time the test runs.
  const startedAt = new Date(Date.now() - 26 * 3_600_000).toISOString();
  const episode = await h.call(token, 'POST', '/api/monitoring/episodes', { id: ulid(), householdId: h0.id, personId: person.id, type: 'home-isolation', reason: 'risk-area-arrival', startedAt });
  episodeId = episode.id;
  household = h0.id;
  // A second member, started from the household page in the browser.
  await h.call(token, 'POST', `/api/residents/households/${h0.id}/persons`, { id: ulid(), name: '周小红', idNumber: residentId('41018420000606222'), category: 'local-permanent', relationship: 'child' });
  for (const [hoursAgo, temperature] of [[25, 36.6], [20, 37.9]] as const) {
    await h.call(token, 'POST', '/api/monitoring/readings', { id: ulid(), episodeId, takenAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(), temperature, method: 'door', symptoms: temperature > 37.3 ? ['fever', 'cough'] : [] });
  }
}, 120_000);

describe('home monitoring', () => {
  it("shows the grid leader today's list on the phone and takes a reading offline, sent once online", async () => {
    const { context, page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'zhang');
    await page.goto(`${h.url}/#/monitoring-today`);
    await page.getByRole('heading', { name: '测温清单' }).waitFor();
    await page.getByRole('heading', { name: '泰山新村 8' }).waitFor();
    const card = page.locator(`li[data-episode-id="${episodeId}"]`);
    await expect.poll(() => card.textContent()).toContain('37.9');
    expect(await card.textContent()).toContain('周*');
    expect(await card.textContent()).not.toContain('周国强');
    await h.screenshot(page, 'monitoring-today-360');
    await context.setOffline(true);
    await card.getByRole('button', { name: '测温' }).click();
    await card.getByLabel('体温 (°C)').fill('36.7');
    await card.getByLabel('咳嗽').check();
    await h.screenshot(page, 'monitoring-reading-360');
    await card.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').filter({ hasText: '已存入待同步' }).waitFor();
    await context.setOffline(false);
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: /待同步/ }).click();
    await page.getByRole('heading', { name: '已发送（1）' }).waitFor({ timeout: 30_000 });
    await page.goto(`${h.url}/#/monitoring-today`);
    await expect.poll(() => page.locator(`li[data-episode-id="${episodeId}"]`).textContent(), { timeout: 15_000 }).toContain('36.7');
  });

  it("shows the supervisor the figures, the fever alert and the person's temperature graph", async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'duban');
    await page.goto(`${h.url}/#/monitoring`);
    await page.getByRole('heading', { name: '居家监测' }).waitFor();
    const figures = page.locator('#monitoring-figures');
    await figures.waitFor();
    expect(await figures.locator('tr.total').textContent()).toMatch(/合计\s*1/);
    const alert = page.locator('#monitoring-alerts tr[data-alert-id^="fever-"]');
    await alert.waitFor();
    await alert.getByRole('button', { name: '周*' }).click();
    await page.locator('#temperature-graph canvas').waitFor();
    expect(await page.locator('#temperature-file').textContent()).toContain('37.9 °C');
    await h.screenshot(page, 'monitoring-supervisor-1280');
    await alert.getByRole('button', { name: '认领' }).click();
    await expect.poll(() => alert.textContent()).toContain('处理中');
  });

  it("starts a member's episode from the household page and extends it with a reason in the person's file", async () => {
    const { page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'zhang');
    await page.goto(`${h.url}/#/household/${household}`);
    await page.locator('tr[data-person-id]').first().waitFor();
    // The second member (the first is under monitoring already: a start for them would be refused).
    await page.getByRole('link', { name: '开始居家监测' }).last().click();
    await page.locator('#episode-start').waitFor();
    await page.getByLabel('类型').selectOption('home-observation');
    await page.getByRole('button', { name: '开始居家监测' }).click();
    await page.locator('#episode-graph').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('居家观察');
    await page.getByLabel('变更').selectOption('extend');
    await page.getByLabel('天数').fill('3');
    await page.getByLabel('原因说明').fill('核酸结果未出');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('延长 · zhang · 核酸结果未出').waitFor();
    await h.screenshot(page, 'monitoring-file-360');
  });

  it('in English', async () => {
    const { page } = await h.open(DESKTOP, 'en');
    await h.signIn(page, 'longhu', 'duban');
    await page.goto(`${h.url}/#/monitoring`);
    await page.getByRole('heading', { name: 'Home monitoring' }).waitFor();
    await page.locator('#monitoring-figures').waitFor();
    expect(await page.locator('#monitoring-figures thead').textContent()).toContain('Followed all days');
    await h.screenshot(page, 'monitoring-supervisor-en-1280');
  });

  it("records supplies and a door test on the person's file from the phone (through the outbox) and reassigns the grid members", async () => {
    const { page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'zhang');
    await page.goto(`${h.url}/#/monitoring-episode/${episodeId}`);
    const form = page.locator('#episode-action');
    await form.waitFor();
    await form.getByLabel('配送物资').fill('米面油、蔬菜');
    await form.getByRole('button', { name: '登记' }).click();
    const list = page.getByTestId('episode-actions');
    await expect.poll(() => list.textContent(), { timeout: 15_000 }).toContain('物资配送 · 米面油、蔬菜');
    await form.getByLabel('登记').selectOption('door-test');
    await form.getByLabel('检测结果').selectOption('negative');
    await form.getByRole('button', { name: '登记' }).click();
    await expect.poll(() => list.textContent(), { timeout: 15_000 }).toContain('上门检测 · 阴性');
    await h.screenshot(page, 'monitoring-actions-360');
    const assign = page.locator('#episode-assign');
    await assign.getByLabel('负责测温的网格员').fill('zhang, liu');
    await assign.getByLabel('调整原因').fill('二组网格员协助测温');
    await assign.getByRole('button', { name: '调整网格员' }).click();
    await page.getByText('调整负责人 · zhang · 二组网格员协助测温').waitFor();
    expect(await assign.getByLabel('负责测温的网格员').inputValue()).toBe('zhang, liu');
  });

  it("shows the home-monitoring section in a closed day's report (日报), in Chinese and English", async () => {
    const yesterday = addDays(localDate(new Date(), 'Asia/Shanghai'), -1);
    const token = await h.tokenOf('longhu', 'admin');
    await h.call(token, 'POST', `/api/reports/daily/${yesterday}/close`);
    for (const [language, title, under] of [['zh-CN', '居家监测', '在管'], ['en', 'Home monitoring', 'Monitored']] as const) {
      const { page } = await h.open(DESKTOP, language === 'en' ? 'en' : undefined);
      await h.signIn(page, 'longhu', 'duban');
      await page.goto(`${h.url}/#/daily-report?date=${yesterday}`);
      const section = page.getByTestId('report-monitoring');
      await section.waitFor();
      expect(await section.getByRole('heading').textContent()).toBe(title);
      expect(await section.textContent()).toContain(under);
      await h.screenshot(page, `daily-report-monitoring-${language}-1280`);
    }
  });
});
