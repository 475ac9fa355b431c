/**
 * The job queues the API sends to (Deps.jobs): SQS in AWS, where the worker Lambda runs the jobs
 * with retries and a dead-letter queue; in-process on this machine and in tests, where jobs run
 * one after another right away, after the request that sent them has been answered.
 */
import { type AwsEnvironment, awsService, jsonCall } from '../aws/signed-requests';
import { onFirstUse } from '../lazy';
import type { Job, JobQueue } from './jobs';

export interface InProcessQueue extends JobQueue {
  /** Resolves when every job sent so far has run (tests, shutdown). */
  idle(): Promise<void>;
}

export function inProcessJobQueue(run: (job: Job) => Promise<unknown>, onError: (job: Job, error: Error) => void): InProcessQueue {
  let tail: Promise<void> = Promise.resolve();
  return {
    async send(jobs) {
      for (const job of jobs) {
        tail = tail.then(() => new Promise<void>((next) => setImmediate(next))).then(
          () => run(job).then(
            () => undefined,
            (error: Error) => onError(job, error),
          ),
        );
      }
    },
    idle: () => tail,
  };
}

/**
 * SQS (AWS): SendMessageBatch in batches of 10, an AWS JSON 1.0 call signed with the function's
 * credentials (shared/aws/signed-requests.ts), loaded on first use; `send` replaces the network in tests.
 */
export function sqsJobQueue(queueUrl: string, options: { env?: AwsEnvironment; send?: (request: Request) => Promise<Response> } = {}): JobQueue {
  if (!queueUrl) throw new Error('sqsJobQueue needs a queue URL (GRIDWATCH_JOB_QUEUE_URL)');
  const sqs = onFirstUse(() => awsService('sqs', options));
  return {
    async send(jobs) {
      for (let i = 0; i < jobs.length; i += 10) {
        const batch = jobs.slice(i, i + 10);
        const input = { QueueUrl: queueUrl, Entries: batch.map((job, n) => ({ Id: String(n), MessageBody: JSON.stringify(job) })) };
        // The queue URL's origin is the regional SQS endpoint.
        const out = await jsonCall<{ Failed?: unknown[] }>(await sqs(), `${new URL(queueUrl).origin}/`, 'AmazonSQS.SendMessageBatch', input, '1.0');
        if (out.Failed?.length) throw new Error(`SQS refused ${out.Failed.length} job messages`);
      }
    },
  };
}
