/** The access-log line's EMF part: what CloudWatch needs to turn it into metrics. */
import { describe, expect, it } from 'vitest';
import { METRIC_NAMESPACE, REQUEST_DIMENSIONS, REQUEST_METRICS, requestMetricFields } from '../../shared/aws/emf';

describe('EMF request metrics', () => {
  const line = { route: '/api/venues/:venueId', method: 'GET', status: 503, ms: 42, ...requestMetricFields({ route: '/api/venues/:venueId', method: 'GET', status: 503, ms: 42 }, 1_700_000_000_000) };

  it('declares every metric as a number and every dimension as a string at the top level (the EMF rules)', () => {
    const [directive] = line._aws.CloudWatchMetrics;
    expect(directive.Namespace).toBe(METRIC_NAMESPACE);
    expect(line._aws.Timestamp).toBe(1_700_000_000_000);
    for (const { Name } of directive.Metrics) expect(typeof (line as Record<string, unknown>)[Name]).toBe('number');
    for (const name of directive.Dimensions.flat()) expect(typeof (line as Record<string, unknown>)[name]).toBe('string');
    expect(directive.Metrics.map((m) => m.Name)).toEqual(Object.keys(REQUEST_METRICS));
    expect(directive.Dimensions).toEqual([[...REQUEST_DIMENSIONS]]);
  });

  it('counts a 5xx as an error, anything else not', () => {
    expect(line).toMatchObject({ requests: 1, errors: 1, latency: 42 });
    expect(requestMetricFields({ route: '/r', method: 'GET', status: 404, ms: 1 }, 0).errors).toBe(0);
  });
});
