import { beforeAll, describe, expect, it } from 'vitest';
import { defaultRules } from '../../shared/domain/rules';
import { type Api, testApi } from '../support/api';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;

beforeAll(async () => {
  api = await testApi();
});

/** The body of a PUT: the rules without bookkeeping, plus the version they were edited from. */
const editable = (rules: Record<string, any>): Record<string, any> => {
  const { version, updatedAt: _at, updatedBy: _by, ...body } = rules;
  return { ...body, version };
};

describe('tenant rules', () => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await createTestTenant(api, 'rules');
  });

  it('gives a new tenant the defaults as version 0, readable by every tenant role', async () => {
    for (const who of ['admin', 'supervisor', 'inspector', 'industry'] as const) {
      const res = await api.call('GET', '/api/rules', { token: t.tokens[who] });
      expect(res.status, who).toBe(200);
      expect(res.body).toEqual(defaultRules());
    }
    const rules = (await api.call('GET', '/api/rules', { token: t.tokens.admin })).body;
    expect(rules.quota.perInspector).toBe(20);
    expect(rules.inspectionFrequencyDays).toEqual({ red: 1, yellow: 3, green: 7 });
    expect(rules.workingDays.weekdays).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const history = await api.call('GET', '/api/rules/history', { token: t.tokens.admin });
    expect(history.body).toEqual({ items: [] });
  });

  it('saves from version 0, then from the version it returned, keeping every version in the history', async () => {
    const current = (await api.call('GET', '/api/rules', { token: t.tokens.admin })).body;
    const first = editable(current);
    first.quota = { ...current.quota, perInspector: 25, byGridLevel: [{ level: 3, perInspector: 15 }] };
    const saved = await api.call('PUT', '/api/rules', { token: t.tokens.admin, body: first });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, updatedBy: t.users.admin, updatedAt: api.clock.now().toISOString() });
    expect(saved.body.quota).toMatchObject({ perInspector: 25, byGridLevel: [{ level: 3, perInspector: 15 }] });

    const second = editable(saved.body);
    second.inspectionFrequencyDays = { red: 1, yellow: 2, green: 5 };
    const again = await api.call('PUT', '/api/rules', { token: t.tokens.admin, body: second });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(2);

    const read = await api.call('GET', '/api/rules', { token: t.tokens.inspector });
    expect(read.body).toMatchObject({ version: 2, quota: { perInspector: 25 }, inspectionFrequencyDays: { green: 5 } });

    const history = await api.call('GET', '/api/rules/history', { token: t.tokens.supervisor });
    expect(history.status).toBe(200);
    expect(history.body.items.map((r: { version: number }) => r.version)).toEqual([2, 1]);
    expect(history.body.items[1].inspectionFrequencyDays).toEqual({ red: 1, yellow: 3, green: 7 });
    expect(history.body.items[1].quota.perInspector).toBe(25);

    const paged = await api.call('GET', '/api/rules/history?limit=1', { token: t.tokens.admin });
    expect(paged.body.items.map((r: { version: number }) => r.version)).toEqual([2]);
    const next = await api.call('GET', `/api/rules/history?limit=1&cursor=${paged.body.cursor}`, { token: t.tokens.admin });
    expect(next.body.items.map((r: { version: number }) => r.version)).toEqual([1]);
  });

  it('refuses a stale version with 409 and the current version, and changes nothing', async () => {
    const before = (await api.call('GET', '/api/rules', { token: t.tokens.admin })).body;
    const stale = editable(before);
    stale.version = before.version - 1;
    stale.followUp = { afterDays: 30 };
    const res = await api.call('PUT', '/api/rules', { token: t.tokens.admin, body: stale });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: 'conflict', currentVersion: before.version });

    // Version 0 again, once rules exist, is stale too.
    const fromDefaults = await api.call('PUT', '/api/rules', { token: t.tokens.admin, body: { ...stale, version: 0 } });
    expect(fromDefaults.status).toBe(409);
    expect(fromDefaults.body.currentVersion).toBe(before.version);

    // A version from the future is no better.
    const ahead = await api.call('PUT', '/api/rules', { token: t.tokens.admin, body: { ...stale, version: before.version + 5 } });
    expect(ahead.status).toBe(409);

    expect((await api.call('GET', '/api/rules', { token: t.tokens.admin })).body).toEqual(before);
    const history = await api.call('GET', '/api/rules/history', { token: t.tokens.admin });
    expect(history.body.items[0].version).toBe(before.version);
  });

  it('lets only one of two concurrent saves from the same version win', async () => {
    const before = (await api.call('GET', '/api/rules', { token: t.tokens.admin })).body;
    const edit = (green: number) => ({ ...editable(before), inspectionFrequencyDays: { red: 1, yellow: 3, green } });
    const results = await Promise.all([10, 11].map((g) => api.call('PUT', '/api/rules', { token: t.tokens.admin, body: edit(g) })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const after = (await api.call('GET', '/api/rules', { token: t.tokens.admin })).body;
    expect(after.version).toBe(before.version + 1);
    const winner = results.find((r) => r.status === 200)!.body;
    expect(after.inspectionFrequencyDays.green).toBe(winner.inspectionFrequencyDays.green);
  });

  it('refuses an invalid body with 400 naming the field, and writes nothing', async () => {
    const before = (await api.call('GET', '/api/rules', { token: t.tokens.admin })).body;
    const cases: [string, (body: Record<string, any>) => void][] = [
      ['body.quota.perInspector', (b) => (b.quota = { ...b.quota, perInspector: -1 })],
      ['body.inspectionFrequencyDays.red', (b) => (b.inspectionFrequencyDays = { ...b.inspectionFrequencyDays, red: 0 })],
      ['body.workingDays.weekdays.0', (b) => (b.workingDays = { ...b.workingDays, weekdays: [8] })],
      ['body.workingDays.weekdays', (b) => (b.workingDays = { ...b.workingDays, weekdays: [1, 1] })],
      ['body.quota.venueKinds.0', (b) => (b.quota = { ...b.quota, venueKinds: ['Not A Code'] })],
      ['body.blackCard.triggers.failedInspections.count', (b) => (b.blackCard = { ...b.blackCard, triggers: { ...b.blackCard.triggers, failedInspections: { count: 0, withinDays: 7 } } })],
      ['body.authenticity.gpsMaxDistanceMeters', (b) => (b.authenticity = { ...b.authenticity, gpsMaxDistanceMeters: 'far' })],
      ['body.problemDeadlineDays', (b) => delete b.problemDeadlineDays],
      ['body', (b) => (b.tenantId = 'someone-else')],
      ['body.quota', (b) => (b.quota = { ...b.quota, extra: 1 })],
      ['body.version', (b) => (b.version = -1)],
    ];
    for (const [path, breakIt] of cases) {
      const body = editable(structuredClone(before));
      breakIt(body);
      const res = await api.call('PUT', '/api/rules', { token: t.tokens.admin, body });
      expect(res.status, path).toBe(400);
      expect(res.body.error).toBe('validation');
      expect(res.body.issues.map((i: { path: string }) => i.path), path).toContain(path);
    }
    expect((await api.call('GET', '/api/rules', { token: t.tokens.admin })).body).toEqual(before);
    const history = await api.call('GET', '/api/rules/history', { token: t.tokens.admin });
    expect(history.body.items[0].version).toBe(before.version);
  });

  it('lets only tenant admins save and admins and supervisors read the history', async () => {
    const body = editable((await api.call('GET', '/api/rules', { token: t.tokens.admin })).body);
    for (const who of ['supervisor', 'inspector', 'industry'] as const) {
      expect((await api.call('PUT', '/api/rules', { token: t.tokens[who], body })).status, who).toBe(403);
    }
    for (const who of ['inspector', 'industry'] as const) {
      expect((await api.call('GET', '/api/rules/history', { token: t.tokens[who] })).status, who).toBe(403);
    }
  });
});

