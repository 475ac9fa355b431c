/**
 * The load scenario shared by test/integration/load.test.ts (small) and bench/load.bench.ts (full):
 * many inspectors submit inspections at once over real HTTP (a @hono/node-server on 127.0.0.1),
 * some requests are resent (same id and body), some connections are cut mid-request and retried.
 * `verifyLoad` then checks the table: every inspection exactly once, every problem exactly once, the
 * venues' open-problem counters, and the daily report when the API has one.
 *
 * Bounded everywhere: a fixed number of inspections, a fixed number of attempts per request.
 */
import { type Agent, Agent as HttpAgent, request as httpRequest } from 'node:http';
import { ulid } from 'ulid';
import { batchGetAll } from '../../shared/data/bulk';
import { tenantData } from '../../shared/data/tenant-data';
import { tenantKeys } from '../../shared/data/keys';
import { prng } from '../../shared/prng';
import type { Api } from './api';
import { createVenue, inspectionBody } from './field';
import { createTestTenant, TEST_PASSWORD, type TestTenant } from './tenant';

export interface LoadOptions {
  inspectors: number;
  inspectionsPerInspector: number;
  /** Share of submissions sent a second time (same id, same body) after the first answer. */
  resendRate: number;
  /** Share of attempts whose connection is cut: half after the request is sent, half mid-body. */
  cutRate: number;
  /** Share of inspections with failed items. */
  failRate: number;
  venuesPerInspector: number;
  seed: number;
}

export const SMALL_LOAD: LoadOptions = { inspectors: 10, inspectionsPerInspector: 8, resendRate: 0.2, cutRate: 0.05, failRate: 0.4, venuesPerInspector: 2, seed: 7 };
export const FULL_LOAD: LoadOptions = { inspectors: 50, inspectionsPerInspector: 40, resendRate: 0.2, cutRate: 0.05, failRate: 0.4, venuesPerInspector: 2, seed: 7 };


interface Checklist {
  version: number;
  items: { code: string; severity: string; requiresRectification: boolean }[];
}

export interface LoadInspector {
  userId: string;
  token: string;
  venueIds: string[];
}

export interface PreparedLoad {
  tenant: TestTenant;
  inspectors: LoadInspector[];
  checklist: Checklist;
  /** The tenant-local day every inspection falls on. */
  date: string;
}

/** A tenant with `inspectors` inspector users (all in one grid, each with their own venues). */
export async function prepareLoad(api: Api, options: LoadOptions): Promise<PreparedLoad> {
  const tenant = await createTestTenant(api, 'load');
  const data = tenantData(api.db, tenant.id);
  const now = api.clock.now();
  const checklistRes = await api.call('GET', '/api/checklists/supermarket', { token: tenant.tokens.inspector });
  if (checklistRes.status !== 200) throw new Error(`no checklist: ${JSON.stringify(checklistRes.body)}`);
  const checklist = checklistRes.body as Checklist;
  const inspectors: LoadInspector[] = [];
  for (let i = 0; i < options.inspectors; i++) {
    const userId = `load-${i}-${tenant.id.slice(-6)}`;
    await data.users.create({ id: userId, displayName: `巡查员${i}`, roles: ['inspector'], gridIds: [tenant.grids.northGroup1], venueKinds: [], password: TEST_PASSWORD }, now);
    const token = await api.tokenFor({ userId, tenantId: tenant.id, roles: ['inspector'], gridIds: [tenant.grids.northGroup1], venueKinds: [] });
    const venueIds: string[] = [];
    for (let v = 0; v < options.venuesPerInspector; v++) {
      venueIds.push((await createVenue(api, tenant, { name: `负载超市${i}-${v}`, address: `北村一组 ${i}-${v} 号` })).id);
    }
    inspectors.push({ userId, token, venueIds });
  }
  const date = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10); // Asia/Shanghai, the test tenant's zone
  return { tenant, inspectors, checklist, date };
}

export interface Submission {
  id: string;
  inspectorId: string;
  venueId: string;
  body: ReturnType<typeof inspectionBody>;
  /** Problems this inspection must open: its failed items that require rectification. */
  expectedProblemIds: string[];
}

