/**
 * A field's problem in the user's language. The API sends zod's English message with the issue's
 * `code` and `params` (limits, format, a refinement's own `reason`: functions/api/errors.ts,
 * shared/errors.ts IssueReason); the words come from here. The English message is only a last
 * resort in English; in Chinese an unknown rule reads 不符合要求 beside the field's hint.
 */
import type { IssueReason } from '../../../shared/errors';
import type { Issue } from '../api/client';
import { language, t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

const known = (key: string, params?: Record<string, string | number>): string | undefined => {
  const text = t(key as MessageKey, params);
  return text === key ? undefined : text;
};

/** Every IssueReason the API can give has a text: the compiler checks each `issue.*` key exists. */
const issueKey = (reason: IssueReason): MessageKey => `issue.${reason}`;

function byCode(issue: Issue): string | undefined {
  const p = issue.params ?? {};
  const n = Number(p.minimum ?? p.maximum);
  switch (issue.code) {
    case 'too_small':
      if (p.origin === 'string') return n <= 1 ? t('issue.required') : t('issue.minLength', { n });
      if (p.origin === 'array' || p.origin === 'set') return t('issue.minItems', { n });
      return t('issue.minNumber', { n });
    case 'too_big':
      if (p.origin === 'string') return t('issue.maxLength', { n });
      if (p.origin === 'array' || p.origin === 'set') return t('issue.maxItems', { n });
      return t('issue.maxNumber', { n });
    case 'invalid_type':
      return p.missing ? t('issue.required') : t('issue.format');
    case 'invalid_format':
      return t('issue.format');
    case 'invalid_value':
      return t('issue.option');
    case 'unrecognized_keys':
      return t('issue.unknownField');
    case 'custom':
      if (typeof p.reason === 'string') return known(issueKey(p.reason as IssueReason), { days: Number(p.days ?? 0) });
      return undefined;
    default:
      return undefined;
  }
}

export function issueText(issue: Issue): string {
  return byCode(issue) ?? (language() === 'zh-CN' ? t('issue.invalid') : issue.message);
}