describe('tenant rules across tenants', () => {
  it("keeps each tenant's rules and history to itself", async () => {
    const [a, b] = await Promise.all([createTestTenant(api, 'ra'), createTestTenant(api, 'rb')]);
    const body = { ...editable(defaultRules()), followUp: { afterDays: 14 } };
    const saved = await api.call('PUT', '/api/rules', { token: a.tokens.admin, body });
    expect(saved.status).toBe(200);

    const bRules = await api.call('GET', '/api/rules', { token: b.tokens.admin });
    expect(bRules.body).toEqual(defaultRules());
    expect((await api.call('GET', '/api/rules/history', { token: b.tokens.admin })).body).toEqual({ items: [] });

    // B's first save starts from its own version 0, whatever A did.
    const bSaved = await api.call('PUT', '/api/rules', { token: b.tokens.admin, body: { ...body, followUp: { afterDays: 3 } } });
    expect(bSaved.body.version).toBe(1);
    expect((await api.call('GET', '/api/rules', { token: a.tokens.inspector })).body).toMatchObject({ version: 1, followUp: { afterDays: 14 }, updatedBy: a.users.admin });

    // A cursor from A's history does not open B's… nor the other way round.
    await api.call('PUT', '/api/rules', { token: a.tokens.admin, body: { ...body, version: 1 } });
    const aPage = await api.call('GET', '/api/rules/history?limit=1', { token: a.tokens.admin });
    expect(aPage.body.cursor).toBeTruthy();
    const crossed = await api.call('GET', `/api/rules/history?limit=1&cursor=${aPage.body.cursor}`, { token: b.tokens.admin });
    expect(crossed.status).toBe(400);
    expect(JSON.stringify(crossed.body)).not.toContain(a.id);
  });
});
