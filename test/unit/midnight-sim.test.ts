import { describe, expect, it } from 'vitest';
import { simulateWave, type WaveConfig, waveMessages } from '../../bench/midnight-sim';

const base: WaveConfig = {
  kinds: [{ name: 'town', count: 100, plan: { seconds: 2, writeUnits: 100 }, sweep: { seconds: 0.5, writeUnits: 10 } }],
  maxConcurrency: 5,
  order: 'directory',
  jitterSeconds: 0,
  dispatchPerSecond: 1000,
  initialConcurrency: 1000,
  scaleUpPerMinute: 0,
  coldStartSeconds: 0,
  horizonSeconds: 7200,
  seed: 1,
};

describe('the day-start wave model', () => {
  it("reproduces the issue's arithmetic: 2,500 tenants at 1–4 s a plan through 5 workers take 8–33 minutes", () => {
    const wave = (seconds: number) => simulateWave({ ...base, kinds: [{ name: 'town', count: 2500, plan: { seconds, writeUnits: 1 } }] });
    expect(wave(1).completionSeconds / 60).toBeCloseTo(8.3, 0);
    expect(wave(4).completionSeconds / 60).toBeCloseTo(33.3, 0);
  });

  it('is never faster than the work divided by the workers, nor than the longest job and its cold start', () => {
    const config = { ...base, coldStartSeconds: 1, kinds: [...base.kinds, { name: 'large', count: 3, plan: { seconds: 60, writeUnits: 9000 }, sweep: { seconds: 5, writeUnits: 100 } }] };
    const result = simulateWave(config);
    const work = 100 * 2.5 + 3 * 65;
    expect(result.completionSeconds).toBeGreaterThanOrEqual(work / 5);
    expect(result.completionSeconds).toBeGreaterThanOrEqual(61);
    expect(result.jobs).toBe(206);
    expect(result.peakConcurrency).toBe(5);
  });

  it('sending the longest jobs first finishes sooner when a few tenants are much larger', () => {
    const kinds = [...base.kinds, { name: 'large', count: 4, plan: { seconds: 40, writeUnits: 1 }, sweep: { seconds: 1, writeUnits: 1 } }];
    const directory = simulateWave({ ...base, kinds, maxConcurrency: 20 });
    const largestFirst = simulateWave({ ...base, kinds, maxConcurrency: 20, order: 'largest-first' });
    expect(largestFirst.completionSeconds).toBeLessThan(directory.completionSeconds);
    expect(largestFirst.completionByKind.large).toBeLessThan(directory.completionByKind.large!);
  });

  it("is bounded by Lambda's scale-up: more maximum concurrency than it can reach in time changes nothing", () => {
    const slowRamp = { ...base, initialConcurrency: 5, scaleUpPerMinute: 60 };
    const a = simulateWave({ ...slowRamp, maxConcurrency: 50 });
    const b = simulateWave({ ...slowRamp, maxConcurrency: 1000 });
    expect(b.completionSeconds).toBe(a.completionSeconds);
  });

  it('jitter delays each message by at most its bound, deterministically', () => {
    const config = { ...base, jitterSeconds: 30, dispatchPerSecond: 100 };
    const messages = waveMessages(config);
    for (const m of messages) expect(m.availableAt).toBeLessThanOrEqual(200 / 100 + 30);
    expect(Math.max(...messages.map((m) => m.availableAt))).toBeGreaterThan(20);
    expect(simulateWave(config)).toEqual(simulateWave(config));
  });

  it('gives up at the horizon rather than running on', () => {
    expect(simulateWave({ ...base, horizonSeconds: 10 }).completionSeconds).toBe(Infinity);
  });
});
