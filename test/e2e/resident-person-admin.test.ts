/**
 * A person's heavier acts in headless Chromium against the whole local system: the grid leader moves a
 * person to another household from their row of the household's file (the household picker, a
 * reason), on the phone; the tenant admin erases another person's data on request after a
 * confirmation, and exports the grid's people unmasked with the reason sent in a POST body (the
 * download's URL carries only a single-use ticket), and rotates the tenant's data key; a town the demo
 * rotated shows what was re-sealed per area. Screenshots at 360 and 1280 px go to test-artifacts/.
 */
import { readFile } from 'node:fs/promises';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { residentId } from '../support/residents';
import { DESKTOP, PHONE, useHarness } from './harness';

const h = useHarness();
const MOVER_ID = residentId('41018419680808121');
const from = { id: '', person: '' };
let to = '';
let eraseHousehold = '';

beforeAll(async () => {
  const token = await h.tokenOf('longhu', 'zhang');
  const household = (room: string) => h.call(token, 'POST', '/api/residents/households', { id: ulid(), gridId: 'lh-1-taishan-1', address: { compound: '泰山新村', building: '9', unit: '1', room }, tags: ['permanent'] });
  const [a, b, c] = [await household('301'), await household('302'), await household('303')];
  const mover = await h.call(token, 'POST', `/api/residents/households/${a.id}/persons`, { id: ulid(), name: '郑迁居', idNumber: MOVER_ID, category: 'local-permanent', relationship: 'householder' });
  await h.call(token, 'POST', `/api/residents/households/${c.id}/persons`, { id: ulid(), name: '冯申请', idNumber: residentId('41018419700101232'), phone: '13955556666', category: 'local-permanent', relationship: 'householder' });
  Object.assign(from, { id: a.id, person: mover.id });
  to = b.id;
  eraseHousehold = c.id;
}, 120_000);

describe("a person's moves and erasure", () => {
  it('moves a person to another household from their row, with a reason, on the phone', async () => {
    const { page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'zhang');
    await page.goto(`${h.url}/#/household/${from.id}`);
    const row = page.locator(`tr[data-person-id="${from.person}"]`);
    await row.getByRole('button', { name: '迁往他户' }).click();
    const dialog = page.locator('dialog#move-person-dialog');
    await dialog.getByLabel('迁入哪一户').selectOption(to);
    await dialog.getByLabel('与新户主关系').selectOption('parent');
    await dialog.getByLabel('迁移原因').fill('投靠子女');
    await h.screenshot(page, 'resident-move-360');
    await dialog.getByRole('button', { name: '迁往他户' }).click();
    await expect.poll(() => page.locator(`tr[data-person-id="${from.person}"]`).count()).toBe(0);
    await page.locator('li', { hasText: '迁往他户' }).first().waitFor();

    await page.goto(`${h.url}/#/household/${to}`);
    const moved = page.locator(`tr[data-person-id="${from.person}"]`);
    await moved.waitFor();
    expect(await moved.textContent()).toContain('父母');
    await moved.locator('details.moves summary').click();
    await moved.getByText('投靠子女').waitFor();
    await h.screenshot(page, 'resident-moved-in-360');
  }, 120_000);

  it('opens the moved person from an older record (the access log names the household they left) in the household they live in now', async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'admin');
    // The link an older access-log entry makes: the household left, with the person.
    await page.goto(`${h.url}/#/household/${from.id}?person=${from.person}`);
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain(`#/household/${to}?`);
    await page.locator('[data-moved-here]').waitFor();
    expect(await page.locator('[data-moved-here]').textContent()).toContain('此人已迁入本户');
    await page.locator(`tr[data-person-id="${from.person}"][aria-current="true"]`).waitFor();
    await h.screenshot(page, 'resident-moved-opened-1280');
  }, 120_000);

  it("lets the tenant admin erase a person's data on request after a confirmation, and export unmasked with the reason in a POST body", async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'admin');
    await page.goto(`${h.url}/#/household/${eraseHousehold}`);
    const row = page.locator('tr[data-person-id]').first();
    await row.getByRole('button', { name: '删除个人信息' }).click();
    const dialog = page.locator('dialog#tombstone-dialog');
    await dialog.getByRole('button', { name: '确认删除' }).click();
    await expect.poll(() => dialog.locator('#tombstone-reason').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('删除依据（如本人申请）').fill('本人书面申请删除');
    await h.screenshot(page, 'resident-tombstone-1280');
    await dialog.getByRole('button', { name: '确认删除' }).click();
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain('已注销');
    expect(await row.textContent()).not.toContain('冯*');

    // The unmasked export: the reason goes in the ticket's POST body; the file's URL has no reason.
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.goto(`${h.url}/#/residents?grid=lh-1-taishan-1`);
    await page.getByRole('button', { name: '导出明文' }).click();
    const exportDialog = page.locator('dialog').filter({ has: page.locator('#export-dialog-reason') });
    await exportDialog.getByLabel('查看原因').fill('上级核查名单');
    const [csv] = await Promise.all([page.waitForEvent('download'), exportDialog.getByRole('button', { name: '导出明文' }).click()]);
    expect(await readFile((await csv.path())!, 'utf8')).toContain(MOVER_ID);
    const fileUrl = urls.find((u) => u.includes('/exports/persons.csv'))!;
    expect(fileUrl).toContain('ticket=');
    expect(decodeURIComponent(fileUrl)).not.toContain('上级核查名单');

    await page.goto(`${h.url}/#/access-log`);
    await page.locator('tr', { hasText: '按申请删除' }).first().waitFor();
    expect(await page.locator('tr', { hasText: '按申请删除' }).first().textContent()).toContain('本人书面申请删除');
    await page.locator('tr', { hasText: '上级核查名单' }).first().waitFor();
    await h.screenshot(page, 'resident-erasure-access-log-1280');

    // The data key on 居民规则: its versions; a rotation makes version 2 (re-sealing waits for it to be active).
    await page.goto(`${h.url}/#/resident-rules`);
    const key = page.locator('gw-data-key');
    await key.getByText('当前版本 1').waitFor();
    await key.getByRole('button', { name: '轮换数据密钥' }).click();
    await key.locator('li[data-key-version="2"]').waitFor();
    await key.getByText('当前版本 2').waitFor();
    await key.getByRole('button', { name: '继续重新加密' }).click();
    await key.locator('[role="alert"]').waitFor();
    await h.screenshot(page, 'resident-data-key-1280');
  }, 120_000);

  it("shows a town whose key the demo rotated: version 2, re-sealed, with what was re-sealed in each area", async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'tianhe', 'admin');
    await page.goto(`${h.url}/#/resident-rules`);
    const key = page.locator('gw-data-key');
    await key.getByText('当前版本 2').waitFor();
    await key.getByText('已完成').waitFor();
    for (const area of ['居民', '居家监测', '检测结果', '推送名单', '扫码登记', '场所扫码']) await key.locator('li[data-area]', { hasText: area }).first().waitFor();
    expect(await key.locator('li[data-area="persons"]').textContent()).toMatch(/\d+ \/ \d+ 条已重新加密/);
    await h.screenshot(page, 'resident-data-key-areas-1280');
  }, 120_000);
});
