/**
 * CloudWatch embedded metric format (EMF): a JSON log line that CloudWatch Logs also turns into
 * metrics, with no API call and no SDK (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/
 * CloudWatch_Embedded_Metric_Format_Specification.html). The API's access-log line carries it, so
 * each request is one line and counts as one data point per metric.
 *
 * Dimensions are bounded on purpose (the route pattern and method, never the tenant or a path
 * value): each distinct combination is a metric CloudWatch bills monthly (docs/cost.md).
 */

/** The namespace of the app's own metrics (infra/constructs/monitoring.ts reads them). */
export const METRIC_NAMESPACE = 'Gridwatch';

/** Per-request metrics: `requests` (1), `errors` (1 for a 5xx answer), `latency` (ms). */
export const REQUEST_METRICS = { requests: 'Count', errors: 'Count', latency: 'Milliseconds' } as const;
export const REQUEST_DIMENSIONS = ['route', 'method'] as const;

/** The fields to merge into a request's log line: the values, the dimensions and the `_aws` metadata. */
export function requestMetricFields(request: { route: string; method: string; status: number; ms: number }, now: number) {
  return {
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [[...REQUEST_DIMENSIONS]],
          Metrics: Object.entries(REQUEST_METRICS).map(([Name, Unit]) => ({ Name, Unit })),
        },
      ],
    },
    requests: 1,
    errors: request.status >= 500 ? 1 : 0,
    latency: request.ms,
  };
}
