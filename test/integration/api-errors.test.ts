/**
 * How the API fails: JSON everywhere, the right status, a request id, no stack traces, and the
 * security headers. Failures a real store cannot produce (throttling, a crash) are mocked here.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withWebApp } from '../../local/system';
import { type Api, testApi, WEB_ORIGIN } from '../support/api';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
beforeAll(async () => {
  api = await testApi();
  t = await createTestTenant(api, 'err');
  // Checked once now, so that the mocked store below is met by the routes, not by the access check.
  for (const token of Object.values(t.tokens)) await api.call('GET', '/api/me', { token });
});

describe('errors', () => {
  it('answers unknown routes with a JSON 404', async () => {
    const res = await api.call('GET', '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'not_found' });
    expect(res.body.requestId).toMatch(/[0-9a-f-]{36}/);
  });

  it('answers every unknown /api path with a JSON 404, also where the web app is served beside the API (npm start)', async () => {
    const webDist = mkdtempSync(join(tmpdir(), 'gridwatch-web-'));
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>网格通</title>');
    const root = withWebApp(api.app, webDist);
    for (const [method, path] of [['GET', '/api/nothing-here'], ['GET', '/api/grids-x'], ['POST', '/api/nothing-here'], ['DELETE', '/api/inspections/by-grid/x/y'], ['GET', '/api']]) {
      const res = await root.request(path, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get('content-type'), `${method} ${path}`).toMatch(/^application\/json/);
      expect(await res.json()).toMatchObject({ error: 'not_found', requestId: expect.any(String) });
    }
    // Known routes and the web app's own paths are unchanged.
    expect((await root.request('/api/health')).status).toBe(200);
    const page = await root.request('/grids/today');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('网格通');
  });

  it('refuses malformed JSON, a wrong content type and an oversized body with JSON 4xx', async () => {
    const malformed = await api.call('POST', '/api/grids', { token: t.tokens.admin, body: '{"id": "x", ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toContain('body');
    const wrongType = await api.call('POST', '/api/grids', { token: t.tokens.admin, body: 'id=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error).toBe('unsupported_media_type');
    const big = await api.call('POST', '/api/grids', { token: t.tokens.admin, body: JSON.stringify({ id: 'big', name: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(big.status).toBe(413);
    expect(big.body.error).toBe('too_large');
    const empty = await api.call('POST', '/api/grids', { token: t.tokens.admin });
    expect(empty.status).toBe(400);
  });

  it('answers a cursor from another list (or another tenant) with 400, not with its data', async () => {
    const forged = Buffer.from(JSON.stringify({ gsi1pk: 'T#other#USERS', gsi1sk: 'x', pk: 'T#other#USER#x', sk: 'USER' })).toString('base64url');
    const res = await api.call('GET', `/api/users?cursor=${forged}`, { token: t.tokens.admin });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe('cursor');
  });

  it('sets security headers and allows CORS only for the web origin', async () => {
    const res = await api.call('GET', '/api/health', { headers: { origin: WEB_ORIGIN } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toContain('max-age');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('access-control-allow-origin')).toBe(WEB_ORIGIN);
    const evil = await api.call('GET', '/api/health', { headers: { origin: 'https://evil.example' } });
    expect(evil.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
    const preflight = await api.app.request('/api/grids', { method: 'OPTIONS', headers: { origin: WEB_ORIGIN, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
  });

  it('names the request id in a header on every answer, the one an error body quotes', async () => {
    for (const [path, token] of [['/api/venues', undefined], ['/api/venues/no-such-venue', t.tokens.admin], ['/api/nothing-here', undefined]] as const) {
      const res = await api.call('GET', path, { token });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('x-request-id'), path).toBe(res.body.requestId);
    }
    const ok = await api.call('GET', '/api/venues', { token: t.tokens.admin });
    expect(ok.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('errors a client can word (reason, code and params beside the English message)', () => {
  it('gives a validation issue its zod code and limits, and a refinement its reason', async () => {
    const short = await api.call('POST', '/api/users', { token: t.tokens.admin, body: { id: 'newbie', displayName: '', roles: ['inspector'], gridIds: [], password: 'short' } });
    expect(short.status).toBe(400);
    const byPath = Object.fromEntries(short.body.issues.map((i: { path: string }) => [i.path, i]));
    expect(byPath['body.password']).toMatchObject({ code: 'too_small', params: { origin: 'string', minimum: 8 } });
    expect(byPath['body.displayName']).toMatchObject({ code: 'too_small', params: { origin: 'string', minimum: 1 } });
    const missing = await api.call('POST', '/api/grids', { token: t.tokens.admin, body: { name: '无编号' } });
    expect(missing.body.issues.find((i: { path: string }) => i.path === 'body.id')).toMatchObject({ code: 'invalid_type', params: { missing: true } });
    const reading = { id: '01JDXK0000000000000000000A', episodeId: '01JDXK0000000000000000000B', takenAt: '2026-11-25T01:00:00Z', temperature: 36.85, symptoms: ['cough', 'cough'], method: 'door' };
    const bad = await api.call('POST', '/api/monitoring/readings', { token: t.tokens.inspector, body: reading });
    expect(bad.status).toBe(400);
    const reasons = Object.fromEntries(bad.body.issues.map((i: { path: string; params?: { reason?: string } }) => [i.path, i.params?.reason]));
    expect(reasons).toMatchObject({ 'body.temperature': 'temperature.oneDecimal', 'body.symptoms': 'unique' });
  });

  it('gives a refusal its reason and params', async () => {
    const root = await api.call('POST', '/api/grids', { token: t.tokens.admin, body: { id: t.grids.north, name: '重复', parentId: null } });
    expect(root.status).toBe(409);
    expect(root.body).toMatchObject({ error: 'conflict', reason: 'id.taken', params: { id: t.grids.north } });
    const self = await api.call('DELETE', `/api/users/${t.users.admin}`, { token: t.tokens.admin });
    expect(self.body).toMatchObject({ reason: 'user.removeSelf' });
    const outside = await api.call('GET', `/api/reports/daily/2026-11-24?grid=${t.grids.south}`, { token: t.tokens.northSupervisor });
    expect(outside).toMatchObject({ status: 403, body: { error: 'forbidden', reason: 'scope.grid' } });
    const role = await api.call('GET', '/api/users', { token: t.tokens.inspector });
    expect(role).toMatchObject({ status: 403, body: { reason: 'role.needed', params: { roles: 'tenant-admin,supervisor' } } });
  });
});

describe('access log and answers', () => {
  it('logs one line per request with the route pattern, status and tenant, and no personal data', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = { info: (_message: string, attributes: Record<string, unknown>) => lines.push(attributes) } as unknown as Logger;
    const logged = await testApi({ logger });
    const tenant = await createTestTenant(logged, 'log');
    lines.length = 0;
    const venue = await logged.call('GET', '/api/venues/no-such-venue', { token: tenant.tokens.admin });
    await logged.call('GET', '/api/nothing-here');
    expect(lines).toEqual([
      expect.objectContaining({ method: 'GET', route: '/api/venues/:venueId', status: 404, tenant: tenant.id, requestId: venue.body.requestId }),
      expect.objectContaining({ method: 'GET', status: 404, tenant: undefined }),
    ]);
    // Each line is an EMF document: per-route request, error (5xx) and latency metrics.
    expect(lines[0]).toMatchObject({
      requests: 1,
      errors: 0,
      latency: expect.any(Number),
      _aws: { Timestamp: expect.any(Number), CloudWatchMetrics: [{ Namespace: 'Gridwatch', Dimensions: [['route', 'method']] }] },
    });
    const text = JSON.stringify(lines);
    expect(text).not.toContain(tenant.tokens.admin);
    expect(text).not.toContain(tenant.users.admin);
    expect(text).not.toContain('no-such-venue');
  });
});

describe('store failures', () => {
  let mock: ReturnType<typeof mockClient>;
  beforeAll(() => {
    mock = mockClient(DynamoDBDocumentClient);
  });
  afterEach(() => mock.reset());
  afterAll(() => mock.restore());

  it('turns an unexpected failure into a JSON 500 with a request id and no stack trace', async () => {
    mock.onAnyCommand().rejects(new Error('socket hang up at /srv/internal/path.js:12'));
    const res = await api.call('GET', '/api/grids', { token: t.tokens.admin });
    expect(res.status).toBe(500);
    expect(res.body.error).toBe('internal');
    expect(res.body.requestId).toBeTruthy();
    expect(JSON.stringify(res.body)).not.toContain('/srv/internal');
    expect(JSON.stringify(res.body)).not.toContain('at ');
  });

  it('turns throttling that outlasted the retries into 503 with Retry-After', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });
    mock.onAnyCommand().rejects(throttled);
    const res = await api.call('GET', '/api/grids', { token: t.tokens.admin });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.body.error).toBe('busy');
  });

  it('says when to come back on every 429, also when the store stays busy', async () => {
    mock.onAnyCommand().callsFake((input: { RequestItems?: Record<string, { Keys: unknown[] }> }) => ({ Responses: {}, UnprocessedKeys: input.RequestItems ?? {} }));
    const res = await api.call('POST', '/api/bulletins', { token: t.tokens.supervisor, body: { id: '01KBB5Y000000000000000000A', title: '通报', body: '内容' } });
    expect(res.status).toBe(429);
    expect(res.body.error).toBe('busy');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('reports the store unavailable on the health check', async () => {
    mock.onAnyCommand().rejects(new Error('connect ECONNREFUSED'));
    const res = await api.call('GET', '/api/health');
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('unavailable');
  });
});
