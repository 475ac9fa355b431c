/**
 * The plan job escalates first: problems whose deadline passed become overdue, the black-card rules
 * run, and a venue carded that way is on the day's plan as mandatory.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../../shared/scheduling/run-job';
import { type Api, testApi } from '../support/api';
import { checklistFor, createVenue, inspectionBody } from '../support/field';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
beforeAll(async () => {
  api = await testApi({ now: '2026-11-20T02:00:00Z' });
  t = await createTestTenant(api, 'esc');
});

describe('the plan job', () => {
  it('black-cards a venue with missed deadlines before planning, and plans it as mandatory', async () => {
    const venue = await createVenue(api, t, { gridId: t.grids.northGroup1 });
    const checklist = await checklistFor(api, t.tokens.inspector, 'supermarket');
    // Two major items fail on the 20th: two problems, deadlines the 23rd.
    const res = await api.call('POST', '/api/inspections', {
      token: t.tokens.inspector,
      body: inspectionBody(venue.id, checklist, { at: new Date('2026-11-20T01:30:00Z'), fail: ['masks', 'temperature'] }),
    });
    expect(res.body.problems.map((p: { deadline: string }) => p.deadline)).toEqual(['2026-11-23', '2026-11-23']);
    expect((await api.call('GET', `/api/venues/${venue.id}`, { token: t.tokens.admin })).body.blackCard).toBeUndefined();

    // The 25th begins: both deadlines were missed (the default rule cards a venue at 2 missed deadlines in 30 days).
    api.clock.set('2026-11-24T16:45:00Z');
    await runJob(api.db, { kind: 'plan', tenantId: t.id, date: '2026-11-25' }, api.clock);
    const admin = await api.tokenFor({ userId: t.users.admin, tenantId: t.id, roles: ['tenant-admin'] });
    const carded = (await api.call('GET', `/api/venues/${venue.id}`, { token: admin })).body;
    expect(carded.blackCard).toBeDefined();

    api.clock.set('2026-11-25T01:00:00Z');
    const inspector = await api.tokenFor({ userId: t.users.inspector, tenantId: t.id, roles: ['inspector'], gridIds: [t.grids.northGroup1] });
    const plan = await api.call('GET', '/api/plans/today', { token: inspector });
    expect(plan.body.person, JSON.stringify(plan.body)).toBeTruthy();
    const item = plan.body.person.items.find((i: { venueId: string }) => i.venueId === venue.id);
    expect(item).toMatchObject({ reason: 'black-card', mandatory: true });

    // Running the job again changes nothing.
    await runJob(api.db, { kind: 'plan', tenantId: t.id, date: '2026-11-25' }, api.clock);
    const again = await api.tokenFor({ userId: t.users.admin, tenantId: t.id, roles: ['tenant-admin'] });
    expect((await api.call('GET', `/api/venues/${venue.id}`, { token: again })).body.version).toBe(carded.version);
  });
});
