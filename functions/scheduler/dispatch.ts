/**
 * Lambda entry point, fired by EventBridge every 15 minutes: find the jobs that are due (plans for
 * tenants whose local day has started, closes for days that have ended) and send them to SQS.
 */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { clockFromEnv } from '../../shared/clock';
import { createDb } from '../../shared/data/db';
import { TABLE_NAME_DEFAULT } from '../../shared/data/table';
import type { Job, JobQueue } from '../../shared/scheduling/jobs';
import { dispatchDueJobs } from '../../shared/scheduling/dispatch';

const sqs = new SQSClient({});
const queueUrl = process.env.GRIDWATCH_JOB_QUEUE_URL ?? '';

const queue: JobQueue = {
  async send(jobs: Job[]) {
    for (let i = 0; i < jobs.length; i += 10) {
      const batch = jobs.slice(i, i + 10);
      const out = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((job, n) => ({ Id: String(n), MessageBody: JSON.stringify(job) })),
        }),
      );
      if (out.Failed?.length) throw new Error(`SQS refused ${out.Failed.length} job messages`);
    }
  },
};

const db = createDb(process.env.GRIDWATCH_TABLE ?? TABLE_NAME_DEFAULT);
const clock = clockFromEnv();

export const handler = async () => dispatchDueJobs(db, queue, clock.now());
