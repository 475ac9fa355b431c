/**
 * Evidence and the field, in headless Chromium against the whole local system: an inspection's
 * detail view (检查详情) reached from today's list on a phone and from the venue page on a desktop,
 * with the inspector's name, every item and its note, the photo and the flags said in words.
 * Screenshots at 360 and 1280 px go to test-artifacts/.
 */
import type { Page } from 'playwright-core';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { pngPhoto } from './camera-photo';
import { DEMO_PASSWORD, DESKTOP, PHONE, useHarness } from './harness';

const h = useHarness();

async function api<T>(method: string, path: string, username: string, body?: unknown): Promise<T> {
  const login = await fetch(`${h.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: 'longhu', username, password: DEMO_PASSWORD }) });
  const { token } = (await login.json()) as { token: string };
  const response = await fetch(`${h.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
  return (await response.json()) as T;
}

/** Today's plan, made now (the harness runs no scheduler). */
async function planToday(): Promise<string> {
  const { date } = await api<{ date: string }>('GET', '/api/plans/today', 'zhang');
  await api('POST', `/api/plans/${date}/replan`, 'admin');
  return date;
}

/** The inspector fills the open form: masks fails with a note, the rest pass, one photo; then submits. */
async function fillAndSubmit(page: Page, submit: string, note: string) {
  const masks = page.locator('fieldset.check-item[data-item="masks"]');
  await masks.getByRole('radio', { name: '不合格' }).check();
  await masks.getByLabel('问题说明').fill(note);
  await page.getByRole('button', { name: '其余未填项全部合格' }).click();
  await page.locator('#inspect-photo').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: await pngPhoto(page, '#36c') });
  await page.getByRole('img', { name: '照片 1' }).waitFor();
  await page.getByRole('button', { name: submit }).click();
}

