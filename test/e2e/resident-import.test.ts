/**
 * 人员导入 in Chromium: the demo admin downloads the xlsx template, uploads a register with a bad
 * check digit and an unknown grid, sees the progress end in 已完成 with those two rows listed (masked),
 * and the same screen in English on a phone. Screenshots in test-artifacts/.
 */
import { describe, expect, it } from 'vitest';
import { residentId, wrongCheckDigit } from '../support/residents';
import { DESKTOP, PHONE, useHarness } from './harness';

const h = useHarness();

describe('resident import screen', () => {
  it('imports a register, lists the bad rows masked, offers the templates', async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'admin');
    await page.goto(`${h.url}/#/resident-import`);
    await page.getByRole('heading', { name: '人员导入' }).waitFor();
    await h.screenshot(page, 'resident-import-1280');

    // The templates are there to download, with the Chinese header.
    const template = await page.request.get(`${h.url}${await page.getByRole('link', { name: 'CSV 模板' }).getAttribute('href')}`);
    expect((await template.text()).replace(/^\ufeff/, '').split('\r\n')[0]).toBe('户号,本户地址,姓名,性别,身份证号,人员类别,联系电话,与户主关系,网格');
    const xlsx = await page.request.get(`${h.url}${await page.getByRole('link', { name: 'Excel 模板（.xlsx）' }).getAttribute('href')}`);
    expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');

    const bad = wrongCheckDigit(residentId('41018419750505001'));
    const csv = [
      '户号,本户地址,姓名,性别,身份证号,人员类别,联系电话,与户主关系,网格',
      `E2E-1,幸福小区1栋1单元101室,周一,男,${residentId('41018419750505011')},本地常住,13800000001,户主,泰山村/一组`,
      `E2E-1,幸福小区1栋1单元101室,吴二,女,${residentId('41018419780606022')},本地常住,,配偶,泰山村/一组`,
      `E2E-2,幸福小区1栋1单元102室,郑三,男,${bad},外地暂住,,户主,泰山村/一组`,
      `E2E-3,幸福小区1栋1单元103室,王四,男,${residentId('41018419800707033')},外地暂住,,户主,不存在的网格`,
    ].join('\n');
    await page.getByLabel('人员登记表（.xlsx 或 .csv）').setInputFiles({ name: '人员登记表.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: '上传并导入' }).click();
    await page.getByTestId('import-status').filter({ hasText: '已完成' }).waitFor({ timeout: 30_000 });
    const errors = page.locator('table.import-errors tbody tr');
    await expect.poll(() => errors.count()).toBe(2);
    await expect.poll(() => errors.nth(0).textContent()).toContain('校验位');
    expect(await errors.nth(0).textContent()).not.toContain(bad);
    expect(await errors.nth(1).textContent()).toContain('不存在的网格');
    expect(await page.locator('.import-progress').textContent()).toContain('新增 2 人（新建 1 户）');
    await h.screenshot(page, 'resident-import-done-1280');
  });

  it('reads the same screen in English on a phone', async () => {
    const { page } = await h.open(PHONE, 'en');
    await h.signIn(page, 'longhu', 'admin');
    await page.goto(`${h.url}/#/resident-import`);
    await page.getByRole('heading', { name: 'Resident import' }).waitFor();
    await page.getByRole('button', { name: 'Show' }).first().click();
    await page.locator('.import-progress').waitFor();
    expect(await page.locator('.import-progress').textContent()).toContain('2 people added (1 new households)');
    await h.screenshot(page, 'resident-import-en-360');
  });
});
