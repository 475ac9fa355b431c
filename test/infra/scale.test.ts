/**
 * Settings of scale (issue 18 §3 and §5): the API's rate limits from CDK context reach the API
 * function (checked at synth), and the job worker's concurrency is the day-start wave's sizing.
 */
import { describe, expect, it } from 'vitest';
import { WORKER_MAX_CONCURRENCY } from '../../infra/settings';
import { resource, synth } from './synth';

const GLOBAL = { env: { account: '111122223333', region: 'ap-east-1' } };
const envOf = (template: ReturnType<typeof synth>['template'], fn: string) => resource(template, 'AWS::Lambda::Function', fn).props.Environment.Variables;

describe('rate limits and the worker at scale', () => {
  it('passes gridwatch:rateLimits to the API and the files function; the app defaults when absent', () => {
    const limits = '{"tenant":{"capacity":400,"refillPerSecond":80}}';
    const { template } = synth(GLOBAL, { 'gridwatch:rateLimits': limits });
    expect(envOf(template, 'ApiHandlerFunction').GRIDWATCH_RATE_LIMITS).toBe(limits);
    expect(envOf(template, 'ApiStreamHandlerFunction').GRIDWATCH_RATE_LIMITS).toBe(limits);
    expect(envOf(synth(GLOBAL).template, 'ApiHandlerFunction').GRIDWATCH_RATE_LIMITS).toBeUndefined();
  });

  it('refuses rate limits it cannot read, naming the key', () => {
    expect(() => synth(GLOBAL, { 'gridwatch:rateLimits': '{"tenant":{"capacity":0,"refillPerSecond":1}}' })).toThrow(/gridwatch:rateLimits/);
    expect(() => synth(GLOBAL, { 'gridwatch:rateLimits': 'fast' })).toThrow(/gridwatch:rateLimits/);
  });

  it("runs as many jobs at once as the day-start wave needs, within the table's write quota and the account's Lambda concurrency", () => {
    const { template } = synth(GLOBAL);
    const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))[0] as { Properties: { ScalingConfig: { MaximumConcurrency: number } } };
    expect(mapping.Properties.ScalingConfig.MaximumConcurrency).toBe(WORKER_MAX_CONCURRENCY);
    // The wave's sizing (docs/scheduling.md): fewer misses the 5 minutes, more overruns the table's
    // default 40,000 WCU a second; and the API needs room beside the worker in the account's 1,000.
    expect(WORKER_MAX_CONCURRENCY).toBe(200);
  });
});
