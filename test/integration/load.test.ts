/**
 * A small load run over real HTTP (a @hono/node-server on 127.0.0.1 serving the app over the test
 * DynamoDB Local): inspectors submit at once, 20% of submissions are resent, some connections are cut
 * mid-request and retried. Afterwards nothing is lost or doubled. bench/load.bench.ts runs the same
 * scenario at full size (50 inspectors × 40) and reports latency and throughput.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, testApi } from '../support/api';
import { percentile, prepareLoad, runLoad, SMALL_LOAD, verifyLoad } from '../support/load';

let api: Api;
let server: ServerType;
let baseUrl: string;

beforeAll(async () => {
  api = await testApi();
  server = await new Promise<ServerType>((ready) => {
    const s = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((done) => server?.close(() => done(undefined)));
});

describe('load (small)', () => {
  it('stores every inspection and problem exactly once under resends and cut connections', { timeout: 120_000 }, async () => {
    const options = { ...SMALL_LOAD, cutRate: 0.1 };
    const t0 = performance.now();
    const prepared = await prepareLoad(api, options);
    const prepMs = performance.now() - t0;
    const stats = await runLoad(baseUrl, prepared, options, api.clock.now());

    expect(stats.failures).toEqual([]);
    expect(stats.submissions).toHaveLength(options.inspectors * options.inspectionsPerInspector);
    // The scenario really did resend and cut.
    expect(stats.resends).toBeGreaterThan(0);
    expect(stats.cuts).toBeGreaterThan(0);
    expect(Object.keys(stats.statuses).filter((s) => Number(s) >= 500)).toEqual([]);

    const t1 = performance.now();
    const check = await verifyLoad(api, prepared, stats);
    const verifyMs = performance.now() - t1;
    expect(check.discrepancies).toEqual([]);
    expect(check.inspectionsFound).toBe(check.inspectionsExpected);
    expect(check.problemsFound).toBe(check.problemsExpected);
    expect(check.problemsExpected).toBeGreaterThan(0);

    const p50 = percentile(stats.latencies, 50).toFixed(1);
    const p99 = percentile(stats.latencies, 99).toFixed(1);
    console.log(
      `load (small): ${stats.submissions.length} inspections, ${stats.attempts} requests (${stats.resends} resends, ${stats.cuts} cuts, ${stats.retriedBusy} busy retries) ` +
        `in ${(stats.wallMs / 1000).toFixed(1)} s (setup ${(prepMs / 1000).toFixed(1)} s, checks ${(verifyMs / 1000).toFixed(1)} s); p50 ${p50} ms, p99 ${p99} ms; report checked: ${check.report ? check.report.checked.join(', ') : 'no report route'}`,
    );
  });
});
