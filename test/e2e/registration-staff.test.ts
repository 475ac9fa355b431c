/**
 * Self-registration's staff screens and visitors' check-ins in headless Chromium against the whole
 * local system with the demo town: the 泰山村 grid leader reviews residents' registrations on a phone
 * (confirm into a new household, reject with a reason, a stale decision reloads); the supervisor makes,
 * prints and retires a registration code; a venue's check-in counts and "who was here" (with a reason);
 * the dashboard's busiest venues; and the scanner still reads an old bare venue-code token.
 * zh-CN and English; screenshots (360 px and 1280 px) to test-artifacts/.
 */
import { describe, expect, it } from 'vitest';
import { venueCodePng } from '../../shared/domain/venues/venue-code-image';
import { DESKTOP, PHONE, useHarness } from './harness';

const h = useHarness();

const tokenOf = (username: string) => h.tokenOf('longhu', username);

describe('the review queue (待审核登记)', () => {
  it('lets the grid leader confirm, reject and meet a stale decision on a phone', async () => {
    const zhang = await tokenOf('zhang');
    const queue = (await h.call(zhang, 'GET', '/api/self-registration/submissions?limit=100')).items as { id: string; name: string; version: number; match?: { name: string } }[];
    const waiting = queue.filter((s) => !s.match);
    const twice = queue.find((s) => s.match);
    expect(waiting.length).toBeGreaterThanOrEqual(3);
    expect(twice).toBeDefined();
    const { context, page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'zhang');
    await page.goto(`${h.url}/#/registration-review`);
    await page.getByRole('heading', { name: '待审核登记' }).waitFor();
    const cards = page.locator('li.registration');
    await expect.poll(() => cards.count()).toBe(queue.length);
    // Masked: no full ID number or phone on the screen.
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toMatch(/\d{17}[\dX]/);
    expect(text).not.toMatch(/1\d{10}/);
    expect(await page.getByRole('heading', { name: /今日扫码登记/ }).isVisible()).toBe(true);
    await h.screenshot(page, 'registration-review-360');

    // Confirm the first into a new household at the address the resident gave.
    const first = page.locator(`li[data-submission-id="${waiting[0].id}"]`);
    await first.getByRole('button', { name: '确认登记' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByLabel('与户主关系').selectOption('householder');
    await h.screenshot(page, 'registration-review-confirm-360');
    await confirm.getByRole('button', { name: '确认登记' }).click();
    await page.getByRole('status').filter({ hasText: '已确认登记' }).waitFor();
    await expect.poll(() => cards.count()).toBe(queue.length - 1);
    const confirmed = await h.call(zhang, 'GET', `/api/self-registration/submissions/${waiting[0].id}`);
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.personId).toBeTruthy();

    // The resident who registered twice: merged into the person the registry has (a confirm() first).
    const matched = page.locator(`li[data-submission-id="${twice!.id}"]`);
    await matched.getByText(`身份证号与在册人员 ${twice!.match!.name}`).waitFor();
    page.once('dialog', (d) => void d.accept());
    await matched.getByRole('button', { name: '合并到在册人员' }).click();
    await page.getByRole('status').filter({ hasText: '已合并到在册人员' }).waitFor();
    expect((await h.call(zhang, 'GET', `/api/self-registration/submissions/${twice!.id}`)).status).toBe('merged');

        // Reject the second with a reason (the reason is required).
    const second = page.locator(`li[data-submission-id="${waiting[1].id}"]`);
    await second.getByRole('button', { name: '驳回' }).click();
    await page.getByRole('dialog').getByLabel('驳回理由').fill('信息不实');
    await page.getByRole('dialog').getByRole('button', { name: '驳回' }).click();
    await page.getByRole('status').filter({ hasText: '已驳回' }).waitFor();
    expect((await h.call(zhang, 'GET', `/api/self-registration/submissions/${waiting[1].id}`)).rejectReason).toBe('信息不实');

    // Someone else decides the third while the dialog is open: 409, the queue reloads and says so.
    const third = page.locator(`li[data-submission-id="${waiting[2].id}"]`);
    await third.getByRole('button', { name: '驳回' }).click();
    await h.call(await tokenOf('duban'), 'POST', `/api/self-registration/submissions/${waiting[2].id}/decision`, { action: 'reject', version: waiting[2].version, reason: '督导组已处理' });
    await page.getByRole('dialog').getByLabel('驳回理由').fill('重复登记');
    await page.getByRole('dialog').getByRole('button', { name: '驳回' }).click();
    await page.getByRole('status').filter({ hasText: '该登记已被他人处理' }).waitFor();
    await expect.poll(() => third.count()).toBe(0);
    await expect.poll(() => page.locator('[data-figure="rejected"]').textContent()).toMatch(/[1-9]/);
    await context.close();
  }, 180_000);

  it('reads in English on a desktop', async () => {
    const { context, page } = await h.open(DESKTOP, 'en');
    await h.signIn(page, 'longhu', 'duban');
    await page.getByRole('link', { name: 'Registrations to review', exact: true }).click();
    await page.getByRole('heading', { name: 'Registrations to review' }).waitFor();
    await page.getByRole('heading', { name: /Self-registrations today/ }).waitFor();
    await h.screenshot(page, 'registration-review-en-1280');
    await context.close();
  }, 120_000);
});

describe('registration codes (登记码)', () => {
  it('are made, printed as a poster and retired after a confirmation', async () => {
    const { context, page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'duban');
    await page.getByRole('link', { name: '登记码', exact: true }).click();
    await page.getByRole('heading', { name: '登记码' }).waitFor();
    // The demo's codes: the town's, and two villages'.
    await expect.poll(() => page.locator('li.registration-code').count()).toBeGreaterThanOrEqual(3);
    await page.getByRole('button', { name: '＋ 新建登记码' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').fill('泰山村幸福小区扫码登记');
    await dialog.getByLabel('网格').selectOption({ label: '泰山村' });
    await dialog.getByLabel('小区').fill('幸福小区');
    await dialog.getByRole('button', { name: '创建' }).click();
    await page.getByRole('status').filter({ hasText: '已创建登记码' }).waitFor();
    const made = page.locator('li.registration-code', { hasText: '泰山村幸福小区扫码登记' });
    await made.waitFor();
    await h.screenshot(page, 'registration-codes-1280');

    const [poster] = await Promise.all([context.waitForEvent('page'), made.getByRole('button', { name: '打印海报' }).click()]);
    await poster.waitForLoadState();
    await poster.locator('svg.qr').waitFor();
    expect(await poster.locator('figcaption').textContent()).toContain('幸福小区');
    await h.screenshot(poster, 'registration-poster-1280');
    await poster.close();

    await made.getByRole('button', { name: '停用' }).click();
    await page.getByRole('dialog').getByText('已张贴的海报将无法再用于登记').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: '停用' }).click();
    await page.getByRole('status').filter({ hasText: '已停用' }).waitFor();
    await made.locator('.chip', { hasText: '已停用' }).waitFor();
    await page.setViewportSize(PHONE);
    await h.screenshot(page, 'registration-codes-360');
    await context.close();
  }, 120_000);
});

describe('check-in counts', () => {
  it('show on the venue page, and the supervisor asks who was there with a reason', async () => {
    const duban = await tokenOf('duban');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const busiest = await h.call(duban, 'GET', `/api/check-ins/busiest?date=${today}`);
    expect(busiest.items.length).toBeGreaterThanOrEqual(3);
    const top = busiest.items[0] as { venueId: string; name: string; checkIns: number };

    const { context, page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'duban');
    // The dashboard's busiest venues, the demo's market first.
    const tile = page.locator('gw-check-in-tile');
    await tile.getByRole('heading', { name: '扫码最多的场所（近 7 日）' }).waitFor();
    await tile.getByRole('link', { name: top.name }).waitFor();
    await h.screenshot(page, 'dashboard-check-ins-1280');
    await tile.getByRole('link', { name: top.name }).click();
    const section = page.locator('gw-venue-check-ins');
    await section.getByRole('heading', { name: '扫码登记人次' }).waitFor();
    await expect.poll(() => section.locator('[data-figure="week"]').textContent()).toBe(String(top.checkIns));
    // The device is in New York; the form still shows and reads the district's (Asia/Shanghai) clock.
    await (await context.newCDPSession(page)).send('Emulation.setTimezoneOverride', { timezoneId: 'America/New_York' });
    await section.getByRole('button', { name: '查询到访人员' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('vci-zone').filter({ hasText: 'Asia/Shanghai, GMT+8' }).waitFor();
    const shanghaiNow = Date.parse(`${new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(new Date()).replace(' ', 'T')}:00Z`);
    const shownTo = Date.parse(`${await dialog.locator('#vci-to').inputValue()}:00Z`);
    expect(Math.abs(shownTo - shanghaiNow)).toBeLessThanOrEqual(60_000);
    await dialog.getByRole('button', { name: '查询' }).click();
    await dialog.locator('#vci-reason[aria-invalid="true"]').waitFor();
    await dialog.getByLabel('查询理由').fill('确诊病例轨迹排查');
    await dialog.locator('#vci-from').fill('2026-11-25T08:00');
    await dialog.locator('#vci-to').fill('2026-11-25T10:30');
    const sent = page.waitForRequest((r) => r.url().endsWith('/visitors') && r.method() === 'POST');
    await dialog.getByRole('button', { name: '查询' }).click();
    expect((await sent).postDataJSON()).toMatchObject({ from: '2026-11-25T00:00:00.000Z', to: '2026-11-25T02:30:00.000Z' });
    await dialog.getByText(/共 \d+ 人次/).waitFor();
    // The window the user typed: now back to the last two hours (the demo's check-ins are today's).
    await dialog.locator('#vci-from').fill(new Date(shanghaiNow - 2 * 3_600_000).toISOString().slice(0, 16));
    await dialog.locator('#vci-to').fill(new Date(shanghaiNow).toISOString().slice(0, 16));
    const answered = page.waitForResponse((r) => r.url().endsWith('/visitors'));
    await dialog.getByRole('button', { name: '查询' }).click();
    expect((await answered).status()).toBe(200);
    await dialog.getByText(/共 \d+ 人次/).waitFor();
    await h.screenshot(page, 'venue-visitors-1280');
    const log = await h.call(await tokenOf('admin'), 'GET', `/api/residents/audit?day=${today}`);
    expect(log.items.some((e: { action: string; reason: string }) => e.action === 'venue-visitors' && e.reason.includes('确诊病例轨迹排查'))).toBe(true);
    await page.keyboard.press('Escape');
    await page.setViewportSize(PHONE);
    await section.scrollIntoViewIfNeeded();
    await h.screenshot(page, 'venue-check-ins-360');
    await context.close();
  }, 120_000);
});

describe('the inspector’s scanner', () => {
  it('still reads a code printed before the links (a bare token), here from a photo', async () => {
    const duban = await tokenOf('duban');
    const venue = (await h.call(duban, 'GET', '/api/venues?limit=1')).items[0] as { id: string };
    const { token } = await h.call(duban, 'GET', `/api/venues/${venue.id}/code`);
    // A code as printed before the links: the bare token in the QR.
    const png = Buffer.from(await venueCodePng(token, 512));
    const { context, page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'duban');
    await page.goto(`${h.url}/#/scan`);
    await page.locator('#scan-photo').setInputFiles({ name: 'old-code.png', mimeType: 'image/png', buffer: png });
    await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toContain(`inspect/${venue.id}?code=${token}`);
    await context.close();
  }, 120_000);
});
