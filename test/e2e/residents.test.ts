/**
 * The residents registry in headless Chromium against the whole local system: the grid leader
 * registers a household and a person on the phone (a wrong check digit is named beside the field),
 * logs a visit offline that the outbox sends once online, and finds the household on the community
 * map; the person's category is edited; the tenant admin unmasks the person with a reason, exports
 * the grid's people (masked) and finds both in the access log and its CSV; the
 * screens in English. Screenshots at 360 and 1280 px go to test-artifacts/.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { residentId, wrongCheckDigit } from '../support/residents';
import { DESKTOP, PHONE, useHarness } from './harness';

const h = useHarness();
const ID = residentId('41018419900307123');
const ADDRESS = '泰山新村 1栋 1单元 101';
let householdPath = '';

describe('residents registry', () => {
  it('registers a household and a person on the phone, masked, with a wrong ID named beside its field', async () => {
    const { page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'zhang');
    await page.goto(`${h.url}/#/residents`);
    await page.getByRole('heading', { name: /居民户籍/ }).waitFor();
    await page.getByRole('button', { name: '＋ 登记住户' }).click();
    const dialog = page.locator('dialog#household-dialog');
    await dialog.getByLabel('网格').selectOption('lh-1-taishan-1');
    await dialog.getByLabel('小区 / 村组').fill('泰山新村');
    await dialog.getByLabel('楼栋').fill('1');
    await dialog.getByLabel('单元').fill('1');
    await dialog.getByLabel('室 / 门牌号').fill('101');
    await dialog.locator('input[name="tags"][value="permanent"]').check();
    await h.screenshot(page, 'residents-add-household-360');
    await dialog.getByRole('button', { name: '登记住户' }).click();
    await page.getByRole('heading', { name: ADDRESS }).waitFor();
    householdPath = new URL(page.url()).hash;
    expect(householdPath).toMatch(/^#\/household\/[0-9A-Z]{26}$/);

    await page.getByRole('button', { name: '＋ 登记人员' }).click();
    const person = page.locator('dialog#person-dialog');
    await person.getByLabel('姓名').fill('张建国');
    await person.getByLabel('证件号码').fill(wrongCheckDigit(ID));
    await person.getByLabel('联系电话').fill('13812345678');
    await person.getByRole('button', { name: '登记人员' }).click();
    await expect.poll(() => person.locator('#person-idNumber').getAttribute('aria-invalid')).toBe('true');
    await person.getByLabel('证件号码').fill(ID);
    await person.getByRole('button', { name: '登记人员' }).click();
    const row = page.locator('tr[data-person-id]');
    await row.first().waitFor();
    // Lists are masked: the surname only, the ID's region and last four, the phone's ends.
    await expect.poll(() => row.first().textContent()).toContain('张*');
    const text = (await row.first().textContent()) ?? '';
    expect(text).toContain(`${ID.slice(0, 4)}**********${ID.slice(-4)}`);
    expect(text).toContain('138****5678');
    expect(text).not.toContain(ID);
    expect(text).not.toContain('张建国');
    await h.screenshot(page, 'residents-household-360');

    // Edit: the category changes; the name, left empty, stays as stored.
    await row.first().getByRole('button', { name: '修改' }).click();
    const edit = page.locator('dialog#edit-person-dialog');
    await edit.getByLabel('人员类别').selectOption('nonlocal-permanent');
    await edit.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.first().textContent()).toContain('外地常住');
    expect(await row.first().textContent()).toContain('张*');
  });

  it('logs a visit offline; the outbox sends it once when the phone is online again', async () => {
    const { context, page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'zhang');
    await page.goto(`${h.url}/${householdPath}`);
    await page.getByRole('heading', { name: ADDRESS }).waitFor();
    await context.setOffline(true);
    await page.getByRole('button', { name: '记录走访' }).click();
    const dialog = page.locator('dialog#visit-dialog');
    await dialog.getByLabel('走访情况').fill('家中老人身体良好');
    await dialog.getByRole('button', { name: '记录走访' }).click();
    await page.getByRole('status').filter({ hasText: '已保存走访记录，联网后自动发送' }).waitFor();
    await context.setOffline(false);
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: /待同步/ }).click();
    await page.getByRole('heading', { name: '已发送（1）' }).waitFor({ timeout: 30_000 });
    await page.goto(`${h.url}/${householdPath}`);
    await page.getByText('家中老人身体良好').waitFor();
    expect(await page.locator('section', { hasText: '走访记录' }).locator('li').count()).toBe(1);
  });

  it('shows the household on the community map, coloured by its status', async () => {
    const { page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'zhang');
    await page.goto(`${h.url}/#/community-map?grid=lh-1-taishan`);
    const cell = page.locator(`a.cell[data-household-id="${householdPath.split('/').pop()}"]`);
    await cell.waitFor();
    expect(await cell.getAttribute('data-tag')).toBe('permanent');
    await page.locator('.map-legend li[data-tag="home-isolation"]').waitFor();
    await h.screenshot(page, 'residents-community-map-360');
    await page.setViewportSize(DESKTOP);
    await h.screenshot(page, 'residents-community-map-1280');
    await cell.click();
    await page.getByRole('heading', { name: ADDRESS }).waitFor();
  });

  it('lets the tenant admin unmask with a reason, and the access log shows it', async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'admin');
    await page.goto(`${h.url}/${householdPath}`);
    await page.getByRole('heading', { name: ADDRESS }).waitFor();
    await page.getByRole('button', { name: '查看明文' }).click();
    const dialog = page.locator('dialog#unmask-dialog');
    await dialog.getByLabel('查看原因').fill('核对户籍信息');
    await dialog.getByRole('button', { name: '查看明文' }).click();
    await dialog.getByText(ID).waitFor();
    await dialog.getByText('张建国').waitFor();
    await h.screenshot(page, 'residents-unmasked-1280');
    await dialog.getByRole('button', { name: '关闭' }).click();

    // The people of a grid as CSV: masked by default.
    await page.goto(`${h.url}/#/residents?grid=lh-1-taishan-1`);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出人员（脱敏）/ }).click()]);
    const exported = await readFile((await csv.path())!, 'utf8');
    expect(exported).toContain('张*');
    expect(exported).not.toContain(ID);

    await page.goto(`${h.url}/#/access-log`);
    const entry = page.locator('tr', { hasText: '查看明文' });
    await entry.first().waitFor();
    expect(await entry.first().textContent()).toContain('核对户籍信息');
    await page.locator('tr', { hasText: '导出（脱敏）' }).first().waitFor();
    await h.screenshot(page, 'residents-access-log-1280');
    const [log] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出当日日志/ }).click()]);
    expect(await readFile((await log.path())!, 'utf8')).toContain('核对户籍信息');
  });

  it('speaks English on the residents screens', async () => {
    const { page } = await h.open(DESKTOP, 'en');
    await h.signIn(page, 'longhu', 'duban');
    await page.goto(`${h.url}/#/residents`);
    await page.getByRole('heading', { name: /Residents registry/ }).waitFor();
    await page.getByRole('heading', { name: 'Exact lookup' }).waitFor();
    await page.getByLabel('ID number or phone').fill(ID);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('link', { name: '张*' }).waitFor();
    await h.screenshot(page, 'residents-list-1280-en');
    await page.goto(`${h.url}/${householdPath}`);
    await page.getByRole('heading', { name: 'Living here (1)' }).waitFor();
    await h.screenshot(page, 'residents-household-1280-en');
  });

  it('lets the tenant admin add a household status with its colour, and names a bad code beside its field', async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'admin');
    await page.goto(`${h.url}/#/resident-rules`);
    const tags = page.locator('fieldset[data-list="householdTags"]');
    await tags.locator('.rule-row').first().waitFor();
    const before = await tags.locator('.rule-row').count();
    await tags.getByRole('button', { name: /添加一行/ }).click();
    const row = tags.locator(`.rule-row[data-row="${before}"]`);
    await row.getByLabel('代码').fill('Bad Code');
    await row.getByLabel('中文名称').fill('重点关注');
    await row.getByLabel('英文名称').fill('Watched');
    await row.getByLabel('颜色').fill('#00796b');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.getByLabel('代码').getAttribute('aria-invalid')).toBe('true');
    await row.getByLabel('代码').fill('watched');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').filter({ hasText: /已保存/ }).waitFor();
    await h.screenshot(page, 'residents-rules-1280');

    // The new status is offered on a household and drawn in its colour on the map.
    await page.goto(`${h.url}/${householdPath}`);
    await page.getByRole('button', { name: '修改状态' }).click();
    await page.locator('dialog#tags-dialog input[value="watched"]').check();
    await page.locator('dialog#tags-dialog').getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').filter({ hasText: '已保存住户状态' }).waitFor();
    await page.goto(`${h.url}/#/community-map?grid=lh-1-taishan`);
    const cell = page.locator(`a.cell[data-household-id="${householdPath.split('/').pop()}"]`);
    await cell.waitFor();
    expect(await cell.getAttribute('data-tag')).toBe('watched');
    expect(await cell.locator('rect').getAttribute('fill')).toBe('#00796b');
  });
});
