/**
 * Scheduled work: EventBridge fires the dispatcher every 15 minutes; it sends due jobs (daily
 * plans, day closes) to the SQS job queue; the worker runs them one message at a time with partial
 * batch responses, and a message that keeps failing lands in the dead-letter queue. The API sends
 * venue-import jobs to the same queue; the worker reads (then deletes) the uploaded import files.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { WORKER_MAX_CONCURRENCY } from '../settings';
import { NodeFunction } from './node-function';
import { grantTableAccess, TABLE_ACCESS } from './table-access';

/** shared/scheduling/run-job.ts stops a plan after 12 minutes and lets the retry resume it. */
const WORKER_TIMEOUT = Duration.minutes(15);
/** Longer than the worker's timeout, so a message is never redelivered while still being worked on. */
const JOB_VISIBILITY_TIMEOUT = Duration.minutes(18);
const MAX_RECEIVE_COUNT = 5;

export interface SchedulesProps {
  readonly table: ITable;
  /** Venue-import files: the worker's import jobs read and then delete them. */
  readonly importBucket: IBucket;
  /** Days the functions' logs are kept. */
  readonly logRetentionDays: number;
}

export class Schedules extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  /** Events EventBridge could not deliver to the dispatcher after its retries. */
  readonly dispatchDeadLetterQueue: Queue;
  readonly dispatcher: NodeFunction;
  readonly worker: NodeFunction;
  /** Jobs waiting in the dead-letter queue; notified through Alerts (infra/gridwatch-stack.ts). */
  readonly deadLettersAlarm: Alarm;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const { table } = props;

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'JobQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: JOB_VISIBILITY_TIMEOUT,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    this.dispatcher = new NodeFunction(this, 'Dispatcher', {
      entry: 'functions/scheduler/dispatch.ts',
      description: 'Gridwatch dispatcher: sends due jobs to the job queue every 15 minutes',
      timeout: Duration.minutes(2),
      memorySize: 512,
      environment: { GRIDWATCH_TABLE: table.tableName, GRIDWATCH_JOB_QUEUE_URL: this.queue.queueUrl },
      logRetentionDays: props.logRetentionDays,
    });
    grantTableAccess(this.dispatcher.role, table, TABLE_ACCESS.directory, 'Directory');
    grantTableAccess(this.dispatcher.role, table, TABLE_ACCESS.dispatcherRuns, 'Runs');
    grantTableAccess(this.dispatcher.role, table, TABLE_ACCESS.dispatcherLabImports, 'LabImports');
    grantSendJobs(this.dispatcher, this.queue);

    this.worker = new NodeFunction(this, 'Worker', {
      entry: 'functions/scheduler/worker.ts',
      description: 'Gridwatch job worker: daily plans, day closes, venue imports',
      timeout: WORKER_TIMEOUT,
      memorySize: 1024,
      environment: { GRIDWATCH_TABLE: table.tableName, GRIDWATCH_IMPORT_BUCKET: props.importBucket.bucketName },
      logRetentionDays: props.logRetentionDays,
    });
    // No table or bucket access of its own: each job runs as its tenant (the tenant role, added by the stack).
    this.worker.function.addEventSource(
      new SqsEventSource(this.queue, {
        // One job per invocation: a plan may use 12 of the 15 minutes by itself. As many at once as the
        // day-start wave needs (2,500 tenants in one time zone within 5 minutes; docs/scheduling.md).
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: WORKER_MAX_CONCURRENCY,
      }),
    );

    this.dispatchDeadLetterQueue = new Queue(this, 'DispatchDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.dispatchDeadLetterQueue, [
      {
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is itself a dead-letter queue: of the EventBridge rule that runs the dispatcher (events it could not deliver); an alarm watches it.',
      },
    ]);
    new Rule(this, 'Every15Minutes', {
      description: 'Gridwatch: run the job dispatcher',
      schedule: Schedule.rate(Duration.minutes(15)),
      targets: [new LambdaFunction(this.dispatcher.function, { retryAttempts: 2, maxEventAge: Duration.minutes(10), deadLetterQueue: this.dispatchDeadLetterQueue })],
    });

    this.deadLettersAlarm = new Alarm(this, 'DeadLetters', {
      alarmDescription: 'Gridwatch jobs failed repeatedly and are waiting in the dead-letter queue',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * Resident imports seal personal fields in the worker: it may make and unwrap tenants' data keys
   * under the deployment's key, only with a tenant as encryption context (as the API functions).
   */
  grantPersonalDataKeys(key: IKey): void {
    this.worker.function.addEnvironment('GRIDWATCH_PERSONAL_DATA_KEY', key.keyArn);
    this.worker.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'PersonalDataKeys',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [key.keyArn],
        conditions: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['tenant'] }, Null: { 'kms:EncryptionContext:tenant': 'false' } },
      }),
    );
  }
}

/** sqs:SendMessage only (it also authorises SendMessageBatch); no receive, no delete. */
export function grantSendJobs(fn: NodeFunction, queue: Queue): void {
  fn.role.addToPrincipalPolicy(new PolicyStatement({ sid: 'SendJobs', actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
}
