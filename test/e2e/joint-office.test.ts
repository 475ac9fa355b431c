/**
 * 联合执法 in the office's screens, in headless Chromium against the whole local system: the day's
 * referrals and outcomes on the daily report (per agency, the list with links; also in its print view
 * and in English on a phone) and on the dashboard; the agencies edited on the tenant admin's rules
 * screen (the server's field errors beside the fields, a concurrent edit's 409 reloads).
 * Screenshots in test-artifacts/joint-*.png.
 */
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { inspectionBody } from '../support/field';
import { demoApi } from './demo-api';
import { DESKTOP, PHONE, useHarness } from './harness';

const h = useHarness();

/** The API as a demo user (setting the scene the screens then show). */
const as = (username: string) => demoApi(h.url, username);

describe('联合执法 in the office', () => {
  it("shows the day's referrals and outcomes on the daily report (also printed, and in English) and the dashboard", async () => {
    const duban = await as('duban');
    const zhang = await as('zhang');
    const venue = (await duban('GET', `/api/venues?q=${encodeURIComponent('老张烩面馆')}`)).items[0];
    const checklist = await zhang('GET', `/api/checklists/${venue.kind}`);
    const failed = checklist.items.find((i: any) => i.requiresRectification).code;
    const inspected = await zhang('POST', '/api/inspections', inspectionBody(venue.id, checklist, { fail: [failed], at: new Date() }));
    const referralId = ulid();
    await duban('POST', '/api/joint-enforcement', { id: referralId, problemId: inspected.problems[0].id, agencies: ['police', 'market-regulation'], reason: '多次整改不到位' });
    await duban('POST', `/api/joint-enforcement/${referralId}/outcome`, { version: 1, outcome: 'penalised', note: '依法处罚' });
    const today = (await duban('GET', '/api/plans/today')).date;

    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'duban');
    await page.goto(`${h.url}/#/daily-report?date=${today}`);
    const section = page.getByTestId('joint-day');
    await section.getByTestId('joint-day-summary').filter({ hasText: '当日移交 1 件，办结 1 件' }).waitFor();
    expect(await section.locator('tr[data-agency="police"]').textContent()).toMatch(/公安\s*1\s*1/);
    expect(await section.locator('tr[data-agency="health"]').count()).toBe(0);
    const steps = section.locator(`li[data-referral-id="${referralId}"]`);
    expect(await steps.count()).toBe(2);
    expect(await steps.last().textContent()).toContain('已依法处罚');
    expect(await steps.first().locator('a').getAttribute('href')).toBe(`#/venues/${venue.id}`);
    await h.screenshot(page, 'joint-day-report-1280');

    // The print view: the report with its 联合执法 section, without the toolbar and navigation.
    await page.emulateMedia({ media: 'print' });
    expect(await section.isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: '打印日报' }).isVisible()).toBe(false);
    await h.screenshot(page, 'joint-day-report-print');
    await page.emulateMedia({ media: 'screen' });

    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '看板', exact: true }).click();
    await page.locator('gw-dashboard').getByTestId('joint-day-summary').filter({ hasText: '当日移交 1 件，办结 1 件' }).waitFor();
    await h.screenshot(page, 'joint-day-dashboard-1280');

    const phone = await h.open(PHONE, 'en');
    await h.signIn(phone.page, 'longhu', 'duban');
    await phone.page.goto(`${h.url}/#/daily-report?date=${today}`);
    await phone.page.getByTestId('joint-day-summary').filter({ hasText: 'Referred that day: 1; concluded: 1' }).waitFor();
    expect(await phone.page.getByTestId('joint-day').locator('tr[data-agency="market-regulation"]').textContent()).toContain('Market regulation');
    await h.screenshot(phone.page, 'joint-day-report-360-en');
  }, 120_000);

  it('lets the tenant admin edit the agencies on the rules screen: field errors beside the fields, a stale version reloads', async () => {
    const admin = await as('admin');
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'admin');
    await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '规则', exact: true }).click();
    const agencies = page.getByTestId('rules-agencies');
    await agencies.locator('#rule-agency-2-code').waitFor();
    expect(await agencies.locator('#rule-agency-0-nameZh').inputValue()).toBe('公安');

    // A new row: a code the API refuses and a code twice, each said beside its field in Chinese.
    await agencies.getByRole('button', { name: '添加部门' }).click();
    await agencies.locator('#rule-agency-3-code').fill('Fire Brigade');
    await agencies.locator('#rule-agency-3-nameZh').fill('消防');
    await agencies.locator('#rule-agency-3-nameEn').fill('Fire brigade');
    await page.getByRole('button', { name: '保存规则' }).click();
    await expect.poll(() => agencies.locator('#rule-agency-3-code').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#rule-agency-3-code-error').textContent()).toContain('格式不正确');
    await agencies.locator('#rule-agency-3-code').fill('police');
    await page.getByRole('button', { name: '保存规则' }).click();
    await agencies.getByText('不能重复').first().waitFor();
    await h.screenshot(page, 'joint-rules-errors-1280');

    // Someone else saves meanwhile: the save is refused, said plainly, and the screen reloads their version.
    const current = await admin('GET', '/api/rules');
    const { version: _v, updatedAt: _u, updatedBy: _b, ...body } = current;
    await admin('PUT', '/api/rules', { ...body, version: current.version, jointEnforcement: { agencies: [...current.jointEnforcement.agencies, { code: 'education', nameZh: '教育', nameEn: 'Education' }] } });
    await agencies.locator('#rule-agency-3-code').fill('fire');
    await page.getByRole('button', { name: '保存规则' }).click();
    await page.getByText('数据已被他人修改，请刷新后再试。').first().waitFor();
    await expect.poll(() => agencies.locator('#rule-agency-3-nameZh').inputValue()).toBe('教育');

    // Then the admin's own change on the reloaded version: a row removed, one added.
    await agencies.locator('[data-agency-row="1"]').getByRole('button', { name: '删除' }).click();
    await agencies.getByRole('button', { name: '添加部门' }).click();
    await agencies.locator('#rule-agency-3-code').fill('fire');
    await agencies.locator('#rule-agency-3-nameZh').fill('消防');
    await agencies.locator('#rule-agency-3-nameEn').fill('Fire brigade');
    await page.getByRole('button', { name: '保存规则' }).click();
    await page.getByRole('status').filter({ hasText: /规则已保存（第 \d+ 版）/ }).waitFor();
    await h.screenshot(page, 'joint-rules-1280');
    const saved = (await admin('GET', '/api/joint-enforcement/agencies')).agencies.map((a: any) => `${a.code}:${a.nameZh}`);
    expect(saved).toEqual(['police:公安', 'market-regulation:市场监管', 'education:教育', 'fire:消防']);
  }, 120_000);
});
