/**
 * Self-registration (扫码登记) in headless Chromium against the whole local system: the supervisor
 * makes a registration code for 泰山村 (API); a resident opens the poster's address on a 360 px phone,
 * signed in as nobody, reads the purpose statement, fills the form (a wrong check digit is named at
 * the field first) and gets a receipt only. Screenshots to test-artifacts/.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { residentId, wrongCheckDigit } from '../support/residents';
import { PHONE, useHarness } from './harness';

const h = useHarness();
let code = '';

beforeAll(async () => {
  const token = await h.tokenOf('longhu', 'duban');
  code = (await h.call(token, 'POST', '/api/self-registration/codes', { id: ulid(), label: '泰山新村扫码登记', gridId: 'lh-1-taishan-1', compound: '泰山新村' })).token;
}, 120_000);

describe('the public registration form', () => {
  it('takes a resident’s registration on a phone, without sign-in, and shows only a receipt', async () => {
    const { context, page } = await h.open(PHONE);
    await page.goto(`${h.url}/#/register?code=${encodeURIComponent(code)}`);
    await page.getByRole('heading', { name: '扫码登记' }).waitFor();
    expect(await page.getByRole('heading', { name: '登记告知' }).isVisible()).toBe(true);
    expect(await page.getByLabel('小区 / 村组').inputValue()).toBe('泰山新村');
    await page.getByLabel('姓名').fill('陈晓东');
    const id = residentId('41018419930303123');
    await page.getByLabel('身份证号').fill(wrongCheckDigit(id));
    await page.getByLabel('手机号码').fill('13700001234');
    await page.getByLabel('人员类别').selectOption('nonlocal-temporary');
    await page.getByLabel('楼栋').fill('12');
    await page.getByLabel('室 / 门牌号').fill('601');
    await page.getByLabel('从何处来').fill('湖北省武汉市');
    await page.getByLabel('到达日期').fill('2026-11-20');
    await page.getByLabel('我已阅读上述告知，同意为此目的提供以上信息').check();
    await page.getByRole('button', { name: '提交登记' }).click();
    await expect.poll(() => page.locator('#reg-id').getAttribute('aria-invalid')).toBe('true');
    await h.screenshot(page, 'self-registration-error-360');
    await page.getByLabel('身份证号').fill(id);
    await page.getByRole('button', { name: '提交登记' }).click();
    await page.getByRole('heading', { name: '登记已提交' }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toMatch(/回执号：R-[0-9A-Z]{8}/);
    expect(text).not.toContain(id);
    await h.screenshot(page, 'self-registration-receipt-360');
    await context.close();
  });

  it('says plainly when a code cannot be used', async () => {
    const { context, page } = await h.open(PHONE);
    await page.goto(`${h.url}/#/register?code=${encodeURIComponent(`${code}x`)}`);
    await page.getByText('此二维码已失效').waitFor();
    await context.close();
  });
});
