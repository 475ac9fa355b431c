/**
 * One place that turns an API failure into a sentence in the user's language. The API's `message`
 * is English for logs and API users and is never shown: a refusal carries a `reason` and `params`
 * (shared/errors.ts), worded here; anything else is said by its status.
 */
import type { ErrorReason } from '../../../shared/errors';
import { ApiError } from '../api/client';
import { formatDateTime, language, type Params, t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

/** Every reason the API can give has a text: the compiler checks each `reason.*` key exists. */
const reasonKey = (reason: ErrorReason): MessageKey => `reason.${reason}`;

/** A reason this build words (a newer API may send one it does not know yet: then the status speaks). */
const isReason = (value: unknown): value is ErrorReason => typeof value === 'string' && t(`reason.${value}` as MessageKey) !== `reason.${value}`;

const PROBLEM_ACTIONS: Record<string, MessageKey> = {
  'issue-notice': 'ladder.notice',
  'report-rectification': 'ladder.rectification',
  recheck: 'ladder.recheck',
  reopen: 'ladder.reopen',
  'mark-overdue': 'ladder.mark-overdue',
};

/** A known key's text, or undefined (t answers the key itself when it has none). */
const textOf = (key: string, params?: Params): string | undefined => {
  const text = t(key as MessageKey, params);
  return text === key ? undefined : text;
};

/** Params in the reader's words: instants as local date and time, roles and statuses by their labels. */
function wordParams(reason: ErrorReason, params: Record<string, unknown>): Params {
  const out: Params = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const text = String(value);
    if (name === 'roles') out[name] = text.split(',').map((r) => textOf(`role.${r}`) ?? r).join(language() === 'zh-CN' ? '、' : ', ');
    else if (name === 'since' && /T\d{2}:/.test(text)) out[name] = formatDateTime(text);
    else if (name === 'status' && reason === 'problem.step') out[name] = textOf(`problemStatus.${text}`) ?? text;
    else if (name === 'status' && reason === 'monitoring.alertState') out[name] = textOf(`alertStatus.${text}`) ?? text;
    else if (name === 'status' && reason === 'monitoring.episodeState') out[name] = textOf(`episodeStatus.${text}`) ?? text;
    else if (name === 'status' && reason === 'monitoring.personInactive') out[name] = textOf(`residents.status.${text}`) ?? text;
    else if (name === 'action') out[name] = textOf(PROBLEM_ACTIONS[text] ?? '') ?? text;
    else out[name] = value;
  }
  return out;
}

/** The sentence for a refusal's reason, if the body has one this app knows. */
export function reasonText(body: Record<string, unknown>): string | undefined {
  const reason = body.reason;
  if (!isReason(reason)) return undefined;
  const raw = (body.params ?? {}) as Record<string, unknown>;
  // A step of the ladder that does not apply: the exact why, where there is one.
  if (reason === 'problem.step') {
    const exact = textOf(`problemStep.${raw.action}.${raw.status}`);
    if (exact) return exact;
  }
  return t(reasonKey(reason), wordParams(reason, raw));
}

export function errorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return t('error.unexpected');
  if (error.isNetwork) return t('error.network');
  const known = reasonText(error.body);
  if (known) return known;
  switch (error.code) {
    case 'unauthorized':
      return t('error.unauthorized');
    case 'too_many_attempts':
      return t('error.too_many_attempts');
    case 'rate_limited': {
      // The API names the limit (user, tenant, identity) and the wait.
      const limit = error.body.limit === 'tenant' || error.body.limit === 'identity' ? error.body.limit : 'user';
      return t(`error.rate_limited.${limit}`, { seconds: Number(error.body.retryAfterSeconds ?? 1) });
    }
    case 'forbidden':
      return t('error.forbidden');
    case 'not_found':
      return t('error.not_found');
    case 'conflict':
    case 'illegal_transition':
      return error.currentVersion !== undefined ? t('error.stale') : t('error.conflict');
    case 'busy':
      return t('reason.busy');
    case 'too_large':
      return t('error.too_large');
    case 'internal':
      return t('error.internal', { requestId: error.requestId ?? '—' });
    case 'validation':
      return t('error.validation');
    default:
      return t('error.other', { status: error.status });
  }
}
