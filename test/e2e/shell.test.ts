/**
 * The web app shell in headless Chromium against the whole local system: sign-in and the language
 * switch, a 401 returning to sign-in, the admin grid tree, users, the platform's tenants, and the
 * shell loading offline (and a closed tab reopening signed in: the session is in localStorage).
 * Screenshots go to test-artifacts/ (git-ignored).
 */
import { describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, useHarness } from './harness';

const h = useHarness();

describe('web app shell', () => {
  it('signs in in Chinese, then switches to English and keeps the choice', async () => {
    const { page } = await h.open(PHONE);
    await page.goto(h.url);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByRole('heading', { name: '登录' }).waitFor();
    for (const label of ['租户', '用户名', '密码']) expect(await page.getByLabel(label, { exact: true }).isVisible()).toBe(true);
    await h.screenshot(page, 'sign-in-360');

    // A wrong password: the API's refusal, in Chinese.
    await page.getByLabel('租户', { exact: true }).fill('longhu');
    await page.getByLabel('用户名', { exact: true }).fill('admin');
    await page.getByLabel('密码', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').filter({ hasText: '租户、用户名或密码不正确' }).waitFor();

    await page.getByLabel('密码', { exact: true }).fill('gridwatch-demo');
    await page.getByRole('button', { name: '登录' }).click();
    const nav = page.getByRole('navigation', { name: '导航' });
    await nav.getByRole('link', { name: '网格' }).waitFor();
    for (const item of ['规则', '检查表', '用户', '场所导入']) expect(await nav.getByRole('link', { name: item, exact: true }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: '今日任务' }).count()).toBe(0);
    await page.getByText('新郑市龙湖镇').waitFor();
    await page.getByText('王建国（管理员）').waitFor();

    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('navigation', { name: 'Navigation' }).getByRole('link', { name: 'Grids' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // A reload keeps both the session and the language (localStorage).
    await page.reload();
    await page.getByRole('link', { name: 'Users' }).waitFor();
    await page.getByRole('link', { name: 'Rules', exact: true }).click();
    await page.getByRole('heading', { name: 'Rules' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByText('You have signed out.').waitFor();
    await page.setViewportSize(DESKTOP);
    await h.screenshot(page, 'sign-in-1280-en');
  });

  it('returns to sign-in when the API answers 401', async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'admin');
    // The tenant profile arrives after sign-in and is saved with the session: forging the token
    // before it has arrived lets that save put the real token back.
    await page.getByText('新郑市龙湖镇').waitFor();
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('gridwatch.session')!);
      localStorage.setItem('gridwatch.session', JSON.stringify({ ...s, token: 'not-a-token' }));
    });
    await page.goto(`${h.url}/#/users`);
    await page.reload();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await page.getByRole('alert').filter({ hasText: '登录已过期' }).waitFor();
  });

  it("counts today on the tenant's clock from the first screen after sign-in, whatever the device's zone", async () => {
    // A device in Honolulu at 10:00, which is 04:00 the next day in 龙湖: the two dates differ.
    const context = await h.browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Pacific/Honolulu' });
    try {
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      await page.clock.install({ time: new Date('2026-12-06T20:00:00Z') });
      // The tenant's profile is slow to come; the dashboard opens at once and must not count the device's date.
      await context.route('**/api/tenant', async (route) => {
        await new Promise((r) => setTimeout(r, 1500));
        await route.continue();
      });
      await h.signIn(page, 'longhu', 'duban');
      await page.getByRole('heading', { name: '看板' }).waitFor();
      expect(await page.getByLabel('日期').inputValue()).toBe('2026-12-07');
    } finally {
      await context.close();
    }
  });

  it('shows the admin grid tree, adds a grid (errors beside the field), renames and retires it', async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'admin');
    await page.getByRole('link', { name: '网格' }).click();
    const tree = page.getByRole('list', { name: '网格' });
    const row = (name: string) => tree.locator('li.grid-row').filter({ has: page.locator('.grid-name', { hasText: new RegExp(`^${name}$`) }) });
    await row('第一片区').waitFor();
    expect(await row('第一片区').locator('.level').textContent()).toBe('一级网格（片区）');
    expect(await row('泰山村一组').locator('.level').textContent()).toBe('三级网格（组/楼院）');

    await row('泰山村').locator('button.grid-item').click();
    await row('泰山村').getByRole('button', { name: '添加下级' }).click();
    const dialog = page.getByRole('dialog', { name: '添加三级网格（组/楼院）' });
    await dialog.waitFor();
    // Nothing typed: the API's validation error appears beside the name field.
    await dialog.getByRole('button', { name: '新建' }).click();
    const name = dialog.getByLabel('名称');
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('#grid-name-error').isVisible()).toBe(true);

    await name.fill('泰山村三组');
    await dialog.getByLabel('户数').fill('40');
    await dialog.getByRole('button', { name: '新建' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: '已添加网格“泰山村三组”' }).waitFor();
    await row('泰山村三组').waitFor();
    expect(await row('泰山村三组').locator('.level').textContent()).toBe('三级网格（组/楼院）');
    expect(await row('泰山村三组').locator('.grid-meta').textContent()).toContain('40 户');
    // It sits in the tree under 泰山村, after the groups made before it.
    const names = await tree.locator('.grid-name').allTextContents();
    expect(names.indexOf('泰山村三组')).toBe(names.indexOf('泰山村二组') + 1);
    await h.screenshot(page, 'admin-grids-1280');

    await page.setViewportSize(PHONE);
    await h.screenshot(page, 'admin-grids-360');
    await page.setViewportSize(DESKTOP);

    // Rename (sends the version), then retire.
    await row('泰山村三组').getByRole('button', { name: '编辑' }).click();
    const edit = page.getByRole('dialog', { name: '编辑网格：泰山村三组' });
    await edit.getByLabel('名称').fill('泰山村第三组');
    await edit.getByRole('button', { name: '保存' }).click();
    await edit.waitFor({ state: 'detached' });
    await row('泰山村第三组').waitFor();

    await row('泰山村第三组').getByRole('button', { name: '撤销' }).click();
    await page.getByRole('dialog', { name: '撤销网格：泰山村第三组' }).getByRole('button', { name: '确认撤销' }).click();
    await row('泰山村第三组').waitFor({ state: 'detached' });
    await page.getByLabel('显示已撤销的网格').check();
    await row('泰山村第三组').locator('.badge', { hasText: '已撤销' }).waitFor();
  });

  it('says every error it shows in Chinese: field limits, formats, a taken id, a refusal by reason (no English server text)', async () => {
    const { page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'admin');
    /** Every error text on the page, which must hold no English word (the API's messages are English). */
    const errorTexts = async () => (await page.locator('.error, [role="alert"]').allTextContents()).map((s) => s.trim()).filter(Boolean);
    const noEnglish = async (typed = '') => {
      const texts = await errorTexts();
      expect(texts.length).toBeGreaterThan(0);
      // What the user typed may be quoted back; nothing else may be English.
      for (const text of texts) expect(text.replace(typed, ''), text).not.toMatch(/[A-Za-z]{4,}/);
      return texts.join(' | ');
    };

    await page.getByRole('link', { name: '用户' }).click();
    await page.locator('tr[data-user-id="zhang"]').waitFor();
    await page.getByRole('button', { name: '新建用户' }).click();
    const create = page.getByRole('dialog', { name: '新建用户' });
    // The API's limits and formats: a user name with a space, a short password.
    await create.getByLabel('用户名').fill('Wang Fang');
    await create.getByLabel('姓名').fill('王芳');
    await create.getByLabel('初始密码').fill('short');
    await create.getByRole('button', { name: '新建' }).click();
    await create.locator('#user-password-error', { hasText: '至少 8 个字符' }).waitFor();
    await create.locator('#user-id-error', { hasText: '格式不正确' }).waitFor();
    await noEnglish();
    // A user name that is taken: the 409's reason.
    await create.getByLabel('用户名').fill('zhang');
    await create.getByLabel('初始密码').fill('long-enough-1');
    await create.getByRole('button', { name: '新建' }).click();
    await create.getByText('已存在，不能重复创建。').waitFor();
    await noEnglish();
    await h.screenshot(page, 'errors-zh-360');
    await create.getByRole('button', { name: '取消' }).click();

    // A grid code that is taken: the 409's reason with its params.
    await page.getByRole('link', { name: '网格' }).click();
    const tree = page.getByRole('list', { name: '网格' });
    const taishan = tree.locator('li.grid-row').filter({ has: page.locator('.grid-name', { hasText: /^泰山村$/ }) });
    await taishan.locator('button.grid-item').click();
    await taishan.getByRole('button', { name: '添加下级' }).click();
    const dialog = page.getByRole('dialog', { name: '添加三级网格（组/楼院）' });
    await dialog.getByLabel('名称').fill('重复编码组');
    await dialog.getByLabel('编码').fill('lh-1-taishan-1');
    await dialog.getByRole('button', { name: '新建' }).click();
    await dialog.getByText('编号 lh-1-taishan-1 已被使用。').waitFor();
    await noEnglish('lh-1-taishan-1');
  });

  it('creates a user with roles and grids (API errors beside the fields), edits and resets the password', async () => {
    const { page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'admin');
    await page.getByRole('link', { name: '用户' }).click();
    await page.locator('tr[data-user-id="zhang"]').waitFor();

    await page.getByRole('button', { name: '新建用户' }).click();
    const create = page.getByRole('dialog', { name: '新建用户' });
    await create.getByLabel('用户名').fill('Wang Fang');
    await create.getByRole('button', { name: '新建' }).click();
    await expect.poll(() => create.getByLabel('用户名').getAttribute('aria-invalid')).toBe('true');
    await create.locator('#user-name-error', { hasText: '必填' }).waitFor();
    expect(await create.getByLabel('初始密码').getAttribute('aria-invalid')).toBe('true');

    await create.getByLabel('用户名').fill('wangfang');
    await create.getByLabel('姓名').fill('王芳（网格员）');
    await create.getByLabel('初始密码').fill('wangfang-2024');
    await create.getByPlaceholder('筛选网格').fill('小乔村');
    await create.getByRole('checkbox', { name: /^小乔村一组/ }).check();
    await create.getByRole('button', { name: '新建' }).click();
    await create.waitFor({ state: 'detached' });
    const row = page.locator('tr[data-user-id="wangfang"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('小乔村一组');

    await row.getByRole('button', { name: /^编辑/ }).click();
    const edit = page.getByRole('dialog', { name: '编辑用户：王芳（网格员）' });
    await edit.getByLabel('休假中（暂停派发任务）').check();
    await edit.getByRole('button', { name: '保存' }).click();
    await edit.waitFor({ state: 'detached' });
    await row.locator('.badge', { hasText: '休假' }).waitFor();

    await row.getByRole('button', { name: /^重置密码/ }).click();
    const reset = page.getByRole('dialog', { name: '重置密码：王芳（网格员）' });
    await reset.getByLabel('新密码').fill('new-password-1');
    await reset.getByRole('button', { name: '重置密码' }).click();
    await reset.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: '已重置“王芳（网格员）”的密码' }).waitFor();
    await h.screenshot(page, 'admin-users-360');

    // The new password works.
    await page.getByRole('button', { name: '退出' }).click();
    await h.signIn(page, 'longhu', 'wangfang', 'new-password-1');
    await page.getByRole('link', { name: '待同步' }).waitFor();
  });

  it('lets the platform admin create a tenant whose admin can then sign in', async () => {
    const { page } = await h.open(DESKTOP, 'en');
    await h.signIn(page, 'platform', 'root');
    await page.locator('tr[data-tenant-id="longhu"]').waitFor();
    await page.getByRole('button', { name: 'New tenant' }).click();
    const dialog = page.getByRole('dialog', { name: 'New tenant and its admin' });
    await dialog.getByLabel('Tenant code').fill('Bad Code');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => dialog.getByLabel('Tenant code').getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByLabel('Admin initial password').getAttribute('aria-invalid')).toBe('true');

    await dialog.getByLabel('Tenant code').fill('xiaoqiao');
    await dialog.getByLabel('Chinese name').fill('新郑市小乔镇');
    await dialog.getByLabel('English name').fill('Xiaoqiao Town, Xinzheng');
    await dialog.getByLabel('Admin full name').fill('周敏（管理员）');
    await dialog.getByLabel('Admin initial password').fill('xiaoqiao-admin');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('tr[data-tenant-id="xiaoqiao"]', { hasText: 'Xiaoqiao Town, Xinzheng' }).waitFor();
    await h.screenshot(page, 'platform-tenants-1280-en');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await h.signIn(page, 'xiaoqiao', 'admin', 'xiaoqiao-admin');
    await page.getByRole('link', { name: 'Grids' }).click();
    await page.getByText('No grids yet. Start with a level 1 grid.').waitFor();
  });

  it('loads the shell offline after the first visit', async () => {
    const { context, page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'zhang');
    await page.getByRole('link', { name: '今日任务' }).waitFor();
    // The service worker has cached the shell and controls the page.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { polling: 100, timeout: 15_000 });

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('link', { name: '待同步' }).click();
    await page.getByRole('heading', { name: '待同步' }).waitFor();
    await page.locator('.badge.offline', { hasText: '离线' }).waitFor();
    await page.getByText('没有等待发送的内容。').waitFor();
    await h.screenshot(page, 'inspector-outbox-offline-360');

    // The tab is closed and the app reopened offline: still signed in (the token is kept in
    // localStorage for the shift), so the queue can be seen and synced.
    await page.close();
    const second = await context.newPage();
    await second.goto(h.url);
    await second.getByRole('link', { name: '待同步' }).waitFor();
    // After signing out, a new tab shows sign-in, from the cache.
    await second.getByRole('button', { name: '退出' }).click();
    await second.getByRole('heading', { name: '登录' }).waitFor();
    const third = await context.newPage();
    await third.goto(h.url);
    await third.getByRole('heading', { name: '登录' }).waitFor();
    await context.setOffline(false);
  });
});
