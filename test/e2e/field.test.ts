/**
 * The field workflow in headless Chromium against the whole local system (one system for the file):
 * an admin changes the quota in the rules editor and re-plans today, and the inspector's plan shows
 * the new quota; the inspector scans a venue code and logs an inspection (with a photo) while
 * offline, and it syncs once online — stored exactly once; a supervisor sees it on the dashboard and
 * acts on the problem it opened in the ledger; the language switch; the checklist editor and the
 * venue import. Screenshots of each main screen go to test-artifacts/ (git-ignored).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { pngPhoto } from './camera-photo';
import { ARTIFACTS, DEMO_PASSWORD, DESKTOP, launchWithCamera, PHONE, useHarness } from './harness';

const h = useHarness();
const QUOTA = 3;

async function token(username: string, tenant = 'longhu'): Promise<string> {
  const response = await fetch(`${h.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant, username, password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function apiGet<T>(path: string, bearer: string): Promise<T> {
  const response = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

const status = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text });

/**
 * A video file (Y4M, one 640×480 frame) of a QR code held up to the camera, for Chromium's fake
 * camera (--use-file-for-fake-video-capture): dark modules on white, 4 modules of quiet zone.
 */
function qrVideo(text: string, path: string): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const [W, H, scale] = [640, 480, Math.floor(400 / (n + 8))];
  const y = Buffer.alloc(W * H, 235);
  const left = Math.floor((W - n * scale) / 2);
  const top = Math.floor((H - n * scale) / 2);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (!qr.modules.get(row, col)) continue;
      for (let dy = 0; dy < scale; dy++) y.fill(16, (top + row * scale + dy) * W + left + col * scale, (top + row * scale + dy) * W + left + (col + 1) * scale);
    }
  }
  const chroma = Buffer.alloc((W * H) / 4, 128);
  writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), Buffer.from('FRAME\n'), y, chroma, chroma]));
}