type AttemptKind = 'normal' | 'cut-after-send' | 'cut-mid-body';

export interface LoadStats {
  submissions: Submission[];
  /** Latency of every request that got an answer, ms. */
  latencies: number[];
  statuses: Record<string, number>;
  attempts: number;
  resends: number;
  cuts: number;
  /** Attempts that failed at the network level (cut on purpose, or otherwise) and were retried. */
  networkErrors: number;
  /** Answers that asked the client to come back (409 busy, 429, 503), retried. */
  retriedBusy: number;
  wallMs: number;
  failures: string[];
}

const MAX_ATTEMPTS = 8;

function send(url: URL, agent: Agent, token: string, payload: string, kind: AttemptKind): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (kind === 'cut-mid-body') {
      // Half the body, then the connection goes: the server never sees a whole request.
      req.write(payload.slice(0, Math.floor(payload.length / 2)), () => setTimeout(() => req.destroy(new Error('cut mid-body')), 1));
    } else if (kind === 'cut-after-send') {
      // The whole request is on the wire; the connection drops while the server works on it.
      req.end(payload, () => setTimeout(() => req.destroy(new Error('cut after send')), 2));
    } else {
      req.end(payload);
    }
  });
}

/**
 * Every inspector runs their own loop of submissions, all inspectors at once. A submission is
 * retried (same id and body) after a network error or a "come back" answer, at most MAX_ATTEMPTS
 * times; a resend goes out once more after the first answer.
 */
export async function runLoad(baseUrl: string, prepared: PreparedLoad, options: LoadOptions, at: Date): Promise<LoadStats> {
  const url = new URL('/api/inspections', baseUrl);
  const stats: LoadStats = { submissions: [], latencies: [], statuses: {}, attempts: 0, resends: 0, cuts: 0, networkErrors: 0, retriedBusy: 0, wallMs: 0, failures: [] };
  const rectify = new Set(prepared.checklist.items.filter((i) => i.requiresRectification).map((i) => i.code));
  const codes = prepared.checklist.items.map((i) => i.code);
  const dayStart = new Date(`${prepared.date}T00:00:00+08:00`).getTime();
  // Inspections end between 08:00 and shortly before `at` (local), so all fall on the same tenant day.
  const span = Math.max(60_000, at.getTime() - 5 * 60_000 - (dayStart + 8 * 3600_000));

  const started = performance.now();
  await Promise.all(
    prepared.inspectors.map(async (inspector, n) => {
      const rnd = prng(options.seed * 1000 + n);
      // Items with an open problem, per venue (each venue is one inspector's, worked in order): failing
      // one again records it on that problem, no second one (shared/domain/venues/failed-again.ts). Nothing
      // closes here: every inspection ended before the server's clock recorded the problems it re-checks.
      const openItems = new Map<string, Set<string>>();
      const agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let k = 0; k < options.inspectionsPerInspector; k++) {
          const venueId = inspector.venueIds[k % inspector.venueIds.length];
          const endedAt = new Date(dayStart + 8 * 3600_000 + Math.floor((span * (k + rnd.next() * 0.5)) / options.inspectionsPerInspector));
          const fail = rnd.next() < options.failRate ? [...new Set([rnd.pick(codes), ...(rnd.next() < 0.5 ? [rnd.pick(codes)] : [])])] : [];
          const body = inspectionBody(venueId, prepared.checklist, { fail, at: endedAt, id: ulid(endedAt.getTime()) });
          const submission: Submission = {
            id: body.id,
            inspectorId: inspector.userId,
            venueId,
            body,
            expectedProblemIds: [],
          };
          const open = openItems.get(venueId) ?? new Set<string>();
          openItems.set(venueId, open);
          for (const c of fail) {
            if (!rectify.has(c) || open.has(c)) continue;
            open.add(c);
            submission.expectedProblemIds.push(`${body.id}-${c}`);
          }
          stats.submissions.push(submission);
          const payload = JSON.stringify(body);
          const times = rnd.next() < options.resendRate ? 2 : 1;
          if (times === 2) stats.resends++;
          for (let time = 0; time < times; time++) {
            let answered = false;
            for (let attempt = 0; attempt < MAX_ATTEMPTS && !answered; attempt++) {
              const r = rnd.next();
              const kind: AttemptKind = attempt < MAX_ATTEMPTS - 1 && r < options.cutRate ? (r < options.cutRate / 2 ? 'cut-after-send' : 'cut-mid-body') : 'normal';
              if (kind !== 'normal') stats.cuts++;
              stats.attempts++;
              const t0 = performance.now();
              let res: { status: number; body: string };
              try {
                res = await send(url, agent, inspector.token, payload, kind);
              } catch {
                stats.networkErrors++;
                continue;
              }
              stats.latencies.push(performance.now() - t0);
              stats.statuses[res.status] = (stats.statuses[res.status] ?? 0) + 1;
              let parsed: { error?: string } = {};
              try {
                parsed = JSON.parse(res.body);
              } catch {
                // checked below
              }
              if (res.status === 201 || res.status === 200) {
                answered = true;
              } else if ((res.status === 409 && parsed.error === 'busy') || res.status === 429 || res.status === 503) {
                stats.retriedBusy++;
                await new Promise((r) => setTimeout(r, 5 + 20 * rnd.next()));
              } else {
                stats.failures.push(`${submission.id} (${kind}, attempt ${attempt + 1}): ${res.status} ${res.body.slice(0, 300)}`);
                answered = true;
              }
            }
            if (!answered) stats.failures.push(`${submission.id}: no answer after ${MAX_ATTEMPTS} attempts`);
          }
        }
      } finally {
        agent.destroy();
      }
    }),
  );
  stats.wallMs = performance.now() - started;
  return stats;
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface LoadCheck {
  inspectionsExpected: number;
  inspectionsFound: number;
  problemsExpected: number;
  problemsFound: number;
  /** What the daily report route said, when the API has one (undefined otherwise). */
  report?: { status: number; checked: string[] };
  discrepancies: string[];
}

