/**
 * Venue codes (场所码) from the print sheet to the door and back: a tenant admin prints a grid's code
 * sheet from the grid screen (A4 PDF and screenshots), a code is decoded from the rendered sheet's
 * pixels, and the same pixels, held up to Chromium's fake camera, are scanned by the grid leader in
 * the inspection flow: the inspection is stored without the 未扫场所码 flag. The printed code is a link
 * to the visitor check-in page, which a visitor's phone opens without signing in.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, DEMO_PASSWORD, DESKTOP, launchWithCamera, PHONE, useHarness } from './harness';

const h = useHarness();

/** RGBA pixels → luma (BT.601), as a camera sensor would see the printed page. */
const lumaAt = (png: PNG, x: number, y: number) => {
  const i = (y * png.width + x) * 4;
  return Math.round(0.299 * png.data[i] + 0.587 * png.data[i + 1] + 0.114 * png.data[i + 2]);
};

/** One 640×480 Y4M frame of the picture, 280 px high (inside the scanner's central scan region), centred on grey. */
function pictureAsVideo(png: PNG, path: string): void {
  const [W, H] = [640, 480];
  const scale = 280 / Math.max(png.width, png.height);
  const [w, hgt] = [Math.round(png.width * scale), Math.round(png.height * scale)];
  const [left, top] = [Math.floor((W - w) / 2), Math.floor((H - hgt) / 2)];
  const y = Buffer.alloc(W * H, 200);
  for (let row = 0; row < hgt; row++) {
    for (let col = 0; col < w; col++) {
      y[(top + row) * W + left + col] = lumaAt(png, Math.min(png.width - 1, Math.floor(col / scale)), Math.min(png.height - 1, Math.floor(row / scale)));
    }
  }
  const chroma = Buffer.alloc((W * H) / 4, 128);
  writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), Buffer.from('FRAME\n'), y, chroma, chroma]));
}

