/** One place that turns an API failure into a sentence in the user's language. */
import { ApiError } from '../api/client';
import { t } from '../i18n/i18n';

export function errorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return t('error.other', { message: error instanceof Error ? error.message : String(error) });
  if (error.isNetwork) return t('error.network');
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
      return error.currentVersion !== undefined ? t('error.stale') : t('error.conflict', { message: error.message });
    case 'too_large':
      return t('error.too_large');
    case 'internal':
      return t('error.internal', { requestId: error.requestId ?? '—' });
    case 'validation':
      return t('error.validation');
    default:
      return t('error.other', { message: error.message });
  }
}
