/**
 * The API's field messages come from zod, in English. The generic ones (required, too short, too
 * long, wrong type) are said in the user's language here; a rule's own message (e.g. "lower-case
 * letters, digits, . _ - (2–40)") is shown as the API wrote it, under the field's hint that already
 * says the rule in the user's language.
 */
import { language } from '../i18n/i18n';

const RULES: { pattern: RegExp; zh: (m: RegExpMatchArray) => string; en: (m: RegExpMatchArray) => string }[] = [
  { pattern: /^Too small: expected string to have >=1 characters?$/, zh: () => '必填', en: () => 'Required' },
  { pattern: /^Too small: expected string to have >=(\d+) characters?$/, zh: (m) => `至少 ${m[1]} 个字符`, en: (m) => `At least ${m[1]} characters` },
  { pattern: /^Too big: expected string to have <=(\d+) characters?$/, zh: (m) => `最多 ${m[1]} 个字符`, en: (m) => `At most ${m[1]} characters` },
  { pattern: /^Too small: expected array to have >=(\d+) items?$/, zh: (m) => `至少选择 ${m[1]} 项`, en: (m) => `Choose at least ${m[1]}` },
  { pattern: /^Too big: expected array to have <=(\d+) items?$/, zh: (m) => `最多 ${m[1]} 项`, en: (m) => `At most ${m[1]}` },
  { pattern: /^Too small: expected number to be >=(-?[\d.]+)$/, zh: (m) => `不能小于 ${m[1]}`, en: (m) => `Must be at least ${m[1]}` },
  { pattern: /^Too big: expected number to be <=(-?[\d.]+)$/, zh: (m) => `不能大于 ${m[1]}`, en: (m) => `Must be at most ${m[1]}` },
  { pattern: /^Invalid input: expected (\w+), received undefined$/, zh: () => '必填', en: () => 'Required' },
  { pattern: /^Invalid input: expected (\w+), received (\w+)$/, zh: () => '格式不正确', en: () => 'Not in the expected format' },
  { pattern: /^Invalid option/, zh: () => '不是可选的值', en: () => 'Not one of the allowed values' },
  { pattern: /^Unrecognized key/, zh: () => '不允许的字段', en: () => 'Field not allowed' },
];

export function issueText(message: string): string {
  for (const rule of RULES) {
    const match = message.match(rule.pattern);
    if (match) return language() === 'zh-CN' ? rule.zh(match) : rule.en(match);
  }
  return message;
}
