/**
 * Issue 13 §3, in the browser: the Chinese UI shows every error the API can give in Chinese. The
 * user-creation dialog (a form with a field and a summary, like every form of the app) is answered,
 * one submit after another, with each refusal reason the API has (a 409 with its params) and each
 * field rule it has (a 400 naming the user name field), every one carrying an English message as
 * the API's do; what the page then shows must hold no English word. The wording functions are
 * unit-tested with their params in test/unit/error-wording.test.ts; this walks them in the real UI.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_REASONS, ISSUE_REASONS } from '../../shared/errors';
import { type MessageKey, zhCN } from '../../web/src/i18n/messages';
import { PHONE, useHarness } from './harness';

const h = useHarness();
const ENGLISH_WORD = /[A-Za-z]{4,}/;

/** A plausible value for each placeholder a reason's text has (an instant for times, a count else). */
function paramsOf(key: MessageKey): Record<string, string | number> {
  const names = [...(zhCN[key] ?? '').matchAll(/\{(\w+)/g)].map((m) => m[1]);
  return Object.fromEntries(names.map((n) => [n, /since|at$|until|deadline|time|when/i.test(n) ? '2026-11-20T02:00:00.000Z' : /date|day$/i.test(n) ? '2026-11-20' : 3]));
}

describe('every error in Chinese', () => {
  it('words each refusal reason and each field rule the API has without an English word', async () => {
    const { page } = await h.open(PHONE);
    await h.signIn(page, 'longhu', 'admin');
    await page.getByRole('link', { name: '用户' }).click();
    await page.locator('tr[data-user-id="zhang"]').waitFor();
    await page.getByRole('button', { name: '新建用户' }).click();
    const create = page.getByRole('dialog', { name: '新建用户' });
    await create.getByLabel('用户名').fill('wangfang');
    await create.getByLabel('姓名').fill('王芳');
    await create.getByLabel('初始密码').fill('long-enough-1');

    let answer: { status: number; body: unknown } = { status: 500, body: {} };
    let answered = 0;
    await page.route('**/api/users', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      answered++;
      await route.fulfill({ status: answer.status, contentType: 'application/json', body: JSON.stringify(answer.body) });
    });
    const submit = create.getByRole('button', { name: '新建' });
    const shown = async () => (await create.locator('.error, [role="alert"]').allTextContents()).map((s) => s.trim()).filter(Boolean);

    const cases = [
      ...ERROR_REASONS.map((reason) => ({ what: `reason.${reason}`, status: 409, body: { error: 'conflict', message: `refused: ${reason} (the API's English)`, reason, params: paramsOf(`reason.${reason}` as MessageKey) } })),
      ...ISSUE_REASONS.map((reason) => ({
        what: `issue.${reason}`,
        status: 400,
        body: { error: 'validation', message: `body.id: not acceptable (${reason})`, issues: [{ path: 'body.id', message: 'Not acceptable as given', code: 'custom', params: { reason, days: 3 } }] },
      })),
    ];
    for (const [i, c] of cases.entries()) {
      answer = { status: c.status, body: c.body };
      await submit.click();
      await expect.poll(() => answered).toBe(i + 1);
      await expect.poll(() => submit.isEnabled()).toBe(true);
      const texts = await shown();
      expect(texts.length, c.what).toBeGreaterThan(0);
      for (const text of texts) expect(text.replace('wangfang', ''), `${c.what}: ${text}`).not.toMatch(ENGLISH_WORD);
    }
    expect(answered).toBe(ERROR_REASONS.length + ISSUE_REASONS.length);
    await h.screenshot(page, 'errors-every-reason-zh-360');
  }, 300_000);
});
