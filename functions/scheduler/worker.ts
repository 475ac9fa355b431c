/**
 * Lambda entry point, fed by the SQS job queue: runs each job; a failed job is retried by SQS and
 * lands in the dead-letter queue after repeated failures (partial batch responses).
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { clockFromEnv } from '../../shared/clock';
import { importBucketFromEnv, tableNameFromEnv } from '../../shared/config';
import { createDb } from '../../shared/data/db';
import { s3ImportFileStore } from '../../shared/import-files/s3-store';
import { Job } from '../../shared/scheduling/jobs';
import { runJob } from '../../shared/scheduling/run-job';

const db = createDb(tableNameFromEnv());
const clock = clockFromEnv();
const importFiles = s3ImportFileStore({ bucket: importBucketFromEnv() });

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await runJob(db, Job.parse(JSON.parse(record.body)), clock, importFiles);
    } catch (error) {
      console.error(JSON.stringify({ message: 'job failed', messageId: record.messageId, error: (error as Error).message }));
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
