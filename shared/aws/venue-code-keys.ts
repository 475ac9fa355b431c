/**
 * The venue-code keyring (shared/domain/venues/venue-code.ts) from Secrets Manager at run time: one signed
 * GetSecretValue (no SDK client), kept in the warm container for 10 minutes so that a rotation
 * reaches every container soon; if a later read fails, the keyring in hand is used meanwhile.
 */
import { parseVenueCodeKeyring, type VenueCodeKeyring } from '../domain/venues/venue-code';
import { type AwsEnvironment, type AwsService, awsJsonCalls } from './signed-requests';

const KEEP_MS = 10 * 60 * 1000;

export function secretsManagerKeyring(
  secretId: string,
  options: { env?: AwsEnvironment; send?: AwsService['send']; now?: () => number } = {},
): () => Promise<VenueCodeKeyring> {
  const now = options.now ?? Date.now;
  const call = awsJsonCalls('secretsmanager', 'secretsmanager', '1.1', options);
  let held: { keyring: VenueCodeKeyring; until: number } | undefined;
  let pending: Promise<VenueCodeKeyring> | undefined;
  const read = async () => {
    const { SecretString } = await call<{ SecretString?: string }>('GetSecretValue', { SecretId: secretId });
    const keyring = parseVenueCodeKeyring(SecretString ?? '');
    held = { keyring, until: now() + KEEP_MS };
    return keyring;
  };
  return async () => {
    if (held && held.until > now()) return held.keyring;
    pending ??= read().finally(() => {
      pending = undefined;
    });
    if (!held) return pending;
    // Stale but usable: a failed refresh keeps the codes working.
    return pending.catch(() => held!.keyring);
  };
}