describe('venue codes to print', () => {
  let printed = { venueId: '', link: '', token: '', picture: undefined as PNG | undefined };

  it('prints a grid\'s venue codes from the grid screen, and a code decodes from the printed page', async () => {
    const { context, page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'admin');
    await page.goto(`${h.url}/#/grids`);
    await page.locator('li.grid-row', { hasText: '泰山村' }).first().locator('button.grid-item').click();
    await page.locator('li.grid-row', { hasText: '泰山村' }).first().locator('code.grid-code').waitFor();
    const [sheet] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: '打印本网格场所码' }).click()]);
    await sheet.waitForLoadState();
    await sheet.getByRole('heading', { name: /场所码 · 泰山村/ }).waitFor();
    const cards = sheet.locator('figure.card');
    expect(await cards.count()).toBeGreaterThan(0);
    await h.screenshot(sheet, 'venue-code-sheet-1280');
    await sheet.setViewportSize(PHONE);
    await h.screenshot(sheet, 'venue-code-sheet-360');
    await sheet.setViewportSize(DESKTOP);
    // Printed as the browser prints it: A4 pages, six codes to a page.
    await sheet.emulateMedia({ media: 'print' });
    const pdf = await sheet.pdf({ format: 'A4', printBackground: true });
    writeFileSync(join(ARTIFACTS, 'venue-code-sheet.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await sheet.locator('header').isVisible()).toBe(false); // the on-screen hint does not print

    const first = cards.first();
    printed.venueId = (await first.getAttribute('data-venue-id')) ?? '';
    const picture = PNG.sync.read(await first.locator('svg.qr').screenshot());
    const decoded = jsQR(new Uint8ClampedArray(picture.data), picture.width, picture.height);
    // A link a phone's own camera opens (the visitor check-in page), the signed token in it.
    const link = new URL(decoded!.data);
    expect(`${link.origin}${link.pathname}`).toBe(`${h.url}/`);
    const token = new URLSearchParams(link.hash.replace(/^#\/check-in\?/, '')).get('c') ?? '';
    expect(token).toMatch(new RegExp(`^GW2\\.k1\\.longhu\\.${printed.venueId}\\.\\d+\\.`));
    printed = { ...printed, link: decoded!.data, token, picture };
  });

  it('a visitor’s phone opens the printed link and checks in without signing in', async () => {
    expect(printed.link).toContain('/#/check-in?c=');
    const { context, page } = await h.open(PHONE);
    await page.goto(printed.link);
    await page.getByRole('heading', { name: '场所扫码登记' }).waitFor();
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.locator('#ci-visitor[aria-invalid="true"]').waitFor();
    await page.getByLabel('手机号码').fill('13800138000');
    await h.screenshot(page, 'check-in-form-360');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.getByRole('heading', { name: '登记成功' }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toMatch(/回执号：C-[0-9A-Z]{8}/);
    expect(text).not.toContain('13800138000');
    await h.screenshot(page, 'check-in-receipt-360');
    await context.close();
    // In English, on a desktop, with a personal code instead of a phone; a forged code is refused plainly.
    const en = await h.open(DESKTOP, 'en');
    await en.page.goto(printed.link);
    await en.page.getByRole('button', { name: 'No phone? Check in with a personal code' }).click();
    await en.page.getByLabel('Personal code').fill('HZ-20261125');
    await en.page.getByRole('button', { name: 'Check in', exact: true }).click();
    await en.page.getByRole('heading', { name: 'Checked in' }).waitFor();
    await h.screenshot(en.page, 'check-in-receipt-en-1280');
    await en.page.goto(`${printed.link}x`);
    await en.page.reload();
    await en.page.getByLabel('Phone number').fill('13800138001');
    await en.page.getByRole('button', { name: 'Check in', exact: true }).click();
    await en.page.getByText('This venue code can no longer be used').waitFor();
    await en.context.close();
  }, 120_000);

  it('the grid leader scans the printed code and the inspection carries no 未扫场所码 flag', async () => {
    expect(printed.picture).toBeDefined();
    const video = join(ARTIFACTS, 'venue-code-printed.y4m');
    pictureAsVideo(printed.picture!, video);
    const browser = await launchWithCamera(video);
    try {
      const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
      context.setDefaultTimeout(15_000);
      await context.grantPermissions(['camera'], { origin: h.url });
      const page = await context.newPage();
      await h.signIn(page, 'longhu', 'zhang');
      await page.getByRole('heading', { name: '今日任务', exact: true }).waitFor();
      await page.goto(`${h.url}/#/scan`);
      await page
        .locator('.badge', { hasText: '已扫场所码' })
        .waitFor({ timeout: 30_000 })
        .catch(async (error) => {
          await h.screenshot(page, 'venue-code-scan-failed-360');
          throw error;
        });
      expect(decodeURIComponent(new URL(page.url()).hash)).toContain(`code=${printed.token}`);
      await page.getByRole('button', { name: '其余未填项全部合格' }).click();
      await h.screenshot(page, 'inspect-after-printed-code-360');
      await page.getByRole('button', { name: '提交检查' }).click();
      await page.getByRole('status').filter({ hasText: /已提交“.+”的检查/ }).waitFor();
      // The outbox sends it in the background: the browser stays open until it has been sent.
      await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: /待同步/ }).click();
      await page.getByRole('heading', { name: '已发送（1）' }).waitFor({ timeout: 30_000 });
    } finally {
      await browser.close();
    }

    const login = await fetch(`${h.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'longhu', username: 'zhang', password: DEMO_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const history = await fetch(`${h.url}/api/venues/${printed.venueId}/inspections`, { headers: { authorization: `Bearer ${token}` } });
    expect(history.status).toBe(200);
    const { items } = (await history.json()) as { items: { venueCodeScanned: boolean; flags: { code: string }[] }[] };
    expect(items).toHaveLength(1);
    expect(items[0].venueCodeScanned).toBe(true);
    expect(items[0].flags.map((f) => f.code)).not.toContain('no-venue-code');
    expect(items[0].flags.map((f) => f.code)).not.toContain('invalid-venue-code');
  }, 90_000);
});
