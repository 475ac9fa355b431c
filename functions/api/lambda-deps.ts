/**
 * The API's dependencies on Lambda, built from the environment (shared/config.ts): the same for both
 * Lambda entry points of the one Hono app, functions/api.ts (behind the HTTP API, buffered) and
 * functions/api-stream.ts (behind a function URL, streamed: the exports).
 */
import { clockFromEnv } from '../../shared/clock';
import { configFromEnv } from '../../shared/config';
import { createDb } from '../../shared/data/db';
import { tenantTables } from '../../shared/data/tenant-tables';
import { tenantCredentials } from '../../shared/aws/tenant-credentials';
import { secretsManagerKeyring } from '../../shared/aws/venue-code-keys';
import { s3ImportFileStore } from '../../shared/import-files/s3-store';
import { kmsKeyProvider } from '../../shared/personal-data/kms-key-provider';
import { personalDataKeys } from '../../shared/personal-data/tenant-cipher';
import { s3PhotoStore } from '../../shared/photos/s3-store';
import { sqsJobQueue } from '../../shared/scheduling/queues';
import type { Deps } from './context';
import { awsAuth } from '../../shared/auth/aws-auth';
import { createLogger } from './logger';
import { onFirstUse } from '../../shared/lazy';

export function lambdaDeps(env: NodeJS.ProcessEnv = process.env): Deps {
  const config = configFromEnv(env);
  // Tenant data only through the tenant's session; the function's own role reads the tenant directory.
  const credentials = tenantCredentials(config.tenantCredentials);
  const tables = tenantTables(createDb(config.tableName), credentials);
  const clock = clockFromEnv(env);
  const auth = awsAuth(config, tables, clock);
  // The access check is loaded by the first request that needs it, not at start-up (bench/lambda.bench.ts).
  const access = onFirstUse(async () => (await import('../../shared/auth/access')).accessCheck(tables, clock));
  return {
    tables,
    clock,
    verifyToken: auth.verifyToken,
    issuerKeys: auth.issuerKeys,
    access: {
      verdict: async (actor) => (await access()).verdict(actor),
      // Loaded already: the request that changed a status was checked first.
      forget: (tenantId, userId) => void access().then((a) => a.forget(tenantId, userId)),
    },
    webOrigin: config.webOrigin,
    venueCodeKeys: secretsManagerKeyring(config.venueCodeSecretId),
    identity: auth.identity,
    signIn: auth.signIn,
    logger: createLogger(),
    jobs: sqsJobQueue(config.jobQueueUrl),
    photos: s3PhotoStore({ bucket: config.photoBucket, credentials }),
    importFiles: s3ImportFileStore({ bucket: config.importBucket, credentials }),
    personalData: personalDataKeys(tables, kmsKeyProvider({ keyId: config.personalDataKeyId })),
    rateLimits: config.rateLimits,
  };
}