/** Read everything back and compare it with what was sent. */
export async function verifyLoad(api: Api, prepared: PreparedLoad, stats: LoadStats): Promise<LoadCheck> {
  const discrepancies: string[] = [];
  const keys = tenantKeys(prepared.tenant.id);
  const byInspector = new Map<string, Submission[]>();
  for (const s of stats.submissions) byInspector.set(s.inspectorId, [...(byInspector.get(s.inspectorId) ?? []), s]);

  // 1. Every inspection exactly once, by the inspector's day (the index the field app reads).
  let inspectionsFound = 0;
  const stored = new Map<string, { problemIds: string[]; failedItems: string[]; outcome?: string; inspectorId?: string }>();
  for (const inspector of prepared.inspectors) {
    const res = await api.call('GET', `/api/inspections/by-inspector?date=${prepared.date}`, { token: inspector.token });
    if (res.status !== 200) {
      discrepancies.push(`by-inspector ${inspector.userId}: ${res.status} ${JSON.stringify(res.body)}`);
      continue;
    }
    const items = res.body.items as { id: string; problemIds: string[]; failedItems: string[]; outcome: string; inspectorId: string }[];
    inspectionsFound += items.length;
    const ids = items.map((i) => i.id);
    const expected = (byInspector.get(inspector.userId) ?? []).map((s) => s.id);
    if (new Set(ids).size !== ids.length) discrepancies.push(`${inspector.userId}: an inspection is listed twice`);
    const missing = expected.filter((id) => !ids.includes(id));
    const extra = ids.filter((id) => !expected.includes(id));
    if (missing.length) discrepancies.push(`${inspector.userId}: missing ${missing.join(', ')}`);
    if (extra.length) discrepancies.push(`${inspector.userId}: unexpected ${extra.join(', ')}`);
    for (const item of items) stored.set(item.id, item);
  }

  // 2. Problems: each inspection names exactly the problems its failed items require, and each exists once.
  const expectedProblems = stats.submissions.flatMap((s) => s.expectedProblemIds);
  for (const s of stats.submissions) {
    const got = stored.get(s.id);
    if (got && [...got.problemIds].sort().join() !== [...s.expectedProblemIds].sort().join()) {
      discrepancies.push(`${s.id}: problems ${got.problemIds.join()} instead of ${s.expectedProblemIds.join()}`);
    }
  }
  const problemsFound = (await batchGetAll(api.db, expectedProblems.map((id) => keys.problem(id)))).size;
  if (problemsFound !== expectedProblems.length) discrepancies.push(`problems stored: ${problemsFound}, expected ${expectedProblems.length}`);

  // 3. Each venue's open-problem counter went up once per problem (a double-counted resend would show here).
  const perVenue = new Map<string, number>();
  for (const s of stats.submissions) perVenue.set(s.venueId, (perVenue.get(s.venueId) ?? 0) + s.expectedProblemIds.length);
  for (const [venueId, n] of perVenue) {
    const v = await api.call('GET', `/api/venues/${venueId}`, { token: prepared.tenant.tokens.admin });
    if (v.body.openProblems !== n) discrepancies.push(`venue ${venueId}: openProblems ${v.body.openProblems}, expected ${n}`);
  }

  const report = await checkDailyReport(api, prepared, stored, expectedProblems.length, discrepancies);
  return { inspectionsExpected: stats.submissions.length, inspectionsFound, problemsExpected: expectedProblems.length, problemsFound, report, discrepancies };
}

