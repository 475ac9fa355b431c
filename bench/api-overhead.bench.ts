/**
 * API overhead: the time of a route through HTTP (a real @hono/node-server on 127.0.0.1 serving
 * createApp over DynamoDB Local) against the bare DynamoDB calls that route must make — the very
 * commands the route sent, recorded from its own request and sent again straight through the
 * DocumentClient, in the same run, over the same data. Requests are sequential; HTTP and bare runs
 * alternate request by request so that the machine's load falls on both alike. Target: the HTTP p50
 * at most 1.3× the bare p50. A third figure, the same route through `app.request()` in this process
 * (no socket), separates what the app adds from what the loopback HTTP hop adds. Last, the
 * revocation check's cost (shared/auth/access.ts): per request from its cache, and uncached.
 *
 *   npx tsx bench/api-overhead.bench.ts [--n 200]
 */
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { ulid } from 'ulid';
import { ACCESS_TTL_MS, accessCheck } from '../shared/auth/access';
import { createDb, type Db } from '../shared/data/db';
import { fakeSts } from '../test/support/fake-sts';
import { runJob } from '../shared/scheduling/run-job';
import { ensureTable, localDbConfig, startDynamoLocal } from '../local/dynamodb';
import { testApi } from '../test/support/api';
import { checklistFor, createVenue, inspectionBody } from '../test/support/field';
import { createTestTenant } from '../test/support/tenant';
import { mean, median, report } from './figures';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const N = Math.min(2000, Math.max(10, Number(arg('n', '200'))));
const WARMUP = 20;
const TARGET = 1.3;
const TABLE = 'gridwatch-bench-overhead';
const TODAY = '2026-11-26';
const YESTERDAY = '2026-11-25';

interface Recorded {
  ctor: new (input: unknown) => unknown;
  input: unknown;
  start: number;
  end: number;
}

