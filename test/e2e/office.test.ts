/**
 * The office's enforcement screens in headless Chromium against the whole local system: the
 * supervisor's black-card register (since when, why, by whom) and a suspension approved from the
 * list; a bulletin published (its title's error named beside the field first), listed and printed;
 * a tenant-wide closure notice; the industry authority's daily 必查 list (its kinds only); a venue
 * added and edited by hand (errors beside the fields, a concurrent edit's 409 said plainly).
 * Screenshots at 360 and 1280 px in test-artifacts/office-*.png.
 */
import { describe, expect, it } from 'vitest';
import { inspectionBody } from '../support/field';
import { demoApi } from './demo-api';
import { DESKTOP, PHONE, useHarness } from './harness';

const h = useHarness();

/** The API as a demo user (setting the scene the screens then show). */
const as = (username: string) => demoApi(h.url, username);

const venueNamed = async (call: Awaited<ReturnType<typeof as>>, name: string) =>
  (await call('GET', `/api/venues?q=${encodeURIComponent(name)}`)).items.find((v: any) => v.name === name);

describe('the office', () => {
  it('shows the black-card register and approves a suspension from the list', async () => {
    const duban = await as('duban');
    const zhang = await as('zhang');
    const market = await venueNamed(duban, '泰山村便民超市');
    const cafe = await venueNamed(duban, '星际网吧');
    await duban('POST', `/api/venues/${market.id}/black-card`, { version: market.version, reason: '连续三次检查不合格' });
    await duban('POST', `/api/venues/${cafe.id}/black-card`, { version: cafe.version, reason: '未落实扫码登记' });
    const chess = await venueNamed(zhang, '和顺棋牌室');
    await zhang('POST', `/api/venues/${chess.id}/suspension`, { version: chess.version, reason: '聚集性活动屡禁不止' });

    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'duban');
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '挂牌督办', exact: true }).click();
    const register = page.getByTestId('black-card-register');
    await register.locator(`tr[data-venue-id="${market.id}"]`).waitFor();
    const row = (await register.locator(`tr[data-venue-id="${market.id}"]`).textContent()) ?? '';
    expect(row).toContain('连续三次检查不合格');
    expect(row).toContain('督导组挂牌');
    // By whom: the display name, not the login (the names arrive after the register itself).
    await expect.poll(async () => (await register.locator(`tr[data-venue-id="${market.id}"]`).textContent()) ?? '').toContain('李秀英');
    await page.getByTestId('suspensions-pending').locator(`tr[data-venue-id="${chess.id}"]`).waitFor();
    await h.screenshot(page, 'office-enforcement-1280');

    await page.getByTestId('suspensions-pending').locator(`tr[data-venue-id="${chess.id}"]`).getByRole('button', { name: '批准停业整顿' }).click();
    const dialog = page.locator('dialog#decision-dialog');
    await dialog.getByRole('button', { name: '批准停业整顿' }).click();
    await expect.poll(() => dialog.locator('#decision-reason').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('理由').fill('经核实，同意停业整顿');
    await dialog.getByRole('button', { name: '批准停业整顿' }).click();
    await page.getByRole('status').filter({ hasText: '已批准停业整顿：和顺棋牌室' }).waitFor();
    await expect.poll(() => page.locator(`[data-testid="suspensions-pending"] tr[data-venue-id="${chess.id}"]`).count()).toBe(0);
    expect((await duban('GET', `/api/venues/${chess.id}`)).status).toBe('suspended');

    const phone = await h.open(PHONE);
    await h.signIn(phone.page, 'longhu', 'duban');
    await phone.page.goto(`${h.url}/#/enforcement`);
    await phone.page.getByTestId('black-card-register').waitFor();
    await h.screenshot(phone.page, 'office-enforcement-360');
  }, 120_000);

  it("gives the industry authority its daily 必查 list: its own kinds' black-carded venues", async () => {
    const { page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'shijianju');
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '今日必查', exact: true }).click();
    const register = page.getByTestId('black-card-register');
    await register.getByText('泰山村便民超市').waitFor();
    expect(await register.getByText('星际网吧').count()).toBe(0); // an internet café is not a market regulator's kind
    expect(await register.textContent()).toContain('今日未查');
    expect(await page.getByRole('button', { name: '摘牌' }).count()).toBe(0);
    await h.screenshot(page, 'office-must-check-360');
  }, 60_000);

  it('publishes a bulletin, lists it and prints it', async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'duban');
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '督查通报', exact: true }).click();
    await page.getByRole('button', { name: '发布督查通报' }).click();
    const dialog = page.locator('dialog#bulletin-dialog');
    await dialog.getByLabel('正文').fill('本周检查发现部分场所防控措施落实不到位，现予通报。');
    await dialog.getByRole('button', { name: '发布' }).click();
    await expect.poll(() => dialog.locator('#bulletin-title').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('标题').fill('关于第一片区场所防控落实情况的通报');
    await dialog.getByLabel('搜索场所').fill('豫香');
    await dialog.getByRole('button', { name: '搜索', exact: true }).click();
    await dialog.getByRole('button', { name: '加入' }).first().click();
    await dialog.getByTestId('bulletin-named').getByText('豫香饭店').waitFor();
    await h.screenshot(page, 'office-bulletin-new-1280');
    await dialog.getByRole('button', { name: '发布' }).click();
    const list = page.getByTestId('bulletin-list');
    await list.getByRole('link', { name: '关于第一片区场所防控落实情况的通报' }).waitFor();
    expect(await list.textContent()).toMatch(/\d{4}-第\d+期/);
    expect(await list.textContent()).toContain('豫香饭店');

    await list.getByRole('link', { name: '关于第一片区场所防控落实情况的通报' }).click();
    const sheet = page.getByTestId('bulletin-page');
    await sheet.waitFor();
    expect(await sheet.textContent()).toContain('豫香饭店');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.sidenav').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    expect(await sheet.isVisible()).toBe(true);
    await h.screenshot(page, 'office-bulletin-print-1280');
  }, 60_000);

  it('issues a tenant-wide closure notice and lists it (360 px)', async () => {
    const { page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'duban');
    await page.goto(`${h.url}/#/closure-notices`);
    await page.getByRole('button', { name: '发布关停通告' }).click();
    const dialog = page.locator('dialog#notice-dialog');
    await dialog.getByLabel('措施').selectOption('pause');
    await dialog.getByLabel('理由').fill('疫情防控需要，KTV 暂停营业');
    await dialog.getByRole('button', { name: '发布' }).click();
    await expect.poll(() => dialog.locator('input[name="venueKinds"]').first().getAttribute('aria-invalid')).toBe('true');
    await dialog.locator('input[name="venueKinds"][value="ktv"]').check();
    await dialog.getByRole('button', { name: '发布' }).click();
    const list = page.getByTestId('notice-list');
    await list.getByText('疫情防控需要，KTV 暂停营业').waitFor();
    expect(await list.textContent()).toContain('暂停营业');
    expect(await list.textContent()).toMatch(/已完成，涉及 \d+ 家/);
    await h.screenshot(page, 'office-notices-360');
  }, 60_000);

  it('adds a venue by hand with errors beside the fields, and says plainly when an edit came too late', async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'admin');
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '场所', exact: true }).click();
    await page.getByRole('button', { name: '新增场所' }).click();
    const dialog = page.locator('dialog#venue-dialog');
    await dialog.getByLabel('联系电话').fill('call me');
    await dialog.getByRole('button', { name: '保存' }).click();
    for (const id of ['vf-name', 'vf-kind', 'vf-grid', 'vf-address', 'vf-phone']) {
      await expect.poll(() => dialog.locator(`#${id}`).getAttribute('aria-invalid')).toBe('true');
    }
    await h.screenshot(page, 'office-venue-errors-1280');
    await dialog.getByLabel('场所名称').fill('泰山村新开理发店');
    await dialog.getByLabel('场所类别').selectOption('shop');
    await dialog.getByLabel('所属网格').selectOption('lh-1-taishan-1');
    await dialog.getByLabel('地址', { exact: true }).fill('泰山村一组中街20号');
    await dialog.getByLabel('联系电话').fill('13900001111');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').filter({ hasText: '已保存场所：泰山村新开理发店' }).waitFor();

    const admin = await as('admin');
    const venue = await venueNamed(admin, '泰山村新开理发店');
    await page.goto(`${h.url}/#/venues/${venue.id}`);
    await page.getByRole('button', { name: '编辑场所' }).click();
    // Someone else saves first: the form's version is now stale.
    await admin('PATCH', `/api/venues/${venue.id}`, { version: venue.version, name: '泰山村理发店' });
    await dialog.getByLabel('地址', { exact: true }).fill('泰山村一组中街22号');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByRole('alert').filter({ hasText: '刚被其他人修改过' }).waitFor();
    await dialog.getByTestId('take-current').click();
    expect(await dialog.getByLabel('场所名称').inputValue()).toBe('泰山村理发店');
    await dialog.getByLabel('地址', { exact: true }).fill('泰山村一组中街22号');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').filter({ hasText: '已保存场所：泰山村理发店' }).waitFor();
    await page.getByRole('heading', { name: '泰山村理发店', exact: true }).waitFor();
    expect((await admin('GET', `/api/venues/${venue.id}`)).address).toBe('泰山村一组中街22号');
  }, 120_000);

  it('shows the venue form in English at 360 px', async () => {
    const { page } = await h.open(PHONE, 'en');
    await h.signIn(page, 'longhu', 'admin');
    await page.goto(`${h.url}/#/venues`);
    await page.getByRole('button', { name: 'Add a venue' }).click();
    await page.locator('dialog#venue-dialog').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#vf-name').getAttribute('aria-invalid')).toBe('true');
    await h.screenshot(page, 'office-venue-form-360-en');
  }, 60_000);

  it('imports venues by grid path from the xlsx template; a file of bad rows shows every row handled', async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'admin');
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '场所导入', exact: true }).click();
    const template = await page.request.get(`${h.url}${await page.getByRole('link', { name: 'CSV 模板' }).getAttribute('href')}`);
    expect((await template.text()).replace(/^\ufeff/, '').split('\r\n')[0]).toBe('外部编号,名称,类别,网格,地址,纬度,经度,联系人,电话,风险等级');
    const xlsx = await page.request.get(`${h.url}${await page.getByRole('link', { name: 'Excel 模板（.xlsx）' }).getAttribute('href')}`);
    const file = page.getByLabel('场所文件（.csv 或 .xlsx）');
    await file.setInputFiles({ name: '场所导入模板.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await xlsx.body() });
    await page.getByRole('button', { name: '上传并导入' }).click();
    await page.getByTestId('import-status').filter({ hasText: '已完成' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('import-progress-line').filter({ hasText: '已处理 1 / 1 行（100%）' }).waitFor();

    // Three rows, all refused: 3 / 3 handled beside 共 3 行 (never 0 / 0). An unknown village, an unknown
    // kind, and a wrong parent (小乔村 is a grid: it is not skipped) are each named.
    const csv = ['外部编号,名称,类别,网格,地址', 'B-1,甲,shop,不存在的村/一组,x', 'B-2,乙,no-kind,泰山村/泰山村一组,x', 'B-3,丙,shop,小乔村/泰山村一组,x'].join('\n');
    await file.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: '上传并导入' }).click();
    await page.locator('.import-progress h2').filter({ hasText: 'bad.csv' }).waitFor();
    await page.getByTestId('import-status').filter({ hasText: '已完成' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('import-progress-line').filter({ hasText: '已处理 3 / 3 行（100%）' }).waitFor();
    expect(await page.locator('.import-progress').textContent()).toContain('共 3 行');
    await expect.poll(() => page.locator('table.import-errors tbody tr').count()).toBe(3);
    expect(await page.locator('table.import-errors').textContent()).toContain('小乔村/泰山村一组');
    await h.screenshot(page, 'office-venue-import-1280');
  }, 120_000);

  it('refers a hard case from the ledger to joint enforcement and records the outcome (联合执法)', async () => {
    const zhang = await as('zhang');
    const duban = await as('duban');
    const venue = await venueNamed(zhang, '老张烩面馆');
    const checklist = await zhang('GET', `/api/checklists/${venue.kind}`);
    const failed = checklist.items.find((i: any) => i.requiresRectification).code;
    const inspected = await zhang('POST', '/api/inspections', inspectionBody(venue.id, checklist, { fail: [failed], at: new Date() }));
    const problemId = inspected.problems[0].id;

    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'duban');
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '问题台账', exact: true }).click();
    const row = page.locator(`tr[data-problem-id="${problemId}"]`);
    await row.getByRole('button', { name: '移交联合执法' }).click();
    const dialog = page.locator('dialog#joint-dialog');
    await dialog.getByLabel('移交理由').fill('多次整改不到位，拒不配合');
    await dialog.getByRole('button', { name: '移交联合执法' }).click();
    await expect.poll(() => dialog.locator('input[name="agencies"]').first().getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('公安').check();
    await dialog.getByLabel('市场监管').check();
    await h.screenshot(page, 'office-joint-refer-1280');
    await dialog.getByRole('button', { name: '移交联合执法' }).click();
    await page.getByRole('status').filter({ hasText: '已移交联合执法：老张烩面馆' }).waitFor();

    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '联合执法', exact: true }).click();
    const referral = page.getByTestId('referral-list').locator('tr').filter({ hasText: '老张烩面馆' });
    await referral.waitFor();
    expect(await referral.textContent()).toContain('公安、市场监管');
    expect(await referral.textContent()).toContain('处理中');
    await referral.getByRole('button', { name: '登记处理结果' }).click();
    const outcome = page.locator('dialog#outcome-dialog');
    await outcome.getByLabel('处理结果').selectOption('penalised');
    await outcome.getByLabel('处理情况').fill('市场监管所依法处罚，责令停业整改三天');
    await outcome.getByRole('button', { name: '登记处理结果' }).click();
    await page.getByRole('status').filter({ hasText: '已登记联合执法结果：老张烩面馆' }).waitFor();
    await expect.poll(() => referral.textContent()).toContain('已依法处罚');
    await h.screenshot(page, 'office-joint-1280');
    const events = (await duban('GET', `/api/venues/${venue.id}/events`)).items.map((e: any) => e.type);
    expect(events.slice(0, 2)).toEqual(['joint-concluded', 'joint-referred']);

    const phone = await h.open(PHONE);
    await h.signIn(phone.page, 'longhu', 'duban');
    await phone.page.goto(`${h.url}/#/joint-enforcement`);
    await phone.page.getByTestId('referral-list').waitFor();
    await h.screenshot(phone.page, 'office-joint-360');
  }, 120_000);
});