/**
 * When the API has a daily report (GET /api/reports/daily/{date}), move the clock to the next day,
 * close the load day (POST …/close) and compare the report with the raw data: the tenant's
 * inspections, failed inspections and problems found, and each inspector's inspections.
 */
async function checkDailyReport(api: Api, prepared: PreparedLoad, raw: Map<string, { outcome?: string; inspectorId?: string }>, expectedProblems: number, discrepancies: string[]): Promise<LoadCheck['report']> {
  const doc = (await api.call('GET', '/api/openapi.json')).body as { paths?: Record<string, Record<string, unknown>> };
  if (!doc.paths?.['/api/reports/daily/{date}']?.get || !doc.paths['/api/reports/daily/{date}/close']?.post) return undefined;
  const token = prepared.tenant.tokens.admin;
  const before = api.clock.now();
  api.clock.set(`${prepared.date}T18:00:00Z`); // 02:00 the next day in Asia/Shanghai: the load day has ended
  try {
    const later = await api.tokenFor({ userId: prepared.tenant.users.admin, tenantId: prepared.tenant.id, roles: ['tenant-admin'] });
    const closed = await api.call('POST', `/api/reports/daily/${prepared.date}/close`, { token: later });
    if (closed.status !== 200) {
      discrepancies.push(`daily close: ${closed.status} ${JSON.stringify(closed.body).slice(0, 300)}`);
      return { status: closed.status, checked: [] };
    }
  } finally {
    api.clock.set(before);
  }
  const res = await api.call('GET', `/api/reports/daily/${prepared.date}?limit=200`, { token });
  const checked: string[] = [];
  const compare = (name: string, value: unknown, expected: number) => {
    checked.push(name);
    if (value !== expected) discrepancies.push(`daily report ${name}: ${value}, the raw data says ${expected}`);
  };
  if (res.status !== 200 || res.body.status !== 'closed' || !res.body.figures) {
    discrepancies.push(`daily report: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    return { status: res.status, checked };
  }
  const all = [...raw.values()];
  compare('figures.inspections', res.body.figures.inspections, all.length);
  compare('figures.failedInspections', res.body.figures.failedInspections, all.filter((i) => i.outcome !== 'pass').length);
  compare('figures.problemsFound', res.body.figures.problemsFound, expectedProblems);
  const rows = new Map<string, { inspections: number }>((res.body.inspectors as { inspectorId: string; inspections: number }[]).map((r) => [r.inspectorId, r]));
  let mismatched = 0;
  for (const inspector of prepared.inspectors) {
    const n = all.filter((i) => i.inspectorId === inspector.userId).length;
    if ((rows.get(inspector.userId)?.inspections ?? 0) !== n) mismatched++;
  }
  compare('inspectors[].inspections (inspectors that differ)', mismatched, 0);
  return { status: res.status, checked };
}