const dynamo = await startDynamoLocal();
let server: ServerType | undefined;
try {
  await ensureTable(dynamo.endpoint, TABLE);
  const db = createDb(TABLE, localDbConfig(dynamo.endpoint));

  // Record what the app sends while `recording` is on (the bare runs call `send` itself, unrecorded).
  const send = db.doc.send.bind(db.doc);
  let recording: Recorded[] | undefined;
  const recordOn = (client: Db['doc']) => {
    const own = client.send.bind(client);
    client.send = (async (command: { constructor: Recorded['ctor']; input: unknown }) => {
      // The input as sent (not a copy: copying would add to the HTTP run's time only); the SDK does not
      // change it, and it is serialised for the replay after the request.
      const entry: Recorded | undefined = recording && { ctor: command.constructor, input: command.input, start: performance.now(), end: 0 };
      try {
        return await own(command as never);
      } finally {
        if (entry) {
          entry.end = performance.now();
          recording?.push(entry);
        }
      }
    }) as unknown as typeof client.send;
  };
  recordOn(db.doc);

  // Tenant isolation as in AWS: the app's calls go through the tenant's session (STS answered in
  // process, the session kept: the warm path); the bare runs send through one client, no session.
  const sts = fakeSts();
  // 02:00 UTC is 10:00 in the test tenant's zone (Asia/Shanghai): "today" is TODAY.
  const api = await testApi({ db, now: `${TODAY}T02:00:00Z`, credentials: sts.credentials });
  const t = await createTestTenant(api, 'bench');
  recordOn(api.deps.tables.tenant(t.id).doc);
  const venueIds: string[] = [];
  for (let i = 0; i < 30; i++) venueIds.push((await createVenue(api, t, { name: `基准超市${i}` })).id);
  const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
  // Yesterday's inspections, for the daily report; some fail so that problems open.
  for (let i = 0; i < 20; i++) {
    const at = new Date(`${YESTERDAY}T0${1 + (i % 8)}:${String(10 + i).padStart(2, '0')}:00Z`);
    const body = inspectionBody(venueIds[i], checklist, { at, fail: i % 3 === 0 ? ['masks'] : [] });
    const res = await api.call('POST', '/api/inspections', { token: t.tokens.inspector, body });
    if (res.status !== 201) throw new Error(`seed inspection: ${res.status} ${JSON.stringify(res.body)}`);
  }

  const doc = (await api.call('GET', '/api/openapi.json')).body as { paths?: Record<string, Record<string, unknown>> };
  const has = (method: string, path: string) => Boolean(doc.paths?.[path]?.[method]);
  if (has('post', '/api/plans/{date}/replan')) await runJob(api.deps.tables.tenant(t.id), { kind: 'plan', tenantId: t.id, date: TODAY }, api.clock);
  if (has('post', '/api/reports/daily/{date}/close')) {
    const res = await api.call('POST', `/api/reports/daily/${YESTERDAY}/close`, { token: t.tokens.admin });
    if (res.status !== 200) throw new Error(`close: ${res.status} ${JSON.stringify(res.body)}`);
  }

  server = await new Promise<ServerType>((ready) => {
    const s = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const http = (method: string, path: string, token: string, body?: unknown) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = httpRequest(
        new URL(path, base),
        { method, agent, headers: { authorization: `Bearer ${token}`, ...(payload && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });

  /** Commands that overlapped in time were sent concurrently by the route: replay them the same way. */
  function groups(recorded: Recorded[]): Recorded[][] {
    const sorted = [...recorded].sort((a, b) => a.start - b.start);
    const out: Recorded[][] = [];
    let end = -1;
    for (const r of sorted) {
      if (out.length && r.start < end) out[out.length - 1].push(r);
      else out.push([r]);
      end = Math.max(end, r.end);
    }
    return out;
  }

  interface Case {
    name: string;
    method: string;
    path: string;
    token: string;
    /** A fresh request: its body, and how to turn the recorded commands into the same commands for it. */
    next?: () => { body: unknown; rewrite: (json: string) => string };
  }

  const submitCase = (): Case => {
    let n = 0;
    return {
      name: 'submit inspection (POST /api/inspections, all items pass)',
      method: 'POST',
      path: '/api/inspections',
      token: t.tokens.inspector,
      next: () => {
        // A new inspection each time, 2 s apart during today (before "now"), on the next venue.
        n++;
        const at = new Date(new Date(`${TODAY}T00:00:00Z`).getTime() + n * 2_000);
        const body = inspectionBody(venueIds[n % venueIds.length], checklist, { at, id: ulid(at.getTime()) });
        // The bare run sends the same commands for another new inspection (its own id), not a resend.
        const bareId = ulid(at.getTime());
        return { body, rewrite: (json) => json.replaceAll(body.id, bareId) };
      },
    };
  };

  // The submit runs last: its hundreds of inspections by one inspector today would otherwise weigh on
  // that inspector's plan view (which reads their day), far beyond a real day's few dozen.
  const cases: Case[] = [{ name: 'venue list (GET /api/venues, inspector)', method: 'GET', path: '/api/venues?limit=50', token: t.tokens.inspector }];
  const skipped: string[] = [];
  if (has('get', '/api/plans/today')) cases.push({ name: "today's plan (GET /api/plans/today, inspector)", method: 'GET', path: '/api/plans/today', token: t.tokens.inspector });
  else skipped.push("today's plan (GET /api/plans/today): not in the API yet");
  if (has('get', '/api/reports/daily/{date}')) cases.push({ name: 'daily report (GET /api/reports/daily/{date}, supervisor)', method: 'GET', path: `/api/reports/daily/${YESTERDAY}`, token: t.tokens.supervisor });
  else skipped.push('daily report (GET /api/reports/daily/{date}): not in the API yet');
  cases.push(submitCase());

  const only = arg('only', '');
  if (only) cases.splice(0, cases.length, ...cases.filter((c) => c.name.includes(only)));
  console.log(`API overhead: ${N} sequential requests per route after ${WARMUP} warm-up, HTTP on 127.0.0.1 vs the same DynamoDB commands sent directly`);
  for (const s of skipped) console.log(`  skipped: ${s}`);

  for (const c of cases) {
    const httpMs: number[] = [];
    const bareMs: number[] = [];
    const inProcessMs: number[] = [];
    let calls = 0;
    for (let i = 0; i < WARMUP + N; i++) {
      const fresh = c.next?.();
      recording = [];
      const t0 = performance.now();
      const res = await http(c.method, c.path, c.token, fresh?.body);
      const t1 = performance.now();
      const thisRecording = recording;
      recording = undefined;
      if (res.status >= 300) throw new Error(`${c.name}: ${res.status} ${res.text.slice(0, 300)}`);
      // The bare run: the commands this route sent, again (for a submit: for another new inspection).
      const plan = groups(thisRecording).map((g) => g.map((r) => ({ ctor: r.ctor, json: fresh ? fresh.rewrite(JSON.stringify(r.input)) : JSON.stringify(r.input) })));
      const b0 = performance.now();
      for (const group of plan) await Promise.all(group.map((r) => send(new r.ctor(JSON.parse(r.json)) as never)));
      const b1 = performance.now();
      // The same route without the socket (app.request in this process): what the app itself adds.
      const again = c.next?.();
      const p0 = performance.now();
      const direct = await api.app.request(c.path, { method: c.method, headers: { authorization: `Bearer ${c.token}`, ...(again && { 'content-type': 'application/json' }) }, body: again ? JSON.stringify(again.body) : undefined });
      await direct.text();
      const p1 = performance.now();
      if (direct.status >= 300) throw new Error(`${c.name} in-process: ${direct.status}`);
      if (i >= WARMUP) {
        httpMs.push(t1 - t0);
        bareMs.push(b1 - b0);
        inProcessMs.push(p1 - p0);
        calls = thisRecording.length;
      }
    }
    const ratio = median(httpMs) / median(bareMs);
    console.log(`\n${c.name}: ${calls} DynamoDB calls`);
    console.log(`  HTTP  p50 ${median(httpMs).toFixed(2)} ms  mean ${mean(httpMs).toFixed(2)} ms`);
    console.log(`  bare  p50 ${median(bareMs).toFixed(2)} ms  mean ${mean(bareMs).toFixed(2)} ms   (mean ratio ${(mean(httpMs) / mean(bareMs)).toFixed(2)})`);
    console.log(`  in-process (app.request, no socket) p50 ${median(inProcessMs).toFixed(2)} ms: ratio ${(median(inProcessMs) / median(bareMs)).toFixed(2)} to bare`);
    report({ name: `api overhead: ${c.name} — HTTP p50`, value: median(httpMs), unit: 'ms', ratio, target: TARGET });
    report({ name: `api overhead: ${c.name} — DynamoDB calls a request`, value: calls, unit: 'calls' });
    report({ name: `api overhead: ${c.name} — bare DynamoDB p50`, value: median(bareMs), unit: 'ms' });
    report({ name: `api overhead: ${c.name} — in-process p50 (no socket)`, value: median(inProcessMs), unit: 'ms', ratio: median(inProcessMs) / median(bareMs) });
  }
  agent.destroy();
  // Every request above ran as the bench tenant's session: one AssumeRole for the whole run.
  const stsCalls = sts.calls.filter((c) => c.tenant === t.id).length;
  console.log(`\ntenant sessions: ${stsCalls} STS call(s) for ${cases.length * (WARMUP + N) * 2} requests of the tenant`);
  report({ name: 'api overhead: STS AssumeRole calls for one tenant in a warm container', value: stsCalls, unit: 'calls', ratio: stsCalls, target: 1 });

  // The revocation check every authenticated request makes (shared/auth/access.ts): is the token's
  // user still active, and their tenant? Within ACCESS_TTL_MS of this instance's last check of that
  // user it is a Map lookup — every request above ran so —, otherwise one BatchGetItem of two items.
  if (!only || 'revocation'.includes(only)) {
    const who = { tenantId: t.id, userId: t.users.inspector };
    const cached = accessCheck(api.deps.tables, api.clock);
    await cached.verdict(who);
    const LOOKUPS = 100_000;
    const c0 = performance.now();
    for (let i = 0; i < LOOKUPS; i++) await cached.verdict(who);
    const cachedUs = ((performance.now() - c0) / LOOKUPS) * 1000;
    const uncached = accessCheck(api.deps.tables, api.clock, 0);
    const uncachedMs: number[] = [];
    for (let i = 0; i < WARMUP + N; i++) {
      const u0 = performance.now();
      if ((await uncached.verdict(who)) !== 'ok') throw new Error('revocation check: the bench user is not active');
      if (i >= WARMUP) uncachedMs.push(performance.now() - u0);
    }
    console.log(`\nrevocation check (user + tenant status): cached ${cachedUs.toFixed(2)} µs a request; uncached (1 BatchGetItem, once per user and instance every ${ACCESS_TTL_MS / 1000} s) p50 ${median(uncachedMs).toFixed(2)} ms`);
    report({ name: 'api overhead: revocation check — cached, per request', value: cachedUs, unit: 'µs' });
    report({ name: `api overhead: revocation check — uncached (1 BatchGetItem, at most once per user and instance every ${ACCESS_TTL_MS / 1000} s) p50`, value: median(uncachedMs), unit: 'ms' });
  }
} finally {
  await new Promise((done) => (server ? server.close(() => done(undefined)) : done(undefined)));
  await dynamo.stop();
}
