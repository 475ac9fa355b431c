/**
 * The 三色管理图 in headless Chromium against the whole local system and its demo (longhu: 泰山村 has
 * 49 venues over its 2 groups, 24.5 a group; 小乔村 16 in one group; the demo's thresholds 15 / 20):
 * the supervisor drills down from the town to the groups on the desktop; the admin raises the
 * thresholds in 规则 and the colours follow; the grid leader sees only his village on the phone and
 * switches the measure; the supervisor colours the map by the running testing round's coverage (the
 * thresholds in the legend, 泰山村 yellow, 小乔村 green, 龙湖社区 red) and drills down; the same in English. Screenshots at 360 and 1280 px go to test-artifacts/.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, useHarness } from './harness';

const h = useHarness();

const tile = (page: Page, gridId: string) => page.locator(`svg.grid-map [data-grid-id="${gridId}"]`);
const colourOf = (page: Page, gridId: string) => tile(page, gridId).getAttribute('data-colour');

/** The town's supervisor on the desktop, at the map through the navigation, the town's zones drawn. */
async function supervisorAtTheMap(): Promise<Page> {
  const { page } = await h.open(DESKTOP);
  await h.signIn(page, 'longhu', 'duban');
  await page.getByRole('navigation', { name: '导航' }).getByRole('link', { name: '三色管理图', exact: true }).click();
  await page.getByRole('heading', { name: '三色管理图' }).waitFor();
  await tile(page, 'lh-1').waitFor();
  return page;
}

describe('三色管理图', () => {
  it('drills down from the town to the groups, coloured by venues per grid, with a legend', async () => {
    const page = await supervisorAtTheMap();
    expect(await page.locator('svg.grid-map [data-grid-id]').count()).toBe(2);
    await h.screenshot(page, 'grid-map-town-1280');
    await tile(page, 'lh-1').click();
    await tile(page, 'lh-1-taishan').waitFor();
    expect(await colourOf(page, 'lh-1-taishan')).toBe('red');
    expect(await colourOf(page, 'lh-1-xiaoqiao')).toBe('yellow');
    expect(await page.getByTestId('legend-red').textContent()).toBe('1');
    expect(await page.getByTestId('legend-yellow').textContent()).toBe('1');
    expect(await page.getByRole('navigation', { name: '所在层级' }).textContent()).toContain('全部');
    await tile(page, 'lh-1-taishan').click();
    await tile(page, 'lh-1-taishan-1').waitFor();
    // The lowest grids: 19 and 18 venues, yellow; they cannot be drilled into.
    expect(await colourOf(page, 'lh-1-taishan-1')).toBe('yellow');
    expect(await tile(page, 'lh-1-taishan-1').evaluate((e) => e.tagName.toLowerCase())).toBe('g');
    await h.screenshot(page, 'grid-map-village-1280');
    // Up again by the trail.
    await page.getByRole('navigation', { name: '所在层级' }).getByRole('link', { name: '全部' }).click();
    await tile(page, 'lh-2').waitFor();
  });

  it("colours the grids by the running testing round's coverage, with its thresholds, and drills down", async () => {
    const page = await supervisorAtTheMap();
    await page.getByLabel('检测覆盖率').check();
    await expect.poll(() => page.url()).toContain('measure=coverage');
    // The demo's round 5, its tested people, and the coverage thresholds (red below 60 %, green from 90 %).
    await page.locator('p.muted').filter({ hasText: '第5轮' }).waitFor();
    const legend = page.locator('.grid-map-legend');
    expect(await legend.textContent()).toContain('红：覆盖率 < 60%');
    expect(await legend.textContent()).toContain('绿：≥ 90%');
    // Each tile: tested of the target, with the share.
    await expect.poll(() => tile(page, 'lh-1').textContent()).toMatch(/应检 [\d,]+ 人，[\d.]+%/);
    await h.screenshot(page, 'grid-map-coverage-town-1280');
    // 第一片区: 泰山村 half-way (yellow), 小乔村 done (green).
    await tile(page, 'lh-1').click();
    await tile(page, 'lh-1-taishan').waitFor();
    expect(page.url()).toContain('measure=coverage');
    expect(await colourOf(page, 'lh-1-taishan')).toBe('yellow');
    expect(await colourOf(page, 'lh-1-xiaoqiao')).toBe('green');
    expect(await page.getByTestId('legend-green').textContent()).toBe('1');
    expect(await page.getByTestId('legend-yellow').textContent()).toBe('1');
    await h.screenshot(page, 'grid-map-coverage-zone-1280');
    // 第二片区: 龙湖社区 far behind (red).
    await page.getByRole('navigation', { name: '所在层级' }).getByRole('link', { name: '全部' }).click();
    await tile(page, 'lh-2').click();
    await tile(page, 'lh-2-longhu').waitFor();
    expect(await colourOf(page, 'lh-2-longhu')).toBe('red');
    // Down to a village's groups, each coloured by its own people.
    await tile(page, 'lh-2-longhu').click();
    await tile(page, 'lh-2-longhu-a').waitFor();
    expect(await page.locator('svg.grid-map [data-grid-id]').count()).toBe(2);
    await h.screenshot(page, 'grid-map-coverage-village-1280');
  });

  it('follows the thresholds changed in the rules screen', async () => {
    const { page } = await h.open(DESKTOP);
    await h.signIn(page, 'longhu', 'admin');
    await page.goto(`${h.url}/#/rules`);
    await page.locator('#rule-gridMap-venues-yellow').waitFor();
    await page.locator('#rule-gridMap-venues-yellow').fill('20');
    await page.locator('#rule-gridMap-venues-red').fill('50');
    await page.getByRole('button', { name: '保存规则' }).click();
    await page.getByRole('status').filter({ hasText: '规则已保存' }).waitFor();
    await page.goto(`${h.url}/#/grid-map?measure=venues&grid=lh-1`);
    await tile(page, 'lh-1-taishan').waitFor();
    // 24.5 a group is yellow from 20, 16 is green.
    await expect.poll(() => colourOf(page, 'lh-1-taishan')).toBe('yellow');
    expect(await colourOf(page, 'lh-1-xiaoqiao')).toBe('green');
    expect(await page.locator('.grid-map-legend').textContent()).toContain('≥ 50');
    await h.screenshot(page, 'grid-map-after-rules-1280');
  });

  it('shows the grid leader his village on the phone, by venues and by households', async () => {
    const { page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'zhang');
    await page.goto(`${h.url}/#/grid-map`);
    await tile(page, 'lh-1-taishan').waitFor();
    expect(await page.locator('svg.grid-map [data-grid-id]').count()).toBe(1);
    await h.screenshot(page, 'grid-map-leader-360');
    await page.getByLabel('户数').check();
    await expect.poll(() => page.url()).toContain('measure=households');
    await tile(page, 'lh-1-taishan').click();
    await tile(page, 'lh-1-taishan-2').waitFor();
    await h.screenshot(page, 'grid-map-households-360');
  });

  it('speaks English', async () => {
    const { page } = await h.open(DESKTOP, 'en');
    await h.signIn(page, 'longhu', 'shijianju');
    await page.goto(`${h.url}/#/grid-map?measure=openProblems`);
    await page.getByRole('heading', { name: 'Three-colour map' }).waitFor();
    await tile(page, 'lh-1').waitFor();
    // An industry authority is not offered households.
    expect(await page.getByLabel('Households').count()).toBe(0);
    expect(await page.getByLabel('Open problems').isChecked()).toBe(true);
    await h.screenshot(page, 'grid-map-en-1280');
  });
});
