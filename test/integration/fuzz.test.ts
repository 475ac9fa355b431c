/**
 * Bad input, generated (fast-check), for every route in the OpenAPI document: malformed bodies,
 * queries, path parameters, headers and tokens. The caller holds a valid token of a role the route
 * allows, so requests get as far as validation. For every answer:
 * - never a 5xx;
 * - a rejection is a JSON 4xx with `error` and `message` (and `issues[].path` for a 400);
 * - a rejected request wrote nothing: every write command the app sent during it is recorded (by
 *   wrapping the DocumentClient's `send`) and none of them may have succeeded.
 * Runs are bounded (a fixed number per route and kind) and seeded: FUZZ_SEED=<n> explores others.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/domain/actor';
import { type Api, testApi } from '../support/api';
import { lambdaTestApi } from '../support/lambda-api';
import { checklistFor, createVenue, inspectionBody } from '../support/field';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { personBody, registerHousehold, residentId } from '../support/residents';
import { uploadPushedList } from '../support/pushed-lists';

const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const RUNS = { body: 25, query: 8, path: 10, header: 6, token: 6 };

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  const?: unknown;
};
interface Operation {
  method: string;
  path: string;
  roles: Role[] | 'public';
  query: string[];
  pathParams: string[];
  body?: { contentType: string; schema?: JsonSchema };
}

let api: Api;
let t: TestTenant;
let platformToken: string;
let operations: Operation[];
let components: Record<string, JsonSchema>;
const realIds: Record<string, string> = {};

// Every write the app sends while a request is in flight, and whether DynamoDB carried it out.
const WRITE = /^(Put|Update|Delete|TransactWrite|BatchWrite|BatchExecuteStatement|ExecuteStatement|ExecuteTransaction)(Item)?Command$/;
let inFlight: { name: string; ok: boolean; input: unknown }[] | undefined;

async function setUp(makeApi: () => Promise<Api>) {
  api = await makeApi();
  t = await createTestTenant(api, 'fz');
  platformToken = await api.tokenFor({ userId: 'root', tenantId: 'platform', roles: ['platform-admin'] });
  const venue = await createVenue(api, t);
  const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
  const submitted = await api.call('POST', '/api/inspections', { token: t.tokens.inspector, body: inspectionBody(venue.id, checklist, { fail: ['masks'] }) });
  const household = await registerHousehold(api, t.tokens.inspector, t.grids.northGroup1);
  const person = await api.call('POST', `/api/residents/households/${household.id}/persons`, { token: t.tokens.inspector, body: personBody({ name: '测试人', idNumber: residentId('41018419800101123') }) });
  // Home monitoring: an episode of that person and the alert of a fever reading.
  const episode = await api.call('POST', '/api/monitoring/episodes', { token: t.tokens.inspector, body: { id: ulidLike(1), householdId: household.id, personId: person.body.id, type: 'home-isolation', reason: 'contact' } });
  const fever = await api.call('POST', '/api/monitoring/readings', { token: t.tokens.inspector, body: { id: ulidLike(2), episodeId: episode.body.id, takenAt: '2026-11-25T01:00:00Z', temperature: 38.2, method: 'door' } });
  if (!fever.body.alertId) throw new Error(`monitoring set-up: ${episode.status} ${fever.status}`);
  // A testing round (its coverage, untested list and lab file are fuzzed against a real round).
  const round = await api.call('POST', '/api/testing/rounds', { token: t.tokens.admin, body: { id: ulidLike(3), number: 1, name: '模糊轮次', startsAt: '2026-11-25T00:00:00Z', endsAt: '2026-11-26T00:00:00Z' } });
  if (round.status !== 201) throw new Error(`testing set-up: ${round.status}`);
  // A checkpoint (its edit and entries are fuzzed against a real one).
  const checkpoint = await api.call('POST', '/api/checkpoints', { token: t.tokens.admin, body: { id: ulidLike(4), gridId: t.grids.northVillage, name: '模糊卡口', location: { place: '村口' }, shifts: [{ id: 'day', name: '白班', starts: '08:00', ends: '20:00' }], staff: [t.users.inspector] } });
  if (checkpoint.status !== 201) throw new Error(`checkpoint set-up: ${checkpoint.status}`);
  // A pushed list with one task (matched by the person's grid through the routing queue: no phone known).
  const pushed = await uploadPushedList(api, t.tokens.admin, '姓名,电话,风险等级\n测试推送,13800001111,高\n');
  const [pushedRow] = (await api.call('GET', '/api/pushed-tasks/routing', { token: t.tokens.admin })).body.items;
  Object.assign(realIds, { listId: pushed.id, taskId: pushedRow.id });
  Object.assign(realIds, {
    episodeId: episode.body.id,
    alertId: fever.body.alertId,
    roundId: round.body.id,
    checkpointId: checkpoint.body.id,
    householdId: household.id,
    personId: person.body.id,
    venueId: venue.id,
    inspectionId: submitted.body.inspection.id,
    problemId: submitted.body.problems[0]?.id ?? 'p1',
    gridId: t.grids.north,
    userId: t.users.inspector,
    tenantId: t.id,
    kind: 'supermarket',
    version: '1',
    date: '2026-11-24',
  });

  // Every client's calls: each tenant has a client of its own (shared/data/tenant-tables.ts).
  const send = DynamoDBDocumentClient.prototype.send as (this: DynamoDBDocumentClient, command: unknown) => Promise<unknown>;
  DynamoDBDocumentClient.prototype.send = async function (this: DynamoDBDocumentClient, command: { constructor: { name: string }; input: unknown }) {
    const record = inFlight && WRITE.test(command.constructor.name) ? { name: command.constructor.name, ok: false, input: command.input } : undefined;
    if (record) inFlight?.push(record);
    const out = await send.call(this, command);
    if (record) record.ok = true;
    return out;
  } as typeof DynamoDBDocumentClient.prototype.send;

  const doc = (await api.call('GET', '/api/openapi.json')).body as unknown as {
    paths: Record<string, Record<string, { 'x-roles': Role[] | 'public'; parameters?: { in: string; name: string }[]; requestBody?: { content: Record<string, { schema?: JsonSchema }> } }>>;
    components?: { schemas?: Record<string, JsonSchema> };
  };
  components = doc.components?.schemas ?? {};
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => {
      const content = op.requestBody?.content ?? {};
      const contentType = Object.keys(content)[0];
      return {
        method: method.toUpperCase(),
        path,
        roles: op['x-roles'],
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        body: contentType ? { contentType, schema: content[contentType].schema } : undefined,
      };
    }),
  );
}

/** A fixed ULID (the fuzz run is seeded; its set-up too). */
const ulidLike = (n: number) => `01J0FAZZ${String(n).padStart(18, '0')}`;

