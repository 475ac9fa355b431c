/**
 * The daily report's home-monitoring section over DynamoDB Local: a day with one person followed (a
 * fever reading) and one whose only window was missed (the sweep's alert) closes into figures for the
 * tenant and the grid subtree, rolled up; another subtree reads zero; a day not closed has none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../../shared/scheduling/run-job';
import { runCloseJob } from '../../shared/scheduling/close-job';
import { type Api, testApi } from '../support/api';
import { personUnderMonitoring, readingBody } from '../support/monitoring';
import { captureOutput, residentId } from '../support/residents';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
const output = captureOutput();

async function setClock(at: string) {
  api.clock.set(at);
  t.tokens.admin = await api.tokenFor({ userId: t.users.admin, tenantId: t.id, roles: ['tenant-admin'], gridIds: [], venueKinds: [] });
  t.tokens.inspector = await api.tokenFor({ userId: t.users.inspector, tenantId: t.id, roles: ['inspector'], gridIds: [t.grids.northGroup1], venueKinds: [] });
}

beforeAll(async () => {
  api = await testApi({ now: '2026-11-25T01:00:00Z' });
  t = await createTestTenant(api, 'mr');
  // 08:30 Shanghai on 11-25: the afternoon window is the first due for both.
  const zhou = await personUnderMonitoring(api, t.tokens.inspector, t.grids.northGroup1, { name: '周文斌', idNumber: residentId('41018419700404121') }, { startedAt: '2026-11-25T00:30:00Z' });
  await personUnderMonitoring(api, t.tokens.inspector, t.grids.northGroup1, { name: '吴晓燕', idNumber: residentId('41018419880909242') }, { startedAt: '2026-11-25T00:30:00Z', type: 'health-monitoring', days: 1 });
  await setClock('2026-11-25T07:40:00Z');
  const fever = await api.call('POST', '/api/monitoring/readings', { token: t.tokens.inspector, body: readingBody(zhou.episode.id, '2026-11-25T07:30:00Z', 38.1) });
  expect(fever.status, JSON.stringify(fever.body)).toBe(201);
  // 18:30 Shanghai: the afternoon window has closed; 吴 missed it.
  await setClock('2026-11-25T10:30:00Z');
  await runJob(api.db, { kind: 'monitoring-sweep', tenantId: t.id, date: '2026-11-25' }, api.clock);
  await setClock('2026-11-26T01:00:00Z');
}, 120_000);

afterAll(() => output.stop());

describe('the daily report (日报) has a home-monitoring section', () => {
  it('is null before the day is closed', async () => {
    const before = await api.call('GET', '/api/reports/daily/2026-11-25', { token: t.tokens.admin });
    expect(before.status).toBe(200);
    expect(before.body.monitoring).toBeNull();
  });

  it('a closed day shows the figures for the tenant and for the grid subtree; another subtree shows zero', async () => {
    await runCloseJob(api.db, t.id, '2026-11-25', api.clock);
    const expected = { underMonitoring: 2, due: 2, done: 1, missed: 1, fevers: 1, openAlerts: 2, followedToday: 1, finished: 1, followedAllDays: 0, lost: 0, rates: { followedToday: 50, followedAllDays: 0, lost: 0 } };
    const tenant = await api.call('GET', '/api/reports/daily/2026-11-25', { token: t.tokens.admin });
    expect(tenant.body.status).toBe('closed');
    expect(tenant.body.monitoring).toEqual(expected);
    for (const grid of [t.grids.north, t.grids.northGroup1]) {
      const sub = await api.call('GET', `/api/reports/daily/2026-11-25?grid=${grid}`, { token: t.tokens.admin });
      expect(sub.body.monitoring).toEqual(expected);
    }
    // A supervisor of two subtrees gets them combined: the sections summed, the rates of the sums.
    const both = await api.tokenFor({ userId: t.users.supervisor, tenantId: t.id, roles: ['supervisor'], gridIds: [t.grids.north, t.grids.south], venueKinds: [] });
    const combined = await api.call('GET', '/api/reports/daily/2026-11-25', { token: both });
    expect(combined.body.combinedOf).toHaveLength(2);
    expect(combined.body.monitoring).toEqual(expected);
    const south = await api.call('GET', `/api/reports/daily/2026-11-25?grid=${t.grids.south}`, { token: t.tokens.admin });
    expect(south.body.monitoring).toMatchObject({ underMonitoring: 0, fevers: 0, openAlerts: 0, rates: {} });
  });

  it('closing the day again gives the same section (the sweep completed 吴 meanwhile: still counted on her last day)', async () => {
    await runJob(api.db, { kind: 'monitoring-sweep', tenantId: t.id, date: '2026-11-26' }, api.clock);
    await runCloseJob(api.db, t.id, '2026-11-25', api.clock);
    const again = await api.call('GET', '/api/reports/daily/2026-11-25', { token: t.tokens.admin });
    expect(again.body.monitoring).toMatchObject({ underMonitoring: 2, missed: 1, finished: 1, openAlerts: 2 });
  });
});