describe('field workflow', () => {
  let today = '';
  /** The venue the inspector inspects (the first on the list). */
  let venue = { id: '', name: '' };

  it('loads fast: the cold sign-in, an inspector\'s plan, and a repeat visit from the service worker', async () => {
    const { page } = await h.open(PHONE);
    const since = Date.now();
    await page.goto(h.url);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    const cold = Date.now() - since;
    await h.signIn(page, 'longhu', 'liu');
    await page.getByRole('heading', { name: '今日任务', exact: true }).waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { polling: 100, timeout: 15_000 });
    const again = Date.now();
    await page.reload();
    await page.getByRole('heading', { name: '今日任务', exact: true }).waitFor();
    const repeat = Date.now() - again;
    const js = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.name.endsWith('.js'))
        .map((e) => e.name.split('/').pop()),
    );
    writeFileSync(join(ARTIFACTS, 'load-times.json'), JSON.stringify({ coldSignInMs: cold, repeatTodayMs: repeat, inspectorScripts: js }, null, 2));
    // An inspector's phone loads neither the chart library nor the QR scanner for the plan.
    expect(js.some((name) => /^charts-|qr-scanner/.test(name ?? ''))).toBe(false);
    expect(cold).toBeLessThan(15_000);
  });

  it('an admin changes the quota (errors beside the field) and re-plans today; the inspector sees the new quota', async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'admin');
    await page.getByRole('link', { name: '规则', exact: true }).click();
    const quota = page.getByLabel('每人每天检查场所数');
    await quota.waitFor();
    expect(await quota.inputValue()).toBe('20');

    // A value the API refuses: its message appears beside the field.
    await quota.fill('-1');
    await page.getByRole('button', { name: '保存规则' }).click();
    await expect.poll(() => quota.getAttribute('aria-invalid')).toBe('true');
    await page.locator('#rule-quota-perInspector-error', { hasText: '不能小于 0' }).waitFor();

    await quota.fill(String(QUOTA));
    await page.getByRole('button', { name: '保存规则' }).click();
    // The demo town's rules were saved before (the 三色 map's thresholds, the pushed lists' address rules).
    await page.getByRole('status').filter({ hasText: /规则已保存（第 \d+ 版）/ }).waitFor();
    expect(await quota.getAttribute('aria-invalid')).toBe('false');
    await h.screenshot(page, 'admin-rules-1280');

    const replan = page.getByRole('button', { name: /^重新生成 \d{4}-\d{2}-\d{2} 的任务$/ });
    today = ((await replan.textContent()) ?? '').match(/\d{4}-\d{2}-\d{2}/)?.[0] ?? '';
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await replan.click();
    await status(page, new RegExp(`已重新生成 ${today} 的任务：\\d+ 项，规则第 \\d+ 版`)).waitFor({ timeout: 30_000 });
    await page.setViewportSize(PHONE);
    await h.screenshot(page, 'admin-rules-360');

    // The API says the same: the inspector's plan for today has the new quota.
    const plan = await apiGet<{ date: string; person: { quota: number; items: unknown[] } | null }>('/api/plans/today', await token('zhang'));
    expect(plan.date).toBe(today);
    expect(plan.person?.quota).toBe(QUOTA);
  });

  it('an inspector scans a venue code and logs an inspection offline; it syncs once online, stored exactly once', async () => {
    const { context, page } = await h.open(PHONE);
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ latitude: 34.48, longitude: 113.76, accuracy: 12 });
    await h.signIn(page, 'longhu', 'zhang');
    await page.getByRole('heading', { name: '今日任务' }).waitFor();
    const quota = page.getByTestId('quota');
    await quota.waitFor();
    expect((await quota.textContent())?.replace(/\s+/g, ' ').trim()).toBe(`0 / ${QUOTA}`);
    const first = page.locator('li.plan-item').first();
    const venueId = (await first.getAttribute('data-venue-id')) ?? '';
    const venueName = ((await first.locator('.venue-name').textContent()) ?? '').trim();
    expect(venueId).not.toBe('');
    venue = { id: venueId, name: venueName };
    await h.screenshot(page, 'inspector-plan-360');
    await page.setViewportSize(DESKTOP);
    await h.screenshot(page, 'inspector-plan-1280');
    await page.setViewportSize(PHONE);

    // The checklists of today's kinds are kept for offline use, and the service worker has the shell.
    await page.waitForFunction(
      () => Object.keys(localStorage).some((k) => k.startsWith('gridwatch.cache.longhu/zhang.checklist.')),
      undefined,
      { polling: 200, timeout: 15_000 },
    );
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { polling: 100, timeout: 15_000 });

    // The venue's printed code (a supervisor's download), photographed by the inspector.
    const supervisor = await token('duban');
    const png = await fetch(`${h.url}/api/venues/${venueId}/code.png?size=256`, { headers: { authorization: `Bearer ${supervisor}` } });
    expect(png.status).toBe(200);
    const codeFile = join(ARTIFACTS, 'venue-code.png');
    writeFileSync(codeFile, Buffer.from(await png.arrayBuffer()));
    const photo = await pngPhoto(page);

    await context.setOffline(true);
    await page.getByRole('link', { name: '扫码检查' }).first().click();
    await page.getByRole('heading', { name: '扫码检查' }).waitFor();
    await page.locator('#scan-photo').setInputFiles(codeFile);

    // The checklist opens for the scanned venue, from this device's copies.
    await page.getByRole('heading', { name: venueName }).waitFor({ timeout: 20_000 });
    await page.locator('.badge', { hasText: '已扫场所码' }).waitFor();
    await page.locator('.badge', { hasText: '离线' }).first().waitFor();
    const items = page.locator('fieldset.check-item');
    const count = await items.count();
    expect(count).toBeGreaterThan(3);

    // Submitting with nothing answered names the unanswered items.
    await page.getByRole('button', { name: '保存，联网后发送' }).click();
    await page.getByRole('alert').filter({ hasText: `还有 ${count} 项未填写` }).waitFor();

    // One item fails (with a note); the rest pass with one tap; one photo.
    const masks = page.locator('fieldset.check-item[data-item="masks"]');
    await masks.getByRole('radio', { name: '不合格' }).check();
    await masks.getByLabel('问题说明').fill('店员未佩戴口罩');
    await page.getByRole('button', { name: '其余未填项全部合格' }).click();
    await page.getByText(`已填 ${count} / ${count} 项`).waitFor();
    await page.locator('#inspect-photo').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: photo });
    await page.getByRole('img', { name: '照片 1' }).waitFor();
    await h.screenshot(page, 'inspector-checklist-360');
    await page.setViewportSize(DESKTOP);
    await h.screenshot(page, 'inspector-checklist-1280');
    await page.setViewportSize(PHONE);
    await page.getByRole('button', { name: '保存，联网后发送' }).click();

    await status(page, `已保存“${venueName}”的检查，联网后自动发送`).waitFor();
    await page.getByRole('heading', { name: '今日任务' }).waitFor();
    await page.locator(`li.plan-item[data-venue-id="${venueId}"] .badge`, { hasText: '待同步' }).waitFor();
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: /待同步/ }).click();
    await page.getByRole('heading', { name: '等待发送（2）' }).waitFor();
    const inspectionItem = page.locator('.outbox-item.waiting', { hasText: `检查 · ${venueName}` });
    const inspectionId = (await inspectionItem.getAttribute('data-outbox-id')) ?? '';
    expect(inspectionId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    await h.screenshot(page, 'inspector-outbox-waiting-360');

    // Online again: the photo goes first, then the inspection naming it.
    await context.setOffline(false);
    await page.getByRole('heading', { name: '已发送（2）' }).waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: '等待发送（0）' }).waitFor();

    const zhang = await token('zhang');
    const stored = await apiGet<{ items: { id: string; venueId: string; photoIds: string[]; failedItems: string[]; venueCodeScanned: boolean; position?: unknown; flags: { code: string }[] }[] }>(
      `/api/inspections/by-inspector?date=${today}`,
      zhang,
    );
    const mine = stored.items.filter((i) => i.id === inspectionId);
    expect(mine).toHaveLength(1);
    expect(mine[0].venueId).toBe(venueId);
    expect(mine[0].failedItems).toEqual(['masks']);
    expect(mine[0].photoIds).toHaveLength(1);
    expect(mine[0].venueCodeScanned).toBe(true);
    expect(mine[0].position).toBeDefined();

    // A resend of the same submission (as after a lost answer) is answered 200 and stored once.
    const body = { ...(await page.evaluate(async (id) => {
      const db = await new Promise<IDBDatabase>((ok, no) => {
        const r = indexedDB.open('gridwatch-outbox');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => no(r.error);
      });
      return new Promise<{ body: Record<string, unknown> }>((ok) => {
        const g = db.transaction('outbox').objectStore('outbox').get(id);
        g.onsuccess = () => ok(g.result);
      });
    }, inspectionId)).body, photoIds: mine[0].photoIds };
    const resend = await fetch(`${h.url}/api/inspections`, { method: 'POST', headers: { authorization: `Bearer ${zhang}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(resend.status).toBe(200);
    const again = await apiGet<{ items: { id: string }[] }>(`/api/inspections/by-inspector?date=${today}`, zhang);
    expect(again.items.filter((i) => i.id === inspectionId)).toHaveLength(1);

    // The plan counts it.
    await page.getByRole('link', { name: '今日任务' }).click();
    await expect.poll(async () => (await page.getByTestId('quota').textContent())?.replace(/\s+/g, ' ').trim()).toBe(`1 / ${QUOTA}`);
    await page.locator(`li.plan-item[data-venue-id="${venueId}"] .badge`, { hasText: '已查' }).waitFor();
  }, 180_000);

  it('a supervisor sees the inspection and its problem on the dashboard and acts on it in the ledger', async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'duban');
    await page.getByRole('heading', { name: '看板' }).waitFor();
    await expect.poll(() => page.getByTestId('dash-inspections').textContent(), { timeout: 20_000 }).toBe('1');
    expect(await page.getByTestId('dash-problems-found').textContent()).toBe('1');
    await page.getByTestId('dash-open-problems').filter({ hasText: '未销号 1' }).waitFor();
    await page.getByText('今日尚未生成日报').waitFor();
    await page.locator('#chart-grids canvas').first().waitFor();
    await page.locator('#chart-trend canvas').first().waitFor();
    await h.screenshot(page, 'supervisor-dashboard-1280');

    // Down the tree: 第一片区 → 泰山村 (zhang's grid, with the inspection) → its venues.
    await page.locator('tr[data-grid-id="lh-1"]').getByRole('button', { name: '第一片区' }).click();
    await page.getByRole('navigation', { name: '网格层级' }).getByText('第一片区').waitFor();
    // 泰山村's quota is zhang's and liu's (whose groups are under it).
    await expect.poll(() => page.locator('tr[data-grid-id="lh-1-taishan"] td').first().textContent(), { timeout: 20_000 }).toBe(`1 / ${2 * QUOTA}`);
    await page.locator('li[data-inspector-id="zhang"]').getByRole('button').click();
    await page.locator('li[data-inspector-id="zhang"] .person-plan li', { hasText: '✓' }).waitFor();
    await page.setViewportSize(PHONE);
    await h.screenshot(page, 'supervisor-dashboard-360');
    await page.setViewportSize(DESKTOP);

    // The ledger: issue the rectification notice; export CSV.
    await page.getByRole('link', { name: '问题台账', exact: true }).click();
    const row = page.locator('tr[data-problem-id]', { hasText: '佩戴口罩' });
    await row.waitFor();
    await h.screenshot(page, 'supervisor-ledger-1280');
    await row.getByRole('button', { name: '发整改通知' }).click();
    const dialog = page.getByRole('dialog', { name: /^发整改通知：/ });
    await dialog.getByLabel('整改要求').fill('当日整改，店员全程佩戴口罩');
    await dialog.getByRole('button', { name: '发整改通知' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText('已发整改通知').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^问题台账-\d{4}-\d{2}-\d{2}\.csv$/);

    // Black-card the venue (挂黑牌督办): it joins the register.
    await row.getByRole('button', { name: '挂黑牌' }).click();
    const black = page.getByRole('dialog', { name: `挂黑牌：${venue.name}` });
    await black.getByLabel('理由').fill('检查不合格且未按期整改，挂牌督办');
    await black.getByRole('button', { name: '挂黑牌' }).click();
    await black.waitFor({ state: 'detached' });
    await page.locator(`.registers li[data-venue-id="${venue.id}"]`).waitFor();

    // The range view: one row per day, the trend drawn.
    await page.getByRole('link', { name: '看板', exact: true }).click();
    await page.getByRole('button', { name: '按时段' }).click();
    await page.getByRole('heading', { name: /至 \d{4}-\d{2}-\d{2} 趋势$/ }).waitFor();
    await expect.poll(() => page.locator('table.dash-table tbody tr').count()).toBe(14);
    await page.locator('#chart-trend canvas').first().waitFor();

    // Yesterday has no report until its close runs; once an admin closes it, 日报 shows its figures.
    await page.getByRole('link', { name: '日报', exact: true }).click();
    await page.getByRole('heading', { name: '日报' }).waitFor();
    await page.getByTestId('report-status').waitFor();
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const close = await fetch(`${h.url}/api/reports/daily/${yesterday}/close`, { method: 'POST', headers: { authorization: `Bearer ${await token('admin')}` } });
    expect(close.status).toBe(200);
    await page.reload();
    await page.locator('dl.figures').first().waitFor(); // the report's figures (sections below have their own)
    await page.getByRole('heading', { name: '下级网格' }).waitFor();
    await page.getByRole('button', { name: '第一片区' }).click();
    await page.getByRole('heading', { name: `第一片区 · ${yesterday}` }).waitFor();
    await h.screenshot(page, 'supervisor-daily-report-1280');
  }, 120_000);

  it('a supervisor of one subtree sees their own grids on the dashboard', async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'tianhe', 'shipai-duban');
    await page.locator('tr[data-grid-id="th-shipai"]').waitFor();
    expect(await page.locator('tr[data-grid-id="th-linhe"]').count()).toBe(0);
    await page.locator('tr[data-grid-id="th-shipai"]').getByRole('button', { name: '石牌街道' }).click();
    await page.locator('tr[data-grid-id="th-shipai-pailou"]').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('a re-plan puts the black-carded venue on its inspector\'s list as must-inspect', async () => {
    const admin = await token('admin');
    const replan = await fetch(`${h.url}/api/plans/${today}/replan`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
    expect(replan.status).toBe(200);
    let who = '';
    for (const inspector of ['zhang', 'liu']) {
      const plan = await apiGet<{ person?: { items: { venueId: string; mandatory: boolean }[] } }>(`/api/plans/${today}?inspector=${inspector}`, admin);
      if (plan.person?.items.some((i) => i.venueId === venue.id && i.mandatory)) who = inspector;
    }
    expect(who).not.toBe('');
    const { page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', who);
    const item = page.locator(`li.plan-item[data-venue-id="${venue.id}"]`);
    await item.locator('.badge.must', { hasText: '必查' }).waitFor();
    await item.locator('.badge', { hasText: '挂黑牌' }).waitFor();
    await page.getByText(/必查场所 \d+ 家/).waitFor();
    await h.screenshot(page, 'inspector-plan-mandatory-360');
  });

  it('scans a venue code with the camera (Chromium\'s fake camera shows the printed code)', async () => {
    const supervisor = await token('duban');
    const { token: code } = await apiGet<{ token: string }>(`/api/venues/${venue.id}/code`, supervisor);
    expect(code).toMatch(new RegExp(`^GW2\\.k1\\.longhu\\.${venue.id}\\.\\d+\\.`));
    const video = join(ARTIFACTS, 'venue-code.y4m');
    qrVideo(code, video);
    const browser = await launchWithCamera(video);
    try {
      const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
      context.setDefaultTimeout(15_000);
      await context.grantPermissions(['camera'], { origin: h.url });
      const page = await context.newPage();
      await h.signIn(page, 'longhu', 'zhang');
      await page.getByRole('heading', { name: '今日任务', exact: true }).waitFor();
      await page.getByRole('link', { name: '扫码检查' }).first().click();
      // The camera finds the code and opens that venue's checklist with the scanned token.
      await page.getByRole('heading', { name: venue.name }).waitFor({ timeout: 30_000 });
      await page.locator('.badge', { hasText: '已扫场所码' }).waitFor();
      expect(decodeURIComponent(new URL(page.url()).hash)).toContain(`code=${code}`);
    } finally {
      await browser.close();
    }
  });

  it('switches the inspector screens to English and back', async () => {
    const { page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'liu');
    await page.getByRole('heading', { name: '今日任务' }).waitFor();
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('heading', { name: 'Today', exact: true }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Navigation' });
    for (const name of ["Today's plan", 'Venues', 'Pending sync']) await nav.getByRole('link', { name, exact: true }).waitFor();
    await page.getByRole('link', { name: 'Scan to inspect' }).waitFor();
    await page.getByTestId('quota').waitFor();
    await h.screenshot(page, 'inspector-plan-360-en');
    await nav.getByRole('link', { name: 'Venues' }).click();
    await page.getByLabel('Search venues').fill('泰山');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('li.venue-row', { hasText: '泰山村便民超市' }).waitFor();
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { name: '场所' }).waitFor();
  });

  it('lays out the dashboard and the rules in English on a phone (longer words wrap)', async () => {
    const { page } = await h.open(PHONE, 'en');
    await h.signIn(page, 'longhu', 'duban');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByTestId('dash-inspections').waitFor();
    await page.locator('#chart-grids canvas').first().waitFor();
    await h.screenshot(page, 'supervisor-dashboard-360-en');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await h.signIn(page, 'longhu', 'admin');
    await page.getByRole('link', { name: 'Rules', exact: true }).click();
    await page.getByLabel('Venues per inspector per day').waitFor();
    await h.screenshot(page, 'admin-rules-360-en');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  it('an admin edits a checklist (a new version) and imports venues with a per-row error list', async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'admin');
    await page.getByRole('link', { name: '检查表' }).click();
    await page.getByLabel('场所类别').selectOption('ktv');
    const rows = page.locator('li.cl-row');
    await rows.first().waitFor();
    const before = await rows.count();
    await page.getByRole('button', { name: '添加检查项' }).click();
    const added = rows.nth(before);
    await added.getByLabel('编码').fill('Bad Code');
    await added.getByLabel('中文名称').fill('包厢通风');
    await added.getByLabel('英文名称').fill('Private rooms ventilated');
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await expect.poll(() => added.getByLabel('编码').getAttribute('aria-invalid')).toBe('true');
    await added.getByLabel('编码').fill('room-air');
    await added.getByRole('button', { name: `第 ${before + 1} 项上移` }).click();
    await page.getByRole('button', { name: '保存为新版本' }).click();
    // The defaults were stored as version 1 when first read: the edit is version 2.
    await status(page, '“KTV”检查表已保存为第 2 版').waitFor();
    expect(await rows.nth(before - 1).getByLabel('编码').inputValue()).toBe('room-air');
    await h.screenshot(page, 'admin-checklists-1280');

    await page.getByRole('link', { name: '场所导入' }).click();
    const csv = ['外部编号,名称,类别,网格,地址', 'E2E-1,泰山村新开便利店,shop,lh-1-taishan-1,泰山村一组8号', 'E2E-2,无类别的店,no-such-kind,lh-1-taishan-1,泰山村一组9号', 'E2E-3,龙湖社区早餐店,restaurant,lh-2-longhu-a,东苑2号楼'].join('\n');
    await page.getByLabel('场所文件（.csv 或 .xlsx）').setInputFiles({ name: 'venues.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: '上传并导入' }).click();
    await page.getByTestId('import-status').filter({ hasText: '已完成' }).waitFor({ timeout: 30_000 });
    // Every row of the file is handled, the one in error too: the line agrees with 共 3 行.
    await page.getByText('已处理 3 / 3 行（100%）').waitFor();
    const error = page.locator('table.import-errors tbody tr');
    await expect.poll(() => error.count()).toBe(1);
    expect(await error.first().textContent()).toContain('第 3 行');
    await h.screenshot(page, 'admin-import-1280');
  }, 120_000);
});
