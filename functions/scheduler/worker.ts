/**
 * Lambda entry point, fed by the SQS job queue: runs each job; a failed job is retried by SQS and
 * lands in the dead-letter queue after repeated failures (partial batch responses).
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { clockFromEnv } from '../../shared/clock';
import { tenantCredentials } from '../../shared/aws/tenant-credentials';
import { importBucketFromEnv, tableNameFromEnv, tenantCredentialsFromEnv } from '../../shared/config';
import { createDb } from '../../shared/data/db';
import { tenantTables } from '../../shared/data/tenant-tables';
import { s3ImportFileStore } from '../../shared/import-files/s3-store';
import { onFirstUse } from '../../shared/lazy';
import type { PersonalDataKeys } from '../../shared/personal-data/tenant-cipher';
import { runJob } from '../../shared/scheduling/run-job';

// A job is one tenant's: it runs with that tenant's session, like an API request (docs/infra.md).
const credentials = tenantCredentials(tenantCredentialsFromEnv());
const tables = tenantTables(createDb(tableNameFromEnv()), credentials);
const clock = clockFromEnv();
const importFiles = s3ImportFileStore({ bucket: importBucketFromEnv(), credentials });
// Tenants' personal-data keys (KMS), for resident imports only: loaded with the first one.
const personalDataKeysOnce = onFirstUse(async () => {
  const [{ personalDataKeys }, { kmsKeyProvider }] = await Promise.all([import('../../shared/personal-data/tenant-cipher'), import('../../shared/personal-data/kms-key-provider')]);
  return personalDataKeys(tables, kmsKeyProvider({ keyId: process.env.GRIDWATCH_PERSONAL_DATA_KEY ?? '' }));
});
const personalData: PersonalDataKeys = {
  provider: 'kms',
  cipherFor: async (tenantId, options) => (await personalDataKeysOnce()).cipherFor(tenantId, options),
  rotate: async (tenantId) => (await personalDataKeysOnce()).rotate(tenantId),
  versions: async (tenantId) => (await personalDataKeysOnce()).versions(tenantId),
};
// The message's schema (zod) loads with the first message, not at start-up (bench/lambda.bench.ts):
// every job kind loads zod anyway, but a cold start need not wait for it before the first receive.
const jobSchema = onFirstUse(async () => (await import('../../shared/scheduling/jobs')).Job);

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const Job = await jobSchema();
      const job = Job.parse(JSON.parse(record.body));
      await runJob(tables.tenant(job.tenantId), job, clock, importFiles, personalData);
    } catch (error) {
      console.error(JSON.stringify({ message: 'job failed', messageId: record.messageId, error: (error as Error).message }));
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