const ROLE_ORDER: Role[] = ['tenant-admin', 'supervisor', 'inspector', 'industry-authority', 'platform-admin'];
function tokenFor(op: Operation): string | undefined {
  if (op.roles === 'public') return undefined;
  const role = ROLE_ORDER.find((r) => (op.roles as Role[]).includes(r));
  return {
    'tenant-admin': t.tokens.admin,
    supervisor: t.tokens.supervisor,
    inspector: t.tokens.inspector,
    'industry-authority': t.tokens.industry,
    'platform-admin': platformToken,
  }[role ?? 'tenant-admin'];
}

const fillPath = (op: Operation, override: Record<string, string> = {}) =>
  op.path.replace(/\{([^}]+)\}/g, (_, name: string) => override[name] ?? encodeURIComponent(realIds[name] ?? 'x1'));

const key = (op: Operation) => `${op.method} ${op.path}`;

/** Send one request and check the answer; returns a description of what was wrong, or undefined. */
async function probe(op: Operation, request: { path: string; headers?: Record<string, string>; body?: string; token?: string | null }): Promise<void> {
  const headers: Record<string, string> = { ...request.headers };
  const token = request.token === undefined ? tokenFor(op) : request.token;
  if (token !== null && token !== undefined && headers.authorization === undefined) headers.authorization = `Bearer ${token}`;
  // A job an earlier, accepted request queued (a recount) finishes first: its writes are not this request's.
  await api.jobs.idle();
  inFlight = [];
  let res: Response;
  try {
    res = await api.app.request(request.path, { method: op.method, headers, body: request.body });
  } finally {
    // keep inFlight for the checks below
  }
  const writes = inFlight;
  inFlight = undefined;
  const text = await res.text();
  const where = `${key(op)} → ${request.path.slice(0, 200)} ${JSON.stringify(headers).slice(0, 200)} ${String(request.body ?? '').slice(0, 200)}`;
  expect(res.status, `5xx for ${where}: ${text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get('content-type') ?? '', `non-JSON ${res.status} for ${where}`).toMatch(/^application\/json/);
    let body: { error?: unknown; message?: unknown; issues?: { path?: unknown }[] };
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`unparsable ${res.status} body for ${where}: ${text.slice(0, 200)}`);
    }
    expect(typeof body.error, `no error code in ${res.status} for ${where}: ${text.slice(0, 300)}`).toBe('string');
    expect(typeof body.message, `no message in ${res.status} for ${where}: ${text.slice(0, 300)}`).toBe('string');
    if (res.status === 400) {
      expect(Array.isArray(body.issues) && body.issues.length > 0, `400 without issues for ${where}: ${text.slice(0, 300)}`).toBe(true);
      for (const issue of body.issues ?? []) expect(typeof issue.path, `issue without a path for ${where}`).toBe('string');
    }
    // Failed sign-ins are counted on purpose (lockout); that counter is the one write a rejection may make.
    const done = writes.filter((w) => w.ok && !(op.path === '/api/auth/login' && JSON.stringify(w.input).includes('#LOGIN#')));
    expect(done.map((w) => w.name), `a rejected request (${res.status}) wrote: ${where}`).toEqual([]);
  }
}

// ---- generators ---------------------------------------------------------------------------------

const weirdString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j-style probe, sent as text
  fc.constantFrom('', ' ', '\u0000', '\ud800', '😀'.repeat(300), '网格'.repeat(2000), '<script>alert(1)</script>', "'; DROP TABLE x;--", '${jndi:ldap://x}', '../../etc/passwd', 'T#other#VENUE#x', '%00', 'a'.repeat(70_000)),
);
const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  weirdString,
  fc.constantFrom(null, true, false, 0, -1, 1e308, -0, 2 ** 53 + 1, 0.5, [], {}, [null], { $ne: null }),
  fc.integer(),
  fc.double(),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

function resolve(schema: JsonSchema | undefined): JsonSchema {
  if (!schema) return {};
  if (schema.$ref) return resolve(components[schema.$ref.replace('#/components/schemas/', '')]);
  // biome-ignore lint/performance/noAccumulatingSpread: allOf lists two or three schemas
  if (schema.allOf?.length) return schema.allOf.map(resolve).reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties }, required: [...(a.required ?? []), ...(b.required ?? [])] }), {});
  return schema;
}

/** A plausible value for a schema: the base that mutations then break. */
function plausible(schema: JsonSchema | undefined, depth = 0): unknown {
  const s = resolve(schema);
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return plausible(alt[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  if (type === 'object' || s.properties) {
    if (depth > 4) return {};
    return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, plausible(v, depth + 1)]));
  }
  if (type === 'array') return depth > 4 ? [] : [plausible(s.items, depth + 1)];
  if (type === 'string') return 'x1';
  if (type === 'number' || type === 'integer') return 1;
  if (type === 'boolean') return true;
  return null;
}

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

/** A JSON body (as text, so that keys like __proto__ survive) that breaks the documented schema. */
function badJsonBody(schema: JsonSchema | undefined): fc.Arbitrary<string> {
  const base = plausible(schema);
  const props = Object.keys(resolve(schema).properties ?? {});
  const mutated = fc
    .record({
      drop: fc.subarray(props, { maxLength: Math.min(3, props.length) }),
      wrong: fc.array(fc.tuple(props.length ? fc.constantFrom(...props) : fc.constant('x'), weirdValue), { maxLength: 3 }),
      extra: fc.option(fc.tuple(fc.string({ maxLength: 12 }), weirdValue)),
    })
    .filter((m) => m.drop.length > 0 || m.wrong.length > 0 || m.extra !== null)
    .map((m) => {
      const o: Record<string, unknown> = typeof base === 'object' && base && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
      for (const k of m.drop) delete o[k];
      for (const [k, v] of m.wrong) o[k] = v;
      if (m.extra) o[m.extra[0] || 'extra'] = m.extra[1];
      return JSON.stringify(o);
    });
  const pollution = fc.constantFrom('__proto__', 'constructor', 'prototype').map((k) => {
    const text = JSON.stringify(base ?? {});
    const inject = k === '__proto__' ? '"__proto__":{"polluted":"yes","isAdmin":true}' : `"${k}":{"prototype":{"polluted":"yes"}}`;
    return text === '{}' ? `{${inject}}` : `{${inject},${text.slice(1)}`;
  });
  return fc.oneof(
    { weight: 5, arbitrary: mutated },
    { weight: 2, arbitrary: weirdValue.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: pollution },
    { weight: 1, arbitrary: fc.constantFrom(deep(5000), deepObject(3000), '{"a":', '{,}', "{'a':1}", 'null', '', '\u0000', '{"a":1}{"b":2}', `"${'x'.repeat(2_000_000)}"`) },
  );
}

/** Lone surrogates cannot be put in a URL: they go as U+FFFD. */
const encode = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

const badParam = fc.oneof(
  fc.constantFrom('..', '../', '..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f', '#', '%23', '?', '%3F', '%00', '%', '%E0%A4%A', '%FF%FE', ' ', '%20', '.', 'a'.repeat(5000), '场所😀', encodeURIComponent('场所😀'), 'T%23other%23VENUE', '__proto__', 'constructor', '-1', '1e9999', 'NaN', '0x10'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(encode),
);

const badQueryValue = fc.oneof(weirdString, fc.constantFrom('-1', '0', '999999', '1e3', 'true', '[]', '{}', '2026-02-30', '9999-99-99'));
/** At least one documented parameter with a bad value (when there are any), plus strays and repeats. */
const badQuery = (names: string[]) =>
  fc
    .tuple(
      names.length ? fc.tuple(fc.constantFrom(...names), badQueryValue).map((p) => [p]) : fc.constant([] as [string, string][]),
      fc.array(fc.tuple(fc.oneof(...(names.length ? [fc.constantFrom(...names)] : []), fc.constantFrom('__proto__', 'constructor', 'limit', 'cursor', 'x'), fc.string({ maxLength: 6 })), badQueryValue), { minLength: names.length ? 0 : 1, maxLength: 3 }),
    )
    .map(([first, rest]) => [...first, ...rest].map(([k, v]) => `${encode(k)}=${encode(String(v))}`).join('&'));

function b64url(value: unknown) {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}
const now = () => Math.floor(api.clock.now().getTime() / 1000);
/** Tokens that must all be refused: garbage, alg none, truncated, re-signed with a guessed secret, tampered claims. */
const badToken = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('', 'null', 'undefined', 'a.b.c', '..', 'Bearer', 'x'.repeat(20_000)),
  fc.constant(null).map(() => `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: t.users.admin, 'custom:tenant': t.id, 'custom:roles': 'tenant-admin', exp: now() + 3600, iat: now(), iss: 'x', aud: 'y' })}.`),
  fc.constant(null).map(() => {
    const header = b64url({ alg: 'HS256', typ: 'JWT' });
    const payload = b64url({ sub: t.users.admin, 'custom:tenant': t.id, 'custom:roles': 'tenant-admin', exp: now() + 3600, iat: now() });
    return `${header}.${payload}.${createHmac('sha256', 'secret').update(`${header}.${payload}`).digest('base64url')}`;
  }),
  fc.integer({ min: 1, max: 200 }).map((cut) => t.tokens.admin.slice(0, Math.max(1, t.tokens.admin.length - cut))),
  fc.constant(null).map(() => {
    // A real token with its payload swapped for another tenant's: the signature no longer matches.
    const [h, p, s] = t.tokens.admin.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    return `${h}.${b64url({ ...claims, 'custom:tenant': 'someone-else' })}.${s}`;
  }),
);
const badAuthorization = fc.oneof(
  badToken.map((tok) => `Bearer ${tok}`),
  fc.constantFrom('Basic YWRtaW46YWRtaW4=', 'bearer', 'Bearer', 'Bearer  x.y.z', 'Token abc', '\t', 'Bearer x\u0000y'),
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
);

// ---- the properties -----------------------------------------------------------------------------

// On the app as the local server runs it, and as bundled for Lambda (functions/api/openapi-runtime.ts
// validates there instead of @hono/zod-openapi).
describe.each([
  { app: 'local', makeApi: () => testApi() },
  { app: 'Lambda bundle', makeApi: () => lambdaTestApi() },
])('bad input for every route ($app)', ({ makeApi }) => {
  beforeAll(() => setUp(makeApi), 120_000);

  it('covers the routes of the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(20);
  });

  it('refuses malformed bodies cleanly and writes nothing', { timeout: 600_000 }, async () => {
    for (const op of operations.filter((o) => o.body)) {
      const body = op.body!;
      const arb = /json/.test(body.contentType)
        ? badJsonBody(body.schema).map((text) => ({ text, contentType: 'application/json' }))
        : fc.oneof(weirdString, fc.constantFrom('\u0000\u0001', 'a,b,c\n"unterminated', '\uFEFF')).map((text) => ({ text, contentType: body.contentType }));
      await fc.assert(
        fc.asyncProperty(arb, async ({ text, contentType }) => probe(op, { path: fillPath(op), headers: { 'content-type': contentType }, body: text })),
        { numRuns: RUNS.body, seed: SEED, endOnFailure: true },
      );
    }
    // No body ever reached the prototypes.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('refuses malformed queries cleanly', { timeout: 600_000 }, async () => {
    for (const op of operations) {
      await fc.assert(
        fc.asyncProperty(badQuery(op.query), async (qs) =>
          probe(op, { path: `${fillPath(op)}?${qs}`, ...(op.body && { headers: { 'content-type': 'application/json' }, body: '{}' }) }),
        ),
        // Without documented query parameters, unknown ones are ignored and the request is a valid one: fewer runs.
        { numRuns: op.query.length ? RUNS.query : 2, seed: SEED, endOnFailure: true },
      );
    }
  });

  it('refuses an impossible calendar date with a 400 naming it, wherever a date is taken', async () => {
    const dated = operations.filter((o) => o.method === 'GET' && (o.query.includes('date') || o.pathParams.includes('date')));
    expect(dated.map(key)).toEqual(expect.arrayContaining(['GET /api/inspections/by-inspector', 'GET /api/inspections/by-grid', 'GET /api/plans/{date}']));
    for (const op of dated) {
      for (const bad of ['2026-02-30', '9999-99-99', '2026-13-01', '2025-02-29']) {
        const inQuery = op.query.includes('date');
        // The other required parameters get real values, so that only the date can be wrong.
        const real: Record<string, string> = { inspector: realIds.userId, grid: realIds.gridId, date: bad };
        const query = op.query.filter((q) => real[q] && (q !== 'date' || inQuery)).map((q) => `${q}=${real[q]}`).join('&');
        const path = `${fillPath(op, inQuery ? {} : { date: bad })}${query ? `?${query}` : ''}`;
        const res = await api.app.request(path, { headers: { authorization: `Bearer ${tokenFor(op)}` } });
        const body = await res.json();
        expect(res.status, `${key(op)} ${path}: ${JSON.stringify(body)}`).toBe(400);
        expect(body.issues.map((i: { path: string }) => i.path)).toContain(inQuery ? 'query.date' : 'path.date');
      }
    }
  });

  it('refuses malformed path parameters cleanly', { timeout: 600_000 }, async () => {
    for (const op of operations.filter((o) => o.pathParams.length)) {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...op.pathParams), badParam, async (name, value) =>
          probe(op, { path: fillPath(op, { [name]: value }), ...(op.body && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(plausible(op.body.schema)) }) }),
        ),
        { numRuns: RUNS.path, seed: SEED, endOnFailure: true },
      );
    }
  });

  it('refuses lying content types and garbage headers cleanly', { timeout: 600_000 }, async () => {
    const contentTypes = fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'application/json', 'image/png', '', ';;;', 'application/json;;charset=x');
    const bodies = fc.constantFrom('{"a":1}', '<a>1</a>', 'a=1&b=2', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--', '\u0000\u0001\u0002', '');
    for (const op of operations.filter((o) => o.body)) {
      await fc.assert(
        fc.asyncProperty(contentTypes, bodies, async (contentType, text) =>
          probe(op, { path: fillPath(op), headers: { 'content-type': contentType, 'x-forwarded-for': '127.0.0.1, ::1, garbage', 'accept-language': '\u00ff\u00fe;q=x' }, body: text }),
        ),
        { numRuns: RUNS.header, seed: SEED, endOnFailure: true },
      );
    }
  });

  it('answers 401 to every malformed or forged token, on every route', { timeout: 600_000 }, async () => {
    for (const op of operations) {
      await fc.assert(
        fc.asyncProperty(badAuthorization, async (authorization) => {
          inFlight = [];
          const res = await api.app.request(fillPath(op), {
            method: op.method,
            headers: { authorization, ...(op.body && { 'content-type': 'application/json' }) },
            body: op.body ? JSON.stringify(plausible(op.body.schema)) : undefined,
          });
          const writes = inFlight.filter((w) => w.ok);
          inFlight = undefined;
          const body = await res.json();
          expect(res.status, `${key(op)} with Authorization ${JSON.stringify(authorization).slice(0, 120)}: ${JSON.stringify(body)}`).toBe(401);
          expect(body).toMatchObject({ error: 'unauthorized', message: expect.any(String) });
          expect(writes).toEqual([]);
        }),
        { numRuns: RUNS.token, seed: SEED, endOnFailure: true },
      );
    }
  });
});
