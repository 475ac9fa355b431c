/**
 * The key provider in AWS: KMS, called as signed requests (shared/aws/signed-requests.ts, no SDK
 * client). GenerateDataKey makes a tenant's data key under the deployment's KMS key; Decrypt unwraps
 * it. The tenant id is the encryption context of both, so KMS itself refuses to unwrap a tenant's key
 * for another tenant, and CloudTrail records which tenant each Decrypt was for.
 */
import { type AwsEnvironment, awsService, jsonCall, serviceHost } from '../aws/signed-requests';
import type { KeyProvider } from './key-provider';

export function kmsKeyProvider(options: { keyId: string; env?: AwsEnvironment; send?: (request: Request) => Promise<Response> }): KeyProvider {
  let kms: ReturnType<typeof awsService> | undefined;
  const call = async <T>(operation: string, input: unknown): Promise<T> => {
    kms ??= awsService('kms', { env: options.env, send: options.send });
    const service = await kms;
    return jsonCall<T>(service, `https://${serviceHost('kms', service.region)}/`, `TrentService.${operation}`, input, '1.1');
  };
  const context = (tenantId: string) => ({ tenant: tenantId });

  return {
    name: 'kms',
    async generateDataKey(tenantId) {
      const out = await call<{ CiphertextBlob: string; Plaintext: string; KeyId: string }>('GenerateDataKey', {
        KeyId: options.keyId,
        KeySpec: 'AES_256',
        EncryptionContext: context(tenantId),
      });
      return { plaintext: Buffer.from(out.Plaintext, 'base64'), wrapped: { provider: 'kms', keyId: out.KeyId, wrapped: out.CiphertextBlob } };
    },
    async unwrap(tenantId, wrapped) {
      if (wrapped.provider !== 'kms') throw new Error(`the tenant's data key was wrapped by ${wrapped.provider}, not KMS`);
      const out = await call<{ Plaintext: string }>('Decrypt', { CiphertextBlob: wrapped.wrapped, KeyId: wrapped.keyId, EncryptionContext: context(tenantId) });
      return Buffer.from(out.Plaintext, 'base64');
    },
  };
}