describe('evidence', () => {
  let venue = { id: '', name: '' };

  it('shows an inspection as evidence: from the plan on a phone, from the venue page on a desktop', async () => {
    await planToday();
    const { page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'zhang');
    await page.getByRole('heading', { name: '今日任务' }).waitFor();
    const first = page.locator('li.plan-item').first();
    venue = { id: (await first.getAttribute('data-venue-id')) ?? '', name: (await first.locator('.venue-name').textContent()) ?? '' };
    await first.getByRole('link', { name: `检查 · ${venue.name}` }).click();
    await page.getByRole('heading', { name: venue.name }).waitFor();
    await fillAndSubmit(page, '提交检查', '收银员未戴口罩');
    await page.getByRole('heading', { name: '今日任务' }).waitFor();

    // Once sent, the done item links to its evidence.
    const details = page.locator(`li.plan-item[data-venue-id="${venue.id}"]`).getByRole('link', { name: `检查详情 · ${venue.name}` });
    await expect.poll(async () => {
      if (await details.count()) return true;
      await page.reload();
      await page.getByRole('heading', { name: '今日任务' }).waitFor();
      return details.count().then((n) => n > 0);
    }, { timeout: 30_000, interval: 1_000 }).toBe(true);
    await details.click();
    await page.getByRole('heading', { name: '检查详情' }).waitFor();
    await expect.poll(() => page.locator('.evidence-inspector').textContent()).toBe('张伟（网格长）');
    await page.locator('tr[data-item="masks"]', { hasText: '收银员未戴口罩' }).waitFor();
    await page.locator('[data-flag="no-venue-code"]', { hasText: '没有扫描场所门口张贴的场所码' }).waitFor();
    await page.getByText('存疑：以下迹象说明这次检查可能不是在现场完成的').waitFor();
    const photo = page.getByRole('img', { name: '现场照片 1' });
    await photo.waitFor();
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
    await h.screenshot(page, 'evidence-360');

    // A supervisor of the whole town: the venue page's last inspections link to the same evidence.
    const office = await h.open(DESKTOP);
    await h.signIn(office.page, 'longhu', 'duban');
    await office.page.goto(`${h.url}/#/venues/${venue.id}`);
    await office.page.getByRole('heading', { name: venue.name }).waitFor();
    await office.page.locator('li[data-inspection-id]').first().getByRole('link').click();
    await office.page.getByRole('heading', { name: '检查详情' }).waitFor();
    await office.page.locator('tr[data-item="masks"]', { hasText: '收银员未戴口罩' }).waitFor();
    await expect.poll(() => office.page.getByRole('img', { name: '现场照片 1' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
    await h.screenshot(office.page, 'evidence-1280');
    // The same view in English: the flag explained in English.
    await office.page.getByLabel('语言').selectOption('en');
    await office.page.getByRole('heading', { name: 'Inspection details' }).waitFor();
    await office.page.locator('[data-flag="no-venue-code"]', { hasText: 'was not scanned, so nothing shows the inspector was there' }).waitFor();
  }, 180_000);

  it('does 整改上报 with a photo offline and a 复查 on the phone that closes the problem', async () => {
    const problem = (await api<{ items: { id: string; version: number; status: string }[] }>('GET', `/api/venues/${venue.id}/problems`, 'duban')).items.find((p) => p.status === 'open')!;
    await api('POST', `/api/problems/${problem.id}/notice`, 'duban', { version: problem.version });
    const { context, page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'zhang');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { polling: 100, timeout: 15_000 });
    await page.goto(`${h.url}/#/venues/${venue.id}`);
    const row = page.locator(`li[data-problem-id="${problem.id}"]`);
    await row.getByRole('button', { name: '整改上报' }).click();

    // Offline: the note and a photo wait in the outbox, the photo first.
    await context.setOffline(true);
    await row.getByLabel('整改情况').fill('已为店员配发口罩并张贴提示');
    await row.locator('input[type="file"]').setInputFiles({ name: 'fixed.png', mimeType: 'image/png', buffer: await pngPhoto(page, '#3a3') });
    await row.getByRole('img', { name: '照片 1' }).waitFor();
    await h.screenshot(page, 'rectification-offline-360');
    // Nothing on the venue page is wider than the phone (the hidden photo input once took the generic
    // input rule's width: 100% and made this page 424 px wide).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await row.getByRole('button', { name: '保存，联网后发送' }).click();
    await page.getByRole('status').filter({ hasText: '整改上报已保存，联网后自动发送' }).waitFor();
    await context.setOffline(false);
    await expect.poll(async () => (await api<{ problem: { status: string; rectification?: { photoIds: string[] } } }>('GET', `/api/problems/${problem.id}`, 'duban')).problem, { timeout: 30_000, interval: 1_000 })
      .toMatchObject({ status: 'rectification-reported', rectification: { photoIds: [expect.any(String)] } });

    // 复查 from the venue page: the item passes on site, the problem is closed (销号).
    await page.reload();
    await row.getByRole('link', { name: '复查 · 佩戴口罩' }).click();
    await page.locator('.recheck-hint').waitFor();
    await page.getByRole('button', { name: '其余未填项全部合格' }).click();
    await h.screenshot(page, 'recheck-form-360');
    await page.getByRole('button', { name: '提交检查' }).click();
    await page.getByRole('heading', { name: '今日任务' }).waitFor();
    await expect.poll(async () => (await api<{ problem: { status: string } }>('GET', `/api/problems/${problem.id}`, 'duban')).problem.status, { timeout: 30_000, interval: 1_000 }).toBe('closed');
    await page.goto(`${h.url}/#/venues/${venue.id}`);
    await page.getByRole('heading', { name: venue.name }).waitFor();
    await expect.poll(() => row.count()).toBe(0);
    await h.screenshot(page, 'recheck-done-360');
    await page.setViewportSize(DESKTOP);
    await h.screenshot(page, 'recheck-done-1280');
  }, 180_000);

  it('searches my venues offline and inspects one that is not on today\'s list; it is stored once back online', async () => {
    const { context, page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'zhang');
    await page.getByRole('heading', { name: '今日任务' }).waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { polling: 100, timeout: 15_000 });
    const planned = await page.locator('li.plan-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-venue-id')));
    // Today's screen keeps every venue of my grids (and their checklists) on the phone.
    const kept = await page.waitForFunction(
      () => {
        const raw = localStorage.getItem('gridwatch.cache.longhu/zhang.venues.mine');
        return raw ? (JSON.parse(raw) as { value: { id: string; name: string; kind: string }[] }).value : false;
      },
      undefined,
      { polling: 200, timeout: 20_000 },
    );
    const all = (await kept.jsonValue()) as { id: string; name: string; kind: string }[];
    const other = all.find((v) => !planned.includes(v.id) && v.kind === 'supermarket') ?? all.find((v) => !planned.includes(v.id))!;
    expect(other).toBeDefined();
    await page.waitForFunction((kind) => localStorage.getItem(`gridwatch.cache.longhu/zhang.checklist.${kind}`) !== null, other.kind, { polling: 200, timeout: 20_000 });

    await context.setOffline(true);
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '场所' }).click();
    await page.getByRole('heading', { name: '场所' }).waitFor();
    await page.getByLabel('搜索场所').fill(other.name.slice(0, 3));
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    const found = page.locator(`li.venue-row[data-venue-id="${other.id}"]`);
    await found.waitFor();
    await page.getByText('当前离线').first().waitFor();
    await h.screenshot(page, 'offline-search-360');
    await page.setViewportSize(DESKTOP);
    await h.screenshot(page, 'offline-search-1280');
    await page.setViewportSize(PHONE);
    await found.getByRole('link', { name: `检查 · ${other.name}` }).click();
    await page.getByRole('heading', { name: other.name }).waitFor();
    await page.getByRole('button', { name: '其余未填项全部合格' }).click();
    await page.getByRole('button', { name: '保存，联网后发送' }).click();
    await page.getByRole('heading', { name: '今日任务' }).waitFor();

    await context.setOffline(false);
    const { date } = await api<{ date: string }>('GET', '/api/plans/today', 'zhang');
    await expect.poll(async () => (await api<{ items: { venueId: string }[] }>('GET', `/api/inspections/by-inspector?date=${date}`, 'zhang')).items.filter((i) => i.venueId === other.id).length, { timeout: 30_000, interval: 1_000 }).toBe(1);
    // The outbox does not send it again.
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: /待同步/ }).click();
    await page.getByRole('heading', { name: '等待发送（0）' }).waitFor({ timeout: 30_000 });
    expect((await api<{ items: { venueId: string }[] }>('GET', `/api/inspections/by-inspector?date=${date}`, 'zhang')).items.filter((i) => i.venueId === other.id)).toHaveLength(1);
  }, 180_000);

  it('words a black card the system issued (named in a bulletin) in the reader\'s language', async () => {
    await api('POST', '/api/bulletins', 'duban', { id: ulid(), title: '关于部分场所防控不落实的通报', body: '以下场所检查不合格，予以通报。', venues: [{ venueId: venue.id }], problemIds: [] });
    const office = await h.open(DESKTOP);
    await h.signIn(office.page, 'longhu', 'duban');
    await office.page.goto(`${h.url}/#/enforcement`);
    // The reason column: kind, since, reason.
    const reason = office.page.getByTestId('black-card-register').locator(`tr[data-venue-id="${venue.id}"] td:nth-of-type(3)`);
    await expect.poll(() => reason.textContent(), { timeout: 20_000 }).toMatch(/^被督查通报\d{4}-第\d+期点名$/);
    await office.page.locator('.lang select').selectOption('en');
    await expect.poll(() => reason.textContent(), { timeout: 20_000 }).toMatch(/^Named in supervision bulletin \d{4}-第\d+期$/);
    await h.screenshot(office.page, 'black-card-reason-en-1280');
  }, 120_000);
});
