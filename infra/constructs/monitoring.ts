/**
 * What the stack watches: alarms that notify the alert topic (Alerts), and one CloudWatch dashboard.
 *
 * - the API's 5xx rate (API Gateway: more than 5 % of at least 20 requests in 5 minutes, twice);
 * - every application function's errors and throttles;
 * - the dispatcher failing (its errors, and events its EventBridge target gave up on: target DLQ);
 * - the job queue's oldest message (a job waiting longer than a plan may run), and the job DLQ;
 * - DynamoDB throttling of any operation the app uses.
 * The app's own per-route metrics (requests, 5xx errors, latency; EMF lines, shared/aws/emf.ts) are
 * on the dashboard, found by a SEARCH expression so a new route shows without a deployment.
 */
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Operation, type Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE, REQUEST_DIMENSIONS } from '../../shared/aws/emf';
import type { Alerts } from './alerts';
import type { NodeFunction } from './node-function';

/** The table operations the app calls (TransactWrite/TransactGet included), for the throttling alarm. */
const TABLE_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
  Operation.TRANSACT_GET_ITEMS,
];
/** A job older than this has waited longer than a plan may run (12 minutes) plus a dispatch interval. */
export const OLDEST_JOB_ALARM = Duration.minutes(30);
export const API_5XX_PERCENT = 5;

export interface MonitoringProps {
  readonly alerts: Alerts;
  readonly httpApi: HttpApi;
  readonly functions: Record<string, NodeFunction>;
  /** Events EventBridge could not deliver to the dispatcher. */
  readonly dispatchDeadLetters: Queue;
  readonly jobQueue: Queue;
  readonly jobDeadLetters: Queue;
  readonly table: Table;
}

export class Monitoring extends Construct {
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const fiveMinutes = { period: Duration.minutes(5) };
    const alarm = (name: string, description: string, metric: IMetric, threshold: number, options: { evaluationPeriods?: number; datapointsToAlarm?: number } = {}) => {
      const created = new Alarm(this, name, {
        alarmDescription: `Gridwatch: ${description}`,
        metric,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: options.evaluationPeriods ?? 1,
        datapointsToAlarm: options.datapointsToAlarm,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      props.alerts.notify(created);
      this.alarms.push(created);
      return created;
    };

    const requests = props.httpApi.metricCount(fiveMinutes);
    const serverErrors = props.httpApi.metricServerError(fiveMinutes);
    const errorRate = new MathExpression({
      label: 'API 5xx %',
      // Below 20 requests a single failure is no rate.
      expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
      usingMetrics: { requests, errors: serverErrors },
      period: Duration.minutes(5),
    });
    alarm('Api5xxRate', `more than ${API_5XX_PERCENT} % of API requests answered 5xx, twice in 15 minutes`, errorRate, API_5XX_PERCENT, { evaluationPeriods: 3, datapointsToAlarm: 2 });

    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, `the ${name} function failed (uncaught errors or timeouts)`, fn.function.metricErrors(fiveMinutes), 0);
      alarm(`${name}Throttles`, `the ${name} function was throttled (concurrency exhausted)`, fn.function.metricThrottles(fiveMinutes), 0);
    }
    alarm('DispatchUndelivered', 'EventBridge could not run the dispatcher: events in its dead-letter queue', props.dispatchDeadLetters.metricApproximateNumberOfMessagesVisible(fiveMinutes), 0);
    alarm(
      'JobQueueOldestMessage',
      `a job has waited more than ${OLDEST_JOB_ALARM.toMinutes()} minutes in the queue (workers too few or failing)`,
      props.jobQueue.metricApproximateAgeOfOldestMessage({ ...fiveMinutes, statistic: 'Maximum' }),
      OLDEST_JOB_ALARM.toSeconds(),
    );
    const throttled = props.table.metricThrottledRequestsForOperations({ operations: TABLE_OPERATIONS, ...fiveMinutes });
    alarm('TableThrottled', 'DynamoDB throttled requests (a hot partition or an account limit)', throttled, 0);

    const route = (metric: string, statistic: string) =>
      new MathExpression({
        label: '',
        expression: `SEARCH('{${METRIC_NAMESPACE},${REQUEST_DIMENSIONS.join(',')}} MetricName="${metric}"', '${statistic}', 300)`,
        period: Duration.minutes(5),
      });
    const fnMetrics = (pick: (fn: NodeFunction) => IMetric) => Object.values(props.functions).map(pick);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(6),
      widgets: [
        [new TextWidget({ markdown: '# Gridwatch\nAPI through CloudFront → HTTP API → Lambda; jobs through EventBridge → SQS → worker. Alarms notify the alert topic.', width: 24, height: 2 })],
        [
          new GraphWidget({ title: 'API requests and 5xx (HTTP API)', left: [requests], right: [serverErrors], width: 8 }),
          new GraphWidget({ title: 'API latency p50 / p99 (HTTP API)', left: [props.httpApi.metricLatency({ ...fiveMinutes, statistic: 'p50' }), props.httpApi.metricLatency({ ...fiveMinutes, statistic: 'p99' })], width: 8 }),
          new GraphWidget({ title: 'API 5xx %', left: [errorRate], width: 8 }),
        ],
        [
          new GraphWidget({ title: 'Requests per route', left: [route('requests', 'Sum')], width: 8 }),
          new GraphWidget({ title: '5xx per route', left: [route('errors', 'Sum')], width: 8 }),
          new GraphWidget({ title: 'Latency p99 per route (ms)', left: [route('latency', 'p99')], width: 8 }),
        ],
        [
          new GraphWidget({ title: 'Function errors', left: fnMetrics((fn) => fn.function.metricErrors(fiveMinutes)), width: 8 }),
          new GraphWidget({ title: 'Function throttles', left: fnMetrics((fn) => fn.function.metricThrottles(fiveMinutes)), width: 8 }),
          new GraphWidget({ title: 'Function duration p99', left: fnMetrics((fn) => fn.function.metricDuration({ ...fiveMinutes, statistic: 'p99' })), width: 8 }),
        ],
        [
          new GraphWidget({
            title: 'Jobs waiting and oldest (s)',
            left: [props.jobQueue.metricApproximateNumberOfMessagesVisible(fiveMinutes), props.jobDeadLetters.metricApproximateNumberOfMessagesVisible(fiveMinutes)],
            right: [props.jobQueue.metricApproximateAgeOfOldestMessage({ ...fiveMinutes, statistic: 'Maximum' })],
            width: 12,
          }),
          new GraphWidget({
            title: 'DynamoDB consumed capacity and throttles',
            left: [props.table.metricConsumedReadCapacityUnits(fiveMinutes), props.table.metricConsumedWriteCapacityUnits(fiveMinutes)],
            right: [throttled],
            width: 12,
          }),
        ],
      ],
    });
  }
}
