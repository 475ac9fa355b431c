/**
 * The job queues the API sends to (Deps.jobs): SQS in AWS, where the worker Lambda runs the jobs
 * with retries and a dead-letter queue; in-process on this machine and in tests, where jobs run
 * one after another right away, after the request that sent them has been answered.
 */
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

/** SQS (AWS): batches of 10; the SDK is loaded on first use, off the cold path of other routes. */
export function sqsJobQueue(queueUrl: string): JobQueue {
  if (!queueUrl) throw new Error('sqsJobQueue needs a queue URL (GRIDWATCH_JOB_QUEUE_URL)');
  let client: Promise<{ sqs: import('@aws-sdk/client-sqs').SQSClient; Send: typeof import('@aws-sdk/client-sqs').SendMessageBatchCommand }> | undefined;
  return {
    async send(jobs) {
      client ??= import('@aws-sdk/client-sqs').then((m) => ({ sqs: new m.SQSClient({}), Send: m.SendMessageBatchCommand }));
      const { sqs, Send } = await client;
      for (let i = 0; i < jobs.length; i += 10) {
        const batch = jobs.slice(i, i + 10);
        const out = await sqs.send(new Send({ QueueUrl: queueUrl, Entries: batch.map((job, n) => ({ Id: String(n), MessageBody: JSON.stringify(job) })) }));
        if (out.Failed?.length) throw new Error(`SQS refused ${out.Failed.length} job messages`);
      }
    },
  };
}
